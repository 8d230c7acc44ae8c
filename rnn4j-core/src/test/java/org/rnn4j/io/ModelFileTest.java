package org.rnn4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.Version;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.PyTorchStates;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.nn.recurrent.RecurrentOutput;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.CellVariant;
import org.rnn4j.testing.Tensors;

/**
 * A model file is one safetensors file: the parameters under their PyTorch names, and in the metadata the
 * format, its version, the architecture as a JSON spec and the provenance. Saving is atomic; loading checks
 * everything against the spec and says, naming the file, what is wrong.
 */
class ModelFileTest {
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.rnn4j.testing.CellVariant#all")
    void roundTripKeepsArchitectureParametersAndOutputs(CellVariant cell) {
        RecurrentConfig config = cell.config(3, 4, 2, true).withDropout(0.25f);
        RecurrentLayer layer = new RecurrentLayer(config, new SplittableRandom(1));
        Path file = dir.resolve("model.safetensors");

        ModelFile.save(file, layer, Provenance.now(42L, SHA, "rnn4j train --epochs 3"));
        ModelFile.Loaded loaded = ModelFile.load(file);

        assertThat(loaded.importedFromPyTorch()).isFalse();
        assertThat(loaded.layer().config()).isEqualTo(config);
        List<Parameter> saved = layer.parameters();
        List<Parameter> read = loaded.layer().parameters();
        assertThat(read).extracting(Parameter::name).containsExactlyElementsOf(
                saved.stream().map(Parameter::name).toList());
        for (int i = 0; i < saved.size(); i++) {
            assertThat(read.get(i).value().shape()).containsExactly(saved.get(i).value().shape());
            assertThat(read.get(i).value().toArray()).as(saved.get(i).name())
                    .containsExactly(saved.get(i).value().toArray());
        }
        Tensor x = Tensors.uniform(new SplittableRandom(2), -1, 1, 2, 5, 3);
        RecurrentOutput before = layer.forward(x, null, null).output();
        RecurrentOutput after = loaded.layer().forward(x, null, null).output();
        assertThat(after.sequence().toArray()).containsExactly(before.sequence().toArray());
        assertThat(PyTorchStates.stack(after.finalStates(), 0).toArray())
                .containsExactly(PyTorchStates.stack(before.finalStates(), 0).toArray());
    }

    @Test
    void theSpecHoldsProjSizeOnlyWhenItIsSetAndASpecWithoutItReadsAsNone() throws IOException {
        RecurrentLayer projected = new RecurrentLayer(RecurrentConfig.of(CellType.LSTM, 4, 6).withProjSize(3),
                new SplittableRandom(1));
        JsonNode spec = JSON.readTree(Safetensors.readHeader(save(projected, Provenance.now(1L, null, null)))
                .metadata().get("spec"));
        assertThat(spec.get("proj_size").asInt()).isEqualTo(3);

        Path plain = save(lstm(), Provenance.now(1L, null, null));
        assertThat(JSON.readTree(Safetensors.readHeader(plain).metadata().get("spec")).has("proj_size")).isFalse();
        assertThat(ModelFile.load(plain).layer().config().projSize()).isZero();
    }

    @Test
    void provenanceIsPreserved() {
        Provenance provenance = Provenance.now(42L, SHA, "rnn4j train --epochs 3");
        Path file = save(lstm(), provenance);

        Map<String, String> read = ModelFile.load(file).provenance();

        assertThat(read).containsExactly(
                Map.entry("rnn4j_version", Version.VERSION),
                Map.entry("created", provenance.created()),
                Map.entry("seed", "42"),
                Map.entry("data_sha256", SHA),
                Map.entry("command", "rnn4j train --epochs 3"));
    }

    @Test
    void provenanceFieldsThatAreAbsentAreNotWritten() {
        Path file = save(lstm(), Provenance.now(null, null, null));

        assertThat(ModelFile.load(file).provenance()).containsOnlyKeys("rnn4j_version", "created");
    }

