#!/work/venv-peers/bin/python
"""Write the ONNX golden files of rnn4j-interop: rnn4j's ONNX export run by ONNX Runtime, and ONNX graphs
(torch.onnx.export and hand-built with onnx.helper) with ONNX Runtime's outputs.

Run from the repository root, after building the command-line jar (the export cases run it):

    mvn -q -B package -DskipTests -pl rnn4j-cli -am
    /work/venv-peers/bin/python tools/golden/generate_onnx.py            # writes rnn4j-interop/src/test/resources/golden/onnx
    /work/venv-peers/bin/python tools/golden/generate_onnx.py --out DIR  # somewhere else

Needs torch, onnx and onnxruntime (the versions used are recorded in each file's config). Deterministic: the same
bytes every run with the same versions. See tools/golden/README.md for the layout.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from onnx import TensorProto, helper, numpy_helper
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import write_safetensors  # noqa: E402  (the safetensors writer of the PyTorch goldens)

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "rnn4j-interop" / "src" / "test" / "resources" / "golden" / "onnx"
JAR = REPO / "rnn4j-cli" / "target" / "rnn4j.jar"

B, T, F, H = 3, 4, 3, 4
LENGTHS = [4, 2, 3]
CELLS = ("rnn_tanh", "rnn_relu", "lstm", "gru")
TOLERANCE = 1e-5
ort.set_default_logger_severity(3)  # not the "initializer appears in graph inputs" notes: that is the design


def versions():
    return {"torch": torch.__version__, "onnx": onnx.__version__, "onnxruntime": ort.__version__}


def seed_of(name):
    return zlib.crc32(name.encode("utf-8"))


def uniform(gen, shape, low=-0.5, high=0.5):
    return (torch.rand(shape, generator=gen, dtype=torch.float64) * (high - low) + low).to(torch.float32)


def rel_error(a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-30))


def assert_close(what, actual, expected):
    err = rel_error(actual, expected)
    assert err < TOLERANCE, f"{what}: relative error {err:.3g} (shape {np.shape(actual)} vs {np.shape(expected)})"


def ort_run(path, feeds):
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    return dict(zip(names, session.run(None, feeds)))


def tensors_of(pairs):
    return [(name, torch.from_numpy(np.ascontiguousarray(v, dtype=np.float32))) for name, v in pairs]


# ---------------------------------------------------------------- export: rnn4j -> ONNX -> ONNX Runtime

def torch_module(cell, num_layers, bidirectional, gen):
    kind = {"rnn_tanh": torch.nn.RNN, "rnn_relu": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell]
    extra = {"nonlinearity": "relu"} if cell == "rnn_relu" else {}
    module = kind(F, H, num_layers=num_layers, bidirectional=bidirectional, batch_first=True, **extra)
    with torch.no_grad():
        for _, p in module.named_parameters():
            p.copy_(uniform(gen, p.shape))
    return module.eval()


def torch_reference(module, x, h0, c0, lengths):
    with torch.no_grad():
        state = h0 if c0 is None else (h0, c0)
        if lengths is None:
            out, s = module(x, state)
        else:
            packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
            out, s = module(packed, state)
            out, _ = pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
    hn, cn = (s, None) if c0 is None else s
    return out.numpy(), hn.numpy(), None if cn is None else cn.numpy()


def rnn4j_model_file(path, module, cell, num_layers, bidirectional):
    """An rnn4j model file: the parameters under PyTorch's names and the spec in the metadata."""
    spec = {"type": "recurrent", "cell": cell, "input_size": F, "hidden_size": H, "num_layers": num_layers,
            "bidirectional": bidirectional, "dropout": 0.0}
    metadata = {"format": "rnn4j", "format_version": "1", "spec": json.dumps(spec, separators=(",", ":")),
                "provenance": json.dumps({"command": "tools/golden/generate_onnx.py"}, separators=(",", ":"))}
    write_safetensors(path, list(module.state_dict().items()), metadata)


