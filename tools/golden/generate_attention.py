#!/usr/bin/python3
"""Write the PyTorch reference ("golden") files for rnn4j's attention (package org.rnn4j.nn.attention).

Regenerate (Debian, from the repository root):

    apt-get install -y python3-torch
    /usr/bin/python3 tools/golden/generate_attention.py            # writes rnn4j-core/src/test/resources/golden/attention
    /usr/bin/python3 tools/golden/generate_attention.py --out DIR  # writes DIR/attention

The safetensors writer, the read-back self-check and the seeding come from generate.py in
this folder (imported, not modified). Reference values are computed in float64 with autograd
from float32-drawn inputs and weights, and stored rounded to float32. Output is
deterministic: the same bytes on every run with the same torch version.

The modules below are the equations of the papers written in a few lines of PyTorch, the way
a user would write them (Luong's concat score literally on the concatenation [q; k]; the
Java side splits W_a instead), with parameter names as the Java classes name them:

  Luong et al. 2015, score(q, k):
    dot      qᵀ k                                  (no parameters; Hq = Hk)
    general  qᵀ W_a k                              W_a.weight (Hq, Hk)     nn.Linear(Hk, Hq, bias=False)
    concat   v_aᵀ tanh(W_a [q; k])                 W_a.weight (A, Hq+Hk)   nn.Linear(Hq+Hk, A, bias=False)
                                                   v_a.weight (1, A)       nn.Linear(A, 1, bias=False)
  Bahdanau et al. 2015 (additive):
    v_aᵀ tanh(W_q q + W_k k)                       W_q.weight (A, Hq), W_k.weight (A, Hk), v_a.weight (1, A)
  then, for all of them:
    weights = softmax over the valid key positions of the scores (padded positions: −inf, weight 0;
              a row with no valid position gets all-zero weights and a zero context)
    context = weights · values
  Luong's attentional hidden state (a separate small piece in Java, AttentionalHidden):
    h~ = tanh(W_c [c; h])                          W_c.weight (Ho, Hv+Hq)  nn.Linear(Hv+Hq, Ho, bias=False)

Files (B=4, Tq=3 queries, Tk=5 keys, Hq=5, Hk=6, Hv=7, A=4; for dot Hq=Hk=6; batch-first):

  attention/<score>_<full|lengths>.safetensors     score in luong_dot, luong_general, luong_concat, bahdanau
      lengths: key lengths [5, 2, 4, 0] padded on the right (row 3 has no valid key); padded keys and
      values hold random numbers that must be ignored
      tensors: queries (B,Tq,Hq), keys (B,Tk,Hk), values (B,Tk,Hv), mask (B,Tk) float 0/1 [lengths],
               the parameters under their names, context (B,Tq,Hv), weights (B,Tq,Tk),
               probe.context, probe.weights, grad.queries, grad.keys, grad.values, grad.<parameter>
      loss: sum(context * probe.context) + sum(weights * probe.weights)
  attention/attentional_hidden.safetensors          h~ = tanh(W_c [c; h]), Ho=5
      tensors: context (B,Tq,Hv), queries (B,Tq,Hq), W_c.weight, output (B,Tq,Ho), probe.output,
               grad.context, grad.queries, grad.W_c.weight
      loss: sum(output * probe.output)

Parameters are drawn U(-0.5, 0.5), queries, keys, values and probes U(-1, 1), from the seed
crc32("attention/" + name). The script also checks that masked rows equal the same row run
alone on its valid keys, that the weights sum to one over valid keys, and that Luong's concat
score equals Bahdanau's with W_q, W_k the two column blocks of W_a.
"""

import argparse
import sys
from pathlib import Path

import torch
import torch.nn as nn

sys.dont_write_bytecode = True  # importing generate.py leaves no __pycache__ behind
sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import DEFAULT_OUT, golden_metadata, seed_of, uniform, write_cases  # noqa: E402

B, TQ, TK, HQ, HK, HV, A, HO = 4, 3, 5, 5, 6, 7, 4, 5
LENGTHS = [5, 2, 4, 0]
SCORES = ("luong_dot", "luong_general", "luong_concat", "bahdanau")
LOSS = "sum(context * probe.context) + sum(weights * probe.weights)"


# ---------------------------------------------------------------- the modules

