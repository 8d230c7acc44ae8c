package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.ModelFile;
import org.rnn4j.io.Npy;
import org.rnn4j.io.Provenance;
import org.rnn4j.io.Safetensors;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.PyTorchStates;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.nn.recurrent.RecurrentOutput;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;

class PredictCommandTest {
    private static final int B = 3;
    private static final int T = 5;
    private static final int F = 4;
    private static final int H = 6;

    @TempDir
    Path dir;

    /** Two stacked bidirectional LSTM layers: every kind of state ordering is exercised. */
    private RecurrentLayer saveLstm(Path file) {
        RecurrentLayer layer = new RecurrentLayer(
                new RecurrentConfig(CellType.LSTM, F, H, 2, true, 0f), new SplittableRandom(11));
        ModelFile.save(file, layer, Provenance.now(11L, null, "PredictCommandTest"));
        return layer;
    }

    private Path writeInput(Tensor x) {
        Path file = dir.resolve("x.npy");
        Npy.write(file, x);
        return file;
    }

    private static void assertSameValues(Tensor actual, Tensor expected) {
        assertThat(actual.shape()).containsExactly(expected.shape());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("element %d", i).isCloseTo(expected.get(i), within(1e-6f));
        }
    }

    @Test
    void writesTheSameSequenceAndStatesAsForward() {
        Path model = dir.resolve("m.safetensors");
        RecurrentLayer layer = saveLstm(model);
        Tensor x = CliTesting.uniform(1, B, T, F);
        Path input = writeInput(x);

        CliTesting.Result result = CliTesting.run("predict", "--model", model, "--input", input,
                "--output", dir.resolve("y.npy"), "--state-output", dir.resolve("h.npy"),
                "--cell-state-output", dir.resolve("c.npy"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out().lines()).singleElement().asString()
                .contains("Lstm(input 4, hidden 6, layers 2, bidirectional)", "(3, 5, 12)", "(4, 3, 6)");
        RecurrentOutput expected = layer.forward(x, null, null).output();
        assertSameValues(Npy.readFloat32(dir.resolve("y.npy")), expected.sequence());
        assertSameValues(Npy.readFloat32(dir.resolve("h.npy")), PyTorchStates.stack(expected.finalStates(), 0));
        assertSameValues(Npy.readFloat32(dir.resolve("c.npy")), PyTorchStates.stack(expected.finalStates(), 1));
    }

    @Test
    void aProjectedLstmWritesHAndCAtTheirOwnWidths() {
        Path model = dir.resolve("proj.safetensors");
        RecurrentLayer layer = new RecurrentLayer(
                new RecurrentConfig(CellType.LSTM, F, H, 2, true, 0f).withProjSize(3), new SplittableRandom(11));
        ModelFile.save(model, layer, Provenance.now(11L, null, "PredictCommandTest"));
        Tensor x = CliTesting.uniform(1, B, T, F);

        CliTesting.Result result = CliTesting.run("predict", "--model", model, "--input", writeInput(x),
                "--output", dir.resolve("y.npy"), "--state-output", dir.resolve("h.npy"),
                "--cell-state-output", dir.resolve("c.npy"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        RecurrentOutput expected = layer.forward(x, null, null).output();
        assertSameValues(Npy.readFloat32(dir.resolve("y.npy")), expected.sequence());              // (B, T, D·P)
        Tensor h = Npy.readFloat32(dir.resolve("h.npy"));
        Tensor c = Npy.readFloat32(dir.resolve("c.npy"));
        assertThat(h.shape()).containsExactly(4, B, 3);                                         // (L·D, B, P)
        assertThat(c.shape()).containsExactly(4, B, H);                                         // (L·D, B, H)
        assertSameValues(h, PyTorchStates.stack(expected.finalStates(), 0));
        assertSameValues(c, PyTorchStates.stack(expected.finalStates(), 1));
    }

    @Test
    void lengthsMaskThePaddedSteps() {
        Path model = dir.resolve("m.safetensors");
        RecurrentLayer layer = saveLstm(model);
        Tensor x = CliTesting.uniform(2, B, T, F);
        Path input = writeInput(x);
        Path lengths = dir.resolve("lengths.npy");
        CliTesting.writeInt64Npy(lengths, 5, 2, 3);

        CliTesting.Result result = CliTesting.run("predict", "--model", model, "--input", input, "--lengths", lengths,
                "--output", dir.resolve("y.npy"), "--state-output", dir.resolve("h.npy"), "--quiet");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEmpty();
        RecurrentOutput expected = layer.forward(x, SequenceMask.fromLengths(new int[] {5, 2, 3}, T), null).output();
        RecurrentOutput unmasked = layer.forward(x, null, null).output();
        Tensor y = Npy.readFloat32(dir.resolve("y.npy"));
        assertSameValues(y, expected.sequence());
        assertSameValues(Npy.readFloat32(dir.resolve("h.npy")), PyTorchStates.stack(expected.finalStates(), 0));
        assertThat(y.at(1, 4, 0)).isZero(); // row 1 is padded after step 1
        assertThat(PyTorchStates.stack(expected.finalStates(), 0).toArray())
                .isNotEqualTo(PyTorchStates.stack(unmasked.finalStates(), 0).toArray());
    }

    @Test
    void readsAPlainPyTorchStateDict() {
        RecurrentLayer layer = RecurrentLayer.gru(F, H, new SplittableRandom(5));
        Map<String, Tensor> stateDict = new LinkedHashMap<>();
        for (Parameter p : layer.parameters()) {
            stateDict.put(p.name(), p.value());
        }
        Path model = dir.resolve("gru_state_dict.safetensors");
        Safetensors.write(model, stateDict);
        Tensor x = CliTesting.uniform(3, B, T, F);

        CliTesting.Result result = CliTesting.run("predict", "--model", model, "--input", writeInput(x),
                "--output", dir.resolve("y.npy"), "--state-output", dir.resolve("h.npy"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        RecurrentOutput expected = layer.forward(x, null, null).output();
        assertSameValues(Npy.readFloat32(dir.resolve("y.npy")), expected.sequence());
        assertSameValues(Npy.readFloat32(dir.resolve("h.npy")), PyTorchStates.stack(expected.finalStates(), 0));
    }

    @Test
    void replacesAnExistingOutputOnlyWithOverwrite() throws IOException {
        Path model = dir.resolve("m.safetensors");
        saveLstm(model);
        Path output = dir.resolve("y.npy");
        Files.writeString(output, "old");
        Path input = writeInput(CliTesting.uniform(1, B, T, F));

        CliTesting.Result refused = CliTesting.run("predict", "--model", model, "--input", input, "--output", output);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("y.npy exists: pass --overwrite to replace it");
        assertThat(output).hasContent("old");

        CliTesting.Result result = CliTesting.run("predict", "--model", model, "--input", input, "--output", output,
                "--overwrite");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Npy.readFloat32(output).shape()).containsExactly(B, T, 2 * H);
        assertThat(filesIn(dir)).containsExactlyInAnyOrder("m.safetensors", "x.npy", "y.npy");
    }

    // ---- failures: exit code 1, one line naming the file, and no output written ----

    private List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** Runs predict with outputs y.npy and h.npy in {@code dir}, and checks the failure is reported cleanly. */
    private String failingPredict(Path model, Path input, String... extra) throws IOException {
        List<String> before = filesIn(dir);
        List<Object> args = new java.util.ArrayList<>(List.of("predict", "--model", model, "--input", input,
                "--output", dir.resolve("y.npy"), "--state-output", dir.resolve("h.npy")));
        args.addAll(List.of(extra));
        CliTesting.Result result = CliTesting.run(args.toArray());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).as(result.err()).singleElement().asString().startsWith("rnn4j: ");
        assertThat(result.err()).doesNotContain("\tat ", "Exception");
        assertThat(filesIn(dir)).as("no output and no leftover file").containsExactlyInAnyOrderElementsOf(before);
        return result.err().strip();
    }

    @Test
    void missingModelFile() throws IOException {
        Path input = writeInput(CliTesting.uniform(1, B, T, F));
        String err = failingPredict(dir.resolve("missing.safetensors"), input);
        assertThat(err).isEqualTo("rnn4j: " + dir.resolve("missing.safetensors") + ": no such file (--model)");
    }

    @Test
    void truncatedModelFile() throws IOException {
        Path model = dir.resolve("m.safetensors");
        saveLstm(model);
        byte[] bytes = Files.readAllBytes(model);
        Files.write(model, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        String err = failingPredict(model, writeInput(CliTesting.uniform(1, B, T, F)));
        assertThat(err).contains("m.safetensors");
    }

    @Test
    void inputOfTheWrongRank() throws IOException {
        Path model = dir.resolve("m.safetensors");
        saveLstm(model);
        String err = failingPredict(model, writeInput(CliTesting.uniform(1, B, T)));
        assertThat(err).isEqualTo("rnn4j: " + dir.resolve("x.npy") + ": expected shape (B, T, 4) for"
                + " Lstm(input 4, hidden 6, layers 2, bidirectional), got (3, 5)");
    }

    @Test
    void inputWithTheWrongFeatureCount() throws IOException {
        Path model = dir.resolve("m.safetensors");
        saveLstm(model);
        String err = failingPredict(model, writeInput(CliTesting.uniform(1, B, T, F + 1)));
        assertThat(err).contains("x.npy: expected shape (B, T, 4)", "got (3, 5, 5)");
    }

    @Test
    void float64Input() throws IOException {
        Path model = dir.resolve("m.safetensors");
        saveLstm(model);
        Path input = dir.resolve("x64.npy");
        CliTesting.writeFloat64Npy(input, new int[] {B, T, F}, 0.5);
        String err = failingPredict(model, input);
        assertThat(err).contains("x64.npy", "'<f8'", "float32");
    }

    @Test
    void nanInInput() throws IOException {
        Path model = dir.resolve("m.safetensors");
        saveLstm(model);
        Tensor x = CliTesting.uniform(1, B, T, F);
        x.setAt(Float.NaN, 1, 2, 3);
        String err = failingPredict(model, writeInput(x));
        assertThat(err).contains("x.npy", "NaN", "[1, 2, 3]");
    }

    @Test
    void cellStateOfAGru() throws IOException {
        Path model = dir.resolve("gru.safetensors");
        ModelFile.save(model, RecurrentLayer.gru(F, H, new SplittableRandom(1)), Provenance.now(1L, null, null));
        String err = failingPredict(model, writeInput(CliTesting.uniform(1, B, T, F)),
                "--cell-state-output", dir.resolve("c.npy").toString());
        assertThat(err).contains("gru.safetensors", "--cell-state-output", "Gru(input 4, hidden 6)");
    }

    @Test
    void lengthsOfTheWrongCount() throws IOException {
        Path model = dir.resolve("m.safetensors");
        saveLstm(model);
        Path lengths = dir.resolve("lengths.npy");
        CliTesting.writeInt64Npy(lengths, 5, 5);
        String err = failingPredict(model, writeInput(CliTesting.uniform(1, B, T, F)),
                "--lengths", lengths.toString());
        assertThat(err).contains("lengths.npy", "expected 3 lengths", "got 2");
    }

    @Test
    void lengthLongerThanTheInput() throws IOException {
        Path model = dir.resolve("m.safetensors");
        saveLstm(model);
        Path lengths = dir.resolve("lengths.npy");
        CliTesting.writeInt64Npy(lengths, 5, 6, 1);
        String err = failingPredict(model, writeInput(CliTesting.uniform(1, B, T, F)),
                "--lengths", lengths.toString());
        assertThat(err).contains("lengths.npy", "length 6 of row 1 is outside 0..5");
    }

    @Test
    void reluForAnRnn4jFile() throws IOException {
        Path model = dir.resolve("m.safetensors");
        saveLstm(model);
        String err = failingPredict(model, writeInput(CliTesting.uniform(1, B, T, F)), "--relu");
        assertThat(err).contains("m.safetensors", "--relu");
    }

    @Test
    void outputFolderDoesNotExist() throws IOException {
        Path model = dir.resolve("m.safetensors");
        saveLstm(model);
        Path input = writeInput(CliTesting.uniform(1, B, T, F));
        CliTesting.Result result = CliTesting.run("predict", "--model", model, "--input", input,
                "--output", dir.resolve("no/such/folder/y.npy"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("rnn4j: ").contains("y.npy", "does not exist");
    }

    @Test
    void refusesToOverwriteTheInputOrTheModel() throws IOException {
        Path model = dir.resolve("m.safetensors");
        saveLstm(model);
        Path input = writeInput(CliTesting.uniform(1, B, T, F));
        byte[] inputBytes = Files.readAllBytes(input);
        byte[] modelBytes = Files.readAllBytes(model);

        CliTesting.Result overInput = CliTesting.run("predict", "--model", model, "--input", input,
                "--output", dir.resolve(".").resolve("x.npy"));
        CliTesting.Result overModel = CliTesting.run("predict", "--model", model, "--input", input,
                "--output", dir.resolve("y.npy"), "--state-output", model);

        assertThat(overInput.exitCode()).isEqualTo(1);
        assertThat(overInput.err()).contains("x.npy", "--output is the same file as --input");
        assertThat(overModel.exitCode()).isEqualTo(1);
        assertThat(overModel.err()).contains("m.safetensors", "--state-output is the same file as --model");
        assertThat(Files.readAllBytes(input)).isEqualTo(inputBytes);
        assertThat(Files.readAllBytes(model)).isEqualTo(modelBytes);
        assertThat(filesIn(dir)).containsExactlyInAnyOrder("m.safetensors", "x.npy");
    }

    @Test
    void refusesTwoOutputsToOneFile() throws IOException {
        Path model = dir.resolve("m.safetensors");
        saveLstm(model);
        Path input = writeInput(CliTesting.uniform(1, B, T, F));
        CliTesting.Result result = CliTesting.run("predict", "--model", model, "--input", input,
                "--output", dir.resolve("y.npy"), "--state-output", dir.resolve("y.npy"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("--output and --state-output are the same file");
    }

    @Test
    void aMissingRequiredOptionIsAUsageError() {
        CliTesting.Result result = CliTesting.run("predict", "--input", "x.npy", "--output", "y.npy");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required option: '--model=M.safetensors'",
                "Run 'rnn4j predict --help'").doesNotContain("Usage:");
    }

    @Test
    void debugShowsTheStackTrace() throws IOException {
        Path input = writeInput(CliTesting.uniform(1, B, T, F));
        CliTesting.Result result = CliTesting.run("predict", "--debug", "--model", dir.resolve("missing.safetensors"),
                "--input", input, "--output", dir.resolve("y.npy"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("\tat ", "IllegalArgumentException");
        assertThat(result.err().strip().lines().reduce((a, b) -> b)).hasValueSatisfying(
                last -> assertThat(last).startsWith("rnn4j: ").endsWith("no such file (--model)"));
    }
}
