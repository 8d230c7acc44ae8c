package org.rnn4j.forecast;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What is done to the series before anything else. */
public enum Transform {
    /** The series as it is. */
    NONE("none"),
    /** The natural log: for positive series whose seasonal swing grows with the level (multiplicative). */
    LOG("log");

    private final String id;

    Transform(String id) {
        this.id = id;
    }

    /** The name in model files and on the command line. */
    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static Transform fromId(String id) {
        for (Transform t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("ForecasterSpec.transform must be none or log, got '" + id + "'");
    }
}
