package org.rnn4j.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rnn4j.io.AtomicFiles;
import org.rnn4j.metrics.Bleu;
import org.rnn4j.seq2seq.DecodeOptions;
import org.rnn4j.seq2seq.TranslationPairs;
import org.rnn4j.seq2seq.Translator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rnn4j eval-translator}: corpus BLEU of a translator on sentence pairs, against copying the source. */
@Command(name = "eval-translator", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Translates the source side of sentence pairs and scores the output against the target side "
                + "with corpus BLEU, exactly as sacreBLEU's defaults (13a tokenisation, mixed case, one reference).",
                "Also scores the trivial baseline that copies the source sentence unchanged.",
                "By default it evaluates on the books the model held out in training (when the file has them),"
                        + " with the model's columns."},
        footer = {
                "",
                "Last line: bleu=... copy_bleu=...",
                "",
                "Examples:",
                "  rnn4j eval-translator --model en-es.safetensors \\",
                "        --pairs bible-en-kjv_es-rv1909.tsv",
                "  rnn4j eval-translator --model en-es.safetensors --pairs pairs.tsv --all \\",
                "        --beam 1 --output hyp.txt"})
final class EvalTranslatorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL", description = "the translator model file")
    Path model;
    @Option(names = "--pairs", required = true, paramLabel = "FILE", description = "sentence pairs, a TSV or CSV file "
            + "with a header line")
    Path pairs;
    @Option(names = "--source-column", paramLabel = "C", description = "default: the model's")
    String sourceColumn;
    @Option(names = "--target-column", paramLabel = "C", description = "default: the model's")
    String targetColumn;
    @Option(names = "--ref-column", paramLabel = "C", description = "the column whose book --books picks (default: "
            + "the model's, or ref)")
    String refColumn;
    @Option(names = "--books", split = ",", paramLabel = "BOOK", description = "evaluate on these books (default: "
            + "the books the model held out)")
    List<String> books;
    @Option(names = "--all", description = "evaluate on every pair of the file")
    boolean all;
    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "evaluate on the first N pairs "
            + "only; 0 = all (default: ${DEFAULT-VALUE})")
    int limit;
    @Option(names = "--output", paramLabel = "FILE", description = "write the translations here, one per line")
    Path output;
    @Option(names = "--json", description = "print the summary as one JSON object (for scripts)")
    boolean json;
    @Mixin
    DecodeOptionsMixin decode;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (all && books != null) {
            throw new IllegalArgumentException("give --books or --all, not both");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be 0 (all) or positive, got " + limit);
        }
        decode.options(); // bad search options are refused before any file is read
        InputFiles.requireReadableFile("--model", model);
        InputFiles.requireReadableFile("--pairs", pairs);
        Translator.Loaded loaded = Translator.load(model);
        DecodeOptions options = decode.options(loaded.translator());
        Translator.TrainingData data = loaded.trainingData();
        String source = sourceColumn != null ? sourceColumn : data != null ? data.sourceColumn() : null;
        String target = targetColumn != null ? targetColumn : data != null ? data.targetColumn() : null;
        if (source == null || target == null) {
            throw new IllegalArgumentException(model + " does not name its columns: give --source-column and"
                    + " --target-column");
        }
        List<String> chosen = all ? List.of() : books != null ? books
                : data != null ? data.testBooks() : List.of();
        String reference = refColumn != null ? refColumn
                : data != null && data.referenceColumn() != null ? data.referenceColumn() : "ref";
        TranslationPairs file = TranslationPairs.read(pairs, source, target, reference, !chosen.isEmpty());
        List<TranslationPairs.Pair> evaluated = chosen.isEmpty() ? file.pairs() : file.ofBooks(chosen);
        if (limit > 0 && evaluated.size() > limit) {
            evaluated = evaluated.subList(0, limit);
        }
        String what = chosen.isEmpty() ? "all " + evaluated.size() + " pairs"
                : evaluated.size() + " pairs of " + String.join(", ", chosen)
                + (books == null ? " (held out in training)" : "");
        if (!json) {
            out.printf(Locale.ROOT, "translating %s of %s (%s)%n", what, pairs, decode.describe(options));
            out.flush();
        }
        long start = System.nanoTime();
        List<String> sources = evaluated.stream().map(TranslationPairs.Pair::source).toList();
        List<String> references = evaluated.stream().map(TranslationPairs.Pair::target).toList();
        List<String> hypotheses = loaded.translator().translate(sources, options,
                WorkProgress.forConsole(spec.commandLine().getErr(), "translating", sources.size(), "sentences")).stream()
                .map(Translator.Translation::text).toList();
        double seconds = (System.nanoTime() - start) / 1e9;
        Bleu.Score bleu = Bleu.corpus(hypotheses, references);
        Bleu.Score copy = Bleu.corpus(sources, references);
        if (output != null) {
            AtomicFiles.write(output, stream -> stream.write((String.join("\n", hypotheses) + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
        }
        RunSummary summary = new RunSummary()
                .row("model", model)
                .row("pairs", pairs)
                .row("evaluated", what)
                .row("search", decode.describe(options))
                .row("bleu_detail", bleu.toString())
                .row("copy_source_bleu_detail", copy.toString())
                .row("seconds", seconds)
                .row("sentences_per_second", evaluated.size() / Math.max(seconds, 1e-9));
        if (output != null) {
            summary.row("output", output);
        }
        summary.headline("bleu", bleu.score()).headline("copy_bleu", copy.score());
        summary.print(out, json);
        return 0;
    }
}
