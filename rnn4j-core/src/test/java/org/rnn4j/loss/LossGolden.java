package org.rnn4j.loss;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.rnn4j.io.Safetensors;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Golden;

/** One PyTorch reference file under golden/loss, written by tools/golden/generate_losses.py. */
record LossGolden(Path file, Map<String, Tensor> tensors) {
    static final String REGENERATE = "regenerate with: /usr/bin/python3 tools/golden/generate_losses.py";
    /** |java − torch| / |torch| for the loss value. */
    static final double VALUE_TOLERANCE = 1e-6;
    /** max |java − torch| / max |torch| for a gradient (Golden.assertClose). */
    static final double GRADIENT_TOLERANCE = 1e-5;

    static LossGolden read(String name) {
        Path file = Golden.file("loss/" + name + ".safetensors", REGENERATE);
        return new LossGolden(file, Safetensors.read(file).tensors());
    }

    Tensor get(String name) {
        Tensor t = tensors.get(name);
        assertThat(t).as("%s: tensor %s missing; %s", file.getFileName(), name, REGENERATE).isNotNull();
        return t;
    }

    boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** Integer targets, stored as float32 whole numbers. */
    int[] ints(String name) {
        Tensor t = get(name);
        int[] out = new int[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.round(t.get(i));
            assertThat((float) out[i]).as("%s: %s[%d] is a whole number", file.getFileName(), name, i).isEqualTo(t.get(i));
        }
        return out;
    }

    SequenceMask mask() {
        return SequenceMask.fromTensor(get("mask"));
    }

    void assertValue(String name, double actual) {
        double reference = get(name).get(0);
        double error = Math.abs(actual - reference) / Math.max(Math.abs(reference), Double.MIN_NORMAL);
        assertThat(error).as("%s: %s is %s, PyTorch gives %s: relative error %.3g; %s", file.getFileName(), name,
                actual, reference, error, REGENERATE).isLessThan(VALUE_TOLERANCE);
    }

    void assertGradient(String name, Tensor actual) {
        Golden.assertClose(file, name, actual, get(name), GRADIENT_TOLERANCE, REGENERATE);
    }

    void assertResult(String valueName, String gradientName, LossResult result) {
        assertValue(valueName, result.value());
        assertGradient(gradientName, result.gradient());
    }
}
