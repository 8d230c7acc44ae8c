package org.rnn4j.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentCell;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentState;
import org.rnn4j.nn.recurrent.SequenceLayer;

/**
 * A cell as the parametrised tests run it: every {@link CellType}, and the LSTM with a projection of h to
 * {@link #PROJECTED} values (an option of the LSTM, as in PyTorch), which every hidden size of the tests exceeds.
 */
public record CellVariant(CellType cell, int projSize) {
    public static final int PROJECTED = 2;

    /** Every cell type without projection, then the projected LSTM. */
    public static Stream<CellVariant> all() {
        List<CellVariant> all = new ArrayList<>();
        for (CellType cell : CellType.values()) {
            all.add(new CellVariant(cell, 0));
        }
        all.add(new CellVariant(CellType.LSTM, PROJECTED));
        return all.stream();
    }

    public RecurrentConfig config(int inputSize, int hiddenSize, int layers, boolean bidirectional) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, layers, bidirectional, 0f, projSize);
    }

    public RecurrentCell<?> newCell(int inputSize, int hiddenSize, String suffix, RandomGenerator rng) {
        return cell.newCell(inputSize, hiddenSize, projSize, suffix, rng);
    }

    public int stateTensors() {
        return cell.stateTensors();
    }

    /** Random U(-0.5, 0.5) states for {@code layer}, each tensor of its own width. */
    public static List<RecurrentState> randomStates(RandomGenerator rng, SequenceLayer layer, int batch) {
        return java.util.stream.IntStream.range(0, layer.stateCount())
                .mapToObj(i -> RecurrentState.of(java.util.stream.IntStream.range(0, layer.cellType().stateTensors())
                        .mapToObj(k -> Tensors.uniform(rng, -0.5, 0.5, batch, layer.stateWidth(k))).toList()))
                .toList();
    }

    @Override
    public String toString() {
        return projSize > 0 ? cell.id() + " proj " + projSize : cell.id();
    }
}
