"""Write the Keras reference ("golden") files used by rnn4j-interop's tests.

Regenerate (from the repository root):

    KERAS_BACKEND=jax /work/venv-peers/bin/python tools/golden/generate_keras.py
    KERAS_BACKEND=jax /work/venv-peers/bin/python tools/golden/generate_keras.py --out DIR
    KERAS_BACKEND=jax /work/venv-peers/bin/python tools/golden/generate_keras.py NAME ...   # only these cases

Each case is a small Keras 3 model (B=3, T=5, F=4, H=5 or fewer) built with fixed seeds, whose weights
are all redrawn U(-0.5, 0.5) in float32 (Keras's default zero biases would leave the bias mapping
untested). It is saved three times under golden/keras/:

    <name>.keras          model.save(...), the Keras 3 zip (config.json, metadata.json, model.weights.h5),
                          its entries then deflated (the same bytes inside), except simple_rnn_tanh.keras,
                          kept exactly as Keras wrote it (entries stored); the config of
                          masking_bidirectional_zero_output_last.keras says zero_output_for_mask=True
                          inside its Bidirectional (see set_in_bidirectional_config)
    <name>.h5.gz          model.save(...) in the legacy HDF5 format (model_config, model_weights/...),
                          gzipped (an HDF5 file of a small model is ~20 kB of mostly empty space, 4 kB
                          gzipped); the tests unpack it. Left out when Keras cannot read it back itself.
    <name>.safetensors    `input` (F32, or I32 token ids for an Embedding-first model) and
                          `output` = model.predict(input), F32; __metadata__.config is the case as JSON

The script then loads both saved files with keras.saving.load_model and checks that they predict
the same output (so a golden file is never a model Keras itself reads differently). Only keras, jax,
numpy and h5py are used; the safetensors writer is below (this venv's script should not need torch).
Output is deterministic for a given Keras/JAX version: same weights and inputs every run (the zip and
HDF5 containers carry timestamps, so their bytes differ between runs, not their contents).
"""

import argparse
import json
import os
import gzip
import shutil
import struct
import sys
import zipfile
import zlib
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "rnn4j-interop" / "src" / "test" / "resources" / "golden" / "keras"

B, T, F, H = 3, 5, 4, 5
# One .keras file is committed exactly as Keras wrote it (entries stored); the others are deflated.
STORED_AS_KERAS_WROTE_IT = "simple_rnn_tanh"
# Whose .keras config says zero_output_for_mask=True inside a Bidirectional without return_sequences.
SAYS_ZERO_OUTPUT_IN_BIDIRECTIONAL = {"masking_bidirectional_zero_output_last"}
# Weights drawn wider than U(-0.5, 0.5), so that hard sigmoid gates clip at some steps (Keras 3's clips beyond ±3).
WEIGHT_SCALE = {"lstm_hard_sigmoid": 3.0, "gru_hard_sigmoid": 3.0, "bidirectional_gru_reset_before_hard_sigmoid": 3.0}
V = 10  # vocabulary of the Embedding cases; id 0 is padding when mask_zero=True
# Token ids: trailing zeros (right padding), plus one row with a zero inside, so that a mask that is
# not right padding is covered too.
TOKENS = np.array([[3, 1, 4, 1, 5],
                   [9, 2, 6, 0, 0],
                   [5, 0, 3, 5, 0]], dtype=np.int32)
# Float inputs of the Masking cases: these steps are all zeros (masked).
MASKED_STEPS = {1: [3, 4], 2: [1, 4]}
# The zero_output_for_mask cases' (input kind "masked_ends"): a right-padded row, a left-padded row and a row
# with no valid step, so that the last step computed is masked in some rows and valid in others whichever way
# the layer reads (input step T-1 forwards, input step 0 with go_backwards).
MASKED_ENDS = {0: [3, 4], 1: [0, 1], 2: [0, 1, 2, 3, 4]}


def write_safetensors(path, tensors, metadata):
    """tensors: list of (name, numpy array of float32 or int32) in file order."""
    header = {"__metadata__": dict(metadata)}
    blobs, offset = [], 0
    for name, a in tensors:
        dtype = {np.dtype(np.float32): "F32", np.dtype(np.int32): "I32"}[a.dtype]
        blob = np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def float_input(rng, masked_steps=None):
    x = rng.uniform(-1, 1, size=(B, T, F)).astype(np.float32)
    for row, steps in (masked_steps or {}).items():
        x[row, steps, :] = 0.0
    return x


