#!/usr/bin/python3
"""Write the PyTorch reference ("golden") files for the rnn4j losses (package org.rnn4j.loss).

Regenerate (Debian, from the repository root):

    apt-get install -y python3-torch
    /usr/bin/python3 tools/golden/generate_losses.py            # writes rnn4j-core/src/test/resources/golden/loss
    /usr/bin/python3 tools/golden/generate_losses.py --out DIR  # writes DIR/loss

The safetensors writer, the read-back self-check and the seeding come from generate.py in
this folder (imported, not modified). Every file holds float32 tensors; integer targets
are stored as float32 whole numbers and masks as float32 0/1. Reference values are computed
in float64 from float32-exact inputs and stored rounded to float32; the loss value is a
scalar tensor (shape ()). Output is deterministic: the same bytes on every run with the
same torch version. Each case is also checked against the loss written out by hand (the
documented formula), so a file records both what PyTorch does and what we claim it does.

Files (B=3, T=5, V=7, F=4; mask lengths [5, 2, 4], padded on the right):

  loss/ce_full.safetensors             F.cross_entropy on (B*T, V), no mask
  loss/ce_mask.safetensors             padded steps ignored (ignore_index=-100), mean over valid steps
  loss/ce_smoothing.safetensors        label_smoothing=0.1, no mask
  loss/ce_mask_smoothing.safetensors   label_smoothing=0.1 and mask
      tensors: logits (B,T,V), targets (B,T) [-100 at padded steps], mask (B,T) [masked cases],
               loss (), grad.logits (B,T,V), loss.sum (), grad.logits.sum (B,T,V)
  loss/ce_last_step.safetensors        cross-entropy (label_smoothing=0.1) of each row's logits
                                       at its own last valid step
      tensors: logits (B,T,V), targets (B,), mask (B,T), loss (), grad.logits (B,T,V)
  loss/bce_with_logits.safetensors     nn.BCEWithLogitsLoss
  loss/mse.safetensors                 nn.MSELoss
  loss/l1.safetensors                  nn.L1Loss (some differences exactly zero: gradient 0)
  loss/huber.safetensors               nn.HuberLoss(delta=0.5)
      tensors: input (B,T,F), target (B,T,F), mask (B,T),
               loss (), grad.input              mean over all elements
               loss.masked (), grad.input.masked          mean over the elements of valid steps
               loss.masked_sum (), grad.input.masked_sum  sum over the elements of valid steps
      The masked references are PyTorch's loss on the unpadded elements only
      (loss_fn(input[m], target[m])), so the padded positions get zero gradient.
"""

import argparse
import sys
from pathlib import Path

import torch
import torch.nn.functional as F_

sys.dont_write_bytecode = True  # importing generate.py leaves no __pycache__ behind
from generate import (DEFAULT_OUT, check_round_trip, write_cases, golden_metadata, seed_of, uniform,
                      write_safetensors)

B, T, V, F = 3, 5, 7, 4
LENGTHS = [5, 2, 4]
IGNORE = -100
SMOOTHING = 0.1
HUBER_DELTA = 0.5


def f32(t):
    """Round to float32 and back, so the float64 reference is exact for the stored values."""
    return t.to(torch.float32).to(torch.float64)


def mask_of(lengths, steps):
    """(B, T) float64 0/1, padded on the right."""
    m = torch.zeros(len(lengths), steps, dtype=torch.float64)
    for b, n in enumerate(lengths):
        m[b, :n] = 1
    return m


def base_config(name, seed, **extra):
    config = {"case": name, "seed": seed, "torch_version": torch.__version__,
              "dtype_compute": "float64", "dtype_stored": "float32", "batch_first": True}
    config.update(extra)
    return config


def assert_close(a, b, what):
    a = torch.as_tensor(a, dtype=torch.float64)
    b = torch.as_tensor(b, dtype=torch.float64)
    error = float((a - b).abs().max()) if a.numel() else 0.0
    assert error <= 1e-12 * max(1.0, float(b.abs().max()) if b.numel() else 0.0), \
        f"{what}: PyTorch differs from the formula by {error}"


# ---------------------------------------------------------------- softmax cross-entropy

def cross_entropy_by_hand(logits, targets, valid, smoothing):
    """The documented definition, per valid row: target distribution q = (1-e) onehot + e/V,
    loss = -sum_k q_k log softmax(x)_k; mean over the valid rows."""
    logp = torch.log_softmax(logits, dim=-1)
    n, v = logits.shape
    losses = []
    for i in range(n):
        if not valid[i]:
            continue
        q = torch.full((v,), smoothing / v, dtype=torch.float64)
        q[targets[i]] += 1 - smoothing
        losses.append(-(q * logp[i]).sum())
    return torch.stack(losses).mean(), torch.stack(losses).sum()


