package org.rnn4j.tensor;

/** Shape formatting and checks that produce the library's "expected vs got" messages. */
public final class Shapes {
    private Shapes() {
    }

    /** The number of elements of a shape: the product of its dimensions (1 for a scalar's empty shape). */
    public static long elementCount(int... shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** {@code (2, 3, 4)}, as Python prints a shape. */
    public static String format(int... shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        if (shape.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }

    /**
     * Checks that {@code t} has the expected shape; a negative expected dimension matches any size.
     *
     * @param where who is checking, e.g. "Lstm(input 8, hidden 16) input"
     * @param expectedText the expected shape in letters, e.g. "(B, T, 8)"
     */
    public static void check(Tensor t, String where, String expectedText, int... expected) {
        if (!matches(t, expected)) {
            throw new ShapeException(where + ": expected shape " + expectedText + ", got " + t.shapeString());
        }
    }

    /**
     * Whether {@code t} has the expected shape, as {@link #check} asks; for a caller on a hot path that composes
     * check's message only when the shape is wrong.
     */
    public static boolean matches(Tensor t, int... expected) {
        boolean ok = t.rank() == expected.length;
        for (int i = 0; ok && i < expected.length; i++) {
            ok = expected[i] < 0 || expected[i] == t.dim(i);
        }
        return ok;
    }
}