def golden_input(kind, rng):
    if kind == "tokens":
        return TOKENS.copy()
    return float_input(rng, {"float": None, "masked": MASKED_STEPS, "masked_ends": MASKED_ENDS}[kind])


def set_in_bidirectional_config(keras_file, option, value):
    """Writes `option: value` into the config of the layer every Bidirectional of a .keras file wraps, as a
    hand-written config may say: Keras's Bidirectional overrides zero_output_for_mask with return_sequences
    on load (and saves what it forced), so only such a file can say True without returning sequences."""
    with zipfile.ZipFile(keras_file) as src:
        entries = [(info, src.read(info)) for info in src.infolist()]
    tmp = keras_file.with_name(keras_file.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as dst:
        for info, data in entries:
            if info.filename == "config.json":
                config = json.loads(data)
                for layer in config["config"]["layers"]:
                    if layer["class_name"] == "Bidirectional":
                        layer["config"]["layer"]["config"][option] = value
                data = json.dumps(config).encode("utf-8")
            dst.writestr(info, data)
    tmp.replace(keras_file)


def sequential(*stack, int_input=False):
    shape = (T,) if int_input else (T, F)
    return keras.Sequential([keras.Input(shape=shape, dtype="int32" if int_input else "float32"), *stack])


def functional(build, int_input=False):
    inputs = keras.Input(shape=(T,) if int_input else (T, F), dtype="int32" if int_input else "float32")
    return keras.Model(inputs, build(inputs))


def cases():
    """(name, description, model factory, input kind) for every case; input kind: float, masked, masked_ends, tokens."""
    return [
        ("simple_rnn_tanh", "SimpleRNN(tanh), return_sequences",
         lambda: sequential(layers.SimpleRNN(H, return_sequences=True)), "float"),
        ("simple_rnn_relu", "SimpleRNN(relu), last output, Dense head",
         lambda: sequential(layers.SimpleRNN(H, activation="relu"), layers.Dense(3)), "float"),
        ("lstm_softmax", "LSTM, return_sequences, Dense(softmax) over every step",
         lambda: sequential(layers.LSTM(H, return_sequences=True), layers.Dense(3, activation="softmax")), "float"),
        ("lstm_no_bias", "LSTM(use_bias=False), last output",
         lambda: sequential(layers.LSTM(H, use_bias=False)), "float"),
        ("gru_reset_after", "GRU(reset_after=True), last output, Dense(sigmoid)",
         lambda: sequential(layers.GRU(H, reset_after=True), layers.Dense(2, activation="sigmoid")), "float"),
        ("gru_reset_before", "GRU(reset_after=False), return_sequences",
         lambda: sequential(layers.GRU(H, reset_after=False, return_sequences=True)), "float"),
        ("lstm_hard_sigmoid", "LSTM(recurrent_activation=hard_sigmoid), return_sequences, weights x3 (gates clip)",
         lambda: sequential(layers.LSTM(H, recurrent_activation="hard_sigmoid", return_sequences=True)), "float"),
        ("gru_hard_sigmoid", "GRU(reset_after=True, recurrent_activation=hard_sigmoid), last output, weights x3",
         lambda: sequential(layers.GRU(H, recurrent_activation="hard_sigmoid")), "float"),
        ("bidirectional_gru_reset_before_hard_sigmoid",
         "Bidirectional(GRU(reset_after=False, recurrent_activation=hard_sigmoid), concat), return_sequences, x3",
         lambda: sequential(layers.Bidirectional(layers.GRU(H, reset_after=False, recurrent_activation="hard_sigmoid",
                                                            return_sequences=True))), "float"),
        ("bidirectional_concat", "Bidirectional(LSTM, concat), return_sequences",
         lambda: sequential(layers.Bidirectional(layers.LSTM(H, return_sequences=True), merge_mode="concat")),
         "float"),
        ("bidirectional_sum", "Bidirectional(GRU, sum), last output",
         lambda: sequential(layers.Bidirectional(layers.GRU(H), merge_mode="sum")), "float"),
        ("bidirectional_mul", "Bidirectional(SimpleRNN, mul), return_sequences",
         lambda: sequential(layers.Bidirectional(layers.SimpleRNN(H, return_sequences=True), merge_mode="mul")),
         "float"),
        ("bidirectional_ave", "Bidirectional(LSTM, ave), last output, Dense(tanh)",
         lambda: sequential(layers.Bidirectional(layers.LSTM(H), merge_mode="ave"),
                            layers.Dense(3, activation="tanh")), "float"),
        ("lstm_go_backwards", "LSTM(go_backwards), return_sequences (Keras keeps the reversed order)",
         lambda: sequential(layers.LSTM(H, go_backwards=True, return_sequences=True)), "float"),
        ("gru_go_backwards", "GRU(go_backwards), last output",
         lambda: sequential(layers.GRU(H, go_backwards=True)), "float"),
        ("stacked", "LSTM -> GRU -> SimpleRNN (last output) -> Dense(relu)",
         lambda: sequential(layers.LSTM(H, return_sequences=True), layers.GRU(4, return_sequences=True),
                            layers.SimpleRNN(3), layers.Dense(2, activation="relu")), "float"),
        ("embedding", "Embedding -> LSTM (last output)",
         lambda: sequential(layers.Embedding(V, F), layers.LSTM(H), int_input=True), "tokens"),
        ("embedding_mask_zero", "Embedding(mask_zero) -> GRU(return_sequences) -> TimeDistributed(Dense(softmax))",
         lambda: sequential(layers.Embedding(V, F, mask_zero=True), layers.GRU(H, return_sequences=True),
                            layers.TimeDistributed(layers.Dense(3, activation="softmax")), int_input=True),
         "tokens"),
        ("embedding_mask_bidirectional",
         "Embedding(mask_zero) -> Bidirectional(LSTM, concat, sequences) -> Bidirectional(GRU, sum) -> Dense",
         lambda: sequential(layers.Embedding(V, F, mask_zero=True),
                            layers.Bidirectional(layers.LSTM(4, return_sequences=True)),
                            layers.Bidirectional(layers.GRU(3), merge_mode="sum"), layers.Dense(2), int_input=True),
         "tokens"),
        ("masking", "Masking -> SimpleRNN(return_sequences) -> TimeDistributed(Dense)",
         lambda: sequential(layers.Masking(0.0), layers.SimpleRNN(H, return_sequences=True),
                            layers.TimeDistributed(layers.Dense(2))), "masked"),
        ("masking_go_backwards", "Masking -> LSTM(go_backwards, return_sequences) -> LSTM (last output)",
         lambda: sequential(layers.Masking(0.0), layers.LSTM(H, go_backwards=True, return_sequences=True),
                            layers.LSTM(3)), "masked"),
        ("masking_zero_output_last", "Masking -> LSTM(zero_output_for_mask, last output): zeros where the last step "
         "(input step T-1) is masked",
         lambda: sequential(layers.Masking(0.0), layers.LSTM(H, zero_output_for_mask=True)), "masked_ends"),
        ("masking_zero_output_last_backwards", "Masking -> GRU(go_backwards, zero_output_for_mask, last output): "
         "zeros where the last step computed (input step 0) is masked",
         lambda: sequential(layers.Masking(0.0), layers.GRU(H, go_backwards=True, zero_output_for_mask=True)),
         "masked_ends"),
        ("masking_bidirectional_zero_output_last", "Masking -> Bidirectional(SimpleRNN(zero_output_for_mask), "
         "concat, last output): Keras forces zero_output_for_mask off without return_sequences, so no zeros; "
         "the .keras config says True",
         lambda: sequential(layers.Masking(0.0), layers.Bidirectional(
             layers.SimpleRNN(H, zero_output_for_mask=True), merge_mode="concat")), "masked_ends"),
        ("dropout", "LSTM(return_sequences, dropout) -> Dropout -> Dense(relu): dropout is a no-op at inference",
         lambda: sequential(layers.LSTM(H, return_sequences=True, dropout=0.3, recurrent_dropout=0.2),
                            layers.Dropout(0.5), layers.Dense(3, activation="relu")), "float"),
        ("functional", "Functional: Masking -> LSTM(sequences) -> Dropout -> TimeDistributed(Dense(tanh)) -> Dense",
         lambda: functional(lambda x: layers.Dense(2, activation="sigmoid")(
             layers.TimeDistributed(layers.Dense(3, activation="tanh"))(
                 layers.Dropout(0.2)(layers.LSTM(H, return_sequences=True)(layers.Masking(0.0)(x)))))),
         "masked"),
        ("functional_plain", "Functional: LSTM(sequences) -> Dropout -> TimeDistributed(Dense(tanh)) -> Dense",
         lambda: functional(lambda x: layers.Dense(2)(layers.TimeDistributed(layers.Dense(3, activation="tanh"))(
             layers.Dropout(0.2)(layers.LSTM(H, return_sequences=True)(x))))), "float"),
        ("functional_embedding", "Functional: Embedding(mask_zero) -> Bidirectional(GRU, ave) -> Dense(softmax)",
         lambda: functional(lambda x: layers.Dense(3, activation="softmax")(
             layers.Bidirectional(layers.GRU(H), merge_mode="ave")(layers.Embedding(V, F, mask_zero=True)(x))),
             int_input=True), "tokens"),
    ]


def build(name, factory):
    seed = zlib.crc32(name.encode("utf-8")) & 0x7FFFFFFF
    keras.utils.set_random_seed(seed)
    model = factory()
    rng = np.random.default_rng(seed)
    scale = WEIGHT_SCALE.get(name, 1.0)
    model.set_weights([(scale * rng.uniform(-0.5, 0.5, size=w.shape)).astype(np.float32)
                       for w in model.get_weights()])
    return model, seed


def check_reads_back(saved, x, y):
    again = np.asarray(keras.saving.load_model(saved, compile=False).predict(x, verbose=0))
    assert np.array_equal(again, y), f"{saved}: Keras reads it back with other numbers"


def reads_back(saved, x, y):
    """Whether Keras reads its own legacy .h5 back: Keras 3.15 cannot, for a Functional model with Masking
    (its config then holds the NotEqual and Any ops of the mask, which the legacy loader does not know)."""
    try:
        check_reads_back(saved, x, y)
        return True
    except ValueError as e:
        print(f"{saved}: not kept, Keras cannot read it back: {e}".splitlines()[0], file=sys.stderr)
        return False


def deflate(path):
    """The same zip entries, deflated: a stored .keras is 20-30 kB, mostly the HDF5 file's empty space."""
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info)) for info in src.infolist()]
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info, data in entries:
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)
    tmp.replace(path)


