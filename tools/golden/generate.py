#!/usr/bin/python3
"""Write the PyTorch reference ("golden") files used by the rnn4j Java tests.

Regenerate (Debian, from the repository root):

    apt-get install -y python3-torch
    /usr/bin/python3 tools/golden/generate.py            # writes rnn4j-core/src/test/resources/golden
    /usr/bin/python3 tools/golden/generate.py --out DIR  # somewhere else

Use Debian's /usr/bin/python3 (the one that sees python3-torch). Only torch and
the standard library are used; the safetensors files are written (and read back
for a self-check) by the small functions below.

Every file is safetensors: an 8-byte little-endian header length N, N bytes of
UTF-8 JSON padded with spaces to a multiple of 8, then the raw little-endian
float32 data, tensors contiguous in header order. The header's
__metadata__.config is a JSON string describing the case (sizes, seed, torch
version, loss).

Reference values are computed in float64 from float32-drawn inputs and weights
(so they are exact for the stored float32 values) and stored rounded to
float32. The loss is a random probe: sum(output * probe.output) + sum(h_n *
probe.h_n) (+ sum(c_n * probe.c_n) for LSTM), so every gradient is non-trivial.

The files under pytorch/ are instead plain state_dicts as safetensors.torch.save_file
writes them (no config; see state_dict_cases), each with an _io golden file holding the
module's input, output and final states.

Output is deterministic: running the script twice gives identical bytes.
"""

import argparse
import json
import struct
import sys
import zlib
from pathlib import Path

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "rnn4j-core" / "src" / "test" / "resources" / "golden"

B, T, F, H = 3, 5, 4, 6
LENGTHS = [5, 2, 4]
CELLS = ("rnn_tanh", "rnn_relu", "lstm", "gru")

RECURRENT_LOSS = ("sum(output * probe.output) + sum(h_n * probe.h_n)"
                  " [+ sum(c_n * probe.c_n) for lstm]; padded output positions are zero")


# ---------------------------------------------------------------- safetensors

def golden_metadata(config):
    """The __metadata__ of a golden file: one string, "config", holding the case as JSON."""
    return {"config": json.dumps(config, sort_keys=True)}


