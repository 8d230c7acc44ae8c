package org.rnn4j.cli;

import picocli.CommandLine.Option;

/**
 * The recurrent stack's options that the application training commands share: cell, width, depth and dropout. Each
 * command keeps its own defaults, given when it creates the mixin; picocli reads them from the fields and shows them
 * in {@code --help}. The embedding size stays with the commands that read tokens.
 */
final class ArchitectureOptions {
    @Option(names = "--cell", paramLabel = "CELL", description = CliValues.CELL_NAMES + " (default: ${DEFAULT-VALUE})")
    String cell;
    @Option(names = "--hidden", paramLabel = "H", description = "hidden units (per direction, when bidirectional) "
            + "(default: ${DEFAULT-VALUE})")
    int hidden;
    @Option(names = "--layers", paramLabel = "L", description = "stacked layers (default: ${DEFAULT-VALUE})")
    int layers;
    @Option(names = "--dropout", paramLabel = "P", description = "dropout between layers, and on a classifier's pooled "
            + "vector (default: ${DEFAULT-VALUE})")
    float dropout;

    private ArchitectureOptions(String cell, int hidden, int layers, float dropout) {
        this.cell = cell;
        this.hidden = hidden;
        this.layers = layers;
        this.dropout = dropout;
    }

    /** The mixin with a command's own defaults. */
    static ArchitectureOptions withDefaults(String cell, int hidden, int layers, float dropout) {
        return new ArchitectureOptions(cell, hidden, layers, dropout);
    }
}
