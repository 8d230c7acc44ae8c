package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every example in every command's help pastes and runs as written: no example line is wrapped by the help's
 * width, none names a path outside the repository, and each parses (run with {@code --help} appended, so that
 * its options are checked without reading its files).
 */
class HelpExamplesTest {
    private static final int WIDTH = 80; // picocli's usage width: a longer footer line would be wrapped

    /** Each subcommand's footer lines, by name. */
    private static Map<String, String[]> footers() {
        Map<String, String[]> all = new java.util.TreeMap<>();
        collect(Rnn4jCommand.newCommandLine(), all);
        return all;
    }

    private static void collect(CommandLine command, Map<String, String[]> into) {
        for (CommandLine sub : command.getSubcommands().values()) {
            into.put(sub.getCommandSpec().qualifiedName(), sub.getCommandSpec().usageMessage().footer());
            collect(sub, into);
        }
    }

    /** The example commands of a footer: lines starting "rnn4j ", joined over trailing backslashes. */
    static List<String> examples(String[] footer) {
        List<String> commands = new ArrayList<>();
        StringBuilder current = null;
        for (String raw : footer) {
            String line = raw.strip();
            if (current == null && line.startsWith("rnn4j ")) {
                current = new StringBuilder();
            }
            if (current != null) {
                boolean continues = line.endsWith("\\");
                current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
                if (!continues) {
                    commands.add(current.toString().strip());
                    current = null;
                }
            }
        }
        return commands;
    }

    /** Splits a command line as a shell does for words and double or single quotes. */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    @Test
    void noExampleLineIsWrappedAndNoneLeavesTheRepository() {
        List<String> problems = new ArrayList<>();
        footers().forEach((name, footer) -> {
            for (String line : footer) {
                if (line.length() > WIDTH - 2) {
                    problems.add(name + ": " + line.length() + " characters: " + line);
                }
                if (line.contains("../")) {
                    problems.add(name + ": a path outside the repository: " + line);
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyExampleParsesAsWritten() {
        List<String> problems = new ArrayList<>();
        int count = 0;
        for (String[] footer : footers().values()) {
            for (String example : examples(footer)) {
                List<String> args = new ArrayList<>(words(example).subList(1, words(example).size()));
                args.add("--help");
                CliTesting.Result r = CliTesting.run(args.toArray());
                count++;
                if (r.exitCode() != 0) {
                    problems.add(example + " -> exit " + r.exitCode() + ": " + r.err().strip());
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(count).as("examples found").isGreaterThan(20);
    }
}
