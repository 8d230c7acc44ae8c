package org.rnn4j.tasks;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.rnn4j.data.Idx;
import org.rnn4j.models.ManyToOne;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.AdamOptions;
import org.rnn4j.optim.WarmupCosineLr;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.train.ClassificationBatch;
import org.rnn4j.train.DatasetBatches;
import org.rnn4j.train.OptionChecks;
import org.rnn4j.train.ProgressLog;
import org.rnn4j.train.RunFiles;
import org.rnn4j.train.Score;
import org.rnn4j.train.SequenceClassification;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.TrainerOptions;
import org.rnn4j.train.TrainingResult;

/**
 * Row-by-row sequential MNIST: each 28×28 digit is read as T = 28 steps of F = 28 pixels (one row per step, scaled
 * to [0, 1]); one recurrent layer read to the end, then Dense(10), softmax cross-entropy, Adam with a cosine decay of
 * the learning rate over the planned epochs. Every epoch visits
 * the training images once in a fresh seeded order and ends with the accuracy on the test images.
 *
 * <p>The data are the four original IDX files of LeCun & Cortes (CC BY-SA 3.0), gzipped or not, in one folder:
 * {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz},
 * {@code t10k-labels-idx1-ubyte.gz}.
 */
public final class MnistExperiment {
    /** The four files, without their optional {@code .gz}. */
    public static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
    static final int CLASSES = 10;
    private static final int EVAL_BATCH = 1000;

    private MnistExperiment() {
    }

    /**
     * Settings of a sequential-MNIST run.
     *
     * @param data         the folder with the four IDX files
     * @param limitTrain   use only the first N training images; 0 = all
     * @param limitTest    use only the first N test images; 0 = all
     * @param cell         rnn_tanh, rnn_relu, lstm, gru or gru_reset_before
     * @param hidden       H
     * @param batch        B per training step
     * @param learningRate Adam's learning rate
     * @param clipNorm     gradient clipping by global norm; 0 turns it off
     * @param maxEpochs    passes over the training images at most
     * @param maxMinutes   wall-clock budget for training (the final test evaluation comes on top)
     * @param logEvery     steps between progress lines
     * @param seed         seeds the weights and the order of the images
     * @param pixelByPixel read each digit as 784 steps of one pixel instead of 28 rows of 28 (the hard variant, Le et
     *                     al. 2015)
     * @param start        how the recurrent layer starts: forget-gate bias, recurrent weights
     */
    public record Options(Path data, int limitTrain, int limitTest, CellType cell, int hidden, int batch,
                          double learningRate, double clipNorm, int maxEpochs, double maxMinutes, int logEvery,
                          long seed, boolean pixelByPixel, StartingWeights start) {
        public Options {
            if (data == null) {
                throw new IllegalArgumentException("MnistExperiment.Options.data is required: the MNIST data folder");
            }
            if (cell == null) {
                throw new IllegalArgumentException("MnistExperiment.Options.cell is required");
            }
            OptionChecks.atLeast("MnistExperiment.Options.limitTrain", limitTrain, 0);
            OptionChecks.atLeast("MnistExperiment.Options.limitTest", limitTest, 0);
            OptionChecks.atLeast("MnistExperiment.Options.hidden", hidden, 1);
            OptionChecks.atLeast("MnistExperiment.Options.batch", batch, 1);
            OptionChecks.atLeast("MnistExperiment.Options.maxEpochs", maxEpochs, 1);
            OptionChecks.atLeast("MnistExperiment.Options.logEvery", logEvery, 1);
            OptionChecks.training("MnistExperiment.Options", learningRate, clipNorm, maxMinutes);
            Objects.requireNonNull(start, "MnistExperiment.Options.start").check("MnistExperiment.Options", cell);
        }

        /** LSTM(128), batch 128, Adam 1e-3, clipping at 1, 20 epochs (98.7% test accuracy in about 9 minutes on one core), seed 1, all the data. */
        public static Options defaults(Path data) {
            return new Options(data, 0, 0, CellType.LSTM, 128, 128, 1e-3, 1.0, 20, 60, 100, 1, false,
                    StartingWeights.PYTORCH);
        }

        public Options withLimitTrain(int value) {
            return new Options(data, value, limitTest, cell, hidden, batch, learningRate, clipNorm, maxEpochs,
                    maxMinutes, logEvery, seed, pixelByPixel, start);
        }

        public Options withLimitTest(int value) {
            return new Options(data, limitTrain, value, cell, hidden, batch, learningRate, clipNorm, maxEpochs,
                    maxMinutes, logEvery, seed, pixelByPixel, start);
        }

        public Options withCell(CellType value) {
            return new Options(data, limitTrain, limitTest, value, hidden, batch, learningRate, clipNorm, maxEpochs,
                    maxMinutes, logEvery, seed, pixelByPixel, start);
        }

        public Options withHidden(int value) {
            return new Options(data, limitTrain, limitTest, cell, value, batch, learningRate, clipNorm, maxEpochs,
                    maxMinutes, logEvery, seed, pixelByPixel, start);
        }

        public Options withBatch(int value) {
            return new Options(data, limitTrain, limitTest, cell, hidden, value, learningRate, clipNorm, maxEpochs,
                    maxMinutes, logEvery, seed, pixelByPixel, start);
        }

        public Options withLearningRate(double value) {
            return new Options(data, limitTrain, limitTest, cell, hidden, batch, value, clipNorm, maxEpochs, maxMinutes,
                    logEvery, seed, pixelByPixel, start);
        }

        public Options withClipNorm(double value) {
            return new Options(data, limitTrain, limitTest, cell, hidden, batch, learningRate, value, maxEpochs,
                    maxMinutes, logEvery, seed, pixelByPixel, start);
        }

        public Options withMaxEpochs(int value) {
            return new Options(data, limitTrain, limitTest, cell, hidden, batch, learningRate, clipNorm, value,
                    maxMinutes, logEvery, seed, pixelByPixel, start);
        }

        public Options withMaxMinutes(double value) {
            return new Options(data, limitTrain, limitTest, cell, hidden, batch, learningRate, clipNorm, maxEpochs,
                    value, logEvery, seed, pixelByPixel, start);
        }

        public Options withLogEvery(int value) {
            return new Options(data, limitTrain, limitTest, cell, hidden, batch, learningRate, clipNorm, maxEpochs,
                    maxMinutes, value, seed, pixelByPixel, start);
        }

        public Options withSeed(long value) {
            return new Options(data, limitTrain, limitTest, cell, hidden, batch, learningRate, clipNorm, maxEpochs,
                    maxMinutes, logEvery, value, pixelByPixel, start);
        }

        public Options withStart(StartingWeights value) {
            return new Options(data, limitTrain, limitTest, cell, hidden, batch, learningRate, clipNorm, maxEpochs,
                    maxMinutes, logEvery, seed, pixelByPixel, value);
        }

        public Options withPixelByPixel(boolean value) {
            return new Options(data, limitTrain, limitTest, cell, hidden, batch, learningRate, clipNorm, maxEpochs,
                    maxMinutes, logEvery, seed, value, start);
        }
    }

