package org.rnn4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rnn4j.io.TextFiles;
import org.rnn4j.text.LanguageModel;
import org.rnn4j.text.UnknownTokenException;
import org.rnn4j.text.Vocabulary;
import org.rnn4j.train.Score;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rnn4j eval-lm}: how well a language model predicts a text. */
@Command(name = "eval-lm", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Scores a text with a language model: the mean next-token cross-entropy.",
        footer = {
                "",
                "Last line: loss=... (nats per token) bpc=... (bits per character; character",
                "models) perplexity=...",
                "",
                "Example:",
                "  rnn4j eval-lm --model moby.safetensors --text held-out.txt"})
final class EvalLmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", required = true, description = "a model written by train-lm")
    Path model;
    @Option(names = "--text", paramLabel = "FILE", required = true, description = "the text to score, UTF-8 (.gz allowed)")
    Path text;
    @Option(names = "--batch", paramLabel = "B", defaultValue = "32", description = "parallel streams (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--window", paramLabel = "N", defaultValue = "100", description = "steps per window; the state is carried across "
            + "(default: ${DEFAULT-VALUE})")
    int window;
    @Option(names = "--json", description = "print the summary as one JSON object")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (batch < 1 || window < 1) {
            throw new IllegalArgumentException("--batch and --window must be at least 1");
        }
        LanguageModel lm = LanguageModel.load(model);
        int[] ids;
        String content = TextFiles.read(text);
        try {
            ids = lm.encode(content);
        } catch (UnknownTokenException e) {
            throw new IllegalArgumentException(text + ": " + e.getMessage());
        }
        if (ids.length < 2) {
            throw new IllegalArgumentException(text + ": one token is nothing to predict; give a longer text");
        }
        String unit = lm.vocabulary().unit().noun() + "s";
        Score score = lm.evaluate(ids, batch, window,
                WorkProgress.forConsole(spec.commandLine().getErr(), "scoring", ids.length - 1, unit));
        RunSummary summary = new RunSummary().row("model", model).row("text", text)
                .row("tokens", score.count()).row("unknown_" + unit, lm.unknownCount(content))
                .headline("loss", score.loss());
        if (lm.vocabulary().unit() == Vocabulary.Unit.CHARACTER) {
            summary.headline("bpc", score.loss() / Math.log(2));
        }
        summary.headline("perplexity", Math.exp(score.loss()));
        summary.print(out, json);
        return 0;
    }
}
