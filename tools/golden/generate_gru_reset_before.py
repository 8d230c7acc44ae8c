#!/usr/bin/env python3
"""Write the golden files of the reset-before GRU (rnn4j's gru_reset_before).

Regenerate (from the repository root, with a Python that has torch, onnx and onnxruntime; see
tools/golden/README.md):

    python tools/golden/generate_gru_reset_before.py            # writes rnn4j-core/src/test/resources/golden
    python tools/golden/generate_gru_reset_before.py --out DIR  # somewhere else

The cell is Keras GRU(reset_after=False), ONNX GRU with linear_before_reset=0 and oneDNN's
vanilla GRU; PyTorch has none. In rnn4j's layout (PyTorch's names, gate blocks r, z, n):

    r  = s(W_ir x + b_ir + W_hr h + b_hr)
    z  = s(W_iz x + b_iz + W_hz h + b_hz)
    n  = tanh(W_in x + b_in + W_hn (r * h) + b_hn)
    h' = (1 - z) n + z h

Two independent sources:
  - outputs and final states come from ONNX Runtime running one ONNX GRU node per layer
    (linear_before_reset=0; gate blocks moved to ONNX's z, r, h; W (D, 3H, F), R (D, 3H, H),
    B (D, 6H) = [Wb_z, Wb_r, Wb_h, Rb_z, Rb_r, Rb_h]; sequence_lens for the cases with lengths),
    graph built with onnx.helper, run in float32 on one thread;
  - every gradient comes from PyTorch autograd through a float64 loop of the equations above,
    whose forward is checked against ONNX Runtime's (relative difference below 1e-6).

Files, cases and tensors are those of generate.py's recurrent cases (same sizes B=3, T=5,
F=4, H=6, lengths [5, 2, 4], same layout and probe loss; see tools/golden/README.md), named
gru_reset_before_l<L>_<uni|bi>_<full|lengths>.safetensors, under recurrent/. Padded steps keep
the state and output zeros; the reverse direction starts at each row's last valid step (what
ONNX's sequence_lens and PyTorch's packed sequences both do). Deterministic: same bytes on
every run with the same library versions.
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from onnx import TensorProto, helper

sys.dont_write_bytecode = True  # importing generate.py leaves no __pycache__ behind
sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import (B, DEFAULT_OUT, F, H, LENGTHS, RECURRENT_LOSS, T,  # noqa: E402
                      golden_metadata, seed_of, uniform, write_cases)

CELL = "gru_reset_before"
ORT_AGREEMENT = 1e-6


def parameter_names(num_layers, D):
    """PyTorch's order: per layer, per direction, weight_ih, weight_hh, bias_ih, bias_hh."""
    names = []
    for l in range(num_layers):
        for d in range(D):
            sfx = f"_l{l}" + ("_reverse" if d == 1 else "")
            names += ["weight_ih" + sfx, "weight_hh" + sfx, "bias_ih" + sfx, "bias_hh" + sfx]
    return names


# ---------------------------------------------------------------- PyTorch: the equations, with autograd

def direction_loop(x, h0, w_ih, w_hh, b_ih, b_hh, mask, reverse):
    """One direction over x (B, T, in) with mask (B, T) of 0/1: returns (outputs (B, T, H), h_n (B, H)).
    A padded step keeps the state and outputs zero; reverse runs t = T-1 .. 0, so it starts at each
    row's last valid step."""
    w_ir, w_iz, w_in = w_ih.chunk(3)
    w_hr, w_hz, w_hn = w_hh.chunk(3)
    b_ir, b_iz, b_in = b_ih.chunk(3)
    b_hr, b_hz, b_hn = b_hh.chunk(3)
    h = h0
    outs = [None] * x.shape[1]
    for t in (range(x.shape[1] - 1, -1, -1) if reverse else range(x.shape[1])):
        xt = x[:, t]
        m = mask[:, t:t + 1]
        r = torch.sigmoid(xt @ w_ir.T + b_ir + h @ w_hr.T + b_hr)
        z = torch.sigmoid(xt @ w_iz.T + b_iz + h @ w_hz.T + b_hz)
        n = torch.tanh(xt @ w_in.T + b_in + (r * h) @ w_hn.T + b_hn)
        h_new = (1 - z) * n + z * h
        outs[t] = m * h_new
        h = m * h_new + (1 - m) * h
    return torch.stack(outs, dim=1), h