class LuongAttention(nn.Module):
    def __init__(self, score, hq, hk, a):
        super().__init__()
        self.score = score
        if score == "general":
            self.W_a = nn.Linear(hk, hq, bias=False)
        elif score == "concat":
            self.W_a = nn.Linear(hq + hk, a, bias=False)
            self.v_a = nn.Linear(a, 1, bias=False)

    def scores(self, q, k):  # q (B,Tq,Hq), k (B,Tk,Hk) -> (B,Tq,Tk)
        if self.score == "dot":
            return q @ k.transpose(1, 2)
        if self.score == "general":
            return q @ self.W_a(k).transpose(1, 2)
        b, tq, tk = q.shape[0], q.shape[1], k.shape[1]
        pairs = torch.cat([q.unsqueeze(2).expand(b, tq, tk, q.shape[2]),
                           k.unsqueeze(1).expand(b, tq, tk, k.shape[2])], dim=-1)  # [q; k]
        return self.v_a(torch.tanh(self.W_a(pairs))).squeeze(-1)


class BahdanauAttention(nn.Module):
    def __init__(self, hq, hk, a):
        super().__init__()
        self.W_q = nn.Linear(hq, a, bias=False)
        self.W_k = nn.Linear(hk, a, bias=False)
        self.v_a = nn.Linear(a, 1, bias=False)

    def scores(self, q, k):
        return self.v_a(torch.tanh(self.W_q(q).unsqueeze(2) + self.W_k(k).unsqueeze(1))).squeeze(-1)


def attend(module, q, k, v, mask):
    """Returns (context (B,Tq,Hv), weights (B,Tq,Tk)); mask (B,Tk) bool or None."""
    s = module.scores(q, k)
    if mask is None:
        w = torch.softmax(s, dim=-1)
    else:
        # −inf on padded keys, except in a row without any valid key: there the scores stay finite
        # (so nothing is NaN) and the weights are multiplied by zero.
        any_valid = mask.any(dim=-1)
        hide = (~mask & any_valid[:, None])[:, None, :]
        w = torch.softmax(s.masked_fill(hide, float("-inf")), dim=-1) * any_valid[:, None, None]
    return w @ v, w


def make(score, hq, hk):
    if score == "bahdanau":
        return BahdanauAttention(hq, hk, A).double()
    return LuongAttention(score[len("luong_"):], hq, hk, A).double()


# ---------------------------------------------------------------- cases

def attention_case(score, masked):
    name = f"{score}_{'lengths' if masked else 'full'}"
    seed = seed_of("attention/" + name)
    gen = torch.Generator().manual_seed(seed)
    hq = HK if score == "luong_dot" else HQ
    module = make(score, hq, HK)
    params = list(module.named_parameters())
    with torch.no_grad():
        for _, p in params:
            p.copy_(uniform(gen, p.shape, -0.5, 0.5))
    q = uniform(gen, (B, TQ, hq), -1.0, 1.0).requires_grad_()
    k = uniform(gen, (B, TK, HK), -1.0, 1.0).requires_grad_()
    v = uniform(gen, (B, TK, HV), -1.0, 1.0).requires_grad_()
    mask = None
    if masked:
        mask = torch.zeros(B, TK, dtype=torch.bool)
        for b, n in enumerate(LENGTHS):
            mask[b, :n] = True

    context, weights = attend(module, q, k, v, mask)
    probe_c = uniform(gen, context.shape, -1.0, 1.0)
    probe_w = uniform(gen, weights.shape, -1.0, 1.0)
    ((context * probe_c).sum() + (weights * probe_w).sum()).backward()

    check_weights(weights, mask)
    if masked:
        check_rows_match_unpadded(module, q, k, v, mask, context, weights)
    if score == "luong_concat":
        check_concat_is_additive(module, q, k, v, mask, context)

    tensors = [("queries", q), ("keys", k), ("values", v)]
    if masked:
        tensors.append(("mask", mask.to(torch.float64)))
    tensors += [(n, p) for n, p in params]
    tensors += [("context", context), ("weights", weights),
                ("probe.context", probe_c), ("probe.weights", probe_w),
                ("grad.queries", q.grad), ("grad.keys", k.grad), ("grad.values", v.grad)]
    tensors += [("grad." + n, p.grad) for n, p in params]
    config = {"case": name, "score": score, "batch": B, "query_steps": TQ, "key_steps": TK,
              "query_size": hq, "key_size": HK, "value_size": HV,
              "attention_size": A if score in ("luong_concat", "bahdanau") else None,
              "lengths": list(LENGTHS) if masked else None, "seed": seed,
              "torch_version": torch.__version__, "loss": LOSS,
              "dtype_compute": "float64", "dtype_stored": "float32", "batch_first": True,
              "init": "params U(-0.5,0.5), queries/keys/values U(-1,1), probes U(-1,1)"}
    return "attention/" + name + ".safetensors", tensors, golden_metadata(config)


