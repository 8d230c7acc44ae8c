package org.rnn4j.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;

/**
 * Infers the architecture of a plain PyTorch {@code nn.RNN}, {@code nn.LSTM} or {@code nn.GRU} state_dict from
 * its tensor names and shapes: G·H rows of {@code weight_ih_l0} and H columns of {@code weight_hh_l0} give the
 * gate count (1 RNN, 3 GRU, 4 LSTM), the {@code _lK} suffixes the layers, {@code _reverse} the direction.
 * An LSTM with projection ({@code proj_size} P) has {@code weight_hr_l0} (P, H), which gives H, since its
 * {@code weight_hh_l0} is (4H, P). A relu RNN cannot be told from a tanh one by its tensors, so that is an option.
 */
public final class PyTorchStateDict {
    private static final Pattern NAME =
            Pattern.compile("(.*?)(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(\\d+)(_reverse)?");

    private PyTorchStateDict() {
    }

    /** The inferred architecture and the prefix to strip from every name (e.g. "rnn." from a wrapping module). */
    public record Inferred(RecurrentConfig config, String prefix, boolean hasBiases) {
    }

    public static Inferred infer(Path file, Map<String, SafetensorsHeader.Entry> tensors, boolean relu) {
        if (tensors.isEmpty()) {
            throw new FileFormatException(file, "holds no tensors, so it is not a PyTorch RNN/LSTM/GRU state_dict");
        }
        String prefix = null;
        TreeSet<Integer> layers = new TreeSet<>();
        boolean reverse = false;
        boolean biases = false;
        boolean projected = false;
        for (String name : tensors.keySet()) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw FileFormatException.forTensor(file, name, "is not a parameter of nn.RNN, nn.LSTM or nn.GRU"
                        + " (expected names like weight_ih_l0, bias_hh_l1_reverse)");
            }
            if (prefix != null && !prefix.equals(m.group(1))) {
                throw FileFormatException.forTensor(file, name, "has prefix '" + m.group(1) + "' but other tensors have '"
                        + prefix + "': the file must hold one recurrent module");
            }
            prefix = m.group(1);
            projected |= m.group(2).equals("weight_hr");
            biases |= m.group(2).startsWith("bias");
            layers.add(Integer.parseInt(m.group(3)));
            reverse |= m.group(4) != null;
        }
        SafetensorsHeader.Entry wih = require(file, tensors, prefix + "weight_ih_l0");
        SafetensorsHeader.Entry whh = require(file, tensors, prefix + "weight_hh_l0");
        int[] ih = wih.shape();
        int[] hh = whh.shape();
        if (ih.length != 2 || hh.length != 2 || hh[1] == 0 || (!projected && hh[0] % hh[1] != 0)) {
            throw FileFormatException.forTensor(file, prefix + "weight_hh_l0", "has shape " + Arrays.toString(hh)
                    + ", expected (G*H, H)");
        }
        int hidden = hh[1];
        int projSize = 0;
        if (projected) {
            SafetensorsHeader.Entry whr = require(file, tensors, prefix + "weight_hr_l0");
            int[] hr = whr.shape();
            if (hr.length != 2 || hr[0] != hh[1] || hr[0] >= hr[1] || hh[0] != 4 * hr[1]) {
                throw FileFormatException.forTensor(file, prefix + "weight_hr_l0", "has shape "
                        + Arrays.toString(hr) + ", expected (P, H) with P < H of an LSTM with projection, for weight_hh_l0 "
                        + Arrays.toString(hh) + " (4*H, P)");
            }
            projSize = hr[0];
            hidden = hr[1];
        }
        int gates = hh[0] / hidden;
        CellType cell = switch (gates) {
            case 1 -> relu ? CellType.RNN_RELU : CellType.RNN_TANH;
            case 3 -> CellType.GRU;
            case 4 -> CellType.LSTM;
            default -> throw FileFormatException.forTensor(file, prefix + "weight_hh_l0", "has " + hh[0] + " rows for "
                    + hidden + " hidden units: " + gates + " gates is none of RNN (1), GRU (3), LSTM (4)");
        };
        if (relu && gates != 1) {
            throw new FileFormatException(file, "the relu option applies to a simple RNN, but this is a "
                    + cell.id() + " state_dict");
        }
        int numLayers = layers.last() + 1;
        if (layers.size() != numLayers) {
            throw new FileFormatException(file, "layers " + layers + " are not numbered 0.." + (numLayers - 1));
        }
        RecurrentConfig config = new RecurrentConfig(cell, ih[1], hidden, numLayers, reverse, 0f, projSize);
        return new Inferred(config, prefix, biases);
    }

    private static SafetensorsHeader.Entry require(Path file, Map<String, SafetensorsHeader.Entry> tensors, String name) {
        SafetensorsHeader.Entry e = tensors.get(name);
        if (e == null) {
            throw new FileFormatException(file, "tensor '" + name + "' is missing");
        }
        return e;
    }
}
