package org.rnn4j.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a training command keeps its files: checkpoints (in a folder, as {@value #CHECKPOINT_NAME}), whether to
 * resume from one, and a CSV log of the curves.
 *
 * @param checkpointDir   the folder for checkpoints, created if missing; null = no checkpoints
 * @param checkpointEvery steps between checkpoints; 0 = at each epoch's end (and always at the end of training)
 * @param resume          continue the run whose checkpoint is in {@code checkpointDir}
 * @param csvLog          the CSV log file, or null
 * @param logEvery        steps per training row of the CSV log
 */
public record RunFiles(Path checkpointDir, int checkpointEvery, boolean resume, Path csvLog, int logEvery) {
    public static final String CHECKPOINT_NAME = "checkpoint.safetensors";
    public static final RunFiles NONE = new RunFiles(null, 0, false, null, 1);

    public RunFiles {
        if (resume && checkpointDir == null) {
            throw new IllegalArgumentException("RunFiles.resume needs RunFiles.checkpointDir: the folder of the run to"
                    + " continue");
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("RunFiles.checkpointEvery must be 0 (each epoch) or positive, got "
                    + checkpointEvery);
        }
        if (logEvery < 1) {
            throw new IllegalArgumentException("RunFiles.logEvery must be at least 1, got " + logEvery);
        }
    }

    /** Checkpoints into {@code folder} (null = none), every {@code every} steps (0 = at each epoch's end). */
    public RunFiles withCheckpoints(Path folder, int every) {
        return new RunFiles(folder, every, resume, csvLog, logEvery);
    }

    /** Whether to continue the run checkpointed in the checkpoint folder. */
    public RunFiles withResume(boolean value) {
        return new RunFiles(checkpointDir, checkpointEvery, value, csvLog, logEvery);
    }

    /** The CSV log file (null = none), one training row per {@code every} steps. */
    public RunFiles withCsvLog(Path file, int every) {
        return new RunFiles(checkpointDir, checkpointEvery, resume, file, every);
    }

    /** The checkpoint file, or null. */
    public Path checkpointFile() {
        return checkpointDir == null ? null : checkpointDir.resolve(CHECKPOINT_NAME);
    }

    /** {@code options} with this checkpoint file and frequency. */
    public TrainerOptions applyTo(TrainerOptions options) {
        return options.withCheckpoints(checkpointFile(), checkpointEvery);
    }

    /**
     * Prepares the files before training: creates the checkpoint folder, refuses to start a fresh run over an
     * existing checkpoint (which it would overwrite) unless resuming, resumes, and adds the CSV log.
     */
    public <B> Trainer<B> prepare(Trainer<B> trainer) {
        if (checkpointDir != null) {
            try {
                Files.createDirectories(checkpointDir);
            } catch (IOException e) {
                throw new UncheckedIOException("could not create the checkpoint folder " + checkpointDir + ": "
                        + e.getMessage(), e);
            }
            Path file = checkpointFile();
            if (resume) {
                if (!Files.exists(file)) {
                    throw new IllegalArgumentException("nothing to resume: " + file + " does not exist");
                }
                trainer.resume(file);
            } else if (Files.exists(file)) {
                throw new IllegalArgumentException(file + " already holds a checkpoint: continue that run with"
                        + " RunFiles.resume, or choose another RunFiles.checkpointDir");
            }
        }
        if (csvLog != null) {
            trainer.addListener(new CsvLog(csvLog, logEvery));
        }
        return trainer;
    }
}
