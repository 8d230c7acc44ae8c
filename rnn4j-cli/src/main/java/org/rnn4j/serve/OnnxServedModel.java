package org.rnn4j.serve;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rnn4j.interop.onnx.OnnxModel;
import org.rnn4j.tensor.Tensor;

/**
 * An ONNX graph, run by rnn4j's own ONNX reader: {@code input} goes to the graph's first input as the graph declares
 * it (a bare recurrent node is time-major, (T, B, F)), {@code lengths} to its sequence_lens input, and {@code output}
 * is the graph's first output: what {@code rnn4j predict} writes for it.
 */
public final class OnnxServedModel extends ServedModel {
    private final OnnxModel model;

    public OnnxServedModel(String name, Path file, OnnxModel model) {
        super(name, file);
        this.model = model;
    }

    @Override
    String kind() {
        return "ONNX graph";
    }

    @Override
    public String describe() {
        return "ONNX " + String.join(" ", model.opTypes().stream().distinct()
                .filter(op -> op.equals("RNN") || op.equals("LSTM") || op.equals("GRU")).toList()) + " graph, input "
                + model.inputs().get(0).shape();
    }

    @Override
    String routes() {
        return "POST /v2/models/" + name() + "/infer";
    }

    @Override
    boolean infers() {
        return true;
    }

    @Override
    List<Port> inputs() {
        List<Port> ports = new ArrayList<>(List.of(new Port("input", "FP32", dims(model.inputs().get(0).shape()))));
        if (model.sequenceLengthsInput() != null) {
            ports.add(new Port("lengths", "INT32", -1));
        }
        return ports;
    }

    @Override
    List<Port> outputs() {
        return List.of(new Port("output", "FP32", -1));
    }

    /** "(T, B, 4)" -> [-1, -1, 4]: a named or unknown size is one the request chooses. */
    static int[] dims(String shape) {
        String inner = shape.replaceAll("[()\\s]", "");
        if (inner.isEmpty() || !shape.startsWith("(")) {
            return new int[] {-1};
        }
        String[] parts = inner.split(",");
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            dims[i] = parts[i].matches("\\d+") ? Integer.parseInt(parts[i]) : -1;
        }
        return dims;
    }

    @Override
    Map<String, Tensor> infer(Map<String, InferTensor> inputs) {
        InferTensor input = required(inputs, "input").requireDatatype("input", "FP32");
        int[] declared = dims(model.inputs().get(0).shape());
        int[] s = input.shape();
        boolean fits = declared.length == 1 && declared[0] == -1 || declared.length == s.length;
        for (int i = 0; fits && declared.length == s.length && i < s.length; i++) {
            fits = declared[i] == -1 || declared[i] == s[i];
        }
        if (!fits) {
            throw ApiException.badRequest(input.where() + ".shape: the graph's input is "
                    + model.inputs().get(0).shape() + ", got " + java.util.Arrays.toString(s));
        }
        int[] lengths = null;
        InferTensor l = inputs.get("lengths");
        if (l != null) {
            lengths = RecurrentServedModel.lengths(l, -1, -1); // the graph knows its layout, and checks them

        }
        try {
            return Map.of("output", model.predict(input.toTensor(), lengths));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(input.where() + ": " + e.getMessage());
        }
    }
}