def export_case(out, cell, num_layers, bidirectional):
    name = f"{cell}_l{num_layers}_{'bi' if bidirectional else 'uni'}"
    seed = seed_of("onnx/export/" + name)
    gen = torch.Generator().manual_seed(seed)
    module = torch_module(cell, num_layers, bidirectional, gen)
    d = 2 if bidirectional else 1
    x = uniform(gen, (B, T, F), -1, 1)
    h0 = uniform(gen, (num_layers * d, B, H))
    c0 = uniform(gen, (num_layers * d, B, H)) if cell == "lstm" else None

    # One-layer models as a plain PyTorch state_dict (what safetensors.torch.save_file writes), the others as rnn4j
    # model files: both are what `rnn4j predict` reads.
    model_path = out / "export" / f"{name}.safetensors"
    if num_layers == 1:
        state_dict = module.state_dict()
        write_safetensors(model_path, [(n, state_dict[n]) for n in sorted(state_dict)], None)
    else:
        rnn4j_model_file(model_path, module, cell, num_layers, bidirectional)
    onnx_path = out / "export" / f"{name}.onnx"
    command = ["java", "-jar", str(JAR), "export", "--model", str(model_path), "--format", "onnx",
               "--out", str(onnx_path), "--overwrite", "--quiet"]
    if cell == "rnn_relu" and num_layers == 1:
        command.append("--relu")
    subprocess.run(command, check=True)
    onnx.checker.check_model(onnx.load(str(onnx_path)), full_check=True)

    plain = ort_run(onnx_path, {"input": x.numpy()})
    feeds = {"input": x.numpy(), "h0": h0.numpy(), "sequence_lens": np.array(LENGTHS, dtype=np.int32)}
    if c0 is not None:
        feeds["c0"] = c0.numpy()
    stateful = ort_run(onnx_path, feeds)

    # The round trip: PyTorch state_dict -> rnn4j -> ONNX -> ONNX Runtime equals PyTorch.
    zeros = torch.zeros(num_layers * d, B, H)
    ref = torch_reference(module, x, zeros, None if c0 is None else zeros, None)
    ref_state = torch_reference(module, x, h0, c0, LENGTHS)
    for (key, got), want in zip([("output", plain["output"]), ("h_n", plain["h_n"])], ref):
        assert_close(f"{name} {key}", got, want)
    for key, want in zip(["output", "h_n", "c_n"], ref_state):
        if want is not None:
            assert_close(f"{name} {key} with h0 and lengths", stateful[key], want)
    if c0 is not None:
        assert_close(f"{name} c_n", plain["c_n"], ref[2])

    pairs = [("input", x.numpy()), ("h0", h0.numpy())] + ([("c0", c0.numpy())] if c0 is not None else [])
    pairs += [("lengths", np.array(LENGTHS, dtype=np.float32))]
    pairs += [(k, plain[k]) for k in plain] + [(k + ".with_state", stateful[k]) for k in stateful]
    pairs += [("torch.output", ref[0]), ("torch.h_n", ref[1])] + ([("torch.c_n", ref[2])] if c0 is not None else [])
    config = {"case": name, "cell": cell, "num_layers": num_layers, "bidirectional": bidirectional, "batch": B,
              "steps": T, "input_size": F, "hidden_size": H, "lengths": LENGTHS, "seed": seed,
              "model_file": model_path.name, "onnx_file": onnx_path.name,
              "model_kind": "pytorch_state_dict" if num_layers == 1 else "rnn4j", "versions": versions()}
    write_safetensors(out / "export" / f"{name}_ort.safetensors", tensors_of(pairs),
                      {"config": json.dumps(config, sort_keys=True)})
    return name


# ---------------------------------------------------------------- import: torch.onnx.export

class Net(torch.nn.Module):
    """A recurrent stack with a Linear head on every step's output, as a sequence tagger has."""

    def __init__(self, rnn, width, classes):
        super().__init__()
        self.rnn = rnn
        self.head = torch.nn.Linear(width, classes)

    def forward(self, x):
        y, _ = self.rnn(x)
        return self.head(y)


