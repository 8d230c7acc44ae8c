package org.rnn4j.interop.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.FileFormatException;

/**
 * A Keras file rnn4j cannot run exactly ends in one line that names the file and, where one is at fault, the layer
 * and the option: never other numbers.
 */
class KerasImportBadFilesTest {
    @TempDir
    Path dir;

    private static void assertOneLine(Throwable e) {
        assertThat(e).isInstanceOf(FileFormatException.class);
        assertThat(e.getMessage()).doesNotContain("\n");
    }

    /** A copy of a golden .keras with its entries changed by {@code edit} (entry name → bytes). */
    private Path editedArchive(String golden, String name, UnaryOperator<Map<String, byte[]>> edit) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(KerasGolden.keras(golden).toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        Path out = dir.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (Map.Entry<String, byte[]> e : edit.apply(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
            }
        }
        return out;
    }

    private Path withConfig(String golden, String name, UnaryOperator<String> edit) throws IOException {
        return editedArchive(golden, name, entries -> {
            entries.put("config.json", edit.apply(new String(entries.get("config.json"), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
            return entries;
        });
    }

    @Test
    void aTruncatedKerasArchiveSaysItMayBeCutShort() throws IOException {
        byte[] whole = Files.readAllBytes(KerasGolden.keras("lstm_softmax"));
        Path cut = dir.resolve("cut.keras");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 100));

        assertThatThrownBy(() -> KerasImport.read(cut)).satisfies(KerasImportBadFilesTest::assertOneLine)
                .hasMessageStartingWith(cut + ": is not a readable .keras archive").hasMessageEndingWith("cut short");
    }

    @Test
    void aKerasArchiveWithAMissingWeightNamesTheLayerAndTheWeight() throws IOException {
        // An LSTM saved without bias whose config now says use_bias: its bias (vars/2) is not in the file.
        Path broken = withConfig("lstm_no_bias", "missing_bias.keras",
                c -> c.replace("\"use_bias\": false", "\"use_bias\": true"));

        assertThatThrownBy(() -> KerasImport.read(broken)).satisfies(KerasImportBadFilesTest::assertOneLine)
                .hasMessageMatching(".*missing_bias\\.keras: layer 'lstm(_\\d+)?' \\(LSTM\\): weight"
                        + " 'layers/lstm/cell/vars/2' \\(bias \\(20,\\)\\) is missing");
    }

    @Test
    void aLegacyH5WithAWeightOfTheWrongShapeNamesTheLayerTheWeightAndBothShapes() throws IOException {
        // The config says 6 units where the weights hold 5: every shape the config implies is checked.
        Path h5 = KerasGolden.h5("gru_reset_after", dir);
        byte[] bytes = Files.readAllBytes(h5);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\"units\": 5");
        assertThat(at).as("the GRU's units in the model_config attribute").isPositive();
        bytes[at + "\"units\": ".length()] = '6';
        Path edited = dir.resolve("wrong_shape.h5");
        Files.write(edited, bytes);

        assertThatThrownBy(() -> KerasImport.read(edited)).satisfies(KerasImportBadFilesTest::assertOneLine)
                .hasMessageMatching(".*wrong_shape\\.h5: layer 'gru(_\\d+)?' \\(GRU\\): weight '.*gru_cell/kernel'"
                        + " \\(kernel\\) has shape \\(4, 15\\), expected \\(4, 18\\) from the layer's config");
    }

    @Test
    void anUnsupportedLayerIsNamedWithWhatIsSupported() throws IOException {
        Path file = withConfig("dropout", "conv.keras", c -> c.replace("\"class_name\": \"Dropout\"",
                "\"class_name\": \"Conv1D\""));

        assertThatThrownBy(() -> KerasImport.read(file)).satisfies(KerasImportBadFilesTest::assertOneLine)
                .hasMessageMatching(".*conv\\.keras: layer 'dropout(_\\d+)?' \\(Conv1D\\): is not supported: rnn4j"
                        + " imports Embedding, .*");
    }

