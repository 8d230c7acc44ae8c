package org.rnn4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.nn.recurrent.RecurrentStream;
import org.rnn4j.nn.recurrent.SequenceLayer;
import org.rnn4j.optim.Sgd;
import org.rnn4j.optim.SgdOptions;
import org.rnn4j.tensor.Blas;
import org.rnn4j.tensor.OneDnn;
import org.rnn4j.tensor.Parallel;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures training or inference speed of one recurrent configuration. {@code tools/bench/torch_bench.py} does
 * exactly the same with PyTorch, so that the two can be compared side by side on the same machine.
 *
 * <p>Train: forward, a softmax cross-entropy over each step's output against random classes, backward and a
 * plain SGD step. Infer: forward only. Stream: batch 1, one step per call through the public API
 * ({@link RecurrentStream}, which reuses its buffers) with the state carried from call to call, as a live
 * application would run it.
 *
 * <p>It warms up, repeats until {@code --seconds} have passed, and prints the median time with its spread. The
 * last line is {@code tokens_per_s=… gflops=…} (stream mode adds {@code us_per_step=…}); GFLOP/s count the
 * multiply-adds of both products, 2·G·B·(F+H)·H per layer, direction and step forward, backward twice that
 * except the first layer's dLoss/dx, which is not computed (the input is data, as PyTorch's x without grad).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures tokens/s of a recurrent layer (compare with tools/bench/torch_bench.py).",
        footer = {
                "",
                "Example:",
                "  rnn4j bench --cell lstm --input 64 --hidden 512 --batch 64 --steps 100 \\",
                "        --mode train"})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--cell", paramLabel = "CELL", defaultValue = "lstm", description = CliValues.CELL_NAMES + " (default: ${DEFAULT-VALUE})")
    String cell;
    @Option(names = "--input", paramLabel = "F", defaultValue = "64", description = "input features F (default: ${DEFAULT-VALUE})")
    int input;
    @Option(names = "--hidden", paramLabel = "H", defaultValue = "512", description = "hidden units H (default: ${DEFAULT-VALUE})")
    int hidden;
    @Option(names = "--layers", paramLabel = "L", defaultValue = "1", description = "stacked layers (default: ${DEFAULT-VALUE})")
    int layers;
    @Option(names = "--batch", paramLabel = "B", defaultValue = "64", description = "batch B (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--steps", paramLabel = "T", defaultValue = "100", description = "time steps T (default: ${DEFAULT-VALUE})")
    int steps;
    @Option(names = "--bidirectional", description = "a bidirectional layer")
    boolean bidirectional;
    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "train", description = "train, infer or stream (batch 1, one step per call; default: ${DEFAULT-VALUE})")
    String mode;
    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "threads, as rnn4j's global --threads (default: ${DEFAULT-VALUE})")
    int threads;
    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10", description = "time to measure (default: ${DEFAULT-VALUE})")
    double seconds;
    @Option(names = "--warmup", paramLabel = "S", defaultValue = "2", description = "seconds of untimed runs first, at least 2 runs"
            + " (default: ${DEFAULT-VALUE}; the JIT compiles the hot loops meanwhile)")
    double warmup;
    @Option(names = "--phases", description = "train: also print the median time of each phase (forward, loss,"
            + " backward, update), as torch_bench.py --phases does")
    boolean phases;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CellType type = CliValues.cell(cell);
        if (!mode.equals("train") && !mode.equals("infer") && !mode.equals("stream")) {
            throw new IllegalArgumentException("--mode must be train, infer or stream, got " + mode);
        }
        if (mode.equals("stream")) {
            batch = 1; // streaming is one sequence, one step at a time
            if (bidirectional) {
                throw new IllegalArgumentException("--mode stream needs a unidirectional layer:"
                        + " a bidirectional one reads the whole sequence before its first output");
            }
        }
        if (!(warmup >= 0)) {
            throw new IllegalArgumentException("--warmup must be 0 or more seconds, got " + warmup);
        }
        if (seconds <= 0) {
            throw new IllegalArgumentException("--seconds must be positive, got " + seconds);
        }
        Parallel.setThreads(threads);
        RecurrentLayer layer = new RecurrentLayer(
                new RecurrentConfig(type, input, hidden, layers, bidirectional, 0f), new SplittableRandom(1));
        SplittableRandom rng = new SplittableRandom(2);
        Tensor x = Tensor.zeros(batch, steps, input);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, (float) rng.nextDouble(-1, 1));
        }
        int width = layer.outputSize();
        int[] targets = rng.ints(batch * steps, 0, width).toArray();
        boolean train = mode.equals("train");

        out.printf("rnn4j bench: %s, mode %s, B %d, T %d, threads %d, OpenBLAS core %s, java %s%n",
                layer.describe(), mode, batch, steps, threads, Blas.coreName(), Runtime.version());
        out.printf("backend: %s%n", OneDnn.describe());
        if (mode.equals("stream")) {
            return stream(out, layer, type, x);
        }
        PhaseTimes phaseTimes = new PhaseTimes();
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Sgd sgd = new Sgd(SgdOptions.of(1e-3));
        Runnable iteration = () -> {
            Trainer.runAsStep(() -> { // as the trainer runs a step
                if (train) {
                    trainingStep(layer, x, targets, loss, sgd, phaseTimes);
                } else {
                    layer.infer(x, null, null);
                }
                return null;
            });
        };
        warmUp(iteration::run); // JIT and first touch of buffers
        phaseTimes.clear();
        List<Double> times = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end || times.size() < 3) {
            long t0 = System.nanoTime();
            iteration.run();
            times.add((System.nanoTime() - t0) / 1e9);
        }
        if (phases && train) {
            out.println(phaseTimes.summary());
        }
        Collections.sort(times);
        double median = times.get(times.size() / 2);
        double tokens = (double) batch * steps / median;
        double flopsPerIteration = train ? trainingFlops(type, layer) : forwardFlops(type, layer);
        out.printf("iterations %d, median %.4f s (min %.4f, max %.4f)%n", times.size(), median, times.get(0),
                times.get(times.size() - 1));
        out.printf("openblas_core=%s%n", Blas.coreName());
        out.printf("tokens_per_s=%.0f gflops=%.2f%n", tokens, flopsPerIteration / median / 1e9);
        return 0;
    }

    /** Runs {@code work} untimed for --warmup seconds and at least twice. */
    private void warmUp(Runnable work) {
        long end = System.nanoTime() + (long) (warmup * 1e9);
        for (int i = 0; i < 2 || System.nanoTime() < end; i++) {
            work.run();
        }
    }

    /** Batch 1, one step per call with the state carried over; timed per block of {@code steps} steps. */
    private int stream(PrintWriter out, RecurrentLayer layer, CellType type, Tensor x) {
        Tensor[] inputs = new Tensor[steps];
        for (int t = 0; t < steps; t++) {
            inputs[t] = Tensor.zeros(1, 1, input);
            inputs[t].write(0, x, t * input, input);
        }
        RecurrentStream stream = new RecurrentStream(layer, 1);
        warmUp(() -> streamBlock(stream, inputs));
        List<Double> times = new ArrayList<>(); // seconds per step, one value per block
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end || times.size() < 3) {
            long t0 = System.nanoTime();
            streamBlock(stream, inputs);
            times.add((System.nanoTime() - t0) / 1e9 / steps);
        }
        Collections.sort(times);
        double median = times.get(times.size() / 2);
        double flopsPerStep = forwardFlops(type, layer) / steps; // batch is 1
        out.printf("blocks of %d steps %d, median %.1f us/step (min %.1f, max %.1f)%n", steps, times.size(),
                median * 1e6, times.get(0) * 1e6, times.get(times.size() - 1) * 1e6);
        out.printf("openblas_core=%s%n", Blas.coreName());
        out.printf("tokens_per_s=%.0f gflops=%.2f us_per_step=%.1f%n", 1 / median, flopsPerStep / median / 1e9,
                median * 1e6);
        return 0;
    }

    private static void streamBlock(RecurrentStream stream, Tensor[] inputs) {
        for (Tensor xt : inputs) {
            stream.next(xt);
        }
    }

    /**
     * Three times forward (each product once forward, twice backward), less the first layer's dx = dgates W_ih,
     * which neither side computes for an input that needs no gradient: 2·G·B·T·F·H per direction.
     */
    private double trainingFlops(CellType type, RecurrentLayer layer) {
        RecurrentConfig c = layer.config();
        return 3 * forwardFlops(type, layer)
                - c.directions() * 2.0 * type.gates() * batch * steps * (double) c.inputSize() * c.hiddenSize();
    }

    /** 2·G·B·T·(F_l + H)·H per layer and direction: the multiply-adds of both products. */
    private double forwardFlops(CellType type, RecurrentLayer layer) {
        RecurrentConfig c = layer.config();
        double total = 0;
        for (int l = 0; l < c.numLayers(); l++) {
            int in = l == 0 ? c.inputSize() : c.outputSize();
            total += c.directions() * 2.0 * type.gates() * batch * steps * (double) (in + c.hiddenSize()) * c.hiddenSize();
        }
        return total;
    }

    /** Forward, softmax cross-entropy, backward and an SGD step, each timed. */
    private static void trainingStep(RecurrentLayer layer, Tensor x, int[] targets, SoftmaxCrossEntropy loss, Sgd sgd,
                                     PhaseTimes phaseTimes) {
        long t0 = System.nanoTime();
        SequenceLayer.Trace trace = layer.forward(x, null, null);
        long t1 = System.nanoTime();
        Tensor dOut = loss.compute(trace.output().sequence(), targets).gradient();
        long t2 = System.nanoTime();
        layer.backward(trace, dOut, null, false); // no dLoss/dx: the input is data, as torch_bench.py's x (no grad)
        long t3 = System.nanoTime();
        sgd.step(layer.parameters());
        layer.parameters().forEach(Parameter::zeroGrad);
        phaseTimes.add(t0, t1, t2, t3, System.nanoTime());
    }

    /** The median time of each training phase over the measured iterations. */
    private static final class PhaseTimes {
        private static final String[] NAMES = {"forward", "loss", "backward", "update"};
        private final List<long[]> rows = new ArrayList<>();

        void add(long... marks) {
            long[] row = new long[marks.length - 1];
            for (int i = 0; i < row.length; i++) {
                row[i] = marks[i + 1] - marks[i];
            }
            rows.add(row);
        }

        void clear() {
            rows.clear();
        }

        String summary() {
            StringBuilder line = new StringBuilder("phases_ms");
            for (int k = 0; k < NAMES.length; k++) {
                long[] column = new long[rows.size()];
                for (int i = 0; i < column.length; i++) {
                    column[i] = rows.get(i)[k];
                }
                java.util.Arrays.sort(column);
                line.append(String.format(java.util.Locale.ROOT, " %s=%.2f", NAMES[k],
                        column[column.length / 2] / 1e6));
            }
            return line.toString();
        }
    }
}
