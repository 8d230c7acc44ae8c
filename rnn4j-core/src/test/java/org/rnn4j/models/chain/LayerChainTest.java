package org.rnn4j.models.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.Provenance;
import org.rnn4j.nn.Activation;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.MergeMode;
import org.rnn4j.tensor.Tensor;

class LayerChainTest {
    private static final int B = 2;
    private static final int T = 4;
    private static final int F = 3;
    private static final int H = 5;

    @TempDir
    Path dir;

    private static Tensor uniform(long seed, int... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, (float) rng.nextDouble(-1, 1));
        }
        return t;
    }

    private static LayerChain randomized(LayerChain chain) {
        SplittableRandom rng = new SplittableRandom(7);
        for (Parameter p : chain.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                p.value().set(i, (float) rng.nextDouble(-0.5, 0.5));
            }
        }
        return chain;
    }

    private static RecurrentStage lstm(boolean sequences, boolean backwards) {
        return lstm(sequences, backwards, false);
    }

    private static RecurrentStage lstm(boolean sequences, boolean backwards, boolean zeroOutputForMask) {
        return new RecurrentStage(new RecurrentStage.Spec(CellType.LSTM, F, H, false, null, sequences, backwards,
                zeroOutputForMask));
    }

    @Test
    void aStageThatCannotReadWhatTheOneBeforeGivesIsRefusedNamingIt() {
        List<Stage> stages = List.of(lstm(false, false),
                new DenseStage(new DenseStage.Spec(H, 2, Activation.LINEAR, true)));

        assertThatThrownBy(() -> new LayerChain(F, stages)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stage 1: TimeDistributed(Dense(5 -> 2)) reads (B, T, 5), got (B, 5)");
    }

    @Test
    void parametersCarryPyTorchNamesPrefixedWithTheStageIndex() {
        LayerChain chain = new LayerChain(0, List.of(new EmbeddingStage(new EmbeddingStage.Spec(10, F, true)),
                new RecurrentStage(new RecurrentStage.Spec(CellType.GRU, F, H, true, MergeMode.SUM, true, false, false)),
                new DropoutStage(new DropoutStage.Spec(0.5f)),
                new DenseStage(new DenseStage.Spec(H, 2, Activation.SOFTMAX, false))));

        assertThat(chain.parameters()).extracting(Parameter::name).containsExactly("0.weight", "1.weight_ih_l0",
                "1.weight_hh_l0", "1.bias_ih_l0", "1.bias_hh_l0", "1.weight_ih_l0_reverse", "1.weight_hh_l0_reverse",
                "1.bias_ih_l0_reverse", "1.bias_hh_l0_reverse", "3.weight", "3.bias");
        assertThat(chain.outputSignature()).isEqualTo(Signature.sequenceOf(2));
    }

    @Test
    void theFileRoundTripGivesTheSameNumbersAndKeepsTheOrigin() {
        LayerChain chain = randomized(new LayerChain(F, List.of(new MaskingStage(new MaskingStage.Spec(0f)),
                lstm(true, true), new DenseStage(new DenseStage.Spec(H, 2, Activation.TANH, true)))));
        Path file = dir.resolve("chain.safetensors");
        chain.save(file, Provenance.now(1L, null, "test"), Map.of("source_format", "keras"));

        LayerChain.Loaded loaded = LayerChain.load(file);

        Tensor x = uniform(3, B, T, F);
        assertThat(loaded.chain().predict(x).toArray()).containsExactly(chain.predict(x).toArray());
        assertThat(loaded.origin()).containsExactly(Map.entry("source_format", "keras"));
        assertThat(loaded.provenance()).containsEntry("command", "test");
    }

    /** Keras: a masked step keeps the state and repeats the output before it; the last output is each row's own. */
    @Test
    void aMaskedStepRepeatsThePreviousOutputAndTheLastOutputIsTheLastValidOne() {
        LayerChain sequences = randomized(new LayerChain(F, List.of(new MaskingStage(new MaskingStage.Spec(0f)),
                lstm(true, false))));
        LayerChain last = randomized(new LayerChain(F, List.of(new MaskingStage(new MaskingStage.Spec(0f)),
                lstm(false, false))));
        Tensor x = uniform(5, B, T, F);
        for (int t = 2; t < T; t++) {
            for (int f = 0; f < F; f++) {
                x.setAt(0f, 1, t, f);                               // row 1: two valid steps, then padding
            }
        }
        Tensor y = sequences.predict(x);                            // (B, T, H)
        Tensor h = last.predict(x);                                 // (B, H)

        for (int j = 0; j < H; j++) {
            assertThat(y.at(1, 2, j)).isEqualTo(y.at(1, 1, j));
            assertThat(y.at(1, 3, j)).isEqualTo(y.at(1, 1, j));
            assertThat(h.at(1, j)).isEqualTo(y.at(1, 1, j));
            assertThat(h.at(0, j)).isEqualTo(y.at(0, T - 1, j));
        }
    }

    /**
     * Keras's last output is the output of the last step computed, which zero_output_for_mask makes zeros when that
     * step is masked (input step T−1, or 0 with go_backwards); otherwise it is the state after the last valid step.
     */
    @Test
    void zeroOutputForMaskZerosTheLastOutputWhereTheLastStepComputedIsMasked() {
        Tensor x = uniform(11, B, T, F);
        for (int f = 0; f < F; f++) {
            x.setAt(0f, 0, T - 1, f);                               // row 0: right-padded
            x.setAt(0f, 1, 0, f);                                   // row 1: left-padded
        }
        for (boolean backwards : new boolean[] {false, true}) {
            Tensor zeroed = randomized(new LayerChain(F, List.of(new MaskingStage(new MaskingStage.Spec(0f)),
                    lstm(false, backwards, true)))).predict(x);
            Tensor state = randomized(new LayerChain(F, List.of(new MaskingStage(new MaskingStage.Spec(0f)),
                    lstm(false, backwards, false)))).predict(x);
            int maskedRow = backwards ? 1 : 0;
            for (int j = 0; j < H; j++) {
                assertThat(zeroed.at(maskedRow, j)).as("backwards %s", backwards).isZero();
                assertThat(state.at(maskedRow, j)).isNotZero();
                assertThat(zeroed.at(1 - maskedRow, j)).isEqualTo(state.at(1 - maskedRow, j));
            }
        }
    }

    /** Keras's go_backwards returns the outputs in the order it computed them: the first is that of the last step. */
    @Test
    void goBackwardsReturnsTheOutputsInReverseTimeOrder() {
        LayerChain backwards = randomized(new LayerChain(F, List.of(lstm(true, true))));
        LayerChain last = randomized(new LayerChain(F, List.of(lstm(false, true))));
        Tensor x = uniform(9, B, T, F);

        Tensor y = backwards.predict(x);
        Tensor h = last.predict(x);
        // Output step 0 has read only input step T-1: the same as the layer run on that one step.
        Tensor lastStep = Tensor.zeros(B, 1, F);
        for (int b = 0; b < B; b++) {
            lastStep.write(b * F, x, (b * T + T - 1) * F, F);
        }
        Tensor one = backwards.predict(lastStep);
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < H; j++) {
                assertThat(y.at(b, 0, j)).isEqualTo(one.at(b, 0, j));
                assertThat(h.at(b, j)).isEqualTo(y.at(b, T - 1, j));
            }
        }
    }
}
