package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rnn4j.Version;
import org.rnn4j.tensor.Parallel;
import picocli.CommandLine;

class Rnn4jCommandTest {

    @Test
    void printsTheLibraryVersion() {
        CliTesting.Result result = CliTesting.run("--version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out().strip()).isEqualTo("rnn4j " + Version.VERSION);
    }

    @Test
    void listsEverySubcommand() {
        CliTesting.Result result = CliTesting.run("--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("examples", "predict", "inspect", "bench", "help", "--threads");
    }

    @Test
    void aStartBuildsOnlyTheSubcommandItNames() {
        assertThat(Rnn4jCommand.subcommandsFor(new String[] {"--threads", "2", "predict", "--model", "m"}))
                .containsExactly(PredictCommand.class);
        assertThat(Rnn4jCommand.subcommandsFor(new String[] {"--debug", "train-lm", "--text", "help"}))
                .containsExactly(TrainLmCommand.class);
        assertThat(Rnn4jCommand.subcommandsFor(new String[] {"--help"})).isEqualTo(Rnn4jCommand.SUBCOMMANDS);
        assertThat(Rnn4jCommand.subcommandsFor(new String[] {"trian-lm"})).isEqualTo(Rnn4jCommand.SUBCOMMANDS);
        assertThat(Rnn4jCommand.SUBCOMMANDS).hasSize(22);
    }

    @Test
    void noSubcommandIsAUsageError() {
        CliTesting.Result result = CliTesting.run();
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required subcommand");
    }

    @Test
    void threadsMustBePositive() {
        CliTesting.Result result = CliTesting.run("--threads", "0", "examples");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--threads must be at least 1, got 0");
    }

    @Test
    void withoutThreadsACommandGetsOneThreadPerCoreAndServeOne() {
        CliTesting.Result result = CliTesting.run("examples");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Parallel.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        CommandLine line = Rnn4jCommand.newCommandLine();
        assertThat(Rnn4jCommand.defaultThreads(line.parseArgs("serve", "--model", "m=m.safetensors"))).isEqualTo(1);
        assertThat(Rnn4jCommand.defaultThreads(line.parseArgs("train-lm", "--text", "t.txt", "--out", "m")))
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        CliTesting.run("--threads", "1", "examples");
        assertThat(Parallel.threads()).isEqualTo(1);
    }

    @Test
    void examplesRunsWithThreads() {
        CliTesting.Result result = CliTesting.run("--threads", "2", "examples");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("LSTM final c: (32, 128)");
    }

    @Test
    void aWrappedUserErrorIsReportedByItsOwnMessage() {
        Exception sparkJob = new RuntimeException("Job aborted due to stage failure: Task 0 failed",
                new IllegalArgumentException("row 3, column 'x': not a JSON array"));
        assertThat(ErrorReporter.describe(sparkJob, false)).isEqualTo("row 3, column 'x': not a JSON array");
    }

    @Test
    void anUnexpectedExceptionIsReportedAsAnInternalError() {
        String line = ErrorReporter.describe(new NullPointerException("x is null"), false);
        assertThat(line).isEqualTo("internal error, please report it: java.lang.NullPointerException: x is null"
                + " (run with --debug for the stack trace)");
    }
}
