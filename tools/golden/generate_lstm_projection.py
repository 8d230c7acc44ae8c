#!/usr/bin/env python3
"""Write the golden files of the LSTM with projection (PyTorch's nn.LSTM(proj_size=P)).

Regenerate (from the repository root, with a Python that has torch; see tools/golden/README.md):

    /work/venv-peers/bin/python tools/golden/generate_lstm_projection.py            # writes rnn4j-core/src/test/resources/golden
    /work/venv-peers/bin/python tools/golden/generate_lstm_projection.py --out DIR  # somewhere else

The cell, in PyTorch's names (gates i, f, g, o as the LSTM; h is (B, P), c is (B, H)):

    i, f, g, o = chunks of (W_ih x + b_ih + W_hh h + b_hh)     W_ih (4H, F), W_hh (4H, P)
    c' = s(f) c + s(i) tanh(g)
    h' = W_hr (s(o) tanh(c'))                                   W_hr (P, H)

The output is (B, T, D*P) and layer l+1 reads D*P features.

Files:
  - recurrent/lstm_proj_l<L>_<uni|bi>_<full|lengths>.safetensors, 8 files: the cases of generate.py's
    recurrent files (B=3, T=5, F=4, H=6, lengths [5, 2, 4], packed sequences, the same probe loss
    and tensor order) with P=3: h0, h_n, probe.h_n, grad.h0 are (L*D, B, P), c0, c_n, probe.c_n, grad.c0
    (L*D, B, H); weight_hr_l<k>[_reverse] follows each direction's bias_hh, as in PyTorch's state_dict;
    the config adds "proj_size".
  - pytorch/lstm_proj_state_dict.safetensors: a plain state_dict of nn.LSTM(4, 6, num_layers=2,
    bidirectional=True, batch_first=True, proj_size=3), as safetensors.torch.save_file writes it (by
    name, no metadata); pytorch/lstm_proj_state_dict_io.safetensors its input, output, h_n, c_n from a
    zero state (as generate.py's state_dict cases).

Every case is computed by PyTorch's module in float64 and checked against an independent step-by-step loop of
the equations above over each row's own valid steps (the reverse direction starting at the row's last valid
step), and against the module in float32 (relative difference below 1e-6). Deterministic: the same bytes on
every run with the same torch version.
"""

import argparse
import sys
from pathlib import Path

import torch

sys.dont_write_bytecode = True  # importing generate.py leaves no __pycache__ behind
sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import (B, DEFAULT_OUT, F, H, LENGTHS, RECURRENT_LOSS, T,  # noqa: E402
                      golden_metadata, run_module, seed_of, uniform, write_cases)

P = 3
CELL = "lstm_proj"


def make_module(input_size, num_layers, bidirectional):
    return torch.nn.LSTM(input_size=input_size, hidden_size=H, num_layers=num_layers, bias=True, batch_first=True,
                         dropout=0.0, bidirectional=bidirectional, proj_size=P).double()


def check_against_reference_loop(module, num_layers, D, x, h0, c0, lengths, out, hn, cn):
    """The equations of the docstring, row by row over its own valid steps."""
    s = torch.sigmoid
    with torch.no_grad():
        W = dict(module.named_parameters())
        for b in range(x.shape[0]):
            n = x.shape[1] if lengths is None else lengths[b]
            layer_in = x[b, :n]
            for l in range(num_layers):
                outs = []
                for d in range(D):
                    sfx = f"_l{l}" + ("_reverse" if d == 1 else "")
                    h, c = h0[l * D + d, b], c0[l * D + d, b]
                    seq = [None] * n
                    for t in (range(n) if d == 0 else range(n - 1, -1, -1)):
                        gates = (W["weight_ih" + sfx] @ layer_in[t] + W["bias_ih" + sfx]
                                 + W["weight_hh" + sfx] @ h + W["bias_hh" + sfx])
                        i, f, g, o = gates.chunk(4)
                        c = s(f) * c + s(i) * torch.tanh(g)
                        h = W["weight_hr" + sfx] @ (s(o) * torch.tanh(c))
                        seq[t] = h
                    assert torch.allclose(hn[l * D + d, b], h, rtol=0, atol=1e-12)
                    assert torch.allclose(cn[l * D + d, b], c, rtol=0, atol=1e-12)
                    outs.append(torch.stack(seq))
                layer_in = torch.cat(outs, dim=1)                                 # (n, D*P)
            assert torch.allclose(out[b, :n], layer_in, rtol=0, atol=1e-12)
            assert torch.all(out[b, n:] == 0)


def check_float32_agrees(module, x, h0, c0, lengths, out, hn, cn):
    m32 = make_module(module.input_size, module.num_layers, module.bidirectional).float()
    m32.load_state_dict({k: v.float() for k, v in module.state_dict().items()})
    with torch.no_grad():
        o, h, c = run_module(m32, x.detach().float(), h0.detach().float(), c0.detach().float(), lengths)
    for got, want in ((o, out), (h, hn), (c, cn)):
        error = float((got.double() - want.detach()).abs().max() / want.detach().abs().max())
        assert error < 1e-6, f"float32 PyTorch differs by {error}"


