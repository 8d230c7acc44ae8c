"""Write legacy .h5 files laid out as tf.keras 2.x writes them, for rnn4j-interop's tests.

Regenerate (from the repository root):

    KERAS_BACKEND=jax /work/venv-peers/bin/python tools/golden/generate_keras_tf2_layout.py [--out DIR]

Why a layout and not tf.keras itself: the machine's package index has TensorFlow 2.21 only, whose
tf.keras is Keras 3, and no tf-keras package; tf.keras 2.x (Keras 2.15 and before) cannot be installed
here. So each file is written with h5py in the layout of tf.keras 2.15's `model.save("m.h5")`
(keras/src/saving/legacy/hdf5_format.py of tf.keras 2.15):

    attrs  keras_version "2.15.0", backend "tensorflow", model_config (bytes, JSON, with a Sequential
           whose InputLayer has batch_input_shape and whose layers carry batch_input_shape)
    model_weights/  attrs layer_names, backend, keras_version
      <layer>/      attrs weight_names, TF variable names with ':0' ("lstm/lstm_cell/kernel:0")
        <variable name>  one dataset per weight, at that name (so "lstm/lstm_cell/kernel:0" nests groups)

and its numbers are computed by Keras itself (3.x, JAX backend) on the same weights with the activation
that tf.keras 2 means by the name: Keras 2's `hard_sigmoid` is clip(0.2 x + 0.5, 0, 1), Keras 3's is
relu6(x + 3) / 6, so the model is built with Keras 2's function as a callable. The script then loads the
file with Keras 3's own legacy loader (from a copy without `batch_input_shape` on the LSTM and
`time_major`, two tf.keras 2 options that Keras 3's LSTM refuses), checks that it finds the same weights
(the layout is one Keras reads), and records what Keras 3 predicts from it: other numbers, since Keras 3
applies its own slope to a Keras 2 file.

Under golden/keras_tf2/: <name>.h5.gz (gzipped, as golden/keras) and <name>.safetensors with `input`,
`output` (tf.keras 2's numbers) and `output_keras3` (what Keras 3 predicts from the same file).
"""

import argparse
import json
import os
import sys
import zlib
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")

import h5py  # noqa: E402
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_keras import B, T, F, H, gzip_file, write_safetensors  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "rnn4j-interop" / "src" / "test" / "resources" / "golden" / "keras_tf2"
TF_KERAS_VERSION = "2.15.0"


def keras2_hard_sigmoid(x):
    """tf.keras 2's hard_sigmoid: 0 below -2.5, 1 above 2.5, 0.2 x + 0.5 between."""
    return keras.ops.clip(0.2 * x + 0.5, 0.0, 1.0)


def initializer(name):
    config = {} if name == "Zeros" else {"seed": None}
    return {"module": "keras.initializers", "class_name": name, "config": config, "registered_name": None}


def lstm_config(name, units, return_sequences):
    return {"module": "keras.layers", "class_name": "LSTM", "registered_name": None,
            "config": {"name": name, "trainable": True, "dtype": "float32", "batch_input_shape": [None, T, F],
                       "return_sequences": return_sequences, "return_state": False, "go_backwards": False,
                       "stateful": False, "unroll": False, "time_major": False, "units": units,
                       "activation": "tanh", "recurrent_activation": "hard_sigmoid", "use_bias": True,
                       "kernel_initializer": initializer("GlorotUniform"),
                       "recurrent_initializer": initializer("Orthogonal"),
                       "bias_initializer": initializer("Zeros"), "unit_forget_bias": True,
                       "kernel_regularizer": None, "recurrent_regularizer": None, "bias_regularizer": None,
                       "activity_regularizer": None, "kernel_constraint": None, "recurrent_constraint": None,
                       "bias_constraint": None, "dropout": 0.0, "recurrent_dropout": 0.0, "implementation": 2},
            "build_config": {"input_shape": [None, T, F]}}


def dense_config(name, units, in_features):
    return {"module": "keras.layers", "class_name": "Dense", "registered_name": None,
            "config": {"name": name, "trainable": True, "dtype": "float32", "units": units, "activation": "linear",
                       "use_bias": True, "kernel_initializer": initializer("GlorotUniform"),
                       "bias_initializer": initializer("Zeros"), "kernel_regularizer": None,
                       "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None,
                       "bias_constraint": None},
            "build_config": {"input_shape": [None, in_features]}}


