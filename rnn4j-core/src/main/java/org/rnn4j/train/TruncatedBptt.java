package org.rnn4j.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.rnn4j.loss.LossResult;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.models.TokenSequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.RecurrentState;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.tensor.Workspace;

/**
 * Truncated backpropagation through time over a token stream ({@link StreamWindows}), next-token cross-entropy:
 * each window runs forward from the state carried from the previous window, scores its own k1 steps, backpropagates
 * through its whole span of up to k2 steps, and never further back (the carried state is a constant to it).
 *
 * <p>Training and evaluation carry separate states, so validating in the middle of an epoch does not disturb the
 * training stream. When k2 &gt; k1 the next window's span starts inside this one; its starting state is computed by
 * an inference pass (without dropout) over the steps in between.
 */
public final class TruncatedBptt implements Objective<StreamWindows.Window> {
    private final TokenSequenceModel model;
    private final SoftmaxCrossEntropy crossEntropy;
    private List<RecurrentState> carried; // the state at the start of the next training span; null = zeros
    private List<RecurrentState> evaluationCarried;

    public TruncatedBptt(TokenSequenceModel model, SoftmaxCrossEntropy crossEntropy) {
        this.model = model;
        this.crossEntropy = crossEntropy;
    }

    public TruncatedBptt(TokenSequenceModel model) {
        this(model, new SoftmaxCrossEntropy());
    }

    @Override
    public List<Parameter> parameters() {
        return model.parameters();
    }

    @Override
    public void startEpoch() {
        carried = null;
    }

    @Override
    public void startEvaluation() {
        evaluationCarried = null;
    }

    @Override
    public double train(StreamWindows.Window w, RandomGenerator rng) {
        if (w.first()) {
            carried = null;
        }
        TokenSequenceModel.Trace trace = model.forward(w.inputs(), w.batch(), w.steps(), null, carried, rng);
        LossResult loss = crossEntropy.compute(trace.logits(), w.targets(), scoredSteps(w));
        List<RecurrentState> next = w.advance() == w.steps() ? copies(trace.finalStates()) : advance(w, carried);
        model.backward(trace, loss.gradient());
        carried = next;
        return loss.value();
    }

    @Override
    public Score evaluate(StreamWindows.Window w) {
        if (w.first()) {
            evaluationCarried = null;
        }
        TokenSequenceModel.Trace trace = model.infer(w.inputs(), w.batch(), w.steps(), null, evaluationCarried);
        SequenceMask scored = scoredSteps(w);
        LossResult loss = crossEntropy.compute(trace.logits(), w.targets(), scored);
        evaluationCarried = w.advance() == w.steps() ? copies(trace.finalStates()) : advance(w, evaluationCarried);
        return Score.ofLoss(loss.value(), (long) w.batch() * (w.steps() - w.scoredFrom()));
    }

    /** The steps whose loss counts: all, or the last steps − scoredFrom of each row. */
    private static SequenceMask scoredSteps(StreamWindows.Window w) {
        if (w.scoredFrom() == 0) {
            return null;
        }
        int[] lengths = new int[w.batch()];
        Arrays.fill(lengths, w.steps() - w.scoredFrom());
        return SequenceMask.fromLengthsLeftPadded(lengths, w.steps());
    }

    /** The state after the first {@code w.advance()} steps of the span, from {@code state}. */
    private List<RecurrentState> advance(StreamWindows.Window w, List<RecurrentState> state) {
        if (w.advance() == 0) {
            return state;
        }
        int[] prefix = new int[w.batch() * w.advance()];
        for (int b = 0; b < w.batch(); b++) {
            System.arraycopy(w.inputs(), b * w.steps(), prefix, b * w.advance(), w.advance());
        }
        return copies(model.infer(prefix, w.batch(), w.advance(), null, state).finalStates());
    }

    /** Copies that outlive the step's workspace scope: they start the next window. */
    private static List<RecurrentState> copies(List<RecurrentState> states) {
        return Workspace.persistent(() -> states.stream().map(RecurrentState::copy).toList());
    }

    /** The carried training state as {@code s<i>.h} (and {@code s<i>.c}) tensors, one i per layer and direction. */
    @Override
    public Map<String, Tensor> carriedState() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (carried != null) {
            for (int i = 0; i < carried.size(); i++) {
                List<Tensor> parts = carried.get(i).tensors();
                out.put("s" + i + ".h", parts.get(0));
                if (parts.size() == 2) {
                    out.put("s" + i + ".c", parts.get(1));
                }
            }
        }
        return out;
    }

    @Override
    public void restoreCarriedState(Map<String, Tensor> state) {
        if (state.isEmpty()) {
            carried = null;
            return;
        }
        int count = model.recurrent().stateCount();
        int parts = model.recurrent().cellType().stateTensors();
        List<RecurrentState> restored = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<Tensor> tensors = new ArrayList<>();
            tensors.add(required(state, "s" + i + ".h", 0));
            if (parts == 2) {
                tensors.add(required(state, "s" + i + ".c", 1));
            }
            restored.add(RecurrentState.of(tensors.stream().map(Tensor::copy).toList()));
        }
        if (state.size() != count * parts) {
            throw new IllegalArgumentException("the carried state holds " + state.keySet() + ", expected " + count
                    + " states of " + parts + " tensors");
        }
        carried = restored;
    }

    /** The carried state's tensor {@code key}, the {@code part}-th of its state (0 for h, 1 for c). */
    private Tensor required(Map<String, Tensor> state, String key, int part) {
        Tensor t = state.get(key);
        if (t == null) {
            throw new IllegalArgumentException("the carried state lacks '" + key + "'");
        }
        int width = model.recurrent().stateWidth(part);
        if (t.rank() != 2 || t.dim(1) != width) {
            throw new IllegalArgumentException("carried state '" + key + "' is " + t.shapeString() + ", expected (B, "
                    + width + ")");
        }
        return t;
    }
}
