package org.rnn4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A usage error (unknown option, missing or malformed value) as a command-line tool reports one: the error in one
 * line, picocli's suggestion for a misspelt option when it has one, and where the help is, not the whole help
 * (which buried the error under 85-108 lines). Exit code 2.
 */
final class UsageErrorReporter implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        err.println(name + ": " + OptionNames.inFlags(ex.getMessage()));
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Run '" + name + " --help' for its options and examples.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}