def model_config(layer_configs):
    input_layer = {"module": "keras.layers", "class_name": "InputLayer", "registered_name": None,
                   "config": {"batch_input_shape": [None, T, F], "dtype": "float32", "sparse": False,
                              "ragged": False, "name": "lstm_input"}}
    return {"class_name": "Sequential", "config": {"name": "sequential", "layers": [input_layer, *layer_configs]},
            "keras_version": TF_KERAS_VERSION, "backend": "tensorflow"}


def write_tf2_h5(path, config, layer_weights):
    """layer_weights: list of (layer name, [(TF variable name, array)])."""
    with h5py.File(path, "w") as f:
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = TF_KERAS_VERSION.encode("utf-8")
        f.attrs["model_config"] = json.dumps(config).encode("utf-8")
        group = f.create_group("model_weights")
        group.attrs["backend"] = b"tensorflow"
        group.attrs["keras_version"] = TF_KERAS_VERSION.encode("utf-8")
        group.attrs["layer_names"] = np.array([n.encode("utf-8") for n, _ in layer_weights])
        for layer_name, weights in layer_weights:
            g = group.create_group(layer_name)
            g.attrs["weight_names"] = np.array([n.encode("utf-8") for n, _ in weights])
            for name, value in weights:
                g.create_dataset(name, data=value)


def keras3_readable_copy(path):
    """The same file without the two LSTM options of tf.keras 2 that Keras 3's constructor refuses
    (batch_input_shape on a layer, time_major): Keras 3 itself cannot load a tf.keras 2 LSTM as saved."""
    copy = path.with_name(path.stem + ".keras3.h5")
    copy.write_bytes(path.read_bytes())
    with h5py.File(copy, "r+") as f:
        config = json.loads(f.attrs["model_config"])
        for layer in config["config"]["layers"][1:]:
            layer["config"].pop("batch_input_shape", None)
            layer["config"].pop("time_major", None)
        f.attrs["model_config"] = json.dumps(config).encode("utf-8")
    return copy


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    name = "lstm_hard_sigmoid_dense"
    seed = zlib.crc32(name.encode("utf-8")) & 0x7FFFFFFF
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input(shape=(T, F)),
                              layers.LSTM(H, recurrent_activation=keras2_hard_sigmoid, return_sequences=True),
                              layers.Dense(3)])
    rng = np.random.default_rng(seed)
    # x3: pre-activations beyond ±2.5, where Keras 2's hard sigmoid clips, occur at some steps
    weights = [(3.0 * rng.uniform(-0.5, 0.5, size=w.shape)).astype(np.float32) for w in model.get_weights()]
    model.set_weights(weights)
    x = np.random.default_rng(seed + 1).uniform(-1, 1, size=(B, T, F)).astype(np.float32)
    y = np.asarray(model.predict(x, verbose=0), dtype=np.float32)

    config = model_config([lstm_config("lstm", H, True), dense_config("dense", 3, H)])
    h5_file = args.out / f"{name}.h5"
    write_tf2_h5(h5_file, config, [
        ("lstm", [("lstm/lstm_cell/kernel:0", weights[0]), ("lstm/lstm_cell/recurrent_kernel:0", weights[1]),
                  ("lstm/lstm_cell/bias:0", weights[2])]),
        ("dense", [("dense/kernel:0", weights[3]), ("dense/bias:0", weights[4])]),
    ])

    keras3 = keras.saving.load_model(keras3_readable_copy(h5_file), compile=False)
    for mine, read in zip(weights, keras3.get_weights()):
        assert np.array_equal(mine, read), "Keras's legacy loader reads other weights from the file"
    y3 = np.asarray(keras3.predict(x, verbose=0), dtype=np.float32)
    assert not np.allclose(y, y3, atol=1e-4), "the two slopes should give different numbers here"
    gzip_file(h5_file)
    h5_file.unlink()
    h5_file.with_name(h5_file.stem + ".keras3.h5").unlink()
    meta = {"name": name, "layout": f"tf.keras {TF_KERAS_VERSION} legacy .h5, written by h5py",
            "numbers": f"Keras {keras.__version__} ({keras.backend.backend()}) with Keras 2's hard_sigmoid",
            "keras_version": TF_KERAS_VERSION, "seed": seed, "output_shape": list(y.shape),
            "largest_difference_keras3": float(np.abs(y - y3).max())}
    write_safetensors(args.out / f"{name}.safetensors", [("input", x), ("output", y), ("output_keras3", y3)],
                      {"config": json.dumps(meta, sort_keys=True)})
    print(f"{name}: {tuple(x.shape)} -> {tuple(y.shape)}; Keras 3 reads it {np.abs(y - y3).max():.3g} away",
          file=sys.stderr)


if __name__ == "__main__":
    main()
