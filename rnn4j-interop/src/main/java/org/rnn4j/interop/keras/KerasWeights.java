package org.rnn4j.interop.keras;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.tensor.Shapes;
import org.rnn4j.tensor.Tensor;

/**
 * Where a Keras file keeps a layer's weights. The two formats address them differently, and both by the model's
 * structure, never by fixed paths:
 * <ul>
 *   <li>.keras ({@code model.weights.h5} in the zip, Keras 3 {@code saving_lib.H5IOStore}): one group per saveable
 *       object, {@code layers/lstm_1/cell/vars/0, 1, 2}, numbered in the order the object created them;</li>
 *   <li>legacy .h5 ({@code legacy_h5_format.save_weights_to_hdf5_group}): a group {@code model_weights/<layer name>}
 *       whose attribute {@code weight_names} lists the layer's weights in order ({@code layer.weights}: a
 *       Bidirectional's forward ones first), each a dataset at that (nested) name.</li>
 * </ul>
 */
abstract class KerasWeights {
    final Path file;

    KerasWeights(Path file) {
        this.file = file;
    }

    /** The layer's weights, in the order of {@code expected}, each checked against its expected shape. */
    abstract List<Tensor> read(KerasLayer layer, List<WeightSpec> expected);

    FileFormatException problem(KerasLayer layer, String text) {
        return new FileFormatException(file, layer.label() + ": " + text);
    }

    Tensor checked(KerasLayer layer, String where, WeightSpec spec, Dataset data) {
        int[] shape = data.getDimensions();
        if (!Arrays.equals(shape, spec.shape())) {
            throw problem(layer, "weight '" + where + "' (" + spec.role() + ") has shape " + Shapes.format(shape)
                    + ", expected " + Shapes.format(spec.shape()) + " from the layer's config");
        }
        Object flat = data.getDataFlat();
        float[] values;
        if (flat instanceof float[] f) {
            values = f;
        } else if (flat instanceof double[] d) {
            values = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                values[i] = (float) d[i];
            }
        } else {
            throw problem(layer, "weight '" + where + "' holds " + data.getJavaType().getSimpleName()
                    + " values, expected float32");
        }
        Tensor tensor = Tensor.of(values, shape.length == 0 ? new int[] {1} : shape);
        if (tensor.hasNonFinite()) {
            throw problem(layer, "weight '" + where + "' contains NaN or infinite values");
        }
        return tensor;
    }

    /** The weights of a .keras file: {@code <objectPath>/<subObject>/vars/<i>}. */
    static final class ObjectStore extends KerasWeights {
        private final Group root;

        ObjectStore(Path file, Group root) {
            super(file);
            this.root = root;
        }

        @Override
        List<Tensor> read(KerasLayer layer, List<WeightSpec> expected) {
            List<Tensor> out = new ArrayList<>();
            String previous = null;
            int index = 0;
            for (WeightSpec spec : expected) {
                index = spec.subObject().equals(previous) ? index + 1 : 0;
                previous = spec.subObject();
                String group = layer.objectPath() + (spec.subObject().isEmpty() ? "" : "/" + spec.subObject()) + "/vars";
                String where = group + "/" + index;
                Node node = find(where);
                if (!(node instanceof Dataset data)) {
                    throw problem(layer, "weight '" + where + "' (" + spec.describe() + ") is missing");
                }
                out.add(checked(layer, where, spec, data));
            }
            checkNoMore(layer, expected);
            return out;
        }

        /** A group holding more variables than the config explains means another layer than the config says. */
        private void checkNoMore(KerasLayer layer, List<WeightSpec> expected) {
            for (String sub : expected.stream().map(WeightSpec::subObject).distinct().toList()) {
                String group = layer.objectPath() + (sub.isEmpty() ? "" : "/" + sub) + "/vars";
                long want = expected.stream().filter(s -> s.subObject().equals(sub)).count();
                if (find(group) instanceof Group g && g.getChildren().size() > want) {
                    throw problem(layer, "'" + group + "' holds " + g.getChildren().size() + " weights, but the config"
                            + " gives the layer " + want);
                }
            }
        }

        private Node find(String path) {
            Node at = root;
            for (String part : path.split("/")) {
                if (!(at instanceof Group g) || (at = g.getChildren().get(part)) == null) {
                    return null;
                }
            }
            return at;
        }
    }

    /** The weights of a legacy .h5 file: {@code model_weights/<layer name>}, listed by {@code weight_names}. */
    static final class NamedStore extends KerasWeights {
        private final Group modelWeights;

        NamedStore(Path file, Group modelWeights) {
            super(file);
            this.modelWeights = modelWeights;
        }

        @Override
        List<Tensor> read(KerasLayer layer, List<WeightSpec> expected) {
            Node node = modelWeights.getChildren().get(layer.name());
            if (!(node instanceof Group group)) {
                throw problem(layer, "has no weights group 'model_weights/" + layer.name() + "'");
            }
            List<String> names = weightNames(group);
            if (names.size() != expected.size()) {
                throw problem(layer, "has " + names.size() + " weights in the file (" + String.join(", ", names)
                        + "), expected " + expected.size() + ": "
                        + String.join(", ", expected.stream().map(WeightSpec::describe).toList()));
            }
            List<Tensor> out = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                WeightSpec spec = expected.get(i);
                String role = roleOf(name);
                if (!role.equals(spec.role())) {
                    throw problem(layer, "weight " + i + " is '" + name + "', expected the " + spec.role());
                }
                Node data = find(group, name);
                if (!(data instanceof Dataset dataset)) {
                    throw problem(layer, "weight '" + name + "' (" + spec.describe() + ") is missing");
                }
                out.add(checked(layer, name, spec, dataset));
            }
            return out;
        }

        /** "sequential/lstm/lstm_cell/kernel" (Keras 3) or "lstm/lstm_cell/kernel:0" (tf.keras 2) → "kernel". */
        private static String roleOf(String name) {
            String last = name.substring(name.lastIndexOf('/') + 1);
            int colon = last.indexOf(':');
            return colon < 0 ? last : last.substring(0, colon);
        }

        private List<String> weightNames(Group group) {
            Attribute attribute = group.getAttribute("weight_names");
            if (attribute == null) {
                return List.of();
            }
            Object data = attribute.getData();
            List<String> names = new ArrayList<>();
            if (data instanceof String[] array) {
                names.addAll(Arrays.asList(array));
            } else if (data instanceof String one) {
                names.add(one);
            }
            return names;
        }

        private static Node find(Group group, String path) {
            Node at = group;
            for (String part : path.split("/")) {
                if (!(at instanceof Group g) || (at = g.getChildren().get(part)) == null) {
                    return null;
                }
            }
            return at;
        }
    }
}
