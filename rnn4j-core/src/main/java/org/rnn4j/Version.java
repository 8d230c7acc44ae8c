package org.rnn4j;

/** The library's version, written into every model file's provenance. */
public final class Version {
    public static final String VERSION = "0.1.0";

    private Version() {
    }
}
