package org.rnn4j.cli;

import java.nio.file.Path;
import org.rnn4j.train.RunFiles;
import picocli.CommandLine.Option;

/** The options every training command takes for its checkpoints and logs. */
final class TrainingFilesOptions {
    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "write checkpoints (weights, optimizer, schedule, position) to "
            + "this folder, atomically; a run there is continued with --resume")
    Path checkpointDir;
    @Option(names = "--checkpoint-every", paramLabel = "STEPS", defaultValue = "0", description = "steps between checkpoints; 0 = at the "
            + "end of each epoch (default: ${DEFAULT-VALUE})")
    int checkpointEvery;
    @Option(names = "--resume", description = "continue the run checkpointed in --checkpoint-dir exactly where it "
            + "stopped")
    boolean resume;
    @Option(names = "--log-csv", paramLabel = "FILE.csv", description = "write the training and validation curves to this CSV file "
            + "(a resumed run appends)")
    Path logCsv;

    RunFiles runFiles(int logEvery) {
        return RunFiles.NONE.withCheckpoints(checkpointDir, checkpointEvery).withResume(resume)
                .withCsvLog(logCsv, logEvery);
    }
}
