package org.rnn4j.spark;

import java.io.Serializable;
import java.util.function.Function;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.text.LanguageModel;
import org.rnn4j.text.TextClassifier;
import org.rnn4j.train.Objective;
import org.rnn4j.train.RowShards;
import org.rnn4j.train.StreamWindows;
import org.rnn4j.train.TokenBatch;
import org.rnn4j.train.TokenClassification;
import org.rnn4j.train.TruncatedBptt;

/**
 * What a worker needs to compute a shard's gradient for one kind of model: how the batch is cut by rows, how a shard
 * travels (plain arrays), and how the worker builds the objective from the model file it was sent.
 */
interface ShardKind<B> extends Serializable {

    RowShards<B> cut();

    Serializable encode(B shard);

    B decode(Serializable wire);

    Objective<B> objective(byte[] modelFile);

    /** The text classifier's: token batches, softmax cross-entropy over the pooled logits. */
    ShardKind<TokenBatch> CLASSIFIER = new ShardKind<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public RowShards<TokenBatch> cut() {
            return RowShards.TOKEN_BATCHES;
        }

        @Override
        public Serializable encode(TokenBatch b) {
            return new WireTokens(b.ids(), b.batch(), b.steps(), b.mask() == null ? null : b.mask().lengths(),
                    b.labels());
        }

        @Override
        public TokenBatch decode(Serializable wire) {
            WireTokens w = (WireTokens) wire;
            return new TokenBatch(w.ids, w.batch, w.steps,
                    w.lengths == null ? null : SequenceMask.fromLengths(w.lengths, w.steps), w.labels);
        }

        @Override
        public Objective<TokenBatch> objective(byte[] modelFile) {
            return new TokenClassification(ModelBytes.read(modelFile, TextClassifier::load).network());
        }
    };

    /** The language model's: windows over parallel streams, truncated BPTT. */
    ShardKind<StreamWindows.Window> LANGUAGE_MODEL = new ShardKind<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public RowShards<StreamWindows.Window> cut() {
            return RowShards.WINDOWS;
        }

        @Override
        public Serializable encode(StreamWindows.Window w) {
            return new WireWindow(w.inputs(), w.targets(), w.batch(), w.steps(), w.scoredFrom(), w.advance(),
                    w.first());
        }

        @Override
        public StreamWindows.Window decode(Serializable wire) {
            WireWindow w = (WireWindow) wire;
            return new StreamWindows.Window(w.inputs, w.targets, w.batch, w.steps, w.scoredFrom, w.advance, w.first);
        }

        @Override
        public Objective<StreamWindows.Window> objective(byte[] modelFile) {
            Function<java.nio.file.Path, LanguageModel> load = LanguageModel::load;
            return new TruncatedBptt(ModelBytes.read(modelFile, load).network());
        }
    };

    /** A token batch as arrays; {@code lengths} null when no row is padded. */
    record WireTokens(int[] ids, int batch, int steps, int[] lengths, int[] labels) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A window as arrays. */
    record WireWindow(int[] inputs, int[] targets, int batch, int steps, int scoredFrom, int advance, boolean first)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }
}
