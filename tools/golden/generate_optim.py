#!/usr/bin/python3
"""Write the PyTorch reference ("golden") files of the rnn4j optimisers, schedules and clipping.

Regenerate (Debian, from the repository root):

    apt-get install -y python3-torch
    /usr/bin/python3 tools/golden/generate_optim.py            # writes rnn4j-core/src/test/resources/golden/optim
    /usr/bin/python3 tools/golden/generate_optim.py --out DIR  # somewhere else

The safetensors writer, reader and the float32 drawing come from generate.py in this folder
(imported, not changed). Output is deterministic: running the script twice gives identical bytes.

Optimiser files (optim/<case>.safetensors). Two parameters, "weight" (3, 4) and "bias" (4,),
start U(-1, 1); for each of STEPS steps a fresh gradient U(-1, 1) is set and the optimiser
steps once. The parameters and gradients are float64 tensors holding float32 values, so
PyTorch computes every update in float64; results are stored rounded to float32. Tensors:

    weight, bias                      initial values
    grad.<k>.weight, grad.<k>.bias    the gradient given at step k (k = 1..STEPS)
    value.<k>.weight, value.<k>.bias  the parameters after step k
    state.<param>/<slot>              PyTorch's optimizer state after the last step (moment
                                      buffers under PyTorch's slot names: momentum_buffer,
                                      exp_avg, exp_avg_sq, max_exp_avg_sq, square_avg,
                                      grad_avg, sum)

Each optimiser case is replayed in float32 PyTorch as a self-check (within 1e-6 of the stored
values); the Java test allows 1e-5 relative (max |java - torch| / max |torch| per tensor).

Schedule files (optim/schedule_<case>.safetensors): "lr" (N,), the learning rate in effect at
each step t = 0..N-1 (read before the scheduler's t-th step() call); the plateau cases also hold
"metric" (N,), the value passed to step(metric) at step t (float32 values, so the Java side
compares exactly the same numbers).

Clipping files: optim/clip_grad_norm.safetensors (torch.nn.utils.clip_grad_norm_) and
optim/clip_grad_value.safetensors (clip_grad_value_): "grad.weight", "grad.bias" before,
"clipped.weight", "clipped.bias" after, and for the norm "total_norm" (1,).
"""

import argparse
import sys
import warnings
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import (DEFAULT_OUT, check_round_trip, write_cases, golden_metadata, seed_of,  # noqa: E402
                      uniform, write_safetensors)

STEPS = 5
SHAPES = (("weight", (3, 4)), ("bias", (4,)))

# name -> (torch optimizer class, keyword arguments). The Java test builds the same options.
OPTIMIZER_CASES = (
    ("sgd", torch.optim.SGD, dict(lr=0.1)),
    ("sgd_momentum_dampening", torch.optim.SGD, dict(lr=0.1, momentum=0.9, dampening=0.25)),
    ("sgd_nesterov_weight_decay", torch.optim.SGD,
     dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)),
    ("adam", torch.optim.Adam, dict(lr=0.1)),
    # A large eps, so that adding it after the bias-corrected sqrt (not before) is visible.
    ("adam_weight_decay", torch.optim.Adam,
     dict(lr=0.05, betas=(0.8, 0.99), eps=1e-3, weight_decay=0.1)),
    ("adam_amsgrad", torch.optim.Adam, dict(lr=0.1, betas=(0.5, 0.9), amsgrad=True)),
    ("adamw", torch.optim.AdamW, dict(lr=0.1)),
    ("adamw_amsgrad", torch.optim.AdamW,
     dict(lr=0.05, betas=(0.8, 0.99), eps=1e-3, weight_decay=0.5, amsgrad=True)),
    ("rmsprop", torch.optim.RMSprop, dict(lr=0.01)),
    ("rmsprop_centered_momentum", torch.optim.RMSprop,
     dict(lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.01, momentum=0.9, centered=True)),
    ("adagrad", torch.optim.Adagrad, dict(lr=0.1)),
    ("adagrad_lr_decay", torch.optim.Adagrad,
     dict(lr=0.1, lr_decay=0.1, weight_decay=0.01, initial_accumulator_value=0.1, eps=1e-6)),
)

SLOTS = ("momentum_buffer", "exp_avg", "exp_avg_sq", "max_exp_avg_sq", "square_avg", "grad_avg", "sum")


