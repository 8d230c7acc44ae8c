package org.rnn4j.cli;

import java.util.concurrent.Callable;
import org.rnn4j.examples.ClassicRnnExamples;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Runs {@link ClassicRnnExamples}: the true output and state shapes of SimpleRNN, LSTM and bidirectional LSTM. */
@Command(name = "examples", mixinStandardHelpOptions = true,
        description = "Shows the true output and state shapes of SimpleRNN, LSTM and bidirectional LSTM layers"
                + " (the classic RNN explainer's examples, corrected).")
public final class ExamplesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ClassicRnnExamples.run(spec.commandLine().getOut());
        return 0;
    }
}
