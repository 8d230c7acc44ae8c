package org.rnn4j.text;

/** Line and column of a place in a text, for messages; computed only when a message needs them. */
final class TextPositions {
    private TextPositions() {
    }

    /**
     * {@code at line 3, column 7}: lines split at {@code '\n'}, both counted from 1, the column in code points (so
     * that it matches what an editor shows for text outside the Basic Multilingual Plane).
     *
     * @param offset a UTF-16 index into {@code text}
     */
    static String at(String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "at line " + line + ", column " + (text.codePointCount(lineStart, offset) + 1);
    }

    /** The id of {@code token} found at {@code offset} of {@code text}, with its place in the error message. */
    static int id(Vocabulary vocabulary, String token, String text, int offset) {
        var found = vocabulary.find(token);
        if (found.isPresent()) {
            return found.getAsInt();
        }
        return vocabulary.id(token, at(text, offset)); // the unknown id, or the error naming the place
    }
}
