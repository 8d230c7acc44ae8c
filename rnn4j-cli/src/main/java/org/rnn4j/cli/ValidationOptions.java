package org.rnn4j.cli;

import picocli.CommandLine.Option;

/**
 * How much of the training data the application training commands hold out for validation, and how often they
 * validate. Each command keeps its own default fraction, given when it creates the mixin; picocli reads it from the
 * field and shows it in {@code --help}.
 */
final class ValidationOptions {
    @Option(names = "--validation-fraction", paramLabel = "F", description = "the fraction of the training data held "
            + "out for the validation loss: the end of a text, stratified rows of a table, random pairs of the training "
            + "books (default: ${DEFAULT-VALUE})")
    double fraction;
    @Option(names = "--validate-every", paramLabel = "STEPS", description = "steps between validations; 0 = at the "
            + "end of each epoch (default: ${DEFAULT-VALUE})")
    int every;

    private ValidationOptions(double fraction, int every) {
        this.fraction = fraction;
        this.every = every;
    }

    /** The mixin with a command's own default fraction, validating at the end of each epoch. */
    static ValidationOptions withDefaults(double fraction) {
        return new ValidationOptions(fraction, 0);
    }
}
