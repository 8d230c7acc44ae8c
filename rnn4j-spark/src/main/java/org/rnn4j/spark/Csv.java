package org.rnn4j.spark;

import java.util.List;

/** CSV lines as {@code rnn4j classify --output} writes them. */
final class Csv {
    private Csv() {
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
    static String line(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            boolean quote = f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0;
            line.append(i == 0 ? "" : ",").append(quote ? "\"" + f.replace("\"", "\"\"") + "\"" : f);
        }
        return line.append('\n').toString();
    }
}
