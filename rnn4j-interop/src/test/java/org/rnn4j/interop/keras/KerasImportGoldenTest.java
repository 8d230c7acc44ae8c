package org.rnn4j.interop.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.interop.keras.KerasGolden.Case;
import org.rnn4j.io.Provenance;
import org.rnn4j.models.chain.LayerChain;
import org.rnn4j.tensor.Tensor;

/**
 * Every Keras golden model, read from its .keras and from its legacy .h5, predicts what Keras's
 * {@code model.predict} predicted, and so does the rnn4j file it converts to.
 */
class KerasImportGoldenTest {
    /** The reset-before GRU (Keras reset_after=False) has its own test below, which also checks its origin entry. */
    private static final String RESET_BEFORE = "gru_reset_before";

    @TempDir
    Path dir;

    static List<String> cases() {
        return KerasGolden.names().stream().filter(n -> !n.equals(RESET_BEFORE)).toList();
    }

    @ParameterizedTest(name = "{0}.keras")
    @MethodSource("cases")
    void aKerasArchivePredictsWhatKerasPredicted(String name) {
        Case golden = KerasGolden.load(name);
        LayerChain chain = KerasImport.read(KerasGolden.keras(name)).chain();
        KerasGolden.assertMatchesKeras(name + ".keras", chain.predict(golden.input()), golden.output());
    }

    @ParameterizedTest(name = "{0}.h5")
    @MethodSource("cases")
    void aLegacyH5PredictsWhatKerasPredicted(String name) {
        Case golden = KerasGolden.load(name);
        assumeThat(golden.hasH5()).as("Keras cannot read back its own .h5 of %s", name).isTrue();
        LayerChain chain = KerasImport.read(KerasGolden.h5(name, dir)).chain();
        KerasGolden.assertMatchesKeras(name + ".h5", chain.predict(golden.input()), golden.output());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theConvertedRnn4jFilePredictsTheSameNumbers(String name) {
        Case golden = KerasGolden.load(name);
        KerasImport.Imported imported = KerasImport.read(KerasGolden.keras(name));
        Path file = dir.resolve(name + ".safetensors");
        imported.chain().save(file, Provenance.now(null, null, "test"), imported.origin());

        LayerChain.Loaded loaded = LayerChain.load(file);
        assertThat(loaded.chain().predict(golden.input()).toArray())
                .containsExactly(imported.chain().predict(golden.input()).toArray());
        assertThat(loaded.origin()).containsEntry("source_format", "keras")
                .containsEntry("keras_version", golden.config().path("keras_version").asText())
                .containsEntry("source_file", name + ".keras");
    }

    /**
     * The zero_output_for_mask goldens' rows: right-padded, left-padded, no valid step. Keras's last output is the
     * last computed step's, zeros where that step is masked: input step T−1, or 0 with go_backwards. A Bidirectional
     * without return_sequences never zeroes it (Keras forces the option off in both halves), even when its config
     * says True, as that golden's .keras does.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"masking_zero_output_last, true, false, true",
                "masking_zero_output_last_backwards, false, true, true",
                "masking_bidirectional_zero_output_last, false, false, true"})
    void zeroOutputForMaskZerosTheRowsWhoseLastComputedStepIsMasked(String name, boolean rightPadded,
                                                                   boolean leftPadded, boolean empty) {
        Case golden = KerasGolden.load(name);
        Tensor rnn4j = KerasImport.read(KerasGolden.keras(name)).chain().predict(golden.input());
        boolean[] zeros = {rightPadded, leftPadded, empty};
        for (int row = 0; row < zeros.length; row++) {
            assertThat(isZero(golden.output(), row)).as("%s: Keras's row %d is zeros", name, row).isEqualTo(zeros[row]);
            assertThat(isZero(rnn4j, row)).as("%s: rnn4j's row %d is zeros", name, row).isEqualTo(zeros[row]);
        }
        KerasGolden.assertMatchesKeras(name, rnn4j, golden.output());
    }

    private static boolean isZero(Tensor y, int row) {
        for (int j = 0; j < y.dim(1); j++) {
            if (y.at(row, j) != 0f) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aGruRecordsItsVariantInTheOrigin() {
        assertThat(KerasImport.read(KerasGolden.keras("gru_reset_after")).origin())
                .containsEntry("gru_variant", "reset_after");
    }

    @Test
    void aLegacyH5RecordsItsFormatAndKerasVersion() {
        assertThat(KerasImport.read(KerasGolden.h5("lstm_softmax", dir)).origin())
                .containsEntry("source_format", "keras_h5").containsEntry("keras_version", "3.15.1")
                .containsEntry("backend", "jax");
    }

    @Test
    void aResetBeforeGruPredictsWhatKerasPredictedInBothFormats() {
        Case golden = KerasGolden.load(RESET_BEFORE);
        KerasImport.Imported imported = KerasImport.read(KerasGolden.keras(RESET_BEFORE));
        KerasGolden.assertMatchesKeras(RESET_BEFORE + ".keras", imported.chain().predict(golden.input()),
                golden.output());
        KerasGolden.assertMatchesKeras(RESET_BEFORE + ".h5",
                KerasImport.read(KerasGolden.h5(RESET_BEFORE, dir)).chain().predict(golden.input()), golden.output());
        assertThat(imported.origin()).containsEntry("gru_variant", "reset_before");
    }
}