def ce_case(name, smoothing, masked):
    seed = seed_of("loss/" + name)
    gen = torch.Generator().manual_seed(seed)
    logits = uniform(gen, (B, T, V), -3.0, 3.0)
    logits[0, 1] = f32(logits[0, 1] + 100.0)  # a row far above float32's exp range: log-sum-exp needed
    logits[2, 2] = f32(logits[2, 2] - 80.0)
    targets = torch.randint(0, V, (B, T), generator=gen)
    mask = mask_of(LENGTHS, T) if masked else torch.ones(B, T, dtype=torch.float64)
    targets = torch.where(mask.bool(), targets, torch.full_like(targets, IGNORE))
    valid = mask.bool().reshape(-1)

    results = {}
    for reduction in ("mean", "sum"):
        x = logits.clone().requires_grad_()
        loss = F_.cross_entropy(x.reshape(-1, V), targets.reshape(-1), ignore_index=IGNORE,
                                label_smoothing=smoothing, reduction=reduction)
        loss.backward()
        results[reduction] = (loss.detach(), x.grad)
    mean, total = cross_entropy_by_hand(logits.reshape(-1, V), targets.reshape(-1), valid, smoothing)
    assert_close(results["mean"][0], mean, name + " mean")
    assert_close(results["sum"][0], total, name + " sum")
    check_cross_entropy_gradient(logits, targets, valid, smoothing, results["mean"][1], int(valid.sum()))

    tensors = [("logits", logits), ("targets", targets.to(torch.float64))]
    if masked:
        tensors.append(("mask", mask))
    tensors += [("loss", results["mean"][0]), ("grad.logits", results["mean"][1]),
                ("loss.sum", results["sum"][0]), ("grad.logits.sum", results["sum"][1])]
    config = base_config(
        name, seed, batch=B, steps=T, classes=V, lengths=LENGTHS if masked else None,
        label_smoothing=smoothing, ignore_index=IGNORE,
        loss=("F.cross_entropy(logits.reshape(-1, V), targets.reshape(-1), ignore_index=-100, "
              f"label_smoothing={smoothing}, reduction=mean|sum); padded steps hold target -100"),
        init="logits U(-3,3), row (0,1) +100, row (2,2) -80; targets uniform in [0, V)")
    return "loss/" + name + ".safetensors", tensors, golden_metadata(config)


def check_cross_entropy_gradient(logits, targets, valid, smoothing, grad, count):
    """d mean / d logits = (softmax - q) / count on valid rows, 0 on padded rows."""
    x = logits.reshape(-1, V)
    expected = torch.zeros_like(x)
    for i in range(x.shape[0]):
        if valid[i]:
            q = torch.full((V,), smoothing / V, dtype=torch.float64)
            q[targets.reshape(-1)[i]] += 1 - smoothing
            expected[i] = (torch.softmax(x[i], dim=0) - q) / count
    assert_close(grad.reshape(-1, V), expected, "cross-entropy gradient")


def ce_last_step_case():
    name = "ce_last_step"
    seed = seed_of("loss/" + name)
    gen = torch.Generator().manual_seed(seed)
    logits = uniform(gen, (B, T, V), -3.0, 3.0).requires_grad_()
    targets = torch.randint(0, V, (B,), generator=gen)
    mask = mask_of(LENGTHS, T)
    last = torch.tensor([n - 1 for n in LENGTHS])
    selected = logits[torch.arange(B), last]                       # (B, V)
    loss = F_.cross_entropy(selected, targets, label_smoothing=SMOOTHING)
    loss.backward()
    mean, _ = cross_entropy_by_hand(selected.detach(), targets, [True] * B, SMOOTHING)
    assert_close(loss.detach(), mean, name)
    for b, n in enumerate(LENGTHS):
        others = torch.ones(T, dtype=torch.bool)
        others[n - 1] = False
        assert torch.all(logits.grad[b, others] == 0), f"{name}: gradient outside the last step"

    tensors = [("logits", logits), ("targets", targets.to(torch.float64)), ("mask", mask),
               ("loss", loss.detach()), ("grad.logits", logits.grad)]
    config = base_config(
        name, seed, batch=B, steps=T, classes=V, lengths=LENGTHS, label_smoothing=SMOOTHING,
        loss=("F.cross_entropy(logits[arange(B), lengths - 1], targets, "
              f"label_smoothing={SMOOTHING}); gradient zero outside each row's last valid step"),
        init="logits U(-3,3); targets uniform in [0, V)")
    return "loss/" + name + ".safetensors", tensors, golden_metadata(config)


# ---------------------------------------------------------------- element-wise losses

def bce_by_hand(x, y):
    return torch.clamp(x, min=0) - x * y + torch.log1p(torch.exp(-x.abs()))


