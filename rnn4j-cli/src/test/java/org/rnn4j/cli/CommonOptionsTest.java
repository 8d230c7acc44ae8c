package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What the README says of the common options holds for every command it names. */
class CommonOptionsTest {
    private static final CommandLine RNN4J = Rnn4jCommand.newCommandLine();

    private static List<String> commandsWithout(String option, List<String> commands) {
        return commands.stream().filter(name -> {
            CommandLine command = RNN4J;
            for (String word : name.split(" ")) {
                command = command.getSubcommands().get(word);
            }
            return command.getCommandSpec().findOption(option) == null;
        }).toList();
    }

    @Test
    void everyTrainingCommandTakesTheRunOptions() {
        List<String> training = List.of("train-lm", "train-classifier", "train-translator", "train-forecaster",
                "task adding", "task copy", "task mnist");
        for (String option : List.of("--max-minutes", "--seed", "--batch", "--lr", "--clip-norm", "--checkpoint-dir",
                "--checkpoint-every", "--resume", "--log-csv")) {
            assertThat(commandsWithout(option, training)).as(option).isEmpty();
        }
    }

    @Test
    void theApplicationTrainingCommandsTakeQuietJsonAndOverwrite() {
        List<String> applications = List.of("train-lm", "train-classifier", "train-translator", "train-forecaster");
        for (String option : List.of("--quiet", "--json", "--overwrite")) {
            assertThat(commandsWithout(option, applications)).as(option).isEmpty();
        }
    }

    @Test
    void resultsComeAsJsonAndFilesAreReplacedOnlyWithOverwrite() {
        assertThat(commandsWithout("--json", List.of("eval-lm", "eval-classifier", "eval-translator",
                "eval-forecaster", "classify", "forecast"))).isEmpty();
        assertThat(commandsWithout("--overwrite", List.of("predict", "export", "classify", "translate",
                "forecast"))).isEmpty();
    }
}
