package org.rnn4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code rnn4j inspect} for a chain of layers (a Keras model, or the rnn4j file converted from one). ASCII only. */
final class ChainSummary {
    private ChainSummary() {
    }

    static List<String> lines(Path file, ChainModels.Loaded loaded) {
        List<String> lines = new ArrayList<>();
        lines.add("Model: " + file + " (" + loaded.source() + ")");
        lines.add("Type:  layer chain, " + loaded.chain().stages().size() + " stages, "
                + loaded.chain().parameterCount() + " parameters");
        lines.add("");
        for (String line : loaded.chain().describe()) {
            lines.add("  " + line.replace("->", "->"));
        }
        lines.add("");
        lines.add("Input:  " + loaded.chain().inputSignature()
                + (loaded.chain().takesTokens() ? ", an int32 or int64 .npy" : ", a float32 .npy"));
        lines.add("Output: " + loaded.chain().outputSignature() + ", as Keras's model.predict");
        addTable(lines, "Origin", loaded.origin());
        addTable(lines, "Provenance", loaded.provenance());
        return lines;
    }

    private static void addTable(List<String> lines, String title, Map<String, String> entries) {
        if (entries.isEmpty()) {
            return;
        }
        lines.add("");
        lines.add(title + ":");
        int width = entries.keySet().stream().mapToInt(String::length).max().orElse(0);
        entries.forEach((k, v) -> lines.add(String.format(Locale.ROOT, "  %-" + width + "s  %s", k, v)));
    }
}
