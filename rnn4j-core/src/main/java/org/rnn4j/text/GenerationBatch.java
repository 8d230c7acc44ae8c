package org.rnn4j.text;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.models.TokenSequenceModel;
import org.rnn4j.nn.recurrent.RecurrentState;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.tensor.Workspace;

/**
 * Generations of one language model advanced together, one token each per {@link #step}: continuous batching.
 * Each {@link Stream} has its own prime, length, sampler, random numbers and recurrent state; a step runs the
 * network once on a batch of B = the streams given, one time step, with each stream's state in its own row, and
 * each stream either feeds its next prime token or samples its next token from its own row of the logits.
 *
 * <p>A row's numbers do not depend on the other rows of its batch, so a stream generates the text it generates
 * alone, step for step: the prime is fed one token per step (as {@link LanguageModel#generate} always did, which
 * is this with one stream), so a stream that joins while others are half-way fits in the same step. Streams may
 * join and leave between any two steps.
 */
public final class GenerationBatch {
    private final LanguageModel model;
    private final TokenSequenceModel network;

    public GenerationBatch(LanguageModel model) {
        this.model = model;
        this.network = model.network();
    }

    /**
     * A new generation of {@code length} tokens after {@code prime}; nothing runs until it is stepped.
     *
     * @param prime text to start from; empty: start from a line break (or the most frequent token)
     */
    public Stream start(String prime, int length, Sampler sampler, RandomGenerator rng) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be 0 or more, got " + length);
        }
        int[] ids = prime.isEmpty() ? new int[] {model.startId()} : model.encode(prime);
        return new Stream(ids, length, sampler, rng);
    }

    /** One generation in progress. Not for several threads at once: the batch steps it, then its owner reads it. */
    public final class Stream {
        private final int[] prime;
        private final int length;
        private final Sampler sampler;
        private final RandomGenerator rng;
        private final List<Integer> generated = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        /** Prime tokens fed so far. */
        private int fed;
        /** The token the next step feeds. */
        private int next;
        /** The state after the last step, one per layer and direction, each (1, ·); null before the first step. */
        private float[][] state;
        /** What the last step added to the text; null when it fed a prime token. */
        private String piece;

        private Stream(int[] prime, int length, Sampler sampler, RandomGenerator rng) {
            this.prime = prime;
            this.length = length;
            this.sampler = sampler;
            this.rng = rng;
            this.next = prime[0];
            this.fed = 1;
        }

        /** Whether all {@code length} tokens are out (a stream of length 0 is finished before any step). */
        public boolean finished() {
            return generated.size() >= length;
        }

        /** The text the last step added (one token's worth), or null when that step fed a prime token. */
        public String piece() {
            return piece;
        }

        /** The text generated so far, without the prime. */
        public String text() {
            return text.toString();
        }

        /** Tokens generated so far. */
        public int tokens() {
            return generated.size();
        }

        /** Reads this stream's row of the step's logits and states: the next prime token, or a sampled one. */
        private void advance(float[] logits, float[][] newState) {
            state = newState;
            if (fed < prime.length) {
                next = prime[fed++];
                piece = null;
                return;
            }
            model.maskSpecials(logits);
            int token = sampler.sample(logits, rng);
            generated.add(token);
            piece = model.newText(generated, text.length());
            text.append(piece);
            next = token;
        }
    }

    /**
     * One time step for every stream given (none finished, each at most once): B = streams.size() rows of one
     * token through the network, then each stream reads its row.
     */
    public void step(List<Stream> streams) {
        int batch = streams.size();
        if (batch == 0) {
            return;
        }
        int[] ids = new int[batch];
        for (int b = 0; b < batch; b++) {
            Stream s = streams.get(b);
            if (s.finished()) {
                throw new IllegalArgumentException("stream " + b + " of the step is already finished");
            }
            ids[b] = s.next;
        }
        float[] logits;
        float[][][] rows;
        int vocab = network.outputSize();
        // The step's working tensors go back to this thread's pool; what outlives it is copied into arrays first.
        try (Workspace.Scope scope = Workspace.scope()) {
            TokenSequenceModel.Trace trace = network.infer(ids, batch, 1, null, stacked(streams));
            logits = trace.logits().toArray();                                   // (B, 1, V)
            rows = rowsOf(trace.finalStates(), batch);
        }
        for (int b = 0; b < batch; b++) {
            float[] row = new float[vocab];
            System.arraycopy(logits, b * vocab, row, 0, vocab);
            streams.get(b).advance(row, rows[b]);
        }
    }

    /** The streams' states side by side along B, one per layer and direction; zeros for a stream's first step. */
    private List<RecurrentState> stacked(List<Stream> streams) {
        List<RecurrentState> template = network.zeroStates(1);
        int batch = streams.size();
        List<RecurrentState> states = new ArrayList<>();
        int part = 0;
        for (RecurrentState layer : template) {
            List<Tensor> tensors = new ArrayList<>();
            for (Tensor t : layer.tensors()) {
                int width = t.size();
                float[] all = new float[batch * width];
                for (int b = 0; b < batch; b++) {
                    float[][] s = streams.get(b).state;
                    if (s != null) {
                        System.arraycopy(s[part], 0, all, b * width, width);
                    }
                }
                tensors.add(Tensor.of(all, batch, width));
                part++;
            }
            states.add(RecurrentState.of(tensors));
        }
        return states;
    }

    /** Each row's state tensors as arrays, in the order of {@link #stacked}: rows[b][part]. */
    private static float[][][] rowsOf(List<RecurrentState> states, int batch) {
        List<Tensor> parts = new ArrayList<>();
        states.forEach(s -> parts.addAll(s.tensors()));
        float[][][] rows = new float[batch][parts.size()][];
        for (int p = 0; p < parts.size(); p++) {
            float[] all = parts.get(p).toArray();
            int width = all.length / batch;
            for (int b = 0; b < batch; b++) {
                rows[b][p] = new float[width];
                System.arraycopy(all, b * width, rows[b][p], 0, width);
            }
        }
        return rows;
    }
}
