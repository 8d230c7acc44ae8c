package org.rnn4j.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * A partition's scored rows, made lazily a batch at a time (so a partition is never all in memory), each an input
 * row with the scorer's values appended. When the input runs out, {@code whenDone} runs once: the scorer gives its
 * model back to the worker's pool.
 */
abstract class ScoredRows implements Iterator<Row> {
    private final Runnable whenDone;
    private List<Row> ready = List.of();
    private int next;
    private boolean done;

    ScoredRows(Runnable whenDone) {
        this.whenDone = whenDone;
    }

    /** The next batch of scored rows, in input order; empty when the input has no more. */
    abstract List<Row> nextBatch();

    @Override
    public boolean hasNext() {
        if (next < ready.size()) {
            return true;
        }
        if (done) {
            return false;
        }
        ready = nextBatch();
        next = 0;
        if (ready.isEmpty()) {
            done = true;
            whenDone.run();
        }
        return !ready.isEmpty();
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.get(next++);
    }

    /** {@code row}'s values followed by {@code added}. */
    static Row appended(Row row, Object... added) {
        Object[] values = new Object[row.length() + added.length];
        for (int c = 0; c < row.length(); c++) {
            values[c] = row.get(c);
        }
        System.arraycopy(added, 0, values, row.length(), added.length);
        return RowFactory.create(values);
    }

    /** Up to {@code count} more items of {@code input}. */
    static <T> List<T> take(Iterator<T> input, int count) {
        List<T> items = new ArrayList<>(count);
        while (items.size() < count && input.hasNext()) {
            items.add(input.next());
        }
        return items;
    }
}
