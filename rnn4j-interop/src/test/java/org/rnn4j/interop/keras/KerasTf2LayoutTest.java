package org.rnn4j.interop.keras;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.Safetensors;
import org.rnn4j.models.chain.LayerChain;
import org.rnn4j.tensor.Tensor;

/**
 * A legacy .h5 in tf.keras 2.15's layout ({@code :0} variable names, {@code batch_input_shape}, {@code time_major},
 * keras_version 2.15.0) whose LSTM has {@code recurrent_activation='hard_sigmoid'}: rnn4j predicts the numbers of
 * Keras 2's hard sigmoid, clip(0.2 x + 0.5, 0, 1), the function the model was saved with, not those Keras 3
 * computes when it reads the same file with its own slope of 1/6. (The file is written by
 * tools/golden/generate_keras_tf2_layout.py, which says why it is a layout and not tf.keras 2 itself.)
 */
class KerasTf2LayoutTest {
    private static final String NAME = "lstm_hard_sigmoid_dense";

    @TempDir
    Path dir;

    @Test
    void aTfKeras2H5WithHardSigmoidGatesPredictsWithKeras2sSlope() {
        Path folder = KerasGolden.folder("keras_tf2");
        Map<String, Tensor> golden = Safetensors.read(folder.resolve(NAME + ".safetensors")).tensors();
        KerasImport.Imported imported = KerasImport.read(KerasGolden.gunzip(folder.resolve(NAME + ".h5.gz"), dir));
        LayerChain chain = imported.chain();

        Tensor y = chain.predict(golden.get("input"));
        KerasGolden.assertMatchesKeras(NAME + ".h5", y, golden.get("output"));
        assertThat(maxAbsDiff(y, golden.get("output_keras3"))).as("not Keras 3's reading of the file")
                .isGreaterThan(1e-2);
        assertThat(imported.origin()).containsEntry("source_format", "keras_h5")
                .containsEntry("keras_version", "2.15.0").containsEntry("backend", "tensorflow");
        assertThat(chain.describe()).anyMatch(line -> line.contains("LSTM(5) gates hard_sigmoid(alpha 0.2, beta 0.5)"));
    }

    private static double maxAbsDiff(Tensor a, Tensor b) {
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            max = Math.max(max, Math.abs(a.get(i) - b.get(i)));
        }
        return max;
    }
}
