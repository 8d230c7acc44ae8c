package org.rnn4j.interop.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.rnn4j.io.Safetensors;
import org.rnn4j.tensor.Tensor;

/** The ONNX golden files under src/test/resources/golden/onnx, and the one comparison with them. */
final class OnnxGolden {
    static final double TOLERANCE = 1e-5;
    static final String REGENERATE = "regenerate with: mvn -q -B package -DskipTests -pl rnn4j-cli -am &&"
            + " /work/venv-peers/bin/python tools/golden/generate_onnx.py";

    private OnnxGolden() {
    }

    static Path file(String relative) {
        try {
            return Path.of(OnnxGolden.class.getResource("/golden/onnx/" + relative).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("golden file " + relative + " is missing; " + REGENERATE, e);
        }
    }

    /** The tensors of a case's {@code <name>_ort.safetensors}: inputs and ONNX Runtime's outputs. */
    static Map<String, Tensor> tensors(String relative) {
        return Safetensors.read(file(relative)).tensors();
    }

    static int[] ints(Tensor t) {
        int[] v = new int[t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.round(t.get(i));
        }
        return v;
    }

    /** max |actual − reference| / max |reference| below 1e-5. */
    static void assertClose(String what, Tensor actual, Tensor reference) {
        assertThat(reference).as("%s: reference missing; %s", what, REGENERATE).isNotNull();
        assertThat(actual.shape()).as("%s: shape", what).containsExactly(reference.shape());
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < reference.size(); i++) {
            maxDiff = Math.max(maxDiff, Math.abs((double) actual.get(i) - reference.get(i)));
            maxRef = Math.max(maxRef, Math.abs(reference.get(i)));
        }
        double error = maxDiff / Math.max(maxRef, 1e-30);
        assertThat(error).as("%s differs from ONNX Runtime: max relative error %.3g (max abs diff %.3g); %s", what,
                error, maxDiff, REGENERATE).isLessThan(TOLERANCE);
    }
}