def write_safetensors(path, tensors, metadata):
    """tensors: list of (name, tensor) in file order; metadata: dict of strings, or None for a
    header without __metadata__ (as safetensors.torch.save_file(state_dict) writes it)."""
    header = {} if metadata is None else {"__metadata__": dict(metadata)}
    blobs = []
    offset = 0
    for name, t in tensors:
        t32 = t.detach().to(torch.float32).contiguous()
        values = t32.reshape(-1).tolist()  # doubles that are exact float32 values
        blob = struct.pack("<%df" % len(values), *values)
        header[name] = {"dtype": "F32", "shape": list(t32.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    tmp.replace(path)


def read_safetensors(path):
    """Returns (dict name -> float32 tensor in file order, metadata dict or None)."""
    data = path.read_bytes()
    (n,) = struct.unpack_from("<Q", data, 0)
    assert n % 8 == 0 and 8 + n <= len(data), f"{path}: bad header length {n}"
    header = json.loads(data[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", None)
    body = data[8 + n:]
    tensors = {}
    expected_begin = 0
    for name, info in header.items():
        assert info["dtype"] == "F32", f"{path}:{name}: dtype {info['dtype']}"
        begin, end = info["data_offsets"]
        count = 1
        for d in info["shape"]:
            count *= d
        assert begin == expected_begin and end - begin == 4 * count, f"{path}:{name}: offsets"
        values = struct.unpack_from("<%df" % count, body, begin)
        tensors[name] = torch.tensor(values, dtype=torch.float32).reshape(info["shape"])
        expected_begin = end
    assert expected_begin == len(body), f"{path}: {len(body) - expected_begin} trailing bytes"
    return tensors, metadata


def check_round_trip(path, tensors, metadata):
    read, read_metadata = read_safetensors(path)
    assert list(read) == [name for name, _ in tensors], f"{path}: tensor names/order"
    assert read_metadata == metadata, f"{path}: metadata"
    for name, t in tensors:
        expected = t.detach().to(torch.float32)
        assert read[name].shape == expected.shape, f"{path}:{name}: shape"
        assert torch.equal(read[name], expected), f"{path}:{name}: values"


# ---------------------------------------------------------------- helpers

def uniform(gen, shape, low, high):
    """Draw in float32 (the stored precision), return float64 holding the same values."""
    u = torch.rand(shape, generator=gen, dtype=torch.float32)
    return (u * (high - low) + low).to(torch.float64)


def seed_of(name):
    return zlib.crc32(name.encode("utf-8"))


def make_module(cell, num_layers, bidirectional):
    kw = dict(input_size=F, hidden_size=H, num_layers=num_layers, bias=True,
              batch_first=True, dropout=0.0, bidirectional=bidirectional)
    if cell == "rnn_tanh":
        m = torch.nn.RNN(nonlinearity="tanh", **kw)
    elif cell == "rnn_relu":
        m = torch.nn.RNN(nonlinearity="relu", **kw)
    elif cell == "lstm":
        m = torch.nn.LSTM(**kw)
    else:
        m = torch.nn.GRU(**kw)
    return m.double()


def run_module(module, x, h0, c0, lengths):
    """Returns (output (B,T,D*H) zero-padded, h_n, c_n or None)."""
    hx = (h0, c0) if c0 is not None else h0
    if lengths is None:
        out, hn = module(x, hx)
    else:
        packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True,
                                      enforce_sorted=False)
        out_packed, hn = module(packed, hx)
        out, out_lengths = pad_packed_sequence(out_packed, batch_first=True,
                                               total_length=x.shape[1])
        assert out_lengths.tolist() == list(lengths)
    if c0 is not None:
        hn, cn = hn
    else:
        cn = None
    return out, hn, cn


# ---------------------------------------------------------------- recurrent cases

def recurrent_case(cell, num_layers, bidirectional, variable):
    name = f"{cell}_l{num_layers}_{'bi' if bidirectional else 'uni'}_{'lengths' if variable else 'full'}"
    lengths = list(LENGTHS) if variable else None
    # The first seed from seed_of(name) upwards whose case is well conditioned (see
    # well_conditioned): ReLU cases can otherwise have dead units or kinks near zero.
    for attempt in range(1000):
        seed = seed_of(name) + attempt
        case = recurrent_case_with_seed(name, seed, cell, num_layers, bidirectional, lengths)
        if case is not None:
            return case
    raise RuntimeError(f"{name}: no well-conditioned seed found")


def recurrent_case_with_seed(name, seed, cell, num_layers, bidirectional, lengths):
    D = 2 if bidirectional else 1
    variable = lengths is not None
    gen = torch.Generator().manual_seed(seed)
    is_lstm = cell == "lstm"

    module = make_module(cell, num_layers, bidirectional)
    params = list(module.named_parameters())
    with torch.no_grad():
        for _, p in params:
            p.copy_(uniform(gen, p.shape, -0.5, 0.5))
    # Padded positions get random values too: the Java side must ignore them.
    x = uniform(gen, (B, T, F), -1.0, 1.0).requires_grad_()
    h0 = uniform(gen, (num_layers * D, B, H), -0.5, 0.5).requires_grad_()
    c0 = uniform(gen, (num_layers * D, B, H), -0.5, 0.5).requires_grad_() if is_lstm else None

    out, hn, cn = run_module(module, x, h0, c0, lengths)
    assert out.shape == (B, T, D * H) and hn.shape == (num_layers * D, B, H)

    probe_out = uniform(gen, out.shape, -1.0, 1.0)
    probe_hn = uniform(gen, hn.shape, -1.0, 1.0)
    probe_cn = uniform(gen, cn.shape, -1.0, 1.0) if is_lstm else None
    loss = (out * probe_out).sum() + (hn * probe_hn).sum()
    if is_lstm:
        loss = loss + (cn * probe_cn).sum()
    module.zero_grad()
    loss.backward()

    if variable:
        check_rows_match_unpadded(module, x, h0, c0, lengths, out, hn, cn)
    else:
        check_last_states(num_layers, D, out, hn)
    preactivations = check_against_reference_loop(cell, module, num_layers, D, x, h0, c0,
                                                   lengths, out, hn, cn)
    if not well_conditioned(cell, params, preactivations):
        return None

    tensors = [("input", x), ("h0", h0)]
    if is_lstm:
        tensors.append(("c0", c0))
    tensors += [(n, p) for n, p in params]
    tensors += [("output", out), ("h_n", hn)]
    if is_lstm:
        tensors.append(("c_n", cn))
    tensors += [("probe.output", probe_out), ("probe.h_n", probe_hn)]
    if is_lstm:
        tensors.append(("probe.c_n", probe_cn))
    tensors += [("grad.input", x.grad), ("grad.h0", h0.grad)]
    if is_lstm:
        tensors.append(("grad.c0", c0.grad))
    tensors += [("grad." + n, p.grad) for n, p in params]
    for n, t in tensors:
        assert t is not None and torch.isfinite(t).all(), f"{name}: {n}"

    config = {
        "cell": cell, "input_size": F, "hidden_size": H, "num_layers": num_layers,
        "bidirectional": bidirectional, "batch": B, "steps": T, "lengths": lengths,
        "seed": seed, "torch_version": torch.__version__, "loss": RECURRENT_LOSS,
        "dtype_compute": "float64", "dtype_stored": "float32",
        "init": "params U(-0.5,0.5), input U(-1,1), h0/c0 U(-0.5,0.5), probes U(-1,1)",
        "batch_first": True,
    }
    return "recurrent/" + name + ".safetensors", tensors, golden_metadata(config)


def check_rows_match_unpadded(module, x, h0, c0, lengths, out, hn, cn):
    """Packed semantics: each row equals the module run on that row alone, cut to its length.

    So h_n of the forward direction is the state at the row's last valid step, and the
    reverse direction starts at the row's last valid step (its h_n is the state after
    step 0); output is zero beyond each row's length.
    """
    with torch.no_grad():
        for b, n in enumerate(lengths):
            c0b = c0[:, b:b + 1].contiguous() if c0 is not None else None
            o, h, c = run_module(module, x[b:b + 1, :n], h0[:, b:b + 1].contiguous(), c0b, None)
            assert torch.allclose(out[b:b + 1, :n], o, rtol=0, atol=1e-12)
            assert torch.all(out[b, n:] == 0)
            assert torch.allclose(hn[:, b:b + 1], h, rtol=0, atol=1e-12)
            if c is not None:
                assert torch.allclose(cn[:, b:b + 1], c, rtol=0, atol=1e-12)


def check_last_states(num_layers, D, out, hn):
    """Without lengths: last layer's forward h_n = output[:, T-1, :H]; reverse = output[:, 0, H:]."""
    with torch.no_grad():
        top = (num_layers - 1) * D
        assert torch.equal(hn[top], out[:, -1, :H])
        if D == 2:
            assert torch.equal(hn[top + 1], out[:, 0, H:])


RELU_MARGIN = 1e-3


def well_conditioned(cell, params, preactivations):
    """Every hidden unit gets a gradient (no all-zero row in a weight gradient), and for
    ReLU no pre-activation lies within RELU_MARGIN of the kink, so float32 rounding on the
    Java side cannot flip a unit on or off."""
    for _, p in params:
        if p.dim() == 2 and bool((p.grad.abs().sum(dim=1) == 0).any()):
            return False
    if cell == "rnn_relu" and preactivations:
        if float(torch.cat(preactivations).abs().min()) < RELU_MARGIN:
            return False
    return True


def check_against_reference_loop(cell, module, num_layers, D, x, h0, c0, lengths, out, hn, cn):
    """An independent loop over each row, step by step, with the documented equations:

    rnn:  h = act(W_ih x + b_ih + W_hh h + b_hh)
    lstm: i, f, g, o = chunks of (W_ih x + b_ih + W_hh h + b_hh);  c = s(f) c + s(i) tanh(g)
          h = s(o) tanh(c)
    gru:  r, z, n chunks; r = s(.), z = s(.), n = tanh(W_in x + b_in + r (W_hn h + b_hn))
          h = (1 - z) n + z h
    Each row runs over its own valid steps only; the reverse direction starts at the row's
    last valid step. Returns the pre-activations (for the ReLU margin check).
    """
    sigmoid = torch.sigmoid
    pre_all = []
    with torch.no_grad():
        P = dict(module.named_parameters())
        for b in range(x.shape[0]):
            n = x.shape[1] if lengths is None else lengths[b]
            layer_in = x[b, :n]                                   # (n, F)
            for l in range(num_layers):
                outs = []
                for d in range(D):
                    sfx = f"l{l}" + ("_reverse" if d == 1 else "")
                    w_ih, w_hh = P["weight_ih_" + sfx], P["weight_hh_" + sfx]
                    no_bias = torch.zeros(w_ih.shape[0], dtype=w_ih.dtype)  # bias=False
                    b_ih = P.get("bias_ih_" + sfx, no_bias)
                    b_hh = P.get("bias_hh_" + sfx, no_bias)
                    h = h0[l * D + d, b]
                    c = c0[l * D + d, b] if c0 is not None else None
                    seq = [None] * n
                    steps = range(n) if d == 0 else range(n - 1, -1, -1)
                    for t in steps:
                        gi = w_ih @ layer_in[t] + b_ih
                        gh = w_hh @ h + b_hh
                        if cell == "rnn_tanh":
                            h = torch.tanh(gi + gh)
                        elif cell == "rnn_relu":
                            pre = gi + gh
                            pre_all.append(pre)
                            h = torch.relu(pre)
                        elif cell == "lstm":
                            i, f, g, o = (gi + gh).chunk(4)
                            c = sigmoid(f) * c + sigmoid(i) * torch.tanh(g)
                            h = sigmoid(o) * torch.tanh(c)
                        else:
                            ir, iz, inn = gi.chunk(3)
                            hr, hz, hnn = gh.chunk(3)
                            r, z = sigmoid(ir + hr), sigmoid(iz + hz)
                            nn_ = torch.tanh(inn + r * hnn)
                            h = (1 - z) * nn_ + z * h
                        seq[t] = h
                    assert torch.allclose(hn[l * D + d, b], h, rtol=0, atol=1e-12)
                    if c is not None:
                        assert torch.allclose(cn[l * D + d, b], c, rtol=0, atol=1e-12)
                    outs.append(torch.stack(seq))
                layer_in = torch.cat(outs, dim=1)                 # (n, D*H)
            assert torch.allclose(out[b, :n], layer_in, rtol=0, atol=1e-12)
            assert torch.all(out[b, n:] == 0)
    return pre_all


# ---------------------------------------------------------------- nn cases

def dense_case():
    name = "dense"
    seed = seed_of(name)
    gen = torch.Generator().manual_seed(seed)
    module = torch.nn.Linear(5, 3, bias=True).double()
    with torch.no_grad():
        module.weight.copy_(uniform(gen, module.weight.shape, -0.5, 0.5))
        module.bias.copy_(uniform(gen, module.bias.shape, -0.5, 0.5))
    x = uniform(gen, (2, 4, 5), -1.0, 1.0).requires_grad_()
    out = module(x)
    probe = uniform(gen, out.shape, -1.0, 1.0)
    (out * probe).sum().backward()
    tensors = [("input", x), ("weight", module.weight), ("bias", module.bias),
               ("output", out), ("probe.output", probe), ("grad.input", x.grad),
               ("grad.weight", module.weight.grad), ("grad.bias", module.bias.grad)]
    config = {"module": "dense", "in_features": 5, "out_features": 3, "input_shape": [2, 4, 5],
              "seed": seed, "torch_version": torch.__version__,
              "loss": "sum(output * probe.output)",
              "dtype_compute": "float64", "dtype_stored": "float32",
              "init": "weight/bias U(-0.5,0.5), input U(-1,1), probe U(-1,1)"}
    return "nn/dense.safetensors", tensors, golden_metadata(config)


def embedding_case():
    name = "embedding"
    seed = seed_of(name)
    gen = torch.Generator().manual_seed(seed)
    module = torch.nn.Embedding(10, 4).double()
    with torch.no_grad():
        module.weight.copy_(uniform(gen, module.weight.shape, -0.5, 0.5))
    idx = torch.randint(0, 10, (2, 5), generator=gen)
    idx[1, 3] = idx[0, 1]  # a repeated index: its gradient rows must accumulate
    idx[0, 4] = idx[0, 1]
    out = module(idx)
    probe = uniform(gen, out.shape, -1.0, 1.0)
    (out * probe).sum().backward()
    tensors = [("indices", idx.to(torch.float32)), ("weight", module.weight),
               ("output", out), ("probe.output", probe), ("grad.weight", module.weight.grad)]
    config = {"module": "embedding", "num_embeddings": 10, "embedding_dim": 4,
              "indices_shape": [2, 5], "seed": seed, "torch_version": torch.__version__,
              "loss": "sum(output * probe.output)",
              "dtype_compute": "float64", "dtype_stored": "float32",
              "init": "weight U(-0.5,0.5), probe U(-1,1); indices stored as float32 whole numbers"}
    return "nn/embedding.safetensors", tensors, golden_metadata(config)


# ---------------------------------------------------------------- PyTorch state_dict import cases

class LstmNet(torch.nn.Module):
    """A user's module that wraps the LSTM, so its state_dict names carry the prefix "rnn."."""

    def __init__(self):
        super().__init__()
        self.rnn = torch.nn.LSTM(4, 6, num_layers=2, bidirectional=True, batch_first=True)


# name -> (cell, a builder of the module as a user writes it, its recurrent module, import options)
STATE_DICT_CASES = (
    ("lstm_state_dict", "lstm",
     "class Net(nn.Module): self.rnn = nn.LSTM(4, 6, num_layers=2, bidirectional=True, batch_first=True)",
     LstmNet, lambda net: net.rnn, {"format": "pt"}),
    ("gru_bias_false", "gru", "nn.GRU(3, 5, bias=False)",
     lambda: torch.nn.GRU(3, 5, bias=False), lambda m: m, None),
    ("rnn_relu_state_dict", "rnn_relu", "nn.RNN(3, 4, nonlinearity='relu')",
     lambda: torch.nn.RNN(3, 4, nonlinearity="relu"), lambda m: m, None),
)

STATE_DICT_LOSS = "none: forward only, zero initial state, no lengths"


def state_dict_cases():
    """Plain state_dicts as safetensors.torch.save_file(module.state_dict(), path) writes them:
    F32 tensors sorted by name, no rnn4j metadata (absent, or {"format": "pt"} as Hugging Face
    writes it). Each has an _io file: input (B,T,F) batch-first, output (B,T,D*H) batch-first,
    h_n (and c_n) (L*D,B,H), from a zero initial state without lengths."""
    for name, cell, source, build, recurrent_of, metadata in STATE_DICT_CASES:
        for attempt in range(1000):
            seed = seed_of("pytorch/" + name) + attempt
            files = state_dict_case_with_seed(name, seed, cell, source, build, recurrent_of, metadata)
            if files is not None:
                yield from files
                break
        else:
            raise RuntimeError(f"{name}: no well-conditioned seed found")


def state_dict_case_with_seed(name, seed, cell, source, build, recurrent_of, metadata):
    gen = torch.Generator().manual_seed(seed)
    net = build().double()
    rnn = recurrent_of(net)
    D = 2 if rnn.bidirectional else 1
    L = rnn.num_layers
    is_lstm = cell == "lstm"
    with torch.no_grad():
        for _, p in net.named_parameters():
            p.copy_(uniform(gen, p.shape, -0.5, 0.5))
    x = uniform(gen, (B, T, rnn.input_size), -1.0, 1.0)        # batch-first, whatever the module
    with torch.no_grad():
        out, hn = net_forward(rnn, x)
    cn = None
    if is_lstm:
        hn, cn = hn
    assert out.shape == (B, T, D * rnn.hidden_size) and hn.shape == (L * D, B, rnn.hidden_size)

    zeros = torch.zeros(L * D, B, rnn.hidden_size, dtype=torch.float64)
    preactivations = check_against_reference_loop(cell, rnn, L, D, x, zeros,
                                                   zeros if is_lstm else None, None, out, hn, cn)
    check_float32_agrees(build, net, x, out, hn, cn)
    if cell == "rnn_relu":
        # No pre-activation near relu's kink (float32 rounding must not switch a unit), and
        # every hidden unit on at some step, so that every weight row matters.
        if float(torch.cat(preactivations).abs().min()) < RELU_MARGIN:
            return None
        if bool((out.abs().sum(dim=(0, 1)) == 0).any()):
            return None

    state_dict = net.state_dict()
    sd_tensors = [(n, state_dict[n]) for n in sorted(state_dict)]  # save_file's order: by name
    io_tensors = [("input", x), ("output", out), ("h_n", hn)]
    if is_lstm:
        io_tensors.append(("c_n", cn))
    for n, t in sd_tensors + io_tensors:
        assert torch.isfinite(t).all(), f"{name}: {n}"
    config = {
        "module": source, "state_dict": name + ".safetensors", "cell": cell,
        "input_size": rnn.input_size, "hidden_size": rnn.hidden_size, "num_layers": L,
        "bidirectional": rnn.bidirectional, "bias": rnn.bias, "prefix": prefix_of(state_dict),
        "import_options": {"relu": cell == "rnn_relu"},
        "batch": B, "steps": T, "lengths": None, "initial_state": "zeros",
        "layout": "input (B,T,F), output (B,T,D*H) batch-first; h_n, c_n (L*D,B,H)",
        "seed": seed, "torch_version": torch.__version__, "loss": STATE_DICT_LOSS,
        "dtype_compute": "float64", "dtype_stored": "float32",
        "init": "params U(-0.5,0.5), input U(-1,1)",
    }
    return [("pytorch/" + name + ".safetensors", sd_tensors, metadata),
            ("pytorch/" + name + "_io.safetensors", io_tensors, golden_metadata(config))]


def net_forward(rnn, x):
    """Runs the recurrent module on batch-first x from a zero state; returns batch-first output."""
    if rnn.batch_first:
        return rnn(x)
    out, hn = rnn(x.transpose(0, 1))
    return out.transpose(0, 1), hn


def prefix_of(state_dict):
    names = list(state_dict)
    return names[0][:names[0].index("weight_ih_l0")] if "weight_ih_l0" in names[0] else ""


def check_float32_agrees(build, net64, x, out, hn, cn):
    """PyTorch itself in float32, on the stored values, is far inside the Java tolerance."""
    net32 = build().float()
    net32.load_state_dict({k: v.float() for k, v in net64.state_dict().items()})
    rnn32 = net32.rnn if isinstance(net32, LstmNet) else net32
    with torch.no_grad():
        out32, hn32 = net_forward(rnn32, x.float())
    pairs = [(out32, out)]
    if cn is not None:
        hn32, cn32 = hn32
        pairs.append((cn32, cn))
    pairs.append((hn32, hn))
    for got, want in pairs:
        error = float((got.double() - want).abs().max() / want.abs().max())
        assert error < 1e-6, f"float32 PyTorch differs by {error}"


# ---------------------------------------------------------------- main

def all_cases():
    for cell in CELLS:
        for num_layers in (1, 2):
            for bidirectional in (False, True):
                for variable in (False, True):
                    yield recurrent_case(cell, num_layers, bidirectional, variable)
    yield dense_case()
    yield embedding_case()
    yield from state_dict_cases()


def write_cases(cases, out):
    """Writes every (relative path, tensors, metadata) case under out, deterministically, and reads each back.

    Returns (files written, bytes). The other generate_*.py scripts write their cases through this too.
    """
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    total = 0
    count = 0
    for rel, tensors, metadata in cases:
        for n, t in tensors:
            assert torch.isfinite(t).all(), f"{rel}: {n} is not finite"
        path = out / rel
        write_safetensors(path, tensors, metadata)
        check_round_trip(path, tensors, metadata)
        total += path.stat().st_size
        count += 1
    return count, total


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"output folder (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    # Deterministic settings first: the cases are computed lazily, as they are written.
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    count, total = write_cases(all_cases(), args.out)
    print(f"wrote {count} files, {total} bytes, under {args.out} (torch {torch.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
