package org.rnn4j.cli;

import picocli.CommandLine.Option;

/**
 * The optimiser's options that every training command takes: batch size, Adam's learning rate and gradient
 * clipping. Each command keeps its own defaults, given when it creates the mixin; picocli reads them from the fields
 * and shows them in {@code --help}.
 */
final class OptimizerOptions {
    @Option(names = "--batch", paramLabel = "B", description = "examples per step (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--lr", paramLabel = "RATE", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
    double learningRate;
    @Option(names = "--clip-norm", paramLabel = "NORM", description = "clip the global gradient norm; 0 = off "
            + "(default: ${DEFAULT-VALUE})")
    double clipNorm;

    private OptimizerOptions(int batch, double learningRate, double clipNorm) {
        this.batch = batch;
        this.learningRate = learningRate;
        this.clipNorm = clipNorm;
    }

    /** The mixin with a command's own defaults. */
    static OptimizerOptions withDefaults(int batch, double learningRate, double clipNorm) {
        return new OptimizerOptions(batch, learningRate, clipNorm);
    }
}
