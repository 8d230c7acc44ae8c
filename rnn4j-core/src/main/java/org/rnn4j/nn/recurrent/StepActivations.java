package org.rnn4j.nn.recurrent;

import java.util.ArrayList;
import java.util.List;
import org.rnn4j.tensor.Tensor;

/**
 * What a unidirectional stack computes inside, step by step, for one sequence: every layer's activated gates and
 * states after every step. This is what LSTMVis and Karpathy, Johnson &amp; Fei-Fei's "Visualizing and understanding
 * recurrent networks" (2015) look at: units that count, open quotes, fire at line ends.
 *
 * <p>The values are read from the traces of the very forward pass whose output {@link Recorded#output()} holds, so a
 * caller that computes a prediction from that output shows the activations that produced it. The pass runs on the
 * Java time loop, never on oneDNN, whose kernel keeps its gates in a workspace of its own layout; the two agree to float
 * rounding (see {@link OneDnnPath}).
 */
public final class StepActivations {
    /**
     * One layer of the stack, at every step t of the sequence.
     *
     * @param gates  (T, G·H): the activated gates in PyTorch's order (LSTM i, f, g, o; GRU r, z, n; a simple RNN's
     *               one block is h itself)
     * @param states the state after each step, in the order of {@link RecurrentState#tensors()}: h (T, W_0), and
     *               for an LSTM c (T, H)
     */
    public record Layer(CellType cell, int hiddenSize, Tensor gates, List<Tensor> states) {
    }

    /**
     * @param output the stack's output, batch-major (1, T, W_0), and its final states: what {@link RecurrentLayer}'s
     *               own forward returns for this input
     */
    public record Recorded(RecurrentOutput output, List<Layer> layers) {
    }

    private StepActivations() {
    }

    /**
     * Runs the stack on one sequence and keeps everything inside.
     *
     * @param x       (1, T, F)
     * @param initial one state per layer, or null for zeros
     * @throws IllegalArgumentException for a bidirectional stack (two states per step and layer) or a batch of
     *                                  more than one sequence
     */
    public static Recorded record(RecurrentLayer stack, Tensor x, List<RecurrentState> initial) {
        if (stack.config().bidirectional()) {
            throw new IllegalArgumentException(stack.describe() + " is bidirectional: its activations are recorded"
                    + " for a unidirectional stack only");
        }
        if (x.rank() != 3 || x.dim(0) != 1 || x.dim(2) != stack.inputSize()) {
            throw new IllegalArgumentException(stack.describe() + ": activations are recorded for one sequence,"
                    + " (1, T, " + stack.inputSize() + "), got " + x.shapeString());
        }
        int steps = x.dim(1);
        Tensor input = x.reshape(steps, 1, x.dim(2));      // (T, 1, F): one row, so batch-major is time-major
        List<Layer> layers = new ArrayList<>();
        List<RecurrentState> finals = new ArrayList<>();
        List<SequenceLayer> stackLayers = stack.layers();
        for (int l = 0; l < stackLayers.size(); l++) {
            Recurrent layer = (Recurrent) stackLayers.get(l);
            Recurrent.LoopTrace trace = (Recurrent.LoopTrace) layer.forwardLoop(input, null,
                    initial == null ? null : List.of(initial.get(l)));
            RecurrentCell<?> cell = layer.cell();
            Tensor gates = trace.gates.copy().reshape(steps, cell.gateWidth());         // (T, G·H)
            List<Tensor> states = new ArrayList<>();
            for (Tensor all : trace.states) {                                           // (T+1, 1, W_k)
                states.add(all.slice(1, steps + 1).copy().reshape(steps, all.dim(2)));  // after each step
            }
            layers.add(new Layer(cell.type(), cell.hiddenSize(), gates, List.copyOf(states)));
            finals.addAll(trace.output().finalStates());
            input = trace.output().sequence();                                          // (T, 1, W_0)
            trace.release();
        }
        RecurrentOutput output = new RecurrentOutput(input.reshape(1, steps, input.dim(2)), finals);
        return new Recorded(output, List.copyOf(layers));
    }
}
