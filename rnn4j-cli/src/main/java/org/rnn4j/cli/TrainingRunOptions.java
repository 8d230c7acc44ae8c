package org.rnn4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.rnn4j.train.RunFiles;
import org.rnn4j.train.TrainerOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What every application training command ({@code train-lm}, {@code train-classifier}, …) takes besides its own
 * options: the model file to write, limits, seed, output style, checkpoints and logs. By default the CSV log and
 * the loss chart go beside the model: {@code model.safetensors} → {@code model.log.csv}, {@code model.loss.png}.
 */
final class TrainingRunOptions {
    @Option(names = {"-o", "--out"}, required = true, paramLabel = "MODEL", description = "the model file to write "
            + "(.safetensors)")
    Path out;
    @Option(names = "--overwrite", description = "replace MODEL if it exists (otherwise an existing file is an error)")
    boolean overwrite;
    @Option(names = "--max-minutes", paramLabel = "MINUTES", defaultValue = "10", description = "training time at most (default: "
            + "${DEFAULT-VALUE})")
    double maxMinutes;
    /*
     * Its default is the field's initial value, which a command may set ({@link #withMaxEpochs}), not a
     * defaultValue, which picocli would apply over it.
     */
    @Option(names = "--max-epochs", paramLabel = "N", description = "passes over the training data at most "
            + "(default: ${DEFAULT-VALUE})")
    int maxEpochs = 20;
    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "random seed of weights, order and dropout (default: "
            + "${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--quiet", description = "print only the final summary")
    boolean quiet;
    @Option(names = "--json", description = "print the final summary as one JSON object (for scripts)")
    boolean json;
    @Option(names = "--chart", paramLabel = "FILE.png", description = "the PNG chart of training and validation loss (default: MODEL with "
            + ".loss.png)")
    Path chart;
    @Mixin
    TrainingFilesOptions files;

    /** The options with another default for --max-epochs than 20. */
    static TrainingRunOptions withMaxEpochs(int maxEpochs) {
        TrainingRunOptions options = new TrainingRunOptions();
        options.maxEpochs = maxEpochs;
        return options;
    }

    /**
     * Refuses, before any work, to overwrite a model, or to write any output (the model, the chart, the CSV log,
     * the checkpoints) into a folder that does not exist or cannot be written: found after training, such a
     * folder would cost the run.
     */
    void checkOutputs() {
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException(out + ": is a folder; give the model file's name, e.g. "
                    + out.resolve("model.safetensors"));
        }
        if (Files.exists(out) && !overwrite && !files.resume) {
            throw new IllegalArgumentException(out + " exists: pass --overwrite to replace it, or choose another --out");
        }
        OutputFolders.checkFileCanBeWritten("--out", out);
        OutputFolders.checkFileCanBeWritten(chart != null ? "--chart" : "--chart (from --out)", chartFile());
        OutputFolders.checkFileCanBeWritten(files.logCsv != null ? "--log-csv" : "--log-csv (from --out)", csvFile());
        if (files.checkpointDir != null) {
            OutputFolders.checkFolderCanBeWritten("--checkpoint-dir", files.checkpointDir);
        }
    }

    Path chartFile() {
        return chart != null ? chart : sibling(".loss.png");
    }

    Path csvFile() {
        return files.logCsv != null ? files.logCsv : sibling(".log.csv");
    }

    private Path sibling(String suffix) {
        String name = out.getFileName().toString();
        String stem = name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
        return out.resolveSibling(stem + suffix);
    }

    RunFiles runFiles(int logEvery) {
        return files.runFiles(logEvery).withCsvLog(csvFile(), logEvery);
    }

    TrainerOptions trainerOptions() {
        return TrainerOptions.defaults().withMaxEpochs(maxEpochs).withMaxMinutes(maxMinutes).withSeed(seed);
    }
}
