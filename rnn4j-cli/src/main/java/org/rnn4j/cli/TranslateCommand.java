package org.rnn4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rnn4j.io.AtomicFiles;
import org.rnn4j.io.TextFiles;
import org.rnn4j.seq2seq.Translator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rnn4j translate}: translates sentences with a model written by {@code train-translator}. */
@Command(name = "translate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Translates sentences given as arguments, or a file of one sentence per line, with a model "
                + "written by train-translator. Prints one translation per line.",
        footer = {
                "",
                "Examples:",
                "  rnn4j translate --model en-es.safetensors \\",
                "        \"In the beginning God created the heaven and the earth.\"",
                "  rnn4j translate --model en-es.safetensors --beam 1 --input verses.txt \\",
                "        --output verses.es.txt"})
final class TranslateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL", description = "the translator model file")
    Path model;
    @Parameters(arity = "0..*", paramLabel = "SENTENCE", description = "sentences to translate")
    List<String> sentences;
    @Option(names = "--input", paramLabel = "FILE", description = "translate each line of this UTF-8 text file")
    Path input;
    @Option(names = "--output", paramLabel = "FILE", description = "write the translations here, one per line "
            + "(default: standard output)")
    Path output;
    @Mixin
    DecodeOptionsMixin decode;
    @Option(names = "--overwrite", description = "replace output files that exist (otherwise an existing file is"
            + " an error)")
    boolean overwrite;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean given = sentences != null && !sentences.isEmpty();
        if (given == (input != null)) {
            throw new IllegalArgumentException(given ? "give sentences or --input FILE, not both"
                    : "nothing to translate: give a sentence in quotes, or --input FILE");
        }
        decode.options(); // bad search options are refused before any file is read
        InputFiles.requireReadableFile("--model", model);
        if (output != null) {
            new OutputFiles().input("--model", model).input("--input", input).output("--output", output)
                    .overwrite(overwrite).check();
        }
        List<String> lines = new ArrayList<>();
        if (input != null) {
            InputFiles.requireReadableFile("--input", input);
            String text = TextFiles.read(input);
            lines.addAll(List.of(text.split("\r?\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1); // the file's final line break
            }
        } else {
            lines.addAll(sentences);
        }
        Translator translator = Translator.load(model).translator();
        List<String> translated = translator.translate(lines, decode.options(translator)).stream().map(Translator.Translation::text)
                .toList();
        if (output != null) {
            AtomicFiles.write(output, stream -> stream.write((String.join("\n", translated) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } else {
            translated.forEach(out::println);
            out.flush();
        }
        return 0;
    }
}