    /**
     * How a run ended.
     *
     * @param epochs         epochs completed
     * @param steps          training steps taken
     * @param seconds        training time, test evaluations included
     * @param lastTrainLoss  mean cross-entropy over the last epoch's steps
     * @param testAccuracy   fraction of test images classified correctly at the end
     */
    public record Result(int epochs, int steps, double seconds, double lastTrainLoss, double testAccuracy) {
    }

    /** Images and labels of one split. */
    record Split(Idx.Images images, int[] labels) {
        int size() {
            return labels.length;
        }
    }

    /** The network the experiment trains: one recurrent layer (input 28) read to the end, then Dense(10). */
    public static ManyToOne newModel(Options o, int features) {
        SplittableRandom weights = new SplittableRandom(o.seed()).split();
        ManyToOne model = new ManyToOne(RecurrentConfig.of(o.cell(), features, o.hidden()), CLASSES, weights);
        o.start().apply(model.recurrent(), weights);
        return model;
    }

    /** Reads one split ("train" or "t10k") from the folder, checking that images and labels agree. */
    static Split load(Path folder, String prefix, int limit) {
        Path imagesFile = locate(folder, prefix + "-images-idx3-ubyte");
        Path labelsFile = locate(folder, prefix + "-labels-idx1-ubyte");
        Idx.Images images = Idx.readImages(imagesFile);
        int[] labels = Idx.readLabels(labelsFile);
        if (images.count() != labels.length) {
            throw new IllegalArgumentException(folder + ": " + imagesFile.getFileName() + " holds " + images.count()
                    + " images but " + labelsFile.getFileName() + " holds " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= CLASSES) {
                throw new IllegalArgumentException(labelsFile + ": label " + i + " is " + labels[i]
                        + ", expected a digit 0..9");
            }
        }
        if (limit > 0 && limit < labels.length) {
            int[] head = new int[limit];
            System.arraycopy(labels, 0, head, 0, limit);
            return new Split(images.first(limit), head);
        }
        return new Split(images, labels);
    }

