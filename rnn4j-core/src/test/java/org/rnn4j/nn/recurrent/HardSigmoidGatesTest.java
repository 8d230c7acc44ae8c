package org.rnn4j.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.GateActivation;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.GradientCheck;
import org.rnn4j.testing.Probe;
import org.rnn4j.testing.Tensors;

/**
 * Gates with a hard sigmoid, clip(α x + β, 0, 1), as Keras models ({@code recurrent_activation='hard_sigmoid'}) and
 * ONNX graphs ({@code HardSigmoid} in {@code activations}) ask for: the LSTM's forward pass is its equations stepped
 * by hand with that function, and every gated cell's gradients agree with finite differences, inside the linear part
 * and where the gate clips (α = 1 clips every pre-activation beyond ±½; Keras 2's α = 0.2 only beyond ±2.5).
 */
class HardSigmoidGatesTest {
    private static final int F = 3;
    private static final int H = 4;
    private static final int P = 2;

    static Stream<Arguments> cells() {
        List<Arguments> all = new ArrayList<>();
        for (String cell : new String[] {"lstm", "lstm proj", "gru", "gru_reset_before"}) {
            for (float alpha : new float[] {0.2f, 1f}) {
                for (boolean bidirectional : new boolean[] {false, true}) {
                    all.add(Arguments.of(cell, alpha, bidirectional));
                }
            }
        }
        return all.stream();
    }

    private static RecurrentCell<?> cell(String name, GateActivation gate, String suffix, SplittableRandom rng) {
        return switch (name) {
            case "lstm proj" -> new LstmProjectionCell(F, H, P, gate, suffix, rng);
            default -> CellType.fromId(name).newCell(F, H, gate, suffix, rng);
        };
    }

    private static SequenceLayer layer(String name, GateActivation gate, boolean bidirectional) {
        SplittableRandom rng = new SplittableRandom(3);
        Recurrent forward = new Recurrent(cell(name, gate, "_l0", rng), false);
        return bidirectional
                ? new Bidirectional(forward, new Recurrent(cell(name, gate, "_l0_reverse", rng), true), MergeMode.CONCAT)
                : forward;
    }

    @ParameterizedTest(name = "{0} alpha={1} bidirectional={2}")
    @MethodSource("cells")
    void gradientsMatchCentralDifferencesInsideAndWhereTheGatesClip(String name, float alpha, boolean bidirectional) {
        SequenceLayer layer = layer(name, GateActivation.hardSigmoid(alpha, 0.5f), bidirectional);
        for (Parameter p : layer.parameters()) { // weights large enough that some gates clip, with α = 1
            p.value().scaleInPlace(3);
        }
        SplittableRandom rng = new SplittableRandom(8);
        int batch = 3;
        int steps = 4;
        Tensor x = Tensors.uniform(rng, -1, 1, batch, steps, F);
        SequenceMask mask = SequenceMask.fromLengths(new int[] {4, 2, 3}, steps);
        SequenceLayer.Trace trace = layer.forward(x, mask, null);
        Probe probe = new Probe(trace.output(), 5);
        SequenceGradients grads = layer.backward(trace, probe.sequenceWeights, probe.stateWeights);

        List<GradientCheck.Target> targets = new ArrayList<>();
        targets.add(GradientCheck.target("input", x, grads.input()));
        for (Parameter p : layer.parameters()) {
            targets.add(GradientCheck.target(p.name(), p.value(), p.grad()));
        }
        GradientCheck.of(() -> probe.loss(layer, x, mask, null)).step(1e-3f).tolerance(2e-2).sampled(8, rng)
                .skipKinks(0.005).check(targets);
    }

    @Test
    void theLstmIsItsEquationsWithTheHardSigmoidInPlaceOfTheSigmoid() {
        float alpha = 1f / 6f; // Keras 3's relu6(x + 3) / 6
        LstmCell cell = new LstmCell(F, H, GateActivation.hardSigmoid(alpha, 0.5f), "_l0", new SplittableRandom(4));
        Recurrent layer = new Recurrent(cell, false);
        for (Parameter p : layer.parameters()) {
            p.value().scaleInPlace(6); // pre-activations beyond ±3: the clipped part is used too
        }
        List<Parameter> p = layer.parameters();
        Tensor wih = p.get(0).value();
        Tensor whh = p.get(1).value();
        Tensor bih = p.get(2).value();
        Tensor bhh = p.get(3).value();
        int batch = 2;
        int steps = 5;
        Tensor x = Tensors.uniform(new SplittableRandom(9), -1, 1, batch, steps, F);
        RecurrentOutput out = layer.forward(x, null, null).output();

        int clipped = 0;
        for (int b = 0; b < batch; b++) {
            double[] h = new double[H];
            double[] c = new double[H];
            for (int t = 0; t < steps; t++) {
                double[] xt = ByHand.step(x, b, t);
                double[] pre = new double[4 * H];
                for (int row = 0; row < 4 * H; row++) {
                    pre[row] = ByHand.affine(wih, row, xt) + ByHand.affine(whh, row, h) + bih.get(row) + bhh.get(row);
                }
                double[] hNew = new double[H];
                for (int j = 0; j < H; j++) {
                    double i = hard(alpha, pre[j]);
                    double f = hard(alpha, pre[H + j]);
                    double g = Math.tanh(pre[2 * H + j]);
                    double o = hard(alpha, pre[3 * H + j]);
                    c[j] = f * c[j] + i * g;                              // c' = f ⊙ c + i ⊙ g
                    hNew[j] = o * Math.tanh(c[j]);                        // h' = o ⊙ tanh(c')
                    clipped += Math.abs(alpha * pre[j]) > 0.5 ? 1 : 0;
                }
                h = hNew;
                for (int j = 0; j < H; j++) {
                    assertThat((double) out.sequence().at(b, t, j)).isCloseTo(h[j], Offset.offset(1e-5));
                }
            }
        }
        assertThat(clipped).as("input gates that clipped").isGreaterThan(0);
    }

    @Test
    void aSimpleRnnHasNoGatesToChange() {
        assertThatThrownBy(() -> CellType.RNN_TANH.newCell(F, H, GateActivation.hardSigmoid(0.2f, 0.5f), "_l0",
                new SplittableRandom(1)))
                .hasMessage("a gate activation (hard_sigmoid(alpha 0.2, beta 0.5)) applies to an lstm or a gru, not to"
                        + " rnn_tanh, which has no gates");
        assertThatThrownBy(() -> new GateActivation("softsign", 1f, 0f))
                .hasMessage("gate activation 'softsign' is not supported: sigmoid or hard_sigmoid");
    }

    private static double hard(double alpha, double x) {
        return Math.min(1, Math.max(0, alpha * x + 0.5));
    }
}
