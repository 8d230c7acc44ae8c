package org.rnn4j.examples;

import java.io.PrintWriter;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.PyTorchStates;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.nn.recurrent.RecurrentOutput;
import org.rnn4j.tensor.Shapes;
import org.rnn4j.tensor.Tensor;

/**
 * The two code examples of the classic RNN explainer, done correctly. The explainer feeds a random batch
 * {@code x} of shape (32, 10, 64) to
 * <pre>
 *   SimpleRNN(128, return_sequences=True, return_state=True)   # (a)
 *   LSTM(128, return_sequences=True, return_state=True)        # (b)
 * </pre>
 * and says the LSTM's state has shape (32, 2, 128), "forward and backward". It has not: an LSTM's state is two
 * tensors, the hidden state h and the cell state c, each (32, 128), and there is no backward direction unless
 * the layer is wrapped in {@code Bidirectional} (c), which then has one (h, c) pair per direction.
 *
 * <p>Every shape printed here is read from a tensor the layer really returned; nothing is a hard-coded string.
 * Run it with {@code rnn4j examples}, or this class's {@code main}; docs/lstm-state-shapes.md shows the output.
 */
public final class ClassicRnnExamples {
    static final int BATCH = 32;
    static final int STEPS = 10;
    static final int FEATURES = 64;
    static final int UNITS = 128;
    private static final long SEED = 42;

    private ClassicRnnExamples() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        run(out);
        out.flush();
    }

    public static void run(PrintWriter out) {
        RandomGenerator rng = new SplittableRandom(SEED);
        Tensor x = uniform(rng, BATCH, STEPS, FEATURES);                    // (B, T, F), like np.random.random
        out.println("x: " + x.shapeString() + " (batch, time steps, features), " + UNITS + " units");
        out.println();
        simpleRnn(x, rng, out);
        out.println();
        lstm(x, rng, out);
        out.println();
        bidirectionalLstm(x, rng, out);
        out.flush();
    }

    /** (a) One state tensor h; the output at each step is that step's h, so the last output is the final h. */
    private static void simpleRnn(Tensor x, RandomGenerator rng, PrintWriter out) {
        RecurrentLayer layer = RecurrentLayer.simpleRnn(FEATURES, UNITS, rng);
        RecurrentOutput result = layer.forward(x, null, null).output();
        List<Tensor> keras = result.keras(true, true, 1);                  // [sequence, h]
        out.println("(a) SimpleRNN(" + UNITS + ", return_sequences=True, return_state=True) returns "
                + keras.size() + " tensors");
        out.println("SimpleRNN sequence: " + keras.get(0).shapeString());
        out.println("SimpleRNN final state: " + keras.get(1).shapeString());
        out.println("last output == h: " + stepEquals(keras.get(0), STEPS - 1, 0, keras.get(1)));
        List<Tensor> sequenceOnly = result.keras(true, false, 1);
        out.println("With return_sequences=True alone, Keras returns " + sequenceOnly.size() + " tensor"
                + (sequenceOnly.size() == 1 ? "" : "s") + ": the sequence " + sequenceOnly.get(0).shapeString());
    }

    /** (b) The state is the pair (h, c): c is the LSTM's memory, h its output. */
    private static void lstm(Tensor x, RandomGenerator rng, PrintWriter out) {
        RecurrentLayer layer = RecurrentLayer.lstm(FEATURES, UNITS, rng);
        RecurrentOutput result = layer.forward(x, null, null).output();
        List<Tensor> keras = result.keras(true, true, 1);                  // [sequence, h, c]
        Tensor h = keras.get(1);
        Tensor c = keras.get(2);
        out.println("(b) LSTM(" + UNITS + ", return_sequences=True, return_state=True) returns " + keras.size()
                + " tensors");
        out.println("LSTM sequence: " + keras.get(0).shapeString());
        out.println("LSTM final h: " + h.shapeString());
        out.println("LSTM final c: " + c.shapeString());
        out.println("last output == h: " + stepEquals(keras.get(0), STEPS - 1, 0, h));
        int stateTensors = result.finalState().tensors().size();
        out.println("The LSTM state is " + stateTensors + " tensors, h and c, each " + h.shapeString() + ": not one "
                + Shapes.format(h.dim(0), 2, h.dim(1)) + " forward/backward tensor.");
        out.println("PyTorch's nn.LSTM returns them as h_n " + PyTorchStates.stack(result.finalStates(), 0).shapeString()
                + " and c_n " + PyTorchStates.stack(result.finalStates(), 1).shapeString() + ", i.e. (layers*directions, B, H).");
    }

    /**
     * (c) Two LSTMs, one reading forward and one backward, concatenated at each step: the sequence is (B, T, 2·H),
     * and each direction keeps its own (h, c). The forward h is the forward half of the last step's output; the
     * backward LSTM ends at step 0, so its h is the backward half of the first step's output.
     */
    private static void bidirectionalLstm(Tensor x, RandomGenerator rng, PrintWriter out) {
        RecurrentLayer layer = new RecurrentLayer(
                RecurrentConfig.of(CellType.LSTM, FEATURES, UNITS).withBidirectional(true), rng);
        RecurrentOutput result = layer.forward(x, null, null).output();
        List<Tensor> keras = result.keras(true, true, 2);                  // [sequence, h_fwd, c_fwd, h_bwd, c_bwd]
        Tensor sequence = keras.get(0);
        List<Tensor> states = keras.subList(1, keras.size());
        out.println("(c) Bidirectional(LSTM(" + UNITS + ", return_sequences=True, return_state=True)) returns "
                + keras.size() + " tensors");
        out.println("Bidirectional LSTM sequence: " + sequence.shapeString());
        String[] names = {"forward h", "forward c", "backward h", "backward c"};
        for (int i = 0; i < states.size(); i++) {
            out.println(names[i] + ": " + states.get(i).shapeString());
        }
        int hidden = states.get(0).dim(1);
        out.println("last output, forward half == forward h: " + stepEquals(sequence, STEPS - 1, 0, states.get(0)));
        out.println("first output, backward half == backward h: " + stepEquals(sequence, 0, hidden, states.get(2)));
        out.println("The state is one (h, c) pair per direction: " + states.size() + " tensors, each "
                + states.get(0).shapeString() + ".");
        out.println("PyTorch stacks the directions: h_n " + PyTorchStates.stack(result.finalStates(), 0).shapeString()
                + " and c_n " + PyTorchStates.stack(result.finalStates(), 1).shapeString()
                + "; there the first dimension is the directions, and h and c stay separate.");
    }

    /** Whether sequence[:, step, from : from + H] equals h (B, H) exactly: the output at a step is that step's h. */
    static boolean stepEquals(Tensor sequence, int step, int from, Tensor h) {
        int steps = sequence.dim(1);
        int width = sequence.dim(2);
        int batch = h.dim(0);
        int hidden = h.dim(1);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < hidden; j++) {
                if (sequence.get((b * steps + step) * width + from + j) != h.get(b * hidden + j)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Tensor uniform(RandomGenerator rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, rng.nextFloat());
        }
        return t;
    }
}
