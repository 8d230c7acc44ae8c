package org.rnn4j.interop.keras;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.models.chain.DenseStage;
import org.rnn4j.models.chain.DropoutStage;
import org.rnn4j.models.chain.EmbeddingStage;
import org.rnn4j.models.chain.MaskingStage;
import org.rnn4j.models.chain.RecurrentStage;
import org.rnn4j.models.chain.Signature;
import org.rnn4j.models.chain.Stage;
import org.rnn4j.nn.Activation;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.MergeMode;
import org.rnn4j.tensor.GateActivation;
import org.rnn4j.tensor.Tensor;

/**
 * One Keras layer → one rnn4j stage with its weights, or one line that names the layer and the option rnn4j cannot
 * reproduce exactly. Nothing is approximated: an option is either mapped onto the same numbers or refused.
 */
final class KerasLayerMapper {
    private final Path file;
    private final KerasWeights weights;
    private final String kerasVersion;

    /** @param kerasVersion the version that saved the file ("3.15.1", "2.15.0"), or "unknown" */
    KerasLayerMapper(Path file, KerasWeights weights, String kerasVersion) {
        this.file = file;
        this.weights = weights;
        this.kerasVersion = kerasVersion == null ? "unknown" : kerasVersion;
    }

    /** The stage for {@code layer} reading {@code input}; null for a layer that is nothing at inference. */
    Stage map(KerasLayer layer, Signature input) {
        JsonNode c = layer.config();
        return switch (layer.className()) {
            case "Dropout", "SpatialDropout1D" -> new DropoutStage(new DropoutStage.Spec((float) c.path("rate").asDouble(0)));
            case "Masking" -> new MaskingStage(new MaskingStage.Spec((float) c.path("mask_value").asDouble(0)));
            case "Embedding" -> embedding(layer, input);
            case "Dense" -> dense(layer, layer, "", input, false);
            case "TimeDistributed" -> timeDistributed(layer, input);
            case "SimpleRNN", "LSTM", "GRU" -> recurrent(layer, input);
            case "Bidirectional" -> bidirectional(layer, input);
            default -> throw refuse(layer, "is not supported: rnn4j imports Embedding, Masking, SimpleRNN, LSTM, GRU,"
                    + " Bidirectional, Dense, TimeDistributed(Dense) and Dropout");
        };
    }

    private FileFormatException refuse(KerasLayer layer, String problem) {
        return new FileFormatException(file, layer.label() + ": " + problem);
    }

    private Stage embedding(KerasLayer layer, Signature input) {
        JsonNode c = layer.config();
        if (!input.tokens()) {
            throw refuse(layer, "reads token ids, so it must be the model's first layer");
        }
        refuseSet(layer, "lora_rank");
        int vocabulary = c.path("input_dim").asInt();
        int size = c.path("output_dim").asInt();
        EmbeddingStage stage = new EmbeddingStage(new EmbeddingStage.Spec(vocabulary, size,
                c.path("mask_zero").asBoolean(false)));
        List<Tensor> w = weights.read(layer, List.of(new WeightSpec("", "embeddings", vocabulary, size)));
        fill(stage, Map.of("weight", w.get(0)));
        return stage;
    }

    private Stage timeDistributed(KerasLayer layer, Signature input) {
        JsonNode inner = layer.config().path("layer");
        String innerClass = inner.path("class_name").asText("");
        if (!innerClass.equals("Dense")) {
            throw refuse(layer, "wraps a " + innerClass + " layer: rnn4j imports TimeDistributed(Dense) only");
        }
        if (!input.sequence()) {
            throw refuse(layer, "needs a sequence (B, T, X), but the layer before gives " + input);
        }
        KerasLayer dense = new KerasLayer(inner.path("config").path("name").asText(layer.name()), "Dense",
                inner.path("config"), layer.objectPath());
        return dense(layer, dense, "layer", input, true);
    }

