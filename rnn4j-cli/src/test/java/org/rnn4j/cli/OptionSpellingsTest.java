package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * One spelling per concept across the commands ({@code --clip-norm}, {@code --lower-case}, {@code
 * --validation-fraction}, {@code --validate-every}, {@code --max-minutes}); the old spellings still work for one
 * release, hidden from {@code --help}; the shared option mixins keep each command's own defaults.
 */
class OptionSpellingsTest {
    private static final String[] LM = {"train-lm", "-o", "m.safetensors"};
    private static final String[] CLASSIFIER = {"train-classifier", "--train", "t.csv", "-o", "m.safetensors"};
    private static final String[] TRANSLATOR = {"train-translator", "--pairs", "p.tsv", "--source-column", "en",
            "--target-column", "es", "-o", "m.safetensors"};
    private static final String[] FORECASTER = {"train-forecaster", "--csv", "s.csv", "--column", "y", "--horizon",
            "4", "--season", "12", "-o", "m.safetensors"};

    /** The command object the arguments select, with its options set, without running it. */
    @SuppressWarnings("unchecked")
    private static <T> T parsed(String[] command, String... more) {
        String[] args = new String[command.length + more.length];
        System.arraycopy(command, 0, args, 0, command.length);
        System.arraycopy(more, 0, args, command.length, more.length);
        CommandLine.ParseResult result = Rnn4jCommand.newCommandLine().parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return (T) result.commandSpec().userObject();
    }

    /** The help text with each run of white space as one space, so that wrapped descriptions read as one line. */
    private static String help(String... command) {
        String[] args = new String[command.length + 1];
        System.arraycopy(command, 0, args, 0, command.length);
        args[command.length] = "--help";
        return CliTesting.run((Object[]) args).out().replaceAll("\\s+", " ");
    }

    @Test
    void theOldClipSpellingSetsTheClipNorm() {
        TaskCommand.Adding adding = parsed(new String[] {"task", "adding"}, "--clip", "0.5");
        assertThat(adding.common.optimizer.clipNorm).isEqualTo(0.5);
        MnistTaskCommand mnist = parsed(new String[] {"task", "mnist"}, "--clip", "0.25");
        assertThat(mnist.optimizer.clipNorm).isEqualTo(0.25);
        ExplainCommand.Gradients gradients = parsed(new String[] {"explain", "gradients"}, "--clip", "3");
        assertThat(gradients.clip).isEqualTo(3);
        assertThat(((TaskCommand.Copy) parsed(new String[] {"task", "copy"}, "--clip-norm", "2")).common.optimizer
                .clipNorm).isEqualTo(2);
    }

    @Test
    void theOldEvalEveryAndTrainMinutesSpellingsSetTheirNewOptions() {
        TaskCommand.Copy copy = parsed(new String[] {"task", "copy"}, "--eval-every", "7");
        assertThat(copy.common.evalEvery).isEqualTo(7);
        assertThat(((TaskCommand.Copy) parsed(new String[] {"task", "copy"}, "--validate-every", "9")).common.evalEvery)
                .isEqualTo(9);
        ExplainCommand.Gradients gradients = parsed(new String[] {"explain", "gradients"}, "--train-minutes", "2");
        assertThat(gradients.trainMinutes).isEqualTo(2);
        assertThat(((ExplainCommand.Gradients) parsed(new String[] {"explain", "gradients"}, "--max-minutes", "3"))
                .trainMinutes).isEqualTo(3);
    }

    @Test
    void lowerCaseIsOneNegatableOptionWithEachCommandsDefault() {
        assertThat(((TrainLmCommand) parsed(LM)).lowerCase).isFalse();
        assertThat(((TrainLmCommand) parsed(LM, "--lower-case")).lowerCase).isTrue();
        assertThat(((TrainClassifierCommand) parsed(CLASSIFIER)).lowerCase).isTrue();
        assertThat(((TrainClassifierCommand) parsed(CLASSIFIER, "--no-lower-case")).lowerCase).isFalse();
        assertThat(((TrainClassifierCommand) parsed(CLASSIFIER, "--lower-case")).lowerCase).isTrue();
        assertThat(((TrainTranslatorCommand) parsed(TRANSLATOR)).lowercase).isFalse();
        assertThat(((TrainTranslatorCommand) parsed(TRANSLATOR, "--lower-case")).lowercase).isTrue();
    }

    @Test
    void theOldCaseSpellingsStillWork() {
        assertThat(((TrainClassifierCommand) parsed(CLASSIFIER, "--case-sensitive")).lowerCase).isFalse();
        assertThat(((TrainTranslatorCommand) parsed(TRANSLATOR, "--lowercase")).lowercase).isTrue();
    }

