package org.rnn4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.rnn4j.tasks.AddingExperiment;
import org.rnn4j.tasks.CopyExperiment;
import org.rnn4j.tasks.ExperimentOptions;
import org.rnn4j.tasks.ExperimentResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The long-memory experiments: where a plain RNN fails and LSTM/GRU remember. */
@Command(name = "task", mixinStandardHelpOptions = true,
        description = "Runs the long-memory experiments: the adding problem, the copy task and sequential MNIST.",
        subcommands = {TaskCommand.Adding.class, TaskCommand.Copy.class, MnistTaskCommand.class})
public final class TaskCommand {

    /** Options both tasks share. */
    static final class Common {
        @Option(names = "--cell", paramLabel = "CELL", defaultValue = "lstm", description = CliValues.CELL_NAMES + " (default: ${DEFAULT-VALUE})")
        String cell;
        @Option(names = "--hidden", paramLabel = "H", defaultValue = "128", description = "hidden units (default: ${DEFAULT-VALUE})")
        int hidden;
        @Mixin
        OptimizerOptions optimizer = OptimizerOptions.withDefaults(50, 0.001, 1.0);
        @Option(names = "--max-steps", paramLabel = "N", defaultValue = "100000", description = "training steps at most (default: ${DEFAULT-VALUE})")
        int maxSteps;
        @Option(names = "--max-minutes", paramLabel = "MINUTES", defaultValue = "10", description = "training time at most (default: ${DEFAULT-VALUE})")
        double maxMinutes;
        @Option(names = "--validate-every", paramLabel = "STEPS", description = "steps between progress lines, each with a validation loss "
                + "(default: ${DEFAULT-VALUE})")
        int evalEvery = 100;
        @Option(names = "--test-size", paramLabel = "N", defaultValue = "1000", description = "validation and test examples (default: ${DEFAULT-VALUE})")
        int testSize;
        @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
        long seed;
        @Mixin
        StartingWeightsOptions starting;

        /**
         * The old spelling of --clip-norm, kept for one release. The new option's default is its field's
         * initial value, not a {@code defaultValue}, which picocli would apply after parsing, over this.
         */
        @Option(names = "--clip", paramLabel = "NORM", hidden = true)
        void oldClip(double value) {
            optimizer.clipNorm = value;
        }

        /**
         * The old spelling of --validate-every, kept for one release. The new option's default is its field's
         * initial value, not a {@code defaultValue}, which picocli would apply after parsing, over this.
         */
        @Option(names = "--eval-every", paramLabel = "STEPS", hidden = true)
        void oldEvalEvery(int value) {
            evalEvery = value;
        }

        ExperimentOptions options(int length) {
            return ExperimentOptions.defaults().withCell(CliValues.cell(cell)).withLength(length).withHidden(hidden)
                    .withBatch(optimizer.batch).withLearningRate(optimizer.learningRate)
                    .withClipNorm(optimizer.clipNorm).withMaxSteps(maxSteps).withMaxMinutes(maxMinutes)
                    .withEvalEvery(evalEvery).withTestSize(testSize).withSeed(seed).withStart(starting.start());
        }
    }

    @Command(name = "adding", mixinStandardHelpOptions = true,
            description = "The adding problem: remember two marked values across T steps and add them.",
            footer = {"", "Last line: test_mse=... (baseline 0.167 for always answering 1).", "",
                    "Example:", "  rnn4j task adding --cell lstm --length 100"})
    static final class Adding implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Common common;
        @Mixin
        TrainingFilesOptions files;
        @Option(names = "--length", paramLabel = "N", defaultValue = "100", description = "sequence length T (default: ${DEFAULT-VALUE})")
        int length;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ExperimentResult r = AddingExperiment.run(common.options(length), files.runFiles(common.evalEvery), out);
            out.printf("trained %d steps in %.0f s; baseline_mse=%.4f%n", r.steps(), r.seconds(), r.baseline());
            out.printf("test_mse=%.6f%n", r.testLoss());
            return 0;
        }
    }

    @Command(name = "copy", mixinStandardHelpOptions = true,
            description = "The copy-memory task: read 10 symbols, wait T steps, write them back.",
            footer = {
                "",
                "Last line: test_loss=... test_accuracy=... (baseline loss 10 log 8 / (T +",
                "20)).",
                "",
                "Example:",
                "  rnn4j task copy --cell gru --delay 100"})
    static final class Copy implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Common common;
        @Mixin
        TrainingFilesOptions files;
        @Option(names = "--delay", paramLabel = "T", defaultValue = "100", description = "delay T between reading and writing (default: ${DEFAULT-VALUE})")
        int delay;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ExperimentResult r = CopyExperiment.run(common.options(delay), files.runFiles(common.evalEvery), out);
            out.printf("trained %d steps in %.0f s; baseline_loss=%.4f%n", r.steps(), r.seconds(), r.baseline());
            out.printf("test_loss=%.6f test_accuracy=%.4f%n", r.testLoss(), r.testAccuracy());
            return 0;
        }
    }
}
