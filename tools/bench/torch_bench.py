#!/usr/bin/python3
"""PyTorch twin of `rnn4j bench`: the same configuration, the same work per iteration, the same last line.

Run with Debian's python3 (apt-get install -y python3-torch libopenblas0-pthread):
    /usr/bin/python3 tools/bench/torch_bench.py --cell lstm --input 64 --hidden 512 --batch 64 --steps 100 --mode train

Train: forward, softmax cross-entropy over each step's output against random classes, backward, an SGD step.
Infer: forward only, under torch.no_grad(). Stream: batch 1, one step per call with the state carried over,
under torch.no_grad(); timed per block of --steps steps; the last line adds us_per_step=.

Threads: --threads N sets torch's intra-op (OpenMP) threads AND OpenBLAS's threads to N. torch.set_num_threads
does not reach OpenBLAS, which otherwise starts one thread per core; --blas-threads M sets OpenBLAS apart
(e.g. --threads 1 --blas-threads 2: one OpenMP thread, two OpenBLAS threads).
"""
import argparse
import ctypes
import statistics
import time

import torch

from bench_layer import add_layer_arguments, build_layer, check_stream


def openblas():
    """The OpenBLAS library this process loaded (through torch's libblas.so.3), or None."""
    with open("/proc/self/maps") as maps:
        # numpy's own bundled copy (scipy_openblas, symbols suffixed 64_) is not the BLAS torch calls
        paths = sorted({line.split()[-1] for line in maps if "openblas" in line.lower() and "/" in line
                        and "scipy_openblas" not in line})
    if not paths:
        return None, None
    return ctypes.CDLL(paths[0]), paths[0]


def main():
    p = argparse.ArgumentParser()
    add_layer_arguments(p, "train")
    p.add_argument("--blas-threads", type=int, default=None)
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--warmup", type=float, default=2, help="seconds of untimed runs first, at least 2 runs")
    p.add_argument("--phases", action="store_true",
                   help="train: also print the median time of each phase (forward, loss, backward, update)")
    a = p.parse_args()
    check_stream(p, a)

    torch.set_num_threads(a.threads)
    torch.mm(torch.rand(8, 8), torch.rand(8, 8))  # makes sure the BLAS is loaded
    lib, lib_path = openblas()
    blas_threads = a.blas_threads if a.blas_threads is not None else a.threads
    core = "MKL" if torch.backends.mkl.is_available() else "?"  # PyTorch 2.x wheels: MKL, no OpenBLAS
    if lib is not None:
        lib.openblas_set_num_threads(blas_threads)
        lib.openblas_get_corename.restype = ctypes.c_char_p
        core = lib.openblas_get_corename().decode()
        lib.openblas_get_num_threads.restype = ctypes.c_int
        blas_threads = lib.openblas_get_num_threads()
    layer, kind = build_layer(a)
    gates = {"RNN": 1, "GRU": 3, "LSTM": 4}[kind]
    x = torch.rand(a.batch, a.steps, a.input) * 2 - 1
    d = 2 if a.bidirectional else 1
    targets = torch.randint(0, d * a.hidden, (a.batch * a.steps,))
    opt = torch.optim.SGD(layer.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    xs = [x[:, t:t + 1].contiguous() for t in range(a.steps)]
    state = [None]

    phase_rows = []

    def iteration():
        if a.mode == "train":
            t0 = time.perf_counter()
            out, _ = layer(x)
            t1 = time.perf_counter()
            loss = loss_fn(out.reshape(-1, d * a.hidden), targets)
            t2 = time.perf_counter()
            opt.zero_grad()
            loss.backward()  # also the loss's own backward, which rnn4j counts under "loss"
            t3 = time.perf_counter()
            opt.step()
            phase_rows.append((t1 - t0, t2 - t1, t3 - t2, time.perf_counter() - t3))
        elif a.mode == "infer":
            with torch.no_grad():
                layer(x)
        else:
            with torch.no_grad():
                s = state[0]
                for xt in xs:
                    _, s = layer(xt, s)
                state[0] = s

    print(f"torch bench: {kind} {a.input}->{a.hidden} layers {a.layers} bi {a.bidirectional}, mode {a.mode}, "
          f"B {a.batch}, T {a.steps}, threads {torch.get_num_threads()} (OpenMP) {blas_threads} (OpenBLAS), "
          f"torch {torch.__version__}, blas {lib_path or 'not OpenBLAS'}")
    warm_end = time.perf_counter() + a.warmup
    warm_runs = 0
    while warm_runs < 2 or time.perf_counter() < warm_end:
        iteration()
        warm_runs += 1
    phase_rows.clear()
    times = []
    end = time.perf_counter() + a.seconds
    while time.perf_counter() < end or len(times) < 3:
        t0 = time.perf_counter()
        iteration()
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    if a.phases and a.mode == "train":
        names = ["forward", "loss", "backward", "update"]
        print("phases_ms " + " ".join(f"{n}={statistics.median(r[k] for r in phase_rows) * 1e3:.2f}"
                                      for k, n in enumerate(names)))
    flops = 0.0
    for l in range(a.layers):
        fin = a.input if l == 0 else d * a.hidden
        flops += d * 2.0 * gates * a.batch * a.steps * (fin + a.hidden) * a.hidden
    if a.mode == "train":  # backward is twice forward, less dx of the first layer (x needs no grad)
        flops = 3 * flops - d * 2.0 * gates * a.batch * a.steps * a.input * a.hidden
    print(f"openblas_core={core}")
    if a.mode == "stream":
        per = med / a.steps
        print(f"blocks of {a.steps} steps {len(times)}, median {per * 1e6:.1f} us/step "
              f"(min {min(times) / a.steps * 1e6:.1f}, max {max(times) / a.steps * 1e6:.1f})")
        print(f"tokens_per_s={1 / per:.0f} gflops={flops / med / 1e9:.2f} us_per_step={per * 1e6:.1f}")
    else:
        print(f"iterations {len(times)}, median {med:.4f} s (min {min(times):.4f}, max {max(times):.4f})")
        print(f"tokens_per_s={a.batch * a.steps / med:.0f} gflops={flops / med / 1e9:.2f}")


if __name__ == "__main__":
    main()