    @Test
    void theOldValidFractionSpellingSetsTheValidationFraction() {
        assertThat(((TrainTranslatorCommand) parsed(TRANSLATOR)).validating.fraction).isEqualTo(0.02);
        assertThat(((TrainTranslatorCommand) parsed(TRANSLATOR, "--valid-fraction", "0.05")).validating.fraction)
                .isEqualTo(0.05);
        assertThat(((TrainTranslatorCommand) parsed(TRANSLATOR, "--validation-fraction", "0.1")).validating.fraction)
                .isEqualTo(0.1);
    }

    @Test
    void theOldSpellingsAreHiddenFromHelp() {
        assertThat(help("task", "adding")).contains("--clip-norm", "--validate-every")
                .doesNotContain("--clip=", "--eval-every");
        assertThat(help("task", "mnist")).contains("--clip-norm").doesNotContain("--clip=");
        assertThat(help("explain", "gradients")).contains("--max-minutes", "--clip-norm")
                .doesNotContain("--train-minutes", "--clip=");
        assertThat(help("train-classifier")).contains("--[no-]lower-case").doesNotContain("--case-sensitive");
        assertThat(help("train-translator")).contains("--[no-]lower-case", "--validation-fraction")
                .doesNotContain("--lowercase", "--valid-fraction");
    }

    @Test
    void theSharedOptimizerOptionsKeepEachCommandsDefaults() {
        record Defaults(int batch, double learningRate, double clipNorm) {
        }
        assertThat(optimizer(parsed(LM))).isEqualTo(new Defaults(32, 0.002, 5).toString());
        assertThat(optimizer(parsed(CLASSIFIER))).isEqualTo(new Defaults(32, 0.002, 5).toString());
        assertThat(optimizer(parsed(TRANSLATOR))).isEqualTo(new Defaults(32, 0.002, 5).toString());
        assertThat(optimizer(parsed(FORECASTER))).isEqualTo(new Defaults(16, 0.003, 1).toString());
        assertThat(optimizer(((TaskCommand.Adding) parsed(new String[] {"task", "adding"})).common.optimizer))
                .isEqualTo(new Defaults(50, 0.001, 1).toString());
        assertThat(optimizer(((MnistTaskCommand) parsed(new String[] {"task", "mnist"})).optimizer))
                .isEqualTo(new Defaults(128, 0.001, 1).toString());
    }

    @Test
    void theSharedArchitectureAndValidationOptionsKeepEachCommandsDefaults() {
        TrainLmCommand lm = parsed(LM);
        assertThat(List.of(lm.recurrent.cell, lm.recurrent.hidden, lm.recurrent.layers, lm.recurrent.dropout))
                .containsExactly("lstm", 256, 2, 0.1f);
        TrainClassifierCommand classifier = parsed(CLASSIFIER);
        assertThat(List.of(classifier.recurrent.hidden, classifier.recurrent.layers, classifier.recurrent.dropout))
                .containsExactly(128, 1, 0.3f);
        TrainForecasterCommand forecaster = parsed(FORECASTER, "--cell", "gru");
        assertThat(List.of(forecaster.recurrent.cell, forecaster.recurrent.hidden, forecaster.recurrent.dropout))
                .containsExactly("gru", 32, 0f);
        assertThat(List.of(lm.validating.fraction, lm.validating.every)).containsExactly(0.1, 0);
        assertThat(((TrainClassifierCommand) parsed(CLASSIFIER, "--validate-every", "5")).validating.every)
                .isEqualTo(5);
        assertThat(((TrainTranslatorCommand) parsed(TRANSLATOR)).validating.fraction).isEqualTo(0.02);
    }

    @Test
    void helpShowsEachCommandsOwnDefaults() {
        assertThat(help("train-lm")).contains("--batch=B examples per step (default: 32)",
                "--lr=RATE Adam learning rate (default: 0.002)", "(default: 5.0)", "--hidden=H",
                "when bidirectional) (default: 256)", "--validation-fraction=F");
        assertThat(help("train-translator")).contains("examples per step (default: 32)",
                "Adam learning rate (default: 0.002)", "random pairs of the training books (default: 0.02)");
        assertThat(help("train-forecaster")).contains("examples per step (default: 16)",
                "Adam learning rate (default: 0.003)", "clip the global gradient norm; 0 = off (default: 1.0)");
        assertThat(help("task", "adding")).contains("examples per step (default: 50)",
                "Adam learning rate (default: 0.001)");
        assertThat(help("task", "mnist")).contains("examples per step (default: 128)");
    }

    private static String optimizer(Object command) {
        OptimizerOptions o = command instanceof OptimizerOptions options ? options
                : command instanceof TrainLmCommand c ? c.optimizer
                : command instanceof TrainClassifierCommand c ? c.optimizer
                : command instanceof TrainTranslatorCommand c ? c.optimizer
                : ((TrainForecasterCommand) command).optimizer;
        return "Defaults[batch=" + o.batch + ", learningRate=" + o.learningRate + ", clipNorm=" + o.clipNorm + "]";
    }
}