def recurrent_case(num_layers, bidirectional, variable):
    name = f"{CELL}_l{num_layers}_{'bi' if bidirectional else 'uni'}_{'lengths' if variable else 'full'}"
    seed = seed_of(name)
    D = 2 if bidirectional else 1
    lengths = list(LENGTHS) if variable else None
    gen = torch.Generator().manual_seed(seed)

    module = make_module(F, num_layers, bidirectional)
    params = list(module.named_parameters())  # per direction: weight_ih, weight_hh, bias_ih, bias_hh, weight_hr
    with torch.no_grad():
        for _, p in params:
            p.copy_(uniform(gen, p.shape, -0.5, 0.5))
    # Padded positions get random values too: the Java side must ignore them.
    x = uniform(gen, (B, T, F), -1.0, 1.0).requires_grad_()
    h0 = uniform(gen, (num_layers * D, B, P), -0.5, 0.5).requires_grad_()
    c0 = uniform(gen, (num_layers * D, B, H), -0.5, 0.5).requires_grad_()

    out, hn, cn = run_module(module, x, h0, c0, lengths)
    assert out.shape == (B, T, D * P) and hn.shape == (num_layers * D, B, P) and cn.shape == (num_layers * D, B, H)
    probe_out = uniform(gen, out.shape, -1.0, 1.0)
    probe_hn = uniform(gen, hn.shape, -1.0, 1.0)
    probe_cn = uniform(gen, cn.shape, -1.0, 1.0)
    module.zero_grad()
    ((out * probe_out).sum() + (hn * probe_hn).sum() + (cn * probe_cn).sum()).backward()

    check_against_reference_loop(module, num_layers, D, x, h0, c0, lengths, out, hn, cn)
    check_float32_agrees(module, x, h0, c0, lengths, out, hn, cn)

    tensors = [("input", x), ("h0", h0), ("c0", c0)]
    tensors += [(n, p) for n, p in params]
    tensors += [("output", out), ("h_n", hn), ("c_n", cn)]
    tensors += [("probe.output", probe_out), ("probe.h_n", probe_hn), ("probe.c_n", probe_cn)]
    tensors += [("grad.input", x.grad), ("grad.h0", h0.grad), ("grad.c0", c0.grad)]
    tensors += [("grad." + n, p.grad) for n, p in params]
    config = {
        "cell": "lstm", "proj_size": P, "input_size": F, "hidden_size": H, "num_layers": num_layers,
        "bidirectional": bidirectional, "batch": B, "steps": T, "lengths": lengths, "seed": seed,
        "torch_version": torch.__version__, "loss": RECURRENT_LOSS,
        "module": f"nn.LSTM({F}, {H}, num_layers={num_layers}, bidirectional={bidirectional}, batch_first=True,"
                  f" proj_size={P})",
        "dtype_compute": "float64", "dtype_stored": "float32",
        "init": "params U(-0.5,0.5), input U(-1,1), h0/c0 U(-0.5,0.5), probes U(-1,1)",
        "batch_first": True,
    }
    return "recurrent/" + name + ".safetensors", tensors, golden_metadata(config)


def state_dict_case():
    name = "lstm_proj_state_dict"
    source = "nn.LSTM(4, 6, num_layers=2, bidirectional=True, batch_first=True, proj_size=3)"
    seed = seed_of("pytorch/" + name)
    gen = torch.Generator().manual_seed(seed)
    module = make_module(4, 2, True)
    with torch.no_grad():
        for _, p in module.named_parameters():
            p.copy_(uniform(gen, p.shape, -0.5, 0.5))
    x = uniform(gen, (B, T, 4), -1.0, 1.0)
    zeros_h = torch.zeros(4, B, P, dtype=torch.float64)
    zeros_c = torch.zeros(4, B, H, dtype=torch.float64)
    with torch.no_grad():
        out, (hn, cn) = module(x)
    check_against_reference_loop(module, 2, 2, x, zeros_h, zeros_c, None, out, hn, cn)
    check_float32_agrees(module, x, zeros_h, zeros_c, None, out, hn, cn)
    state_dict = module.state_dict()
    sd_tensors = [(n, state_dict[n]) for n in sorted(state_dict)]  # save_file's order: by name
    io_tensors = [("input", x), ("output", out), ("h_n", hn), ("c_n", cn)]
    config = {
        "module": source, "state_dict": name + ".safetensors", "cell": "lstm", "proj_size": P,
        "input_size": 4, "hidden_size": H, "num_layers": 2, "bidirectional": True, "bias": True, "prefix": "",
        "import_options": {"relu": False}, "batch": B, "steps": T, "lengths": None, "initial_state": "zeros",
        "layout": "input (B,T,F), output (B,T,D*P) batch-first; h_n (L*D,B,P), c_n (L*D,B,H)",
        "seed": seed, "torch_version": torch.__version__, "loss": "none: forward only, zero initial state, no lengths",
        "dtype_compute": "float64", "dtype_stored": "float32", "init": "params U(-0.5,0.5), input U(-1,1)",
    }
    return [("pytorch/" + name + ".safetensors", sd_tensors, None),
            ("pytorch/" + name + "_io.safetensors", io_tensors, golden_metadata(config))]


def all_cases():
    for num_layers in (1, 2):
        for bidirectional in (False, True):
            for variable in (False, True):
                yield recurrent_case(num_layers, bidirectional, variable)
    yield from state_dict_case()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"output folder; files go under its recurrent/ and pytorch/ (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    count, total = write_cases(all_cases(), args.out)
    print(f"wrote {count} files, {total} bytes, under {args.out} (torch {torch.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