def huber_by_hand(x, y):
    d = (x - y).abs()
    return torch.where(d < HUBER_DELTA, 0.5 * d * d, HUBER_DELTA * (d - 0.5 * HUBER_DELTA))


ELEMENTWISE = {
    # name: (module builder, by-hand element loss, description)
    "bce_with_logits": (lambda r: torch.nn.BCEWithLogitsLoss(reduction=r), bce_by_hand,
                        "nn.BCEWithLogitsLoss: max(x,0) - x*y + log1p(exp(-|x|))"),
    "mse": (lambda r: torch.nn.MSELoss(reduction=r), lambda x, y: (x - y) ** 2,
            "nn.MSELoss: (x - y)^2"),
    "l1": (lambda r: torch.nn.L1Loss(reduction=r), lambda x, y: (x - y).abs(),
           "nn.L1Loss: |x - y|, gradient sign(x - y), 0 at x == y"),
    "huber": (lambda r: torch.nn.HuberLoss(reduction=r, delta=HUBER_DELTA), huber_by_hand,
              f"nn.HuberLoss(delta={HUBER_DELTA}): 0.5 d^2 if |d| < delta else delta (|d| - delta/2)"),
}


def elementwise_inputs(name, gen):
    if name == "bce_with_logits":
        x = uniform(gen, (B, T, F), -6.0, 6.0)
        y = (torch.rand((B, T, F), generator=gen, dtype=torch.float32) < 0.5).to(torch.float64)
        y[:, :, 3] = uniform(gen, (B, T), 0.0, 1.0)               # soft labels in the last column
        x[0, 0, 0], y[0, 0, 0] = 40.0, 0.0                          # loss 40: needs the stable form
        x[0, 3, 1], y[0, 3, 1] = -40.0, 1.0
        x[2, 1, 2], y[2, 1, 2] = 100.0, 1.0                         # loss ~ 0
        return x, y
    x = uniform(gen, (B, T, F), -1.0, 1.0)
    y = uniform(gen, (B, T, F), -1.0, 1.0)
    if name == "l1":
        for index in ((0, 0, 0), (0, 4, 2), (2, 3, 1)):             # valid steps, zero difference
            y[index] = x[index]
    return x, y


def elementwise_case(name):
    build, by_hand, description = ELEMENTWISE[name]
    seed = seed_of("loss/" + name)
    gen = torch.Generator().manual_seed(seed)
    x, y = elementwise_inputs(name, gen)
    mask = mask_of(LENGTHS, T)
    m = mask.bool()[:, :, None].expand(B, T, F)

    def run(reduction, masked):
        xr = x.clone().requires_grad_()
        loss = build(reduction)(xr[m], y[m]) if masked else build(reduction)(xr, y)
        loss.backward()
        return loss.detach(), xr.grad

    loss, grad = run("mean", False)
    loss_masked, grad_masked = run("mean", True)
    loss_sum, grad_sum = run("sum", True)
    element = by_hand(x, y)
    assert_close(loss, element.mean(), name)
    assert_close(loss_masked, element[m].mean(), name + " masked")
    assert_close(loss_sum, element[m].sum(), name + " masked sum")
    assert torch.all(grad_masked[~m] == 0) and torch.all(grad_sum[~m] == 0), name
    if name == "l1":
        assert torch.all(grad[x == y] == 0), "l1: gradient at zero difference"

    tensors = [("input", x), ("target", y), ("mask", mask),
               ("loss", loss), ("grad.input", grad),
               ("loss.masked", loss_masked), ("grad.input.masked", grad_masked),
               ("loss.masked_sum", loss_sum), ("grad.input.masked_sum", grad_sum)]
    config = base_config(
        name, seed, shape=[B, T, F], lengths=LENGTHS, loss=description,
        masked=("loss_fn(input[m], target[m]) with m the mask expanded over F: mean (or sum) "
                "over the elements of valid steps, zero gradient at padded ones"),
        delta=HUBER_DELTA if name == "huber" else None,
        init=("logits U(-6,6) with +-40 and 100 at three places, targets 0/1 and U(0,1) in the "
              "last column" if name == "bce_with_logits" else "input U(-1,1), target U(-1,1)"))
    return "loss/" + name + ".safetensors", tensors, golden_metadata(config)


# ---------------------------------------------------------------- main

def all_cases():
    yield ce_case("ce_full", 0.0, False)
    yield ce_case("ce_mask", 0.0, True)
    yield ce_case("ce_smoothing", SMOOTHING, False)
    yield ce_case("ce_mask_smoothing", SMOOTHING, True)
    yield ce_last_step_case()
    for name in ELEMENTWISE:
        yield elementwise_case(name)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"output folder; files go under its loss/ (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    count, total = write_cases(all_cases(), args.out)
    print(f"wrote {count} files, {total} bytes, under {args.out / 'loss'} (torch {torch.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