    /** {@code owner} holds the weights (a TimeDistributed owns its Dense's), {@code dense} the config. */
    private Stage dense(KerasLayer owner, KerasLayer dense, String subObject, Signature input, boolean timeDistributed) {
        JsonNode c = dense.config();
        if (input.tokens()) {
            throw refuse(owner, "reads features, but the model's input is token ids");
        }
        refuseSet(dense, "lora_rank");
        Activation activation = denseActivation(dense);
        int units = c.path("units").asInt();
        boolean bias = c.path("use_bias").asBoolean(true);
        List<WeightSpec> expected = new ArrayList<>(List.of(new WeightSpec(subObject, "kernel", input.width(), units)));
        if (bias) {
            expected.add(new WeightSpec(subObject, "bias", units));
        }
        List<Tensor> w = weights.read(owner, expected);
        DenseStage stage = new DenseStage(new DenseStage.Spec(input.width(), units, activation, timeDistributed));
        fill(stage, Map.of("weight", KerasGates.transpose(w.get(0)), "bias", bias ? w.get(1) : Tensor.zeros(units)));
        return stage;
    }

    private Activation denseActivation(KerasLayer layer) {
        JsonNode value = layer.config().path("activation");
        String name = value.isTextual() ? value.asText() : value.path("class_name").asText(value.toString());
        for (Activation a : Activation.values()) {
            if (a.id().equals(name)) {
                return a;
            }
        }
        throw refuse(layer, "activation '" + name + "' is not supported (rnn4j's Dense has linear, relu, tanh,"
                + " sigmoid and softmax)");
    }

    /**
     * The function of an LSTM's or GRU's gates, Keras's {@code recurrent_activation}: the sigmoid, or the hard sigmoid
     * with the slope of the Keras that saved the file, clip(0.2 x + 0.5, 0, 1) in Keras 1 and 2 (tf.keras included),
     * relu6(x + 3) / 6 from Keras 3 on. (Keras 3 reading a Keras 2 file applies its own slope; rnn4j applies the
     * saver's, whose numbers the model was trained and checked with.)
     */
    private GateActivation gateActivation(KerasLayer layer) {
        String recurrent = layer.config().path("recurrent_activation").asText("sigmoid");
        String cellName = layer.className();
        return switch (recurrent) {
            case "sigmoid" -> GateActivation.SIGMOID;
            case "hard_sigmoid" -> {
                int major = majorVersion(kerasVersion);
                if (major < 1) {
                    throw refuse(layer, "recurrent_activation 'hard_sigmoid' has a slope that depends on the Keras"
                            + " version that saved the file (0.2 before Keras 3, 1/6 from 3 on), and the file names"
                            + " no version (keras_version '" + kerasVersion + "')");
                }
                yield GateActivation.hardSigmoid(major >= 3 ? 1f / 6f : 0.2f, 0.5f);
            }
            default -> throw refuse(layer, "recurrent_activation '" + recurrent + "' is not supported (rnn4j's "
                    + cellName + " gates use sigmoid or hard_sigmoid)");
        };
    }

    /** The leading number of "3.15.1" or "2.15.0-tf"; 0 when there is none. */
    static int majorVersion(String version) {
        int end = 0;
        while (end < version.length() && Character.isDigit(version.charAt(end))) {
            end++;
        }
        return end == 0 || end > 3 ? 0 : Integer.parseInt(version.substring(0, end));
    }

    /** The checks every recurrent layer passes, alone or inside a Bidirectional. */
    private CellType cellType(KerasLayer layer) {
        JsonNode c = layer.config();
        refuseTrue(layer, "stateful", "a stateful layer carries state between calls of a fixed batch;"
                + " rnn4j's import runs each batch from zero states");
        refuseTrue(layer, "return_state", "the model would output the states too; rnn4j imports one output");
        refuseTrue(layer, "time_major", "use the default batch-major layout");
        String activation = c.path("activation").asText("tanh");
        String type = layer.className();
        if (type.equals("SimpleRNN")) {
            return switch (activation) {
                case "tanh" -> CellType.RNN_TANH;
                case "relu" -> CellType.RNN_RELU;
                default -> throw refuse(layer, "activation '" + activation + "' is not supported"
                        + " (rnn4j's SimpleRNN uses tanh or relu)");
            };
        }
        String cellName = type.equals("LSTM") ? "LSTM" : "GRU";
        if (!activation.equals("tanh")) {
            throw refuse(layer, "activation '" + activation + "' is not supported (rnn4j's " + cellName + " uses tanh)");
        }
        if (type.equals("GRU") && !c.path("reset_after").asBoolean(true)) {
            return CellType.GRU_RESET_BEFORE; // its bias (3H,) is the input bias; bias_hh stays 0 (pytorchNames)
        }
        return type.equals("LSTM") ? CellType.LSTM : CellType.GRU;
    }

