package org.rnn4j.spark;

/**
 * A sequence cell that the model cannot read, named by its row (1-based, in the input's order) and column. It is
 * thrown by a Spark task, so a job that fails because of it reports it; {@link #in} finds it in that report.
 */
public final class BadSequenceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private static final String NAME = BadSequenceException.class.getName() + ": ";

    BadSequenceException(long row, String column, String problem) {
        this("row " + row + ", column '" + column + "': " + problem.strip().replaceAll("\\s*\\R\\s*", " "));
    }

    private BadSequenceException(String message) {
        super(message);
    }

    /**
     * The bad sequence that made {@code failure} (a Spark job's exception) happen, or null when it was not one.
     * Spark reports a failed task by its exception's text (the job's exception does not always hold the task's as
     * a cause), so that text is read back: the first line after the exception's class name, which is the message.
     */
    public static BadSequenceException in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BadSequenceException bad) {
                return bad;
            }
            String text = t.getMessage();
            int at = text == null ? -1 : text.indexOf(NAME);
            if (at >= 0) {
                return new BadSequenceException(text.substring(at + NAME.length()).lines().findFirst().orElse(""));
            }
        }
        return null;
    }
}