    @Test
    void metadataHoldsFormatVersionSpecAndProvenance() throws IOException {
        Path file = save(lstm(), Provenance.now(7L, null, "test"));

        SafetensorsHeader header = Safetensors.readHeader(file);

        assertThat(header.metadata()).containsOnlyKeys("format", "format_version", "spec", "provenance");
        assertThat(header.metadata()).containsEntry("format", "rnn4j").containsEntry("format_version", "1");
        JsonNode spec = JSON.readTree(header.metadata().get("spec"));
        assertThat(spec.get("type").asText()).isEqualTo("recurrent");
        assertThat(spec.get("cell").asText()).isEqualTo("lstm");
        assertThat(spec.get("input_size").asInt()).isEqualTo(4);
        assertThat(spec.get("hidden_size").asInt()).isEqualTo(6);
        assertThat(spec.get("num_layers").asInt()).isEqualTo(1);
        assertThat(spec.get("bidirectional").asBoolean()).isFalse();
        assertThat(spec.get("dropout").asDouble()).isZero();
        assertThat(header.tensors().keySet())
                .containsExactly("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0");
        assertThat(header.tensors().values()).allMatch(e -> e.dtype().equals("F32"));
    }

    // ------------------------------------------------------------------ refused files

    @Test
    void missingTensorIsRefused() {
        Path file = rewrite(tensors -> tensors.remove("bias_hh_l0"), meta -> { });

        assertRefused(file, "tensor 'bias_hh_l0' is missing for Lstm(input 4, hidden 6)");
    }

    @Test
    void tensorOfTheWrongShapeIsRefused() {
        Path file = rewrite(tensors -> tensors.put("weight_ih_l0", Tensor.zeros(24, 5)), meta -> { });

        assertRefused(file, "tensor 'weight_ih_l0': has shape (24, 5), expected (24, 4) for Lstm(input 4, hidden 6)");
    }

    @Test
    void extraTensorIsRefused() {
        Path file = rewrite(tensors -> tensors.put("decoder.weight", Tensor.zeros(3, 6)), meta -> { });

        assertRefused(file, "holds tensors that Lstm(input 4, hidden 6) does not have: decoder.weight");
    }

    @Test
    void unknownCellInTheSpecIsRefused() {
        Path file = rewrite(tensors -> { },
                meta -> meta.put("spec", meta.get("spec").replace("\"lstm\"", "\"transformer\"")));

        assertRefused(file, "spec is invalid: unknown cell type 'transformer': expected rnn_tanh, rnn_relu, lstm, gru or gru_reset_before");
    }

    @Test
    void specWithAnInvalidSizeIsRefused() {
        Path file = rewrite(tensors -> { },
                meta -> meta.put("spec", meta.get("spec").replace("\"hidden_size\":6", "\"hidden_size\":0")));

        assertRefused(file, "spec is invalid: hiddenSize must be at least 1, got 0");
    }

    @Test
    void specWithoutAFieldIsRefused() {
        Path file = rewrite(tensors -> { },
                meta -> meta.put("spec", meta.get("spec").replace("\"input_size\":4,", "")));

        assertRefused(file, "spec has no 'input_size'");
    }

    @Test
    void unsupportedFormatVersionIsRefused() {
        Path file = rewrite(tensors -> { }, meta -> meta.put("format_version", "2"));

        assertRefused(file, "format version 2 is not supported by this rnn4j (which reads version 1)");
    }

    @Test
    void specThatIsNotJsonIsRefused() {
        Path file = rewrite(tensors -> { }, meta -> meta.put("spec", "{cell: lstm"));

        assertRefused(file, "spec metadata is not valid JSON");
    }

    @Test
    void missingSpecIsRefused() {
        Path file = rewrite(tensors -> { }, meta -> meta.remove("spec"));

        assertRefused(file, "metadata has no 'spec': the architecture is unknown");
    }

    @Test
    void tensorWithNaNIsRefused() {
        Path file = rewrite(tensors -> tensors.get("weight_hh_l0").set(5, Float.NaN), meta -> { });

        assertRefused(file, "tensor 'weight_hh_l0': contains NaN or infinite values");
    }

