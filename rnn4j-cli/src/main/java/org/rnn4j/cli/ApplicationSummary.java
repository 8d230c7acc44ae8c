package org.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.io.ApplicationModelFile;
import org.rnn4j.io.SafetensorsHeader;

/**
 * {@code rnn4j inspect} for an application model (language model, classifier, translator, forecaster): its spec
 * (every field of the spec JSON, whatever the application), its
 * layers (parameters grouped by the part of their name before the first dot; the recurrent stack's PyTorch names
 * have none), every parameter's shape and count, its metadata entries and its provenance. Read from the header
 * alone: no weights are loaded.
 */
final class ApplicationSummary {
    private ApplicationSummary() {
    }

    static List<String> lines(ApplicationModelFile.Header header) {
        List<String> lines = new ArrayList<>();
        lines.add("Model: " + header.file());
        lines.add("Type:  " + header.type().replace('_', ' '));
        lines.add("");
        lines.add("Spec:");
        Map<String, String> spec = new LinkedHashMap<>();
        header.spec().fields().forEachRemaining(e -> {
            if (!e.getKey().equals("type")) {
                spec.put(e.getKey(), text(e.getValue()));
            }
        });
        lines.addAll(table(spec));
        lines.add("");
        Map<String, Long> layers = new LinkedHashMap<>();
        int nameWidth = "Parameter".length();
        int shapeWidth = "Shape".length();
        for (SafetensorsHeader.Entry e : header.safetensors().tensors().values()) {
            String name = e.name();
            String layer = name.contains(".") ? name.substring(0, name.indexOf('.')) : "recurrent";
            layers.merge(layer, e.elementCount(), Long::sum);
            nameWidth = Math.max(nameWidth, name.length());
            shapeWidth = Math.max(shapeWidth, shape(e).length());
        }
        String row = "%-" + nameWidth + "s  %-" + shapeWidth + "s  %12s";
        lines.add(String.format(Locale.ROOT, row, "Parameter", "Shape", "Count"));
        long total = 0;
        for (SafetensorsHeader.Entry e : header.safetensors().tensors().values()) {
            lines.add(String.format(Locale.ROOT, row, e.name(), shape(e), ModelSummary.count(e.elementCount())));
            total += e.elementCount();
        }
        lines.add("Total parameters: " + ModelSummary.count(total));
        lines.add("");
        lines.add("Layers (parameters):");
        Map<String, String> layerCounts = new LinkedHashMap<>();
        layers.forEach((k, v) -> layerCounts.put(k, ModelSummary.count(v)));
        lines.addAll(table(layerCounts));
        lines.add("");
        List<String> entries = new ArrayList<>();
        header.metadata().forEach((k, v) -> {
            if (!List.of("format", "format_version", "spec", "provenance").contains(k)) {
                entries.add(k + " (" + ModelSummary.count(v.length()) + " characters of JSON)");
            }
        });
        lines.add("Metadata: " + (entries.isEmpty() ? "none besides the spec" : String.join(", ", entries)));
        Map<String, String> provenance = header.provenance();
        lines.add(provenance.isEmpty() ? "Provenance: none recorded" : "Provenance:");
        lines.addAll(table(provenance));
        return lines;
    }

    private static List<String> table(Map<String, String> rows) {
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
        List<String> out = new ArrayList<>();
        rows.forEach((k, v) -> out.add(String.format(Locale.ROOT, "  %-" + width + "s  %s", k, v)));
        return out;
    }

    private static String shape(SafetensorsHeader.Entry e) {
        return org.rnn4j.tensor.Shapes.format(e.shape());
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : node.toString();
    }
}
