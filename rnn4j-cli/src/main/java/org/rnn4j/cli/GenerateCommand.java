package org.rnn4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.rnn4j.text.LanguageModel;
import org.rnn4j.text.Sampler;
import org.rnn4j.text.UnknownTokenException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rnn4j generate}: samples text from a language model, printing it as it is generated. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generates text from a language model trained by train-lm, streaming it as it comes.",
        footer = {
                "",
                "Temperature 0 is greedy (always the likeliest token); below 1 is safer, above",
                "1 wilder.",
                "",
                "Examples:",
                "  rnn4j generate --model austen.safetensors --prime \"It is a truth\" \\",
                "        --length 400",
                "  rnn4j generate --model moby.safetensors --temperature 0.7 --top-p 0.9 \\",
                "        --seed 3"})
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", required = true, description = "a model written by train-lm")
    Path model;
    @Option(names = "--prime", paramLabel = "TEXT", defaultValue = "", description = "text to start from (default: a line break)")
    String prime;
    @Option(names = "--length", paramLabel = "N", defaultValue = "500", description = "tokens to generate (default: ${DEFAULT-VALUE})")
    int length;
    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.8", description = "softmax temperature; 0 = greedy (default: "
            + "${DEFAULT-VALUE})")
    double temperature;
    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0", description = "sample among the k likeliest only; 0 = all "
            + "(default: ${DEFAULT-VALUE})")
    int topK;
    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1.0", description = "nucleus sampling: the likeliest tokens whose "
            + "probabilities sum to p (default: ${DEFAULT-VALUE})")
    double topP;
    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "random seed of the sampling (default: "
            + "${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Sampler sampler = new Sampler(temperature, topK, topP);
        if (length < 0) {
            throw new IllegalArgumentException("--length must be 0 or more, got " + length);
        }
        LanguageModel lm = LanguageModel.load(model);
        try {
            lm.encode(prime);
        } catch (UnknownTokenException e) {
            throw new IllegalArgumentException("--prime: " + e.getMessage());
        }
        long unknown = lm.unknownCount(prime);
        if (unknown > 0) {
            spec.commandLine().getErr().printf("rnn4j: --prime has %d %s%s that %s never saw in training, read as"
                    + " <unk>%n", unknown, lm.vocabulary().unit().noun(), unknown == 1 ? "" : "s", model);
        }
        out.print(prime);
        out.flush();
        lm.generate(prime, length, sampler, new SplittableRandom(seed), piece -> {
            out.print(piece);
            out.flush();
        });
        out.println();
        out.flush();
        return 0;
    }
}
