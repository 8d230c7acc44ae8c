package org.rnn4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import org.rnn4j.loss.LossResult;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.models.TokenSequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.AdamOptions;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.train.BatchPlan;
import org.rnn4j.train.Objective;
import org.rnn4j.train.Score;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.TrainerOptions;
import org.rnn4j.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What a bidirectional layer sees that a forward one cannot: a tagging task whose answer at step t is a symbol that
 * comes later, and, honestly, next-character prediction, where the reverse direction has read the answer, so the
 * bidirectional "accuracy" is a cheat and such a model is no language model.
 *
 * <p>Both tasks tag every step: ids (B, T) → {@link TokenSequenceModel} (Embedding → LSTM, forward or bidirectional
 * → Dense at every step) → logits (B, T, K), softmax cross-entropy per step, trained by the library's {@link Trainer}.
 * The forward model's hidden size is chosen so that both models have the same number of parameters (within 2%).
 */
@Command(name = "bidirectional", mixinStandardHelpOptions = true,
        description = {"Forward-only against bidirectional LSTM, same parameter count, same budget. Task 1: tag each"
                + " position t with the symbol at t + --lookahead (the last symbol near the end), which a forward"
                + " model cannot have seen; accuracy per position. Task 2: next-character prediction on the bundled"
                + " novel, where the bidirectional model reads the answer (its reverse direction has seen character"
                + " t+1): near-perfect and worthless, so never a language model. Writes bidirectional.csv,"
                + " bidirectional.png and bidirectional-lm.png into --out."},
        footer = {"", "Example:", "  rnn4j explain bidirectional --out bidirectional",
                "  rnn4j explain bidirectional --quick --out bidirectional"})
final class ExplainBidirectional implements Callable<Integer> {
    /** Symbols of the tagging task: chance is 1 / 8. */
    private static final int SYMBOLS = 8;
    private static final int BATCH = 32;
    private static final int EVAL_ROWS = 512;
    /** The first characters of the bundled novel that task 2 reads: the last tenth of them is held out. */
    private static final int TEXT_CHARS = 300_000;

    @Spec
    CommandSpec spec;
    @Option(names = "--length", paramLabel = "T", description = "steps per sequence of task 1 (default: 16; --quick 10)")
    Integer length;
    @Option(names = "--lookahead", paramLabel = "K", defaultValue = "3",
            description = "task 1's answer at t is the symbol at t + K (default: ${DEFAULT-VALUE})")
    int lookahead;
    @Option(names = "--hidden", paramLabel = "H",
            description = "hidden units of each direction of the bidirectional LSTM; the forward one gets as many"
                    + " parameters (default: 32; --quick 16)")
    Integer hidden;
    @Option(names = "--max-steps", paramLabel = "N", description = "training steps of each model (default: 1500; --quick 250)")
    Integer maxSteps;
    @Option(names = "--max-minutes", paramLabel = "MINUTES", defaultValue = "2",
            description = "training time of each model at most (default: ${DEFAULT-VALUE})")
    double maxMinutes;
    @Option(names = "--lr", paramLabel = "LR", defaultValue = "0.01", description = "Adam's learning rate (default: ${DEFAULT-VALUE})")
    double lr;
    @Option(names = "--text-length", paramLabel = "T",
            description = "characters per window of task 2 (default: 32; --quick 16)")
    Integer textLength;
    @Option(names = "--quick", description = "small models, few steps: under a minute")
    boolean quick;
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bidirectional", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;
    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        int steps = length != null ? length : quick ? 10 : 16;
        int h = hidden != null ? hidden : quick ? 16 : 32;
        int budget = maxSteps != null ? maxSteps : quick ? 250 : 1500;
        int window = textLength != null ? textLength : quick ? 16 : 32;
        if (steps < 2 || lookahead < 1 || lookahead >= steps || h < 1 || budget < 1 || !(maxMinutes > 0) || !(lr > 0)
                || window < 2) {
            throw new IllegalArgumentException("--length and --text-length must be at least 2, --lookahead from 1 to"
                    + " --length − 1, --hidden and --max-steps at least 1, --max-minutes and --lr positive");
        }
        Files.createDirectories(out);
        PrintWriter w = spec.commandLine().getOut();
        List<Curve> curves = new ArrayList<>();

        w.printf("Task 1: the answer at position t is the symbol at t + %d (the last one from t = %d): %d symbols,"
                + " T %d, chance %.1f%%%n", lookahead, steps - 1 - lookahead, SYMBOLS, steps, 100.0 / SYMBOLS);
        Tagging future = new LookaheadTask(steps, lookahead);
        double[][] taskAccuracy = compare(w, future, SYMBOLS, Math.max(4, SYMBOLS), h, budget, curves, "lookahead");
        double[] fwd = taskAccuracy[0];
        double[] bi = taskAccuracy[1];
        w.printf("  forward:       %.1f%% over positions 0..%d (chance %.1f%%): blind, the answer has not been read"
                        + " yet; %.1f%% at the last position, where the answer is the symbol being read%n",
                100 * mean(fwd, 0, steps - 1), steps - 2, 100.0 / SYMBOLS, 100 * fwd[steps - 1]);
        w.printf("  bidirectional: %.1f%% over positions 0..%d: its reverse direction has read the later symbols%n",
                100 * mean(bi, 0, steps - 1), steps - 2);

