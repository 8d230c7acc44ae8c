"""The round trip Keras -> rnn4j -> ONNX -> ONNX Runtime, for every committed Keras golden model.

Run from the repository root, after building the command-line jar (each case runs its `export`):

    mvn -B -ntp -o -q package -DskipTests
    KERAS_BACKEND=jax /work/venv-peers/bin/python tools/golden/generate_keras_onnx.py
    KERAS_BACKEND=jax /work/venv-peers/bin/python tools/golden/generate_keras_onnx.py --out DIR

For each case <name> of rnn4j-interop/src/test/resources/golden/keras/ (written by generate_keras.py) it

  1. runs `java -jar rnn4j-cli/target/rnn4j.jar export --model <name>.keras --format onnx --out <name>.onnx`
     (and the same from the legacy <name>.h5 when the case has one: the two exports must be the same graph),
  2. checks the file with onnx.checker.check_model(full_check=True) (which also infers every shape),
  3. runs ONNX Runtime on the golden input (token ids as int64) and asserts its output equals Keras's
     model.predict (the golden `output`, and model.predict again on the .keras file) within 1e-5 relative,
     and again on the first two rows and first three steps (the batch and time axes are dynamic),
  4. writes golden/keras_onnx/<name>.onnx and <name>_ort.safetensors: `input` (F32, or I32 token ids),
     `output` = ONNX Runtime's output, `input.short` and `output.short` (rows 0-1, steps 0-2), and for a
     masked model (Embedding(mask_zero) or Masking) `input.extra`, `output.extra` (ORT) and
     `keras.output.extra` (model.predict): masks the committed input lacks (a row with no valid step, a
     left-padded row, a row with one valid step; for the zero_output_for_mask cases, whose input has those,
     a row with no masked step, one masked at both ends and inside, one masked inside only);
     __metadata__.config the versions and the errors measured.

rnn4j-interop's tests then check that a fresh export is the committed .onnx node for node, that rnn4j's own
ONNX reader gives Keras's numbers on it, and that the committed ONNX Runtime outputs equal Keras's.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")

import numpy as np  # noqa: E402
import keras  # noqa: E402
import onnx  # noqa: E402
import onnxruntime as ort  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_keras import write_safetensors  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
KERAS_DIR = REPO / "rnn4j-interop" / "src" / "test" / "resources" / "golden" / "keras"
DEFAULT_OUT = REPO / "rnn4j-interop" / "src" / "test" / "resources" / "golden" / "keras_onnx"
JAR = REPO / "rnn4j-cli" / "target" / "rnn4j.jar"
TOLERANCE = 1e-5
ort.set_default_logger_severity(3)
# Masks the committed inputs do not have, for the masked cases: a row with no valid step (zeros throughout,
# sequence_lens 0), a left-padded row, a row with one valid step.
EXTRA_TOKENS = np.array([[0, 0, 0, 0, 0],
                         [0, 0, 7, 2, 9],
                         [4, 0, 0, 0, 0]], dtype=np.int32)
EXTRA_MASKED_STEPS = {0: [0, 1, 2, 3, 4], 1: [0, 1], 2: [0, 1, 3, 4]}
# The zero_output_for_mask cases' goldens ("masked_ends") already have those; their extra input has a row with
# no masked step, one masked at both ends and inside, one masked inside only (fresh values: theirs has zero rows).
EXTRA_MASKED_ENDS_STEPS = {1: [0, 2, 4], 2: [1, 2]}


def extra_input(name, x, kind):
    if kind == "tokens":
        return EXTRA_TOKENS.copy()
    if kind == "masked_ends":
        x = np.random.default_rng(zlib.crc32(name.encode("utf-8")) + 2).uniform(-1, 1, x.shape).astype(np.float32)
        masked_steps = EXTRA_MASKED_ENDS_STEPS
    else:
        x = np.ascontiguousarray(x[:, ::-1]).copy()
        masked_steps = EXTRA_MASKED_STEPS
    for row, steps in masked_steps.items():
        x[row, steps, :] = 0.0
    return x


def read_safetensors(path):
    """(tensors, metadata) of a small safetensors file (F32 and I32 only)."""
    raw = Path(path).read_bytes()
    n = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8:8 + n])
    metadata = header.pop("__metadata__", {})
    data = raw[8 + n:]
    tensors = {}
    for name, info in header.items():
        dtype = {"F32": np.float32, "I32": np.int32}[info["dtype"]]
        start, end = info["data_offsets"]
        tensors[name] = np.frombuffer(data[start:end], dtype=dtype).reshape(info["shape"])
    return tensors, metadata


def rel_error(actual, expected):
    a = np.asarray(actual, dtype=np.float64)
    b = np.asarray(expected, dtype=np.float64)
    assert a.shape == b.shape, f"shape {a.shape} vs {b.shape}"
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-30))


def export(model_file, onnx_file):
    command = ["java", "-jar", str(JAR), "export", "--model", str(model_file), "--format", "onnx",
               "--out", str(onnx_file), "--overwrite", "--quiet"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)}: exit {done.returncode}: {done.stderr.strip()}")


def ort_predict(onnx_file, x):
    session = ort.InferenceSession(str(onnx_file), providers=["CPUExecutionProvider"])
    feed = x.astype(np.int64) if x.dtype.kind == "i" else x
    return session.run(["output"], {"input": feed})[0]


def graph_of(path):
    model = onnx.load(str(path))
    return model.graph.SerializeToString()


def case(name, out, scratch):
    tensors, metadata = read_safetensors(KERAS_DIR / f"{name}.safetensors")
    config = json.loads(metadata["config"])
    x, y_keras = tensors["input"], tensors["output"]
    onnx_file = out / f"{name}.onnx"
    export(KERAS_DIR / f"{name}.keras", onnx_file)
    onnx.checker.check_model(onnx.load(str(onnx_file)), full_check=True)
    if config["h5"]:
        import gzip
        h5 = scratch / f"{name}.h5"
        h5.write_bytes(gzip.decompress((KERAS_DIR / f"{name}.h5.gz").read_bytes()))
        from_h5 = scratch / f"{name}_h5.onnx"
        export(h5, from_h5)
        assert graph_of(from_h5) == graph_of(onnx_file), f"{name}: the .h5 exports another graph than the .keras"

    model = keras.saving.load_model(KERAS_DIR / f"{name}.keras", compile=False)
    y_predict = np.asarray(model.predict(x, verbose=0), dtype=np.float32)
    y_ort = ort_predict(onnx_file, x)
    errors = {"ort_vs_golden": rel_error(y_ort, y_keras), "ort_vs_predict": rel_error(y_ort, y_predict)}
    x_short = np.ascontiguousarray(x[:2, :3])
    y_short_keras = np.asarray(model.predict(x_short, verbose=0), dtype=np.float32)
    y_short = ort_predict(onnx_file, x_short)
    errors["short_ort_vs_predict"] = rel_error(y_short, y_short_keras)
    pairs = [("input", x), ("output", y_ort.astype(np.float32)),
             ("input.short", x_short), ("output.short", y_short.astype(np.float32))]
    if config["input"] in ("tokens", "masked", "masked_ends"):
        x_extra = extra_input(name, x, config["input"])
        y_extra_keras = np.asarray(model.predict(x_extra, verbose=0), dtype=np.float32)
        y_extra = ort_predict(onnx_file, x_extra)
        errors["extra_ort_vs_predict"] = rel_error(y_extra, y_extra_keras)
        pairs += [("input.extra", x_extra), ("output.extra", y_extra.astype(np.float32)),
                  ("keras.output.extra", y_extra_keras)]
    for what, err in errors.items():
        assert err < TOLERANCE, f"{name}: {what}: relative error {err:.3g}"

    ops = sorted({n.op_type for n in onnx.load(str(onnx_file)).graph.node})
    record = {"name": name, "description": config["description"], "keras_version": keras.__version__,
              "onnx": onnx.__version__, "onnxruntime": ort.__version__, "ops": ops,
              "errors": {k: float(f"{v:.3g}") for k, v in errors.items()}}
    write_safetensors(out / f"{name}_ort.safetensors", pairs, {"config": json.dumps(record, sort_keys=True)})
    print(f"{name}: {config['description']}: ORT vs Keras {errors['ort_vs_predict']:.2g}, "
          f"{onnx_file.stat().st_size} bytes", file=sys.stderr)
    return errors


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("names", nargs="*", help="cases to run (default: every Keras golden model)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    names = args.names or sorted(p.name[:-len(".safetensors")] for p in KERAS_DIR.glob("*.safetensors"))
    worst = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        for name in names:
            worst = max(worst, max(case(name, args.out, Path(scratch)).values()))
    print(f"{len(names)} cases, largest relative error {worst:.3g} (bound {TOLERANCE})", file=sys.stderr)


if __name__ == "__main__":
    main()