    /** A SimpleRNN has no gates (and no recurrent_activation in its config). */
    private GateActivation gates(KerasLayer layer, CellType cell) {
        return cell.hasGates() ? gateActivation(layer) : GateActivation.SIGMOID;
    }

    private void refuseTrue(KerasLayer layer, String option, String why) {
        if (layer.config().path(option).asBoolean(false)) {
            throw refuse(layer, option + "=True is not supported (" + why + ")");
        }
    }

    private void refuseSet(KerasLayer layer, String option) {
        JsonNode value = layer.config().path(option);
        if (!value.isMissingNode() && !value.isNull()) {
            throw refuse(layer, option + "=" + value + " is not supported");
        }
    }

    private Stage recurrent(KerasLayer layer, Signature input) {
        requireSequence(layer, input);
        CellType cell = cellType(layer);
        JsonNode c = layer.config();
        int hidden = c.path("units").asInt();
        boolean backwards = c.path("go_backwards").asBoolean(false);
        RecurrentStage stage = new RecurrentStage(new RecurrentStage.Spec(cell, input.width(), hidden, false, null,
                c.path("return_sequences").asBoolean(false), backwards, c.path("zero_output_for_mask").asBoolean(false),
                gates(layer, cell)));
        List<Tensor> w = weights.read(layer, recurrentWeights(layer, "cell", input.width(), hidden));
        fill(stage, pytorchNames(layer, w, backwards ? "_l0_reverse" : "_l0", hidden));
        return stage;
    }

    private Stage bidirectional(KerasLayer layer, Signature input) {
        requireSequence(layer, input);
        JsonNode c = layer.config();
        JsonNode forwardConfig = c.path("layer");
        JsonNode backwardConfig = c.has("backward_layer") ? c.get("backward_layer") : null;
        KerasLayer forward = inner(layer, forwardConfig);
        KerasLayer backward = backwardConfig == null ? null : inner(layer, backwardConfig);
        if (!List.of("SimpleRNN", "LSTM", "GRU").contains(forward.className())) {
            throw refuse(layer, "wraps a " + forward.className() + " layer: rnn4j imports Bidirectional SimpleRNN,"
                    + " LSTM and GRU");
        }
        JsonNode mergeNode = c.path("merge_mode");
        if (mergeNode.isNull() || mergeNode.isMissingNode()) {
            throw refuse(layer, "merge_mode None is not supported (it returns two outputs; rnn4j imports one)");
        }
        MergeMode merge;
        try {
            merge = MergeMode.fromId(mergeNode.asText());
        } catch (IllegalArgumentException e) {
            throw refuse(layer, "merge_mode '" + mergeNode.asText() + "' is not supported (concat, sum, mul, ave)");
        }
        CellType cell = cellType(forward);
        GateActivation gates = gates(forward, cell);
        int hidden = forward.config().path("units").asInt();
        boolean sequences = forward.config().path("return_sequences").asBoolean(false);
        if (forward.config().path("go_backwards").asBoolean(false)) {
            throw refuse(layer, "its forward layer has go_backwards=True, which would make both halves read backwards"
                    + " or swap them; rnn4j imports the usual Bidirectional");
        }
        if (backward != null) {
            if (cellType(backward) != cell || !gates(backward, cell).equals(gates)
                    || backward.config().path("units").asInt() != hidden
                    || backward.config().path("return_sequences").asBoolean(false) != sequences
                    || !backward.config().path("go_backwards").asBoolean(false)) {
                throw refuse(layer, "its backward_layer differs from its layer in more than reading backwards;"
                        + " rnn4j imports two halves of the same kind and size");
            }
        }
        RecurrentStage stage = new RecurrentStage(new RecurrentStage.Spec(cell, input.width(), hidden, true, merge,
                sequences, false, false, gates));
        List<WeightSpec> expected = new ArrayList<>(recurrentWeights(forward, "forward_layer/cell", input.width(), hidden));
        expected.addAll(recurrentWeights(backward == null ? forward : backward, "backward_layer/cell", input.width(),
                hidden));
        List<Tensor> w = weights.read(layer, expected);
        int half = w.size() / 2;
        Map<String, Tensor> named = new java.util.HashMap<>(pytorchNames(forward, w.subList(0, half), "_l0", hidden));
        named.putAll(pytorchNames(forward, w.subList(half, w.size()), "_l0_reverse", hidden));
        fill(stage, named);
        return stage;
    }

