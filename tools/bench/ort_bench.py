#!/usr/bin/env python3
"""ONNX Runtime (Python) twin of `rnn4j bench --mode infer|stream`, on a model from export_onnx.py.

    venv/bin/python tools/bench/export_onnx.py --cell lstm --input 64 --hidden 256 --batch 64 --steps 100 \\
        --mode infer --out /tmp/lstm.onnx
    venv/bin/python tools/bench/ort_bench.py --model /tmp/lstm.onnx --cell lstm --input 64 --hidden 256 \\
        --batch 64 --steps 100 --mode infer --threads 1

Infer: the whole (B, T, F) input per call. Stream: one step of batch 1 per call, the state fed back, timed per
block of --steps steps. Session: intra-op threads = --threads, inter-op 1, sequential execution, graph
optimisation ALL, as OrtBench (Java) runs it. The last line is rnn4j bench's: tokens_per_s=… (stream adds
us_per_step=…). Training options are accepted and ignored so that compare.sh passes the same arguments.
"""
import argparse
import statistics
import time

import numpy as np
import onnxruntime as ort

from bench_layer import add_layer_arguments, check_stream


def main():
    p = argparse.ArgumentParser()
    add_layer_arguments(p, "infer")
    p.add_argument("--model", required=True)
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--warmup", type=float, default=1)
    p.add_argument("--blas-threads", type=int, default=None)
    p.add_argument("--phases", action="store_true")
    a = p.parse_args()
    check_stream(p, a)
    if a.mode == "train":
        p.error("ONNX Runtime runs inference only: --mode infer or stream")

    options = ort.SessionOptions()
    options.intra_op_num_threads = a.threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(a.model, options, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(2)
    names = [i.name for i in session.get_inputs()]

    if a.mode == "stream":
        d = 2 if a.bidirectional else 1
        xs = [(rng.random((1, 1, a.input), dtype=np.float32) * 2 - 1) for _ in range(a.steps)]
        state = [np.zeros((a.layers * d, 1, a.hidden), np.float32) for _ in names[1:]]

        def block():
            nonlocal state
            for x in xs:
                out = session.run(None, dict(zip(names, [x] + state)))
                state = list(out[1:])
        per = a.steps
    else:
        x = rng.random((a.batch, a.steps, a.input), dtype=np.float32) * 2 - 1

        def block():
            session.run(None, {names[0]: x})
        per = 1

    end = time.perf_counter() + a.warmup
    runs = 0
    while runs < 2 or time.perf_counter() < end:
        block()
        runs += 1
    times = []
    end = time.perf_counter() + a.seconds
    while time.perf_counter() < end or len(times) < 3:
        t0 = time.perf_counter()
        block()
        times.append((time.perf_counter() - t0) / per)
    median = statistics.median(times)
    print(f"onnxruntime {ort.__version__}, mode {a.mode}, threads {a.threads}, iterations {len(times)},"
          f" median {median:.6f} s")
    print("openblas_core=ORT")
    if a.mode == "stream":
        print(f"tokens_per_s={1 / median:.0f} gflops=0 us_per_step={median * 1e6:.1f}")
    else:
        print(f"tokens_per_s={a.batch * a.steps / median:.0f} gflops=0")


if __name__ == "__main__":
    main()
