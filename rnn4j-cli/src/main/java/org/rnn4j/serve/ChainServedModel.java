package org.rnn4j.serve;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.rnn4j.models.chain.LayerChain;
import org.rnn4j.models.chain.Signature;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.tensor.Workspace;

/**
 * A chain of layers (a Keras model, or what {@code rnn4j convert} wrote): {@code input} (B, T, F) FP32, or token ids
 * (B, T) INT32/INT64 when its first layer is an Embedding; {@code output} is {@code model.predict(x)}'s, as
 * {@code rnn4j predict} writes it. It masks with its own layers, so it takes no lengths.
 */
public final class ChainServedModel extends ServedModel {
    private final LayerChain chain;
    private final String source;

    /** @param source "a Keras 3 .keras archive", "an rnn4j layer chain" */
    public ChainServedModel(String name, Path file, LayerChain chain, String source) {
        super(name, file);
        this.chain = chain;
        this.source = source;
    }

    @Override
    String kind() {
        return "layer chain";
    }

    @Override
    public String describe() {
        return source + ", " + chain.stages().size() + " layers, " + chain.inputSignature() + " -> "
                + chain.outputSignature();
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
        return List.of(chain.takesTokens() ? new Port("input", "INT64", -1, -1)
                : new Port("input", "FP32", -1, -1, chain.inputSize()));
    }

    @Override
    List<Port> outputs() {
        Signature out = chain.outputSignature();
        return List.of(out.sequence() ? new Port("output", "FP32", -1, -1, out.width())
                : new Port("output", "FP32", -1, out.width()));
    }

    @Override
    Map<String, Tensor> infer(Map<String, InferTensor> inputs) {
        InferTensor input = required(inputs, "input");
        if (chain.takesTokens()) {
            input.requireDatatype("input (token ids of an Embedding-first model)", "INT32", "INT64");
            int[] s = input.shape();
            if (s.length != 2 || s[0] == 0 || s[1] == 0) {
                throw ApiException.badRequest(input.where() + ".shape: expected token ids (B, T), got "
                        + java.util.Arrays.toString(s));
            }
            for (int i = 0; i < input.values().length; i++) {
                if (input.values()[i] < 0) {
                    throw ApiException.badRequest(input.where() + ".data[" + i + "]: token id "
                            + (long) input.values()[i] + " is negative");
                }
            }
        } else {
            input.requireDatatype("input", "FP32");
            requireSequence(input, chain.inputSize());
        }
        Tensor x = input.toTensor();
        try (Workspace.Scope scope = Workspace.scope()) {
            return Map.of("output", RecurrentServedModel.copy(chain.predict(x)));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(input.where() + ": " + e.getMessage());
        }
    }
}
