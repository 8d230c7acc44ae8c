package org.rnn4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rnn4j.tasks.MnistExperiment;
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
                "The data folder holds the four IDX files train-images-idx3-ubyte.gz,",
                "train-labels-idx1-ubyte.gz,",
                "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (LeCun & Cortes, CC",
                "BY-SA 3.0).",
                "",
                "Example:",
                "  rnn4j task mnist --cell lstm --hidden 128 --max-minutes 20"})
final class MnistTaskCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--data", defaultValue = "../shared/data/sequence-classification/mnist",
            description = "folder with the MNIST IDX files (default: ${DEFAULT-VALUE})")
    Path data;
    @Option(names = "--limit-train", defaultValue = "0", description = "train on the first N images only; 0 = all (default: ${DEFAULT-VALUE})")
    int limitTrain;
    @Option(names = "--limit-test", defaultValue = "0", description = "test on the first N images only; 0 = all (default: ${DEFAULT-VALUE})")
    int limitTest;
    @Option(names = "--cell", defaultValue = "lstm", description = CliValues.CELL_NAMES + " (default: ${DEFAULT-VALUE})")
    String cell;
    @Option(names = "--hidden", defaultValue = "128", description = "hidden units (default: ${DEFAULT-VALUE})")
    int hidden;
    @Mixin
    OptimizerOptions optimizer = OptimizerOptions.withDefaults(128, 0.001, 1.0);
    @Option(names = "--max-epochs", defaultValue = "20", description = "passes over the training images at most (default: ${DEFAULT-VALUE})")
    int maxEpochs;
    @Option(names = "--max-minutes", defaultValue = "60", description = "training time at most (default: ${DEFAULT-VALUE})")
    double maxMinutes;
    @Option(names = "--log-every", defaultValue = "100", description = "steps between progress lines (default: ${DEFAULT-VALUE})")
    int logEvery;
    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--pixel-by-pixel", description = "read each digit as 784 steps of 1 pixel (the hard variant)")
    boolean pixelByPixel;
    @Mixin
    TrainingFilesOptions files;

    /**
     * The old spelling of --clip-norm, kept for one release. The new option's default is its field's
     * initial value, not a {@code defaultValue}, which picocli would apply after parsing, over this.
     */
    @Option(names = "--clip", hidden = true)
    void oldClip(double value) {
        optimizer.clipNorm = value;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        MnistExperiment.Options options = MnistExperiment.Options.defaults(data).withLimitTrain(limitTrain)
                .withLimitTest(limitTest).withCell(CliValues.cell(cell)).withHidden(hidden).withBatch(optimizer.batch)
                .withLearningRate(optimizer.learningRate).withClipNorm(optimizer.clipNorm).withMaxEpochs(maxEpochs)
                .withMaxMinutes(maxMinutes).withLogEvery(logEvery).withSeed(seed).withPixelByPixel(pixelByPixel);
        MnistExperiment.Result r = MnistExperiment.run(options, files.runFiles(logEvery), out);
        out.printf("trained %d epochs (%d steps in this run); last epoch's train_loss=%.4f%n", r.epochs(), r.steps(),
                r.lastTrainLoss());
        out.printf("test_accuracy=%.4f seconds=%.1f%n", r.testAccuracy(), r.seconds());
        out.flush();
        return 0;
    }
}