    private static Path locate(Path folder, String name) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder.toAbsolutePath().normalize()
                    + (Files.exists(folder) ? ": not a folder" : ": no such folder") + "; MNIST is expected"
                    + " there as the four IDX files " + String.join(".gz, ", FILES) + ".gz"
                    + " (LeCun & Cortes' originals, gzipped or not); pass another folder as"
                    + " MnistExperiment.Options.data");
        }
        for (String candidate : List.of(name + ".gz", name)) {
            Path file = folder.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalArgumentException(folder.toAbsolutePath().normalize() + ": no " + name + ".gz (nor " + name
                + "); MNIST is expected there as the four IDX files " + String.join(".gz, ", FILES) + ".gz");
    }

    public static Result run(Options o, PrintWriter progress) {
        return run(o, RunFiles.NONE, progress);
    }

    /** Loads the data, builds the model and trains it, with checkpoints and a CSV log as {@code files} says. */
    public static Result run(Options o, RunFiles files, PrintWriter progress) {
        Split train = load(o.data(), "train", o.limitTrain());
        Split test = load(o.data(), "t10k", o.limitTest());
        if (train.images().rows() != test.images().rows() || train.images().cols() != test.images().cols()) {
            throw new IllegalArgumentException(o.data() + ": training images are " + train.images().rows() + "×"
                    + train.images().cols() + " but test images " + test.images().rows() + "×"
                    + test.images().cols());
        }
        if (train.size() == 0 || test.size() == 0) {
            throw new IllegalArgumentException(o.data() + ": no images to " + (train.size() == 0 ? "train" : "test")
                    + " on");
        }
        ManyToOne model = newModel(o, o.pixelByPixel() ? 1 : train.images().cols());
        return train(model, train, test, o, files, progress);
    }

    /**
     * Trains {@code model} in place. The evaluation after each epoch is on the test images: it draws the learning
     * curve, and nothing is selected on it (no early stopping, no keep-best).
     */
    static Result train(ManyToOne model, Split train, Split test, Options o, RunFiles files, PrintWriter progress) {
        DatasetBatches<Integer, ClassificationBatch> trainBatches = DatasetBatches.shuffled(indices(train.size()),
                o.batch(), o.seed(), chosen -> batch(train, chosen, o.pixelByPixel()));
        DatasetBatches<Integer, ClassificationBatch> testBatches = DatasetBatches.inOrder(indices(test.size()),
                EVAL_BATCH, chosen -> batch(test, chosen, o.pixelByPixel()));
        int stepsPerEpoch = trainBatches.batchesPerEpoch();
        // Cosine decay to zero over the planned epochs: the last epochs refine instead of bouncing around.
        WarmupCosineLr schedule = new WarmupCosineLr(o.learningRate(), 0, (long) stepsPerEpoch * o.maxEpochs(), 0);
        TrainerOptions options = files.applyTo(TrainerOptions.defaults().withMaxEpochs(o.maxEpochs())
                .withMaxMinutes(o.maxMinutes()).withClipNorm(o.clipNorm()).withSeed(o.seed()));
        Trainer<ClassificationBatch> trainer = new Trainer<>(new SequenceClassification(model),
                new Adam(AdamOptions.defaults().withLearningRate(o.learningRate())), schedule, trainBatches,
                testBatches, options).addListener(new ProgressLog(progress, o.logEvery()));

        Tensor first = trainBatches.batch(0, 0).inputs();
        progress.printf("sequential MNIST, " + (o.pixelByPixel() ? "pixel by pixel" : "row by row")
                        + " (%d steps of %d pixel%s): %s, %d training and %d test images,"
                        + " batch %d (%d steps per epoch); the per-epoch evaluation is on the test images%n",
                first.dim(1), first.dim(2), first.dim(2) == 1 ? "" : "s", model.recurrent().describe(), train.size(),
                test.size(),
                o.batch(), stepsPerEpoch);
        progress.flush();
        TrainingResult result = files.prepare(trainer).fit();
        Score last = result.lastValidation() != null ? result.lastValidation() : trainer.evaluate(testBatches);
        return new Result(result.progress().epoch(), (int) result.progress().step(), result.seconds(),
                result.lastLoss(), last.accuracy());
    }

    private static List<Integer> indices(int count) {
        return java.util.stream.IntStream.range(0, count).boxed().toList();
    }

    private static ClassificationBatch batch(Split split, List<Integer> chosen, boolean pixelByPixel) {
        int[] indices = chosen.stream().mapToInt(Integer::intValue).toArray();
        int[] labels = new int[indices.length];
        for (int b = 0; b < indices.length; b++) {
            labels[b] = split.labels()[indices[b]];
        }
        Tensor x = split.images().batch(indices); // (B, T = rows, F = cols)
        if (pixelByPixel) {
            x = x.reshape(indices.length, split.images().rows() * split.images().cols(), 1); // (B, T = 784, F = 1)
        }
        return new ClassificationBatch(x, null, labels);
    }
}