def torch_export_case(out, name, cell, num_layers, bidirectional):
    seed = seed_of("onnx/import/" + name)
    gen = torch.Generator().manual_seed(seed)
    rnn = torch_module(cell, num_layers, bidirectional, gen)
    d = 2 if bidirectional else 1
    net = Net(rnn, d * H, 2).eval()
    with torch.no_grad():
        net.head.weight.copy_(uniform(gen, net.head.weight.shape))
        net.head.bias.copy_(uniform(gen, net.head.bias.shape))
    x = uniform(gen, (B, T, F), -1, 1)
    path = out / "import" / f"{name}.onnx"
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp) / "m.onnx"
        torch.onnx.export(net, (x,), str(tmp_path), dynamo=False, opset_version=14, input_names=["input"],
                          output_names=["output"],
                          dynamic_axes={"input": {0: "batch", 1: "time"}, "output": {0: "batch", 1: "time"}})
        model = onnx.load(str(tmp_path))
    model.producer_version = ""  # torch's version string, kept in the config instead
    onnx.save(model, str(path))
    onnx.checker.check_model(model, full_check=True)
    result = ort_run(path, {"input": x.numpy()})
    with torch.no_grad():
        assert_close(name, result["output"], net(x).numpy())
    config = {"case": name, "exporter": "torch.onnx.export(dynamo=False, opset_version=14)", "cell": cell,
              "num_layers": num_layers, "bidirectional": bidirectional, "head": "Linear(D*H, 2)", "seed": seed,
              "ops": [n.op_type for n in model.graph.node], "versions": versions()}
    write_safetensors(out / "import" / f"{name}_ort.safetensors",
                      tensors_of([("input", x.numpy()), ("output", result["output"])]),
                      {"config": json.dumps(config, sort_keys=True)})
    return name


# ---------------------------------------------------------------- import: hand-built single nodes

def node_case(out, name, op, direction, activations=None, linear_before_reset=None, layout=0, optional=True,
              alpha=None, beta=None, scale=0.5):
    """One RNN/LSTM/GRU node; X (T, B, F) and sequence_lens (B,) int32 are graph inputs, the weights, bias and
    initial states initializers. alpha, beta: the node's activation_alpha, activation_beta lists; scale: the
    weights' U(-scale, scale)."""
    seed = seed_of("onnx/node/" + name)
    rng = np.random.default_rng(seed)
    gates = {"RNN": 1, "GRU": 3, "LSTM": 4}[op]
    d = 2 if direction == "bidirectional" else 1

    def u(*shape, scale=0.5):
        return rng.uniform(-scale, scale, size=shape).astype(np.float32)

    inits = [numpy_helper.from_array(u(d, gates * H, F, scale=scale), "W"),
             numpy_helper.from_array(u(d, gates * H, H, scale=scale), "R")]
    inputs = ["X", "W", "R"]
    graph_inputs = [helper.make_tensor_value_info("X", TensorProto.FLOAT,
                                                  ["batch", "time", F] if layout else ["time", "batch", F])]
    if optional:
        state_shape = (B, d, H) if layout else (d, B, H)
        inits.append(numpy_helper.from_array(u(d, 2 * gates * H), "B"))
        inits.append(numpy_helper.from_array(u(*state_shape), "initial_h"))
        inputs += ["B", "sequence_lens", "initial_h"]
        graph_inputs.append(helper.make_tensor_value_info("sequence_lens", TensorProto.INT32, ["batch"]))
        if op == "LSTM":
            inits.append(numpy_helper.from_array(u(*state_shape), "initial_c"))
            inputs.append("initial_c")
    outputs = ["Y", "Y_h"] + (["Y_c"] if op == "LSTM" else [])
    attrs = {"hidden_size": H, "direction": direction}
    if activations:
        attrs["activations"] = activations
    if alpha is not None:
        attrs["activation_alpha"] = alpha
    if beta is not None:
        attrs["activation_beta"] = beta
    if linear_before_reset is not None:
        attrs["linear_before_reset"] = linear_before_reset
    if layout:
        attrs["layout"] = layout
    node = helper.make_node(op, inputs, outputs, name=f"{op}_0", **attrs)
    shapes = {"Y": ["batch", "time", d, H] if layout else ["time", d, "batch", H],
              "Y_h": ["batch", d, H] if layout else [d, "batch", H]}
    shapes["Y_c"] = shapes["Y_h"]
    graph = helper.make_graph([node], name, graph_inputs,
                              [helper.make_tensor_value_info(o, TensorProto.FLOAT, shapes[o]) for o in outputs], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)], producer_name="onnx.helper")
    model.ir_version = 7
    onnx.checker.check_model(model, full_check=True)
    path = out / "node" / f"{name}.onnx"
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(path))
    x = rng.uniform(-1, 1, size=(B, T, F) if layout else (T, B, F)).astype(np.float32)
    feeds = {"X": x}
    if optional:
        feeds["sequence_lens"] = np.array(LENGTHS, dtype=np.int32)
    result = ort_run(path, feeds)
    pairs = [("X", x)] + ([("lengths", np.array(LENGTHS, dtype=np.float32))] if optional else [])
    pairs += [(o, result[o]) for o in outputs]
    config = {"case": name, "op": op, "direction": direction, "activations": activations,
              "activation_alpha": alpha, "activation_beta": beta, "weight_scale": scale,
              "linear_before_reset": linear_before_reset, "layout": layout, "optional_inputs": optional,
              "batch": B, "steps": T, "input_size": F, "hidden_size": H, "lengths": LENGTHS if optional else None,
              "seed": seed, "versions": versions()}
    write_safetensors(out / "node" / f"{name}_ort.safetensors", tensors_of(pairs),
                      {"config": json.dumps(config, sort_keys=True)})
    return name