        String text = bundledText();
        CharTable chars = new CharTable(text);
        w.printf("%nTask 2: next character of the bundled novel (%d characters, %d distinct; windows of %d, the last"
                + " tenth held out)%n", text.length(), chars.size(), window);
        Tagging next = new NextCharacterTask(chars.encode(text), window, chars.size());
        double[][] lmAccuracy = compare(w, next, chars.size(), 16, 2 * h, budget, curves, "next_character");
        double[] lmFwd = lmAccuracy[0];
        double[] lmBi = lmAccuracy[1];
        w.printf("  forward:       %.1f%% of next characters right: a real language model (it reads only the past)%n",
                100 * mean(lmFwd, 0, window));
        w.printf("  bidirectional: %.1f%% at positions 0..%d, but %.1f%% at the last position, the only one whose next"
                        + " character lies outside the window: it cheats, its reverse direction has read the answer."
                        + " It cannot generate text (the future it needs is what it must produce), so a language model"
                        + " must be forward-only.%n",
                100 * mean(lmBi, 0, window - 1), window - 2, 100 * lmBi[window - 1]);

        Curve.writeCsv(out.resolve("bidirectional.csv"), curves);
        XyChart.write(out.resolve("bidirectional.png"), "Answer at t = symbol at t + " + lookahead
                        + ": accuracy per position", "position t", "accuracy",
                curves.stream().filter(c -> c.figure().equals("lookahead")).toList(), false, false);
        XyChart.write(out.resolve("bidirectional-lm.png"), "Next character: accuracy per position (the"
                        + " bidirectional one reads the answer)", "position t", "accuracy",
                curves.stream().filter(c -> c.figure().equals("next_character")).toList(), false, false);
        w.printf("wrote %s, %s and %s%n", out.resolve("bidirectional.csv"), out.resolve("bidirectional.png"),
                out.resolve("bidirectional-lm.png"));
        return 0;
    }

    /**
     * Trains a bidirectional LSTM of hidden size {@code h} per direction and a forward LSTM of the same parameter
     * count on {@code task} for the same budget; returns their test accuracy per position, forward first.
     */
    private double[][] compare(PrintWriter w, Tagging task, int vocabulary, int embedding, int h, int budget,
                               List<Curve> curves, String figure) {
        RecurrentConfig biConfig = RecurrentConfig.of(CellType.LSTM, embedding, h).withBidirectional(true);
        long biCount = parameterCount(biConfig, vocabulary, task.classes());
        RecurrentConfig fwdConfig = RecurrentConfig.of(CellType.LSTM, embedding, 1);
        for (int candidate = 1; candidate <= 4 * h; candidate++) { // the forward size closest in parameters
            RecurrentConfig c = RecurrentConfig.of(CellType.LSTM, embedding, candidate);
            if (Math.abs(parameterCount(c, vocabulary, task.classes()) - biCount)
                    < Math.abs(parameterCount(fwdConfig, vocabulary, task.classes()) - biCount)) {
                fwdConfig = c;
            }
        }
        long fwdCount = parameterCount(fwdConfig, vocabulary, task.classes());
        double[][] accuracy = new double[2][];
        RecurrentConfig[] configs = {fwdConfig, biConfig};
        String[] names = {"forward lstm", "bidirectional lstm"};
        long[] counts = {fwdCount, biCount};
        for (int m = 0; m < 2; m++) {
            TokenSequenceModel model = new TokenSequenceModel(vocabulary, configs[m], task.classes(),
                    new java.util.SplittableRandom(seed + m));
            Trainer<Tagged> trainer = new Trainer<>(new PerStepTagging(model),
                    new Adam(AdamOptions.defaults().withLearningRate(lr)), null,
                    BatchPlan.generated(100, seed, r -> task.sample(BATCH, r, false)), null,
                    TrainerOptions.defaults().withMaxEpochs(Integer.MAX_VALUE).withMaxSteps(budget)
                            .withMaxMinutes(maxMinutes).withClipNorm(1).withSeed(seed));
            TrainingResult result = trainer.fit();
            accuracy[m] = perPosition(model, task.sample(EVAL_ROWS, new java.util.SplittableRandom(seed + 99), true));
            curves.add(new Curve(figure, names[m], positions(accuracy[m].length), accuracy[m]));
            w.printf("  %-19s %s, %,d parameters, %d steps in %.1f s: test accuracy %.1f%%%n", names[m] + ":",
                    m == 0 ? "hidden " + configs[m].hiddenSize() : "hidden " + h + " per direction", counts[m],
                    result.progress().step(), result.seconds(), 100 * mean(accuracy[m], 0, accuracy[m].length));
        }
        w.printf("  parameters: forward %,d, bidirectional %,d (%+.1f%%)%n", fwdCount, biCount,
                100.0 * (fwdCount - biCount) / biCount);
        return accuracy;
    }

    /** Embedding + recurrent stack + Dense at every step, as {@link TokenSequenceModel} builds them. */
    private static long parameterCount(RecurrentConfig config, int vocabulary, int classes) {
        return (long) vocabulary * config.inputSize() + config.parameterCount()
                + (long) (config.outputSize() + 1) * classes;
    }

    /** The fraction of rows tagged right at each position. */
    private static double[] perPosition(TokenSequenceModel model, Tagged data) {
        return Trainer.runAsStep(() -> {
            Tensor logits = model.infer(data.ids(), data.batch(), data.steps(), null, null).logits(); // (B, T, K)
            int k = model.outputSize();
            double[] correct = new double[data.steps()];
            for (int b = 0; b < data.batch(); b++) {
                for (int t = 0; t < data.steps(); t++) {
                    int row = b * data.steps() + t;
                    correct[t] += logits.argmax(row * k, k) == data.targets()[row] ? 1 : 0;
                }
            }
            for (int t = 0; t < correct.length; t++) {
                correct[t] /= data.batch();
            }
            return correct;
        });
    }

    private static double[] positions(int n) {
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = i;
        }
        return xs;
    }

    private static double mean(double[] xs, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += xs[i];
        }
        return sum / (to - from);
    }

    private static String bundledText() {
        try (InputStream in = TrainLmCommand.class.getResourceAsStream(TrainLmCommand.BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("the bundled corpus " + TrainLmCommand.BUNDLED + " is missing from the jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.substring(0, Math.min(text.length(), TEXT_CHARS));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the bundled corpus: " + e.getMessage(), e);
        }
    }

    /**
     * A batch of sequences tagged at every step.
     *
     * @param ids     B·T input ids, row-major
     * @param targets B·T the tag of every step
     */
    record Tagged(int[] ids, int[] targets, int batch, int steps) {
    }

    /** A task that tags every step of its sequences. */
    interface Tagging {
        int classes();

        /** @param test draw from the held-out part, where the task has one */
        Tagged sample(int batch, RandomGenerator rng, boolean test);
    }

    /** Random symbols; the tag of step t is the symbol at t + K, or the last one where t + K is past the end. */
    record LookaheadTask(int steps, int lookahead) implements Tagging {
        @Override
        public int classes() {
            return SYMBOLS;
        }

        @Override
        public Tagged sample(int batch, RandomGenerator rng, boolean test) {
            int[] ids = new int[batch * steps];
            int[] targets = new int[batch * steps];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = rng.nextInt(SYMBOLS);
            }
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < steps; t++) {
                    targets[b * steps + t] = ids[b * steps + Math.min(t + lookahead, steps - 1)];
                }
            }
            return new Tagged(ids, targets, batch, steps);
        }
    }

    /** Windows of a character stream; the tag of step t is the character at t + 1. The last tenth is the test part. */
    record NextCharacterTask(int[] text, int steps, int classes) implements Tagging {
        @Override
        public Tagged sample(int batch, RandomGenerator rng, boolean test) {
            int split = text.length - text.length / 10;
            int from = test ? split : 0;
            int to = (test ? text.length : split) - steps - 1;
            int[] ids = new int[batch * steps];
            int[] targets = new int[batch * steps];
            for (int b = 0; b < batch; b++) {
                int start = from + rng.nextInt(to - from);
                System.arraycopy(text, start, ids, b * steps, steps);
                System.arraycopy(text, start + 1, targets, b * steps, steps);
            }
            return new Tagged(ids, targets, batch, steps);
        }
    }

    /** The distinct characters of a text, numbered in order. */
    private static final class CharTable {
        private final int[] codePoints;

        CharTable(String text) {
            this.codePoints = text.codePoints().distinct().sorted().toArray();
        }

        int size() {
            return codePoints.length;
        }

        int[] encode(String text) {
            return text.codePoints().map(c -> java.util.Arrays.binarySearch(codePoints, c)).toArray();
        }
    }

    /** Softmax cross-entropy at every step of a {@link TokenSequenceModel}'s (B, T, K) logits; accuracy over steps. */
    private static final class PerStepTagging implements Objective<Tagged> {
        private final TokenSequenceModel model;
        private final SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy();

        PerStepTagging(TokenSequenceModel model) {
            this.model = model;
        }

        @Override
        public List<Parameter> parameters() {
            return model.parameters();
        }

        @Override
        public double train(Tagged batch, RandomGenerator rng) {
            TokenSequenceModel.Trace trace = model.forward(batch.ids(), batch.batch(), batch.steps(), null, null, rng);
            LossResult loss = crossEntropy.compute(trace.logits(), batch.targets());
            model.backward(trace, loss.gradient());
            return loss.value();
        }

        @Override
        public Score evaluate(Tagged batch) {
            Tensor logits = model.infer(batch.ids(), batch.batch(), batch.steps(), null, null).logits();
            int k = model.outputSize();
            long correct = 0;
            for (int row = 0; row < batch.targets().length; row++) {
                correct += logits.argmax(row * k, k) == batch.targets()[row] ? 1 : 0;
            }
            return Score.ofClassification(crossEntropy.compute(logits, batch.targets()).value(),
                    batch.targets().length, correct);
        }
    }
}
