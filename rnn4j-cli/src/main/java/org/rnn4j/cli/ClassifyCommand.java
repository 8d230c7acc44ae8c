package org.rnn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnn4j.data.DelimitedFile;
import org.rnn4j.io.AtomicFiles;
import org.rnn4j.io.TextFiles;
import org.rnn4j.text.LabelledTexts;
import org.rnn4j.text.TextClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rnn4j classify}: the label and class probabilities of texts, with a model from train-classifier. */
@Command(name = "classify", header = "Classifies texts with a model written by train-classifier.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classifies texts with a model written by train-classifier: for each text its",
                "label, that label's probability and every class's probability. Texts come from",
                "the command line, or from --input: a .csv/.tsv file (its --text-column) or any",
                "other file as one text per line (empty lines skipped)."},
        footer = {
                "",
                "Output: one line per text, tab-separated: label, probability,",
                "class=probability ..., text (cut to 60 characters); --json: one JSON object",
                "per line; --output: a CSV file with the columns text, label, probability and",
                "p_<class> per class, written atomically.",
                "",
                "Examples:",
                "  rnn4j classify --model imdb.safetensors \\",
                "        \"A moving, beautifully acted film.\" \\",
                "                 \"Dull and far too long.\"",
                "  rnn4j classify --model imdb.safetensors --input reviews.txt \\",
                "                 --output predictions.csv",
                "  rnn4j classify --model pl.safetensors --input new.csv --columns label,text \\",
                "                 --json"})
final class ClassifyCommand implements Callable<Integer> {
    private static final int SHOWN = 60;

    @Spec
    CommandSpec spec;
    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", required = true, description = "a model written by train-classifier")
    Path model;
    @Parameters(arity = "0..*", paramLabel = "TEXT", description = "texts to classify")
    List<String> texts;
    @Option(names = "--input", paramLabel = "FILE", description = "texts to classify: a CSV/TSV file (see "
            + "--text-column) or one text per line")
    Path input;
    @Mixin
    TextColumnsOptions columns;
    @Option(names = "--output", paramLabel = "FILE.csv", description = "write the predictions to this CSV file "
            + "instead of printing them")
    Path output;
    @Option(names = "--overwrite", description = "replace output files that exist (otherwise an existing file is"
            + " an error)")
    boolean overwrite;
    @Option(names = "--batch", paramLabel = "B", defaultValue = "64", description = "texts per batch (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--json", description = "print one JSON object per text")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if ((texts == null || texts.isEmpty()) == (input == null)) {
            throw new IllegalArgumentException(input == null ? "nothing to classify: give texts as arguments, or "
                    + "--input FILE" : "give texts as arguments or --input FILE, not both");
        }
        if (output != null) {
            new OutputFiles().input("--model", model).input("--input", input).output("--output", output)
                    .overwrite(overwrite).check();
        }
        InputFiles.requireReadableFile("--model", model);
        TextClassifier classifier = TextClassifier.load(model);
        List<String> all = input == null ? texts : readInput();
        List<TextClassifier.Prediction> predictions = classifier.predict(all, batch);
        List<String> labels = classifier.labels();
        if (output != null) {
            writeCsv(all, predictions, labels);
            Map<String, Integer> counts = new LinkedHashMap<>();
            labels.forEach(l -> counts.put(l, 0));
            predictions.forEach(p -> counts.merge(p.label(), 1, Integer::sum));
            List<String> parts = new ArrayList<>();
            counts.forEach((l, n) -> parts.add(l + " " + n));
            out.printf(Locale.ROOT, "wrote %d predictions to %s (%s)%n", all.size(), output, String.join(", ", parts));
            out.flush();
            return 0;
        }
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 0; i < all.size(); i++) {
            TextClassifier.Prediction p = predictions.get(i);
            if (json) {
                ObjectNode node = mapper.createObjectNode();
                node.put("text", all.get(i));
                node.put("label", p.label());
                node.put("probability", p.probability());
                ObjectNode probabilities = node.putObject("probabilities");
                for (int k = 0; k < labels.size(); k++) {
                    probabilities.put(labels.get(k), p.probabilities()[k]);
                }
                out.println(node);
            } else {
                StringBuilder line = new StringBuilder(p.label()).append('\t')
                        .append(String.format(Locale.ROOT, "%.4f", p.probability())).append('\t');
                for (int k = 0; k < labels.size(); k++) {
                    line.append(k == 0 ? "" : " ").append(labels.get(k)).append('=')
                            .append(String.format(Locale.ROOT, "%.4f", p.probabilities()[k]));
                }
                out.println(line.append('\t').append(excerpt(all.get(i))));
            }
        }
        out.flush();
        return 0;
    }

    private List<String> readInput() {
        InputFiles.requireReadableFile("--input", input);
        String name = input.getFileName().toString().toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
        if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".tab")) {
            return LabelledTexts.read(input, columns.columns(null, false)).texts();
        }
        List<String> lines = new ArrayList<>();
        for (String line : TextFiles.read(input).split("\\R")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(input + ": has only empty lines; expected one text per line");
        }
        return lines;
    }

    private void writeCsv(List<String> all, List<TextClassifier.Prediction> predictions, List<String> labels) {
        AtomicFiles.write(output, stream -> {
            Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            List<String> header = new ArrayList<>(List.of("text", "label", "probability"));
            labels.forEach(l -> header.add("p_" + l));
            w.write(DelimitedFile.csvLine(header));
            for (int i = 0; i < all.size(); i++) {
                TextClassifier.Prediction p = predictions.get(i);
                List<String> fields = new ArrayList<>(List.of(all.get(i), p.label(),
                        String.format(Locale.ROOT, "%.6f", p.probability())));
                for (float q : p.probabilities()) {
                    fields.add(String.format(Locale.ROOT, "%.6f", q));
                }
                w.write(DelimitedFile.csvLine(fields));
            }
            w.flush();
        });
    }


    private static String excerpt(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= SHOWN ? flat : flat.substring(0, SHOWN - 3) + "...";
    }
}