    @Test
    void aGateFunctionOtherThanTheTwoSigmoidsIsRefusedNamingTheLayerAndTheOption() throws IOException {
        Path file = withConfig("lstm_softmax", "softsign.keras", c -> c.replace("\"recurrent_activation\": \"sigmoid\"",
                "\"recurrent_activation\": \"softsign\""));

        assertThatThrownBy(() -> KerasImport.read(file)).satisfies(KerasImportBadFilesTest::assertOneLine)
                .hasMessageMatching(".*softsign\\.keras: layer 'lstm(_\\d+)?' \\(LSTM\\): recurrent_activation"
                        + " 'softsign' is not supported \\(rnn4j's LSTM gates use sigmoid or hard_sigmoid\\)");
    }

    @Test
    void aHardSigmoidFromAnUnknownKerasVersionIsRefused() throws IOException {
        // Its slope is 0.2 before Keras 3 and 1/6 from Keras 3 on: a file that does not say which is not guessed at.
        Path file = editedArchive("lstm_hard_sigmoid", "unversioned.keras", entries -> {
            entries.put("metadata.json", "{\"date_saved\": \"2026-12-07@12:00:00\"}".getBytes(StandardCharsets.UTF_8));
            return entries;
        });

        assertThatThrownBy(() -> KerasImport.read(file)).satisfies(KerasImportBadFilesTest::assertOneLine)
                .hasMessageMatching(".*unversioned\\.keras: layer 'lstm(_\\d+)?' \\(LSTM\\): recurrent_activation"
                        + " 'hard_sigmoid' has a slope that depends on the Keras version that saved the file .*"
                        + "\\(keras_version 'unknown'\\)");
    }

    @Test
    void aStatefulLayerIsRefused() throws IOException {
        Path file = withConfig("gru_reset_after", "stateful.keras", c -> c.replace("\"stateful\": false",
                "\"stateful\": true"));

        assertThatThrownBy(() -> KerasImport.read(file)).satisfies(KerasImportBadFilesTest::assertOneLine)
                .hasMessageContaining("(GRU): stateful=True is not supported");
    }

    @Test
    void returnStateIsRefused() throws IOException {
        Path file = withConfig("simple_rnn_tanh", "state.keras", c -> c.replace("\"return_state\": false",
                "\"return_state\": true"));

        assertThatThrownBy(() -> KerasImport.read(file)).satisfies(KerasImportBadFilesTest::assertOneLine)
                .hasMessageContaining("(SimpleRNN): return_state=True is not supported");
    }

    @Test
    void aDenseActivationRnn4jDoesNotHaveIsRefused() throws IOException {
        Path file = withConfig("lstm_softmax", "elu.keras", c -> c.replace("\"activation\": \"softmax\"",
                "\"activation\": \"elu\""));

        assertThatThrownBy(() -> KerasImport.read(file)).satisfies(KerasImportBadFilesTest::assertOneLine)
                .hasMessageMatching(".*layer 'dense(_\\d+)?' \\(Dense\\): activation 'elu' is not supported .*");
    }

    @Test
    void anArchiveWithoutWeightsSaysWhatIsMissing() throws IOException {
        Path file = editedArchive("lstm_softmax", "noweights.keras", entries -> {
            entries.remove("model.weights.h5");
            return entries;
        });

        assertThatThrownBy(() -> KerasImport.read(file)).satisfies(KerasImportBadFilesTest::assertOneLine)
                .hasMessageEndingWith("noweights.keras: the .keras archive has no model.weights.h5");
    }

    @Test
    void aTruncatedH5IsOneLine() throws IOException {
        Path h5 = KerasGolden.h5("lstm_softmax", dir);
        byte[] whole = Files.readAllBytes(h5);
        Path cut = dir.resolve("cut.h5");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 3));

        assertThatThrownBy(() -> KerasImport.read(cut)).satisfies(KerasImportBadFilesTest::assertOneLine)
                .hasMessageStartingWith(cut.toString());
    }
}