def optimizer_case(name, cls, kwargs):
    seed = seed_of("optim/" + name)
    gen = torch.Generator().manual_seed(seed)
    params = [torch.nn.Parameter(uniform(gen, shape, -1.0, 1.0)) for _, shape in SHAPES]
    tensors = [(n, p.detach().clone()) for (n, _), p in zip(SHAPES, params)]
    opt = cls(params, **kwargs)
    for k in range(1, STEPS + 1):
        for (n, shape), p in zip(SHAPES, params):
            p.grad = uniform(gen, shape, -1.0, 1.0)
            tensors.append((f"grad.{k}.{n}", p.grad.clone()))
        opt.step()
        tensors += [(f"value.{k}.{n}", p.detach().clone()) for (n, _), p in zip(SHAPES, params)]
    for (n, _), p in zip(SHAPES, params):
        state = opt.state[p]
        for slot in SLOTS:
            if slot in state and state[slot] is not None:
                tensors.append((f"state.{n}/{slot}", state[slot].detach().clone()))
    for n, t in tensors:
        assert t.dtype == torch.float64 and torch.isfinite(t).all(), f"{name}: {n}"
    if kwargs.get("amsgrad"):
        # The case must exercise AMSGrad: somewhere the running maximum exceeds the current average.
        t = dict(tensors)
        assert any(bool((t[f"state.{n}/max_exp_avg_sq"] > t[f"state.{n}/exp_avg_sq"]).any())
                   for n, _ in SHAPES), f"{name}: max_exp_avg_sq never differs from exp_avg_sq"
    check_float32_agrees(name, cls, kwargs, tensors)
    options = {k: list(v) if isinstance(v, tuple) else v for k, v in kwargs.items()}
    config = {
        "optimizer": "torch.optim." + cls.__name__, "options": options, "steps": STEPS,
        "parameters": {n: list(shape) for n, shape in SHAPES},
        "seed": seed, "torch_version": torch.__version__,
        "dtype_compute": "float64", "dtype_stored": "float32",
        "init": "parameters U(-1,1), then at each step gradients U(-1,1)",
    }
    return "optim/" + name + ".safetensors", tensors, golden_metadata(config)


def check_float32_agrees(name, cls, kwargs, tensors):
    """PyTorch itself in float32 on the same values lands well inside the Java tolerance (1e-5)."""
    t = dict(tensors)
    params = [torch.nn.Parameter(t[n].float()) for n, _ in SHAPES]
    opt = cls(params, **kwargs)
    for k in range(1, STEPS + 1):
        for (n, _), p in zip(SHAPES, params):
            p.grad = t[f"grad.{k}.{n}"].float()
        opt.step()
        for (n, _), p in zip(SHAPES, params):
            want = t[f"value.{k}.{n}"]
            error = float((p.detach().double() - want).abs().max() / want.abs().max())
            assert error < 1e-6, f"{name}: float32 PyTorch differs by {error} at step {k}"


# ---------------------------------------------------------------- schedules

BASE_LR = 0.1

# The metric fed to ReduceLROnPlateau, one value a step: falls, stalls (0.99995 is not an
# improvement on 1.0 under the relative threshold 1e-4, and an equal value is not either),
# falls again, rises, then stalls long enough for several reductions, down to min_lr. In the
# "plateau" case (patience 2, cooldown 2) bad steps right after a reduction fall in the
# cooldown (steps 8, 17, 22-23), so ignoring them there would reduce earlier.
PLATEAU_METRIC = (
    2.0, 1.5, 1.2, 1.0, 0.99995, 1.01, 1.0, 0.9, 0.95, 0.92,
    0.9, 0.89, 0.889, 0.8885, 0.95, 0.96, 0.97, 0.98, 0.5, 0.6,
    0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6,
)
# With PyTorch's defaults (patience 10) the stall must be longer to show two reductions.
PLATEAU_DEFAULTS_METRIC = PLATEAU_METRIC + (0.6,) * 15