def attentional_hidden_case():
    name = "attentional_hidden"
    seed = seed_of("attention/" + name)
    gen = torch.Generator().manual_seed(seed)
    W_c = nn.Linear(HV + HQ, HO, bias=False).double()
    with torch.no_grad():
        W_c.weight.copy_(uniform(gen, W_c.weight.shape, -0.5, 0.5))
    c = uniform(gen, (B, TQ, HV), -1.0, 1.0).requires_grad_()
    h = uniform(gen, (B, TQ, HQ), -1.0, 1.0).requires_grad_()
    out = torch.tanh(W_c(torch.cat([c, h], dim=-1)))
    probe = uniform(gen, out.shape, -1.0, 1.0)
    (out * probe).sum().backward()
    tensors = [("context", c), ("queries", h), ("W_c.weight", W_c.weight), ("output", out),
               ("probe.output", probe), ("grad.context", c.grad), ("grad.queries", h.grad),
               ("grad.W_c.weight", W_c.weight.grad)]
    config = {"case": name, "batch": B, "query_steps": TQ, "query_size": HQ, "value_size": HV,
              "output_size": HO, "seed": seed, "torch_version": torch.__version__,
              "loss": "sum(output * probe.output)", "dtype_compute": "float64",
              "dtype_stored": "float32", "batch_first": True,
              "init": "W_c U(-0.5,0.5), context/queries U(-1,1), probe U(-1,1)"}
    return "attention/" + name + ".safetensors", tensors, golden_metadata(config)


# ---------------------------------------------------------------- self-checks

def check_weights(weights, mask):
    """Rows sum to one over valid keys; padded keys and rows without a valid key get zero weight."""
    with torch.no_grad():
        sums = weights.sum(dim=-1)
        if mask is None:
            assert torch.allclose(sums, torch.ones_like(sums), rtol=0, atol=1e-12)
            return
        for b in range(weights.shape[0]):
            expected = 1.0 if bool(mask[b].any()) else 0.0
            assert torch.allclose(sums[b], torch.full_like(sums[b], expected), rtol=0, atol=1e-12)
            assert torch.all(weights[b][:, ~mask[b]] == 0)


def check_rows_match_unpadded(module, q, k, v, mask, context, weights):
    """Each row with valid keys equals the module run on that row alone, cut to its valid keys."""
    with torch.no_grad():
        for b in range(q.shape[0]):
            n = int(mask[b].sum())
            if n == 0:
                assert torch.all(context[b] == 0)
                continue
            c, w = attend(module, q[b:b + 1], k[b:b + 1, :n], v[b:b + 1, :n], None)
            assert torch.allclose(context[b:b + 1], c, rtol=0, atol=1e-12)
            assert torch.allclose(weights[b:b + 1, :, :n], w, rtol=0, atol=1e-12)


def check_concat_is_additive(luong, q, k, v, mask, context):
    """Luong's v_aᵀ tanh(W_a [q; k]) is Bahdanau's v_aᵀ tanh(W_q q + W_k k) with W_a = [W_q, W_k]."""
    hq = q.shape[2]
    bahdanau = BahdanauAttention(hq, k.shape[2], A).double()
    with torch.no_grad():
        bahdanau.W_q.weight.copy_(luong.W_a.weight[:, :hq])
        bahdanau.W_k.weight.copy_(luong.W_a.weight[:, hq:])
        bahdanau.v_a.weight.copy_(luong.v_a.weight)
        c, _ = attend(bahdanau, q, k, v, mask)
        assert torch.allclose(context, c, rtol=0, atol=1e-12)


# ---------------------------------------------------------------- main

def all_cases():
    for score in SCORES:
        for masked in (False, True):
            yield attention_case(score, masked)
    yield attentional_hidden_case()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"output folder; files go under its attention/ (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    count, total = write_cases(all_cases(), args.out)
    print(f"wrote {count} files, {total} bytes, under {args.out / 'attention'} (torch {torch.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