def torch_forward(x, h0, params, num_layers, D, mask):
    layer_in = x
    finals = []
    for l in range(num_layers):
        outs = []
        for d in range(D):
            sfx = f"_l{l}" + ("_reverse" if d == 1 else "")
            o, h = direction_loop(layer_in, h0[l * D + d], params["weight_ih" + sfx], params["weight_hh" + sfx],
                                  params["bias_ih" + sfx], params["bias_hh" + sfx], mask, d == 1)
            outs.append(o)
            finals.append(h)
        layer_in = torch.cat(outs, dim=2)
    return layer_in, torch.stack(finals)


# ---------------------------------------------------------------- ONNX Runtime: one GRU node per layer

def onnx_gates(w):
    """PyTorch's gate blocks r, z, n → ONNX's z, r, h (along dimension 0)."""
    r, z, n = np.split(w, 3, axis=0)
    return np.concatenate([z, r, n], axis=0)


def onnx_model(params, num_layers, D, in_size, with_lengths):
    f32 = lambda a: np.asarray(a, dtype=np.float32)  # noqa: E731
    inits, nodes = [], []
    graph_inputs = [helper.make_tensor_value_info("X", TensorProto.FLOAT, [T, B, in_size])]
    if with_lengths:
        graph_inputs.append(helper.make_tensor_value_info("sequence_lens", TensorProto.INT32, [B]))
    layer_in = "X"
    finals = []
    for l in range(num_layers):
        sfxs = [f"_l{l}" + ("_reverse" if d == 1 else "") for d in range(D)]
        W = np.stack([onnx_gates(params["weight_ih" + s]) for s in sfxs])                  # (D, 3H, in)
        R = np.stack([onnx_gates(params["weight_hh" + s]) for s in sfxs])                  # (D, 3H, H)
        Bias = np.stack([np.concatenate([onnx_gates(params["bias_ih" + s]), onnx_gates(params["bias_hh" + s])])
                         for s in sfxs])                                                    # (D, 6H)
        for name, value in ((f"W{l}", W), (f"R{l}", R), (f"B{l}", Bias)):
            inits.append(helper.make_tensor(name, TensorProto.FLOAT, value.shape, f32(value).ravel().tolist()))
        graph_inputs.append(helper.make_tensor_value_info(f"h0_{l}", TensorProto.FLOAT, [D, B, H]))
        nodes.append(helper.make_node(
            "GRU", [layer_in, f"W{l}", f"R{l}", f"B{l}", "sequence_lens" if with_lengths else "", f"h0_{l}"],
            [f"Y{l}", f"Yh{l}"], hidden_size=H, linear_before_reset=0,
            direction="bidirectional" if D == 2 else "forward"))
        # Y (T, D, B, H) → (T, B, D·H), the next layer's input
        nodes.append(helper.make_node("Transpose", [f"Y{l}"], [f"Yt{l}"], perm=[0, 2, 1, 3]))
        inits.append(helper.make_tensor(f"shape{l}", TensorProto.INT64, [3], [T, B, D * H]))
        nodes.append(helper.make_node("Reshape", [f"Yt{l}", f"shape{l}"], [f"L{l}"]))
        layer_in = f"L{l}"
        finals.append(f"Yh{l}")
    nodes.append(helper.make_node("Concat", finals, ["h_n"], axis=0))
    nodes.append(helper.make_node("Identity", [layer_in], ["output"]))
    graph = helper.make_graph(nodes, "gru_reset_before", graph_inputs,
                              [helper.make_tensor_value_info("output", TensorProto.FLOAT, [T, B, D * H]),
                               helper.make_tensor_value_info("h_n", TensorProto.FLOAT, [num_layers * D, B, H])],
                              initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def run_onnx_runtime(params, num_layers, D, x, h0, lengths):
    """Returns ONNX Runtime's (output (B, T, D·H) batch-first, h_n (L·D, B, H)) as float32 tensors."""
    numpy_params = {k: v.detach().numpy() for k, v in params.items()}
    model = onnx_model(numpy_params, num_layers, D, F, lengths is not None)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    feeds = {"X": x.detach().numpy().astype(np.float32).transpose(1, 0, 2).copy()}   # (T, B, F)
    if lengths is not None:
        feeds["sequence_lens"] = np.asarray(lengths, dtype=np.int32)
    h0n = h0.detach().numpy().astype(np.float32)
    for l in range(num_layers):
        feeds[f"h0_{l}"] = h0n[l * D:(l + 1) * D].copy()
    out, hn = session.run(["output", "h_n"], feeds)
    return torch.from_numpy(out.transpose(1, 0, 2).copy()), torch.from_numpy(hn)


# ---------------------------------------------------------------- cases

def relative(a, b):
    return float((a.double() - b.double()).abs().max() / b.double().abs().max())


def case(num_layers, bidirectional, variable):
    name = f"{CELL}_l{num_layers}_{'bi' if bidirectional else 'uni'}_{'lengths' if variable else 'full'}"
    seed = seed_of(name)
    D = 2 if bidirectional else 1
    lengths = list(LENGTHS) if variable else None
    gen = torch.Generator().manual_seed(seed)

    names = parameter_names(num_layers, D)
    params = {}
    for n in names:
        rows = 3 * H
        cols = (F if n.endswith("_l0") or n.endswith("_l0_reverse") else D * H) if n.startswith("weight_ih") \
            else H if n.startswith("weight_hh") else None
        shape = (rows, cols) if cols is not None else (rows,)
        params[n] = uniform(gen, shape, -0.5, 0.5).requires_grad_()
    # Padded positions get random values too: the Java side must ignore them.
    x = uniform(gen, (B, T, F), -1.0, 1.0).requires_grad_()
    h0 = uniform(gen, (num_layers * D, B, H), -0.5, 0.5).requires_grad_()
    mask = torch.ones(B, T, dtype=torch.float64)
    if lengths is not None:
        for b, n in enumerate(lengths):
            mask[b, n:] = 0

    out, hn = torch_forward(x, h0, params, num_layers, D, mask)
    probe_out = uniform(gen, out.shape, -1.0, 1.0)
    probe_hn = uniform(gen, hn.shape, -1.0, 1.0)
    ((out * probe_out).sum() + (hn * probe_hn).sum()).backward()

    ort_out, ort_hn = run_onnx_runtime(params, num_layers, D, x, h0, lengths)
    assert ort_out.shape == out.shape and ort_hn.shape == hn.shape, name
    for what, got, want in (("output", ort_out, out), ("h_n", ort_hn, hn)):
        error = relative(got, want.detach())
        assert error < ORT_AGREEMENT, f"{name}: ONNX Runtime's {what} differs from the equations by {error}"
    if lengths is not None:
        for b, n in enumerate(lengths):
            assert torch.all(ort_out[b, n:] == 0), f"{name}: ONNX Runtime's padded output is not zero"

    tensors = [("input", x), ("h0", h0)]
    tensors += [(n, params[n]) for n in names]
    tensors += [("output", ort_out), ("h_n", ort_hn)]
    tensors += [("probe.output", probe_out), ("probe.h_n", probe_hn)]
    tensors += [("grad.input", x.grad), ("grad.h0", h0.grad)]
    tensors += [("grad." + n, params[n].grad) for n in names]
    config = {
        "cell": CELL, "input_size": F, "hidden_size": H, "num_layers": num_layers,
        "bidirectional": bidirectional, "batch": B, "steps": T, "lengths": lengths, "seed": seed,
        "torch_version": torch.__version__, "onnx_version": onnx.__version__,
        "onnxruntime_version": ort.__version__, "loss": RECURRENT_LOSS,
        "reference": "output, h_n: ONNX Runtime, GRU linear_before_reset=0, float32; "
                     "grad.*: PyTorch autograd of the equations in float64",
        "dtype_compute": "float32 (ONNX Runtime), float64 (gradients)", "dtype_stored": "float32",
        "init": "params U(-0.5,0.5), input U(-1,1), h0 U(-0.5,0.5), probes U(-1,1)",
        "batch_first": True,
    }
    return "recurrent/" + name + ".safetensors", tensors, golden_metadata(config)


def all_cases():
    for num_layers in (1, 2):
        for bidirectional in (False, True):
            for variable in (False, True):
                yield case(num_layers, bidirectional, variable)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"output folder; files go under its recurrent/ (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    count, total = write_cases(all_cases(), args.out)
    print(f"wrote {count} files, {total} bytes, under {args.out / 'recurrent'} (torch {torch.__version__},"
          f" onnxruntime {ort.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
