package org.rnn4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.io.ModelFile;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;

/**
 * The text of {@code rnn4j inspect}: a Keras-like summary of a recurrent model. Shapes use the letters of
 * {@code org.rnn4j}'s package documentation (B batch, T steps, H hidden, D directions, L layers).
 *
 * <p>The text is ASCII ({@code D*H}, not {@code D·H}): under a C/POSIX locale Java prints other characters as '?'.
 */
final class ModelSummary {
    private ModelSummary() {
    }

    static List<String> lines(Path file, ModelFile.Loaded loaded) {
        RecurrentLayer layer = loaded.layer();
        RecurrentConfig c = layer.config();
        List<String> lines = new ArrayList<>();
        lines.add("Model: " + file);
        lines.add("Layer: " + layer.describe());
        lines.add("");
        lines.addAll(parameterTable(layer));
        lines.add("");
        int h = c.hiddenSize();
        boolean projected = c.projSize() > 0;                  // h (and so the output) is P wide, c stays H
        String w = projected ? "P" : "H";
        lines.add("Input:  (B, T, " + c.inputSize() + ")");
        lines.add("Output: (B, T, " + c.outputSize() + ")   = (B, T, D*" + w + "), D = " + c.directions() + ", H = " + h
                + (projected ? ", P = " + c.projSize() : ""));
        String hn = "(" + layer.stateCount() + ", B, " + c.stateWidth(0) + ")";
        String cn = "(" + layer.stateCount() + ", B, " + h + ")";
        lines.add("State:  h_n " + hn + (c.cell() == CellType.LSTM ? ", c_n " + cn : "")
                + "   = (L*D, B, " + w + ")" + (projected ? " and (L*D, B, H)" : "") + ", L = " + c.numLayers());
        lines.add("        " + stateOrder(c));
        lines.add("Keras return_state=True adds: " + kerasStates(c));
        lines.add("");
        if (loaded.importedFromPyTorch()) {
            lines.add("Provenance: imported from a PyTorch state_dict (architecture inferred from tensor names and"
                    + " shapes)");
        } else if (loaded.provenance().isEmpty()) {
            lines.add("Provenance: none recorded");
        } else {
            lines.add("Provenance:");
            int width = loaded.provenance().keySet().stream().mapToInt(String::length).max().orElse(0);
            for (Map.Entry<String, String> e : loaded.provenance().entrySet()) {
                lines.add(String.format(Locale.ROOT, "  %-" + width + "s  %s", e.getKey(), e.getValue()));
            }
        }
        return lines;
    }

    private static List<String> parameterTable(RecurrentLayer layer) {
        int nameWidth = "Parameter".length();
        int shapeWidth = "Shape".length();
        for (Parameter p : layer.parameters()) {
            nameWidth = Math.max(nameWidth, p.name().length());
            shapeWidth = Math.max(shapeWidth, p.value().shapeString().length());
        }
        String row = "%-" + nameWidth + "s  %-" + shapeWidth + "s  %12s";
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, row, "Parameter", "Shape", "Count"));
        long total = 0;
        for (Parameter p : layer.parameters()) {
            lines.add(String.format(Locale.ROOT, row, p.name(), p.value().shapeString(), count(p.size())));
            total += p.size();
        }
        lines.add("Total parameters: " + count(total));
        return lines;
    }

    /** 1234567 as "1,234,567", whatever the machine's locale. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String stateOrder(RecurrentConfig c) {
        return c.bidirectional()
                ? "row 2*l + d is layer l, direction d (0 forward, 1 backward), as in PyTorch"
                : "row l is layer l, as in PyTorch";
    }

    /** The states a Keras layer appends: the last layer's, per direction, each (B, H) (h is (B, P) if projected). */
    private static String kerasStates(RecurrentConfig c) {
        List<String> names = new ArrayList<>();
        for (String direction : c.bidirectional() ? List.of("_fwd", "_bwd") : List.of("")) {
            names.add("h" + direction + (c.projSize() > 0 ? " (B, " + c.projSize() + ")" : ""));
            if (c.cell() == CellType.LSTM) {
                names.add("c" + direction + (c.projSize() > 0 ? " (B, " + c.hiddenSize() + ")" : ""));
            }
        }
        return String.join(", ", names) + (c.projSize() > 0 ? "" : ", each (B, " + c.hiddenSize() + ")");
    }
}