def gzip_file(path):
    """<name>.h5 -> <name>.h5.gz with no timestamp; the tests unpack it to a temporary folder."""
    with open(path, "rb") as src, open(path.with_name(path.name + ".gz"), "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as dst:
            shutil.copyfileobj(src, dst)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("names", nargs="*", help="cases to write (default: all)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, description, factory, kind in cases():
        if args.names and name not in args.names:
            continue
        model, seed = build(name, factory)
        rng = np.random.default_rng(seed + 1)
        x = golden_input(kind, rng)
        y = np.asarray(model.predict(x, verbose=0), dtype=np.float32)
        keras_file = args.out / f"{name}.keras"
        h5_file = args.out / f"{name}.h5"
        model.save(keras_file)
        model.save(h5_file)
        if name in SAYS_ZERO_OUTPUT_IN_BIDIRECTIONAL:
            set_in_bidirectional_config(keras_file, "zero_output_for_mask", True)
        check_reads_back(keras_file, x, y)
        if name != STORED_AS_KERAS_WROTE_IT:
            deflate(keras_file)
            check_reads_back(keras_file, x, y)
        h5 = reads_back(h5_file, x, y)
        if h5:
            gzip_file(h5_file)
        h5_file.unlink()
        config = {"name": name, "description": description, "keras_version": keras.__version__,
                  "backend": keras.backend.backend(), "seed": seed, "input": kind,
                  "output_shape": list(y.shape), "h5": h5}
        write_safetensors(args.out / f"{name}.safetensors", [("input", x), ("output", y)],
                          {"config": json.dumps(config, sort_keys=True)})
        print(f"{name}: {description}: {tuple(x.shape)} -> {tuple(y.shape)}", file=sys.stderr)


if __name__ == "__main__":
    main()