    @Test
    void tensorWithInfinityIsRefused() {
        Path file = rewrite(tensors -> tensors.get("bias_ih_l0").set(0, Float.NEGATIVE_INFINITY), meta -> { });

        assertRefused(file, "tensor 'bias_ih_l0': contains NaN or infinite values");
    }

    @Test
    void fileCutInHalfIsRefused() throws IOException {
        byte[] whole = Files.readAllBytes(save(lstm(), Provenance.now(1L, null, null)));
        Path file = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(whole, whole.length / 2));

        assertRefused(file, "reach past the end of the data region");
    }

    @Test
    void fileCutInsideTheHeaderIsRefused() throws IOException {
        byte[] whole = Files.readAllBytes(save(lstm(), Provenance.now(1L, null, null)));
        Path file = Files.write(dir.resolve("stub.safetensors"), Arrays.copyOf(whole, 40));

        assertRefused(file, "exceeds file size 40 bytes");
    }

    // ------------------------------------------------------------------ atomic saving

    @Test
    void savingOverAnExistingModelReplacesItWholeAndLeavesNoTemporaryFile() throws IOException {
        Path file = save(lstm(), Provenance.now(1L, null, null));
        RecurrentLayer gru = new RecurrentLayer(new RecurrentConfig(CellType.GRU, 2, 3, 1, true, 0f),
                new SplittableRandom(3));
        Provenance second = Provenance.now(2L, null, null);

        ModelFile.save(file, gru, second);

        assertThat(ModelFile.load(file).layer().config()).isEqualTo(gru.config());
        assertThat(ModelFile.load(file).provenance()).containsEntry("seed", "2");
        Path fresh = dir.resolve("fresh").resolve("model.safetensors");
        Files.createDirectories(fresh.getParent());
        ModelFile.save(fresh, gru, second);
        assertThat(Files.readAllBytes(file)).isEqualTo(Files.readAllBytes(fresh));
        assertThat(filesIn(dir)).containsExactlyInAnyOrder("model.safetensors", "fresh");
    }

    @Test
    void failedSaveIntoAMissingFolderLeavesNothingBehind() throws IOException {
        Path missing = dir.resolve("no-such-folder");
        Path target = missing.resolve("model.safetensors");

        assertThatThrownBy(() -> ModelFile.save(target, lstm(), Provenance.now(1L, null, null)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("could not write " + target)
                .hasMessageContaining("does not exist");
        assertThat(missing).doesNotExist();
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void failedSaveOntoAFolderLeavesTheFolderAsItWas() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("model.safetensors"));

        assertThatThrownBy(() -> ModelFile.save(folder, lstm(), Provenance.now(1L, null, null)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("could not write " + folder + ": it is a folder");
        assertThat(folder).isEmptyDirectory();
        assertThat(filesIn(dir)).containsExactly("model.safetensors");
    }

    // ------------------------------------------------------------------ helpers

    private static RecurrentLayer lstm() {
        return new RecurrentLayer(RecurrentConfig.of(CellType.LSTM, 4, 6), new SplittableRandom(5));
    }

    private Path save(RecurrentLayer layer, Provenance provenance) {
        Path file = dir.resolve("model.safetensors");
        ModelFile.save(file, layer, provenance);
        return file;
    }

    /** A valid one-layer LSTM model file, with its tensors and metadata changed as given, under a new name. */
    private Path rewrite(Consumer<Map<String, Tensor>> changeTensors, Consumer<Map<String, String>> changeMetadata) {
        SafetensorsFile valid = Safetensors.read(save(lstm(), Provenance.now(1L, null, null)));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        valid.tensors().forEach((name, t) -> tensors.put(name, t.copy()));
        Map<String, String> metadata = new LinkedHashMap<>(valid.metadata());
        changeTensors.accept(tensors);
        changeMetadata.accept(metadata);
        Path file = dir.resolve("changed.safetensors");
        Safetensors.write(file, tensors, metadata);
        return file;
    }

    private static void assertRefused(Path file, String problem) {
        assertThatThrownBy(() -> ModelFile.load(file))
                .isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining(problem);
    }

    private static List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }
}