def schedule_cases():
    """name -> (builder of the torch scheduler for an optimizer, steps, metric or None, description)."""
    sched = torch.optim.lr_scheduler
    warm, total, min_lr = 5, 30, 0.001
    return (
        ("step", lambda o: sched.StepLR(o, step_size=7, gamma=0.5), 30, None,
         "StepLR(step_size=7, gamma=0.5)"),
        ("exponential", lambda o: sched.ExponentialLR(o, gamma=0.9), 30, None,
         "ExponentialLR(gamma=0.9)"),
        ("cosine", lambda o: sched.CosineAnnealingLR(o, T_max=total, eta_min=min_lr), total + 1, None,
         "CosineAnnealingLR(T_max=30, eta_min=0.001): rnn4j WarmupCosineLr(warmupSteps=0, totalSteps=30, "
         "minLr=0.001)"),
        ("warmup_cosine", lambda o: sched.SequentialLR(o, [
            sched.LinearLR(o, start_factor=1 / warm, end_factor=1.0, total_iters=warm - 1),
            sched.CosineAnnealingLR(o, T_max=total - warm, eta_min=min_lr)], milestones=[warm]),
         total + 1, None,
         "SequentialLR([LinearLR(start_factor=1/5, end_factor=1, total_iters=4), CosineAnnealingLR(T_max=25, "
         "eta_min=0.001)], milestones=[5]): rnn4j WarmupCosineLr(warmupSteps=5, totalSteps=30, minLr=0.001)"),
        ("plateau_defaults", lambda o: sched.ReduceLROnPlateau(o), len(PLATEAU_DEFAULTS_METRIC),
         PLATEAU_DEFAULTS_METRIC,
         "ReduceLROnPlateau() with PyTorch's defaults: mode=min, factor=0.1, patience=10, "
         "threshold=1e-4 rel, cooldown=0, min_lr=0, eps=1e-8"),
        ("plateau", lambda o: sched.ReduceLROnPlateau(o, mode="min", factor=0.5, patience=2, threshold=1e-4,
                                                      threshold_mode="rel", cooldown=2, min_lr=0.01),
         len(PLATEAU_METRIC), PLATEAU_METRIC,
         "ReduceLROnPlateau(mode=min, factor=0.5, patience=2, threshold=1e-4 rel, cooldown=2, min_lr=0.01)"),
    )


def schedule_case(name, build, steps, metric, description):
    p = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    opt = torch.optim.SGD([p], lr=BASE_LR)
    with warnings.catch_warnings():
        # SequentialLR calls scheduler.step(0) at its milestone, which warns about the epoch argument.
        warnings.simplefilter("ignore", UserWarning)
        scheduler = build(opt)
        metric32 = None if metric is None else torch.tensor(metric, dtype=torch.float32).to(torch.float64)
        lrs = []
        for t in range(steps):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            if metric32 is None:
                scheduler.step()
            else:
                scheduler.step(float(metric32[t]))
    tensors = [("lr", torch.tensor(lrs, dtype=torch.float64))]
    if metric32 is not None:
        tensors.append(("metric", metric32))
    config = {"schedule": description, "base_lr": BASE_LR, "steps": steps,
              "torch_version": torch.__version__, "dtype_compute": "float64", "dtype_stored": "float32",
              "lr": "lr[t] is the learning rate in effect at step t, before the t-th scheduler.step()"}
    return "optim/schedule_" + name + ".safetensors", tensors, golden_metadata(config)


# ---------------------------------------------------------------- clipping

MAX_NORM = 1.0
CLIP_VALUE = 0.3


def clip_cases():
    for kind in ("norm", "value"):
        seed = seed_of("optim/clip_grad_" + kind)
        gen = torch.Generator().manual_seed(seed)
        params = [torch.nn.Parameter(torch.zeros(shape, dtype=torch.float64)) for _, shape in SHAPES]
        for (_, shape), p in zip(SHAPES, params):
            p.grad = uniform(gen, shape, -1.0, 1.0)
        tensors = [("grad." + n, p.grad.clone()) for (n, _), p in zip(SHAPES, params)]
        if kind == "norm":
            total = torch.nn.utils.clip_grad_norm_(params, MAX_NORM)
            assert float(total) > 1.5 * MAX_NORM, "the case must clip"
            tensors.append(("total_norm", total.reshape(1)))
            operation = f"torch.nn.utils.clip_grad_norm_(params, max_norm={MAX_NORM})"
        else:
            torch.nn.utils.clip_grad_value_(params, CLIP_VALUE)
            operation = f"torch.nn.utils.clip_grad_value_(params, clip_value={CLIP_VALUE})"
        tensors += [("clipped." + n, p.grad.clone()) for (n, _), p in zip(SHAPES, params)]
        config = {"operation": operation, "parameters": {n: list(shape) for n, shape in SHAPES},
                  "seed": seed, "torch_version": torch.__version__,
                  "dtype_compute": "float64", "dtype_stored": "float32", "init": "gradients U(-1,1)"}
        yield "optim/clip_grad_" + kind + ".safetensors", tensors, golden_metadata(config)


# ---------------------------------------------------------------- main

def all_cases():
    for name, cls, kwargs in OPTIMIZER_CASES:
        yield optimizer_case(name, cls, kwargs)
    for case in schedule_cases():
        yield schedule_case(*case)
    yield from clip_cases()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"output folder; files go under its optim/ (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    count, total = write_cases(all_cases(), args.out)
    print(f"wrote {count} files, {total} bytes, under {args.out / 'optim'} (torch {torch.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
