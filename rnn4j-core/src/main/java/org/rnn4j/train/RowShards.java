package org.rnn4j.train;

/**
 * How a batch is cut by rows for data parallelism ({@link GradientShards}): every row is one example (a text, a
 * stream), and a batch's mean loss divides by a count proportional to its rows, so that the gradient of rows
 * [from, to) weighted by (to − from) / rows, summed over a cut, is the batch's gradient.
 */
public interface RowShards<B> {

    /** The batch's rows. */
    int rows(B batch);

    /** Rows {@code [from, to)} of {@code batch}, a batch of the same kind. */
    B rows(B batch, int from, int to);

    /** Token batches of texts (the text classifier's): a text per row. */
    RowShards<TokenBatch> TOKEN_BATCHES = new RowShards<>() {
        @Override
        public int rows(TokenBatch batch) {
            return batch.batch();
        }

        @Override
        public TokenBatch rows(TokenBatch batch, int from, int to) {
            return batch.rows(from, to);
        }
    };

    /** Windows over parallel streams (the language model's): a stream per row, its carried state with it. */
    RowShards<StreamWindows.Window> WINDOWS = new RowShards<>() {
        @Override
        public int rows(StreamWindows.Window batch) {
            return batch.batch();
        }

        @Override
        public StreamWindows.Window rows(StreamWindows.Window batch, int from, int to) {
            return batch.rows(from, to);
        }
    };
}
