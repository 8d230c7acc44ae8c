package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The help speaks the user's words: each command's one-line summary in {@code rnn4j --help} is a whole sentence,
 * and every option's value has a name of its own, never picocli's default, the Java field ({@code <maxMinutes>}).
 */
class HelpTextTest {

    private static List<CommandSpec> everyCommand() {
        List<CommandSpec> all = new ArrayList<>();
        collect(Rnn4jCommand.newCommandLine(), all);
        return all;
    }

    private static void collect(CommandLine command, List<CommandSpec> into) {
        into.add(command.getCommandSpec());
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    /** What the parent command's list shows: picocli takes the header's first line, else the description's. */
    private static String summary(CommandSpec command) {
        String[] header = command.usageMessage().header();
        String[] description = command.usageMessage().description();
        return header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
    }

    @Test
    void everyCommandSummaryIsAWholeSentence() {
        List<String> problems = new ArrayList<>();
        for (CommandSpec command : everyCommand()) {
            if (command.name().equals("help")) {
                continue; // picocli's own
            }
            String summary = summary(command).strip();
            if (summary.isEmpty() || !Character.isUpperCase(summary.charAt(0)) || !summary.endsWith(".")) {
                problems.add(command.qualifiedName() + ": \"" + summary + "\"");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyOptionValueIsNamedForTheUser() {
        List<String> problems = new ArrayList<>();
        for (CommandSpec command : everyCommand()) {
            for (OptionSpec option : command.options()) {
                boolean takesValue = option.arity().max() > 0 && !option.type().equals(boolean.class);
                if (takesValue && option.paramLabel().startsWith("<")) {
                    problems.add(command.qualifiedName() + " " + option.longestName() + " " + option.paramLabel());
                }
            }
        }
        assertThat(problems).isEmpty();
    }
}