    private KerasLayer inner(KerasLayer wrapper, JsonNode config) {
        return new KerasLayer(config.path("config").path("name").asText(wrapper.name()),
                config.path("class_name").asText(""), config.path("config"), wrapper.objectPath());
    }

    private void requireSequence(KerasLayer layer, Signature input) {
        if (input.tokens()) {
            throw refuse(layer, "reads features, but the model's input is token ids (an Embedding must come first)");
        }
        if (!input.sequence()) {
            throw refuse(layer, "needs a sequence (B, T, X), but the layer before gives " + input);
        }
    }

    /** kernel (F, G·H), recurrent_kernel (H, G·H), bias (G·H) or, for a reset-after GRU, (2, G·H). */
    private List<WeightSpec> recurrentWeights(KerasLayer layer, String subObject, int in, int hidden) {
        int gates = switch (layer.className()) {
            case "LSTM" -> 4;
            case "GRU" -> 3;
            default -> 1;
        };
        List<WeightSpec> list = new ArrayList<>(List.of(new WeightSpec(subObject, "kernel", in, gates * hidden),
                new WeightSpec(subObject, "recurrent_kernel", hidden, gates * hidden)));
        if (layer.config().path("use_bias").asBoolean(true)) {
            boolean both = layer.className().equals("GRU") && layer.config().path("reset_after").asBoolean(true);
            list.add(both ? new WeightSpec(subObject, "bias", 2, gates * hidden)
                    : new WeightSpec(subObject, "bias", gates * hidden));
        }
        return list;
    }

    /** Keras's kernel, recurrent_kernel and bias as PyTorch's weight_ih, weight_hh, bias_ih, bias_hh. */
    private Map<String, Tensor> pytorchNames(KerasLayer layer, List<Tensor> w, String suffix, int hidden) {
        int[] order = KerasGates.pytorchOrder(layer.className());
        int width = order.length * hidden;
        Tensor biasIh = Tensor.zeros(width);
        Tensor biasHh = Tensor.zeros(width);
        if (w.size() == 3) {
            Tensor bias = w.get(2);
            boolean both = bias.rank() == 2;
            biasIh = KerasGates.bias(bias, 0, order);
            if (both) {
                biasHh = KerasGates.bias(bias, 1, order);
            }
        }
        return Map.of("weight_ih" + suffix, KerasGates.matrix(w.get(0), order),
                "weight_hh" + suffix, KerasGates.matrix(w.get(1), order),
                "bias_ih" + suffix, biasIh, "bias_hh" + suffix, biasHh);
    }

    private static void fill(Stage stage, Map<String, Tensor> values) {
        for (Parameter p : stage.parameters()) {
            Tensor value = values.get(p.name());
            if (value == null) {
                throw new IllegalStateException("no value for " + p.name() + " of " + stage.describe());
            }
            p.value().copyFrom(value.reshape(p.value().shape()));
        }
    }
}
