package org.rnn4j.io;

import java.time.Instant;

/**
 * Where a model came from, stored in its file so that a result can be traced and repeated.
 *
 * @param rnn4jVersion the library version that wrote the file
 * @param created      ISO-8601 time of writing
 * @param seed         the random seed of initialisation and training, or null
 * @param dataSha256   SHA-256 of the training data, or null
 * @param command      the command line or program that made the model, or null
 */
public record Provenance(String rnn4jVersion, String created, Long seed, String dataSha256, String command) {

    public static Provenance now(Long seed, String dataSha256, String command) {
        return new Provenance(org.rnn4j.Version.VERSION, Instant.now().toString(), seed, dataSha256, command);
    }
}