def node_cases(out):
    names = []
    for op in ("RNN", "LSTM", "GRU"):
        for direction in ("forward", "reverse", "bidirectional"):
            lbr = 1 if op == "GRU" else None
            names.append(node_case(out, f"{op.lower()}_{direction}", op, direction, linear_before_reset=lbr))
    names.append(node_case(out, "rnn_relu_bidirectional", "RNN", "bidirectional", activations=["Relu", "Relu"]))
    names.append(node_case(out, "gru_minimal", "GRU", "forward", linear_before_reset=1, optional=False))
    names.append(node_case(out, "gru_reset_before_bidirectional", "GRU", "bidirectional", linear_before_reset=0))
    names += hard_sigmoid_node_cases(out)
    return names


def hard_sigmoid_node_cases(out, only=None):
    """Gates with HardSigmoid, min(max(alpha x + beta, 0), 1): weights U(-1.5, 1.5) and a steep alpha, so that
    gates clip at some steps; one node leaves alpha and beta to their defaults (the HardSigmoid op's 0.2, 0.5)."""
    cases = [
        ("lstm_hard_sigmoid_bidirectional", dict(op="LSTM", direction="bidirectional",
                                                 activations=["HardSigmoid", "Tanh", "Tanh"] * 2,
                                                 alpha=[0.9, 0.9], beta=[0.45, 0.45])),
        ("gru_hard_sigmoid_reverse", dict(op="GRU", direction="reverse", activations=["HardSigmoid", "Tanh"],
                                          linear_before_reset=1, alpha=[1.2], beta=[0.5])),
        ("gru_reset_before_hard_sigmoid_defaults", dict(op="GRU", direction="forward",
                                                        activations=["HardSigmoid", "Tanh"], linear_before_reset=0)),
    ]
    return [node_case(out, name, scale=1.5, **kw) for name, kw in cases if not only or name in only]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--hard-sigmoid-nodes", nargs="*", metavar="NAME",
                        help="write only the HardSigmoid node cases (these names, or all of them)")
    args = parser.parse_args(argv)
    if args.hard_sigmoid_nodes is not None:
        names = hard_sigmoid_node_cases(args.out, set(args.hard_sigmoid_nodes))
        print(f"wrote {len(names)} node cases under {args.out}/node")
        return
    if not JAR.exists():
        sys.exit(f"{JAR} is missing: build it first with mvn -q -B package -DskipTests -pl rnn4j-cli -am")
    torch.set_num_threads(1)
    written = []
    for cell in CELLS:
        for num_layers, bidirectional in ((1, False), (2, True)):
            written.append("export/" + export_case(args.out, cell, num_layers, bidirectional))
    written.append("import/" + torch_export_case(args.out, "torch_lstm_head", "lstm", 1, False))
    written.append("import/" + torch_export_case(args.out, "torch_gru_l2_bi_head", "gru", 2, True))
    written.append("import/" + torch_export_case(args.out, "torch_rnn_relu_bi_head", "rnn_relu", 1, True))
    written += ["node/" + n for n in node_cases(args.out)]
    print(f"wrote {len(written)} cases under {args.out}; ONNX Runtime agrees with PyTorch within {TOLERANCE}")


if __name__ == "__main__":
    main()
