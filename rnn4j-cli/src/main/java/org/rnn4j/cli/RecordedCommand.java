package org.rnn4j.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * The command line a trained model's provenance records, the same form for every training command: {@code rnn4j}
 * and the arguments as typed ({@code rnn4j train-lm --text moby.txt --hidden 128 …}), so the run can be repeated.
 */
final class RecordedCommand {
    private RecordedCommand() {
    }

    static String of(CommandSpec spec) {
        return "rnn4j " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }
}
