package org.rnn4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rnn4j.metrics.ClassificationMetrics;
import org.rnn4j.text.LabelledTexts;
import org.rnn4j.text.TextClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rnn4j eval-classifier}: accuracy, macro-F1 and the confusion matrix of a text classifier on labelled data. */
@Command(name = "eval-classifier", header = "Scores a text classifier on labelled texts: accuracy, macro-F1, confusion matrix.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scores a model written by train-classifier on labelled texts (CSV or TSV):",
                "accuracy, macro-F1 (scikit-learn's definitions), per-class precision, recall",
                "and F1, and the confusion matrix (true classes down, predicted across)."},
        footer = {"", "Last line: accuracy=... macro_f1=...", "",
                "Examples:",
                "  rnn4j eval-classifier --model imdb.safetensors --data imdb-50k.tsv.gz \\",
                "        --split-column split",
                "  rnn4j eval-classifier --model pl.safetensors --data held-out.csv \\",
                "        --columns label,text --json"})
final class EvalClassifierCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", required = true, description = "a model written by train-classifier")
    Path model;
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "labelled texts, CSV or TSV, "
            + "labelled as the training data were")
    Path data;
    @Mixin
    TextColumnsOptions columns;
    @Option(names = "--batch", paramLabel = "B", defaultValue = "64", description = "texts per batch (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--json", description = "print the summary as one JSON object")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        InputFiles.requireReadableFile("--model", model);
        TextClassifier classifier = TextClassifier.load(model);
        LabelledTexts texts = columns.read("--data", data, "test", true);
        long started = System.nanoTime();
        TextClassifier.Evaluation evaluation;
        try {
            evaluation = classifier.evaluate(texts.examples(), batch,
                    WorkProgress.forConsole(spec.commandLine().getErr(), "evaluating", texts.size(), "texts"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(data + " " + e.getMessage(), e); // "FILE line 2: label …"
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        ClassificationMetrics metrics = evaluation.metrics();
        List<String> labels = classifier.labels();
        if (!json) {
            int width = Math.max(5, labels.stream().mapToInt(String::length).max().orElse(5));
            out.printf(Locale.ROOT, "%-" + width + "s  precision  recall      f1  support%n", "class");
            for (int c = 0; c < labels.size(); c++) {
                out.printf(Locale.ROOT, "%-" + width + "s  %9.4f  %6.4f  %6.4f  %7d%n", labels.get(c),
                        metrics.precision(c), metrics.recall(c), metrics.f1(c), metrics.support(c));
            }
            out.println();
            out.print(metrics.confusionTable(labels));
            out.println();
        }
        List<List<Long>> confusion = new ArrayList<>();                    // rows: true class, columns: predicted
        for (long[] row : metrics.confusionMatrix()) {
            confusion.add(Arrays.stream(row).boxed().toList());
        }
        new RunSummary().row("model", model).row("data", data).row("texts", texts.size())
                .row("classes", labels).row("confusion", confusion)
                .row("loss", evaluation.loss()).row("seconds", seconds)
                .headline("accuracy", metrics.accuracy()).headline("macro_f1", metrics.macroF1())
                .print(out, json);
        return 0;
    }
}
