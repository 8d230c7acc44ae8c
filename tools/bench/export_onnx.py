#!/usr/bin/python3
"""Exports the torch.nn module of torch_bench.py to ONNX, for tools/bench/ort (ONNX Runtime Java).

Run with Debian's python3 (apt-get install -y python3-torch; torch 1.13's exporter writes the file itself and
does not need the `onnx` Python package) or a virtual environment with torch 2.x and onnx:
    /usr/bin/python3 tools/bench/export_onnx.py --cell lstm --input 64 --hidden 256 --batch 64 --steps 100 \\
        --mode infer --out /tmp/lstm.onnx

The module is built exactly as torch_bench.py builds it (torch.manual_seed(1), batch_first=True), with fixed
shapes. infer: input x (B, T, F), output y (B, T, D*H). stream: ONE step of batch 1: inputs x (1, 1, F), h0
(L*D, 1, H) and, for an LSTM, c0; outputs y (1, 1, H), h and, for an LSTM, c: the state goes back in at the
next call. Options train, --threads, --seconds are accepted and ignored so that compare.sh can pass the same
arguments to all three programs.
"""
import argparse

import torch

from bench_layer import add_layer_arguments, build_layer, check_stream


class Infer(torch.nn.Module):
    def __init__(self, layer):
        super().__init__()
        self.layer = layer

    def forward(self, x):
        return self.layer(x)[0]


class StreamLstm(torch.nn.Module):
    def __init__(self, layer):
        super().__init__()
        self.layer = layer

    def forward(self, x, h0, c0):
        y, (h, c) = self.layer(x, (h0, c0))
        return y, h, c


class StreamRnn(torch.nn.Module):
    def __init__(self, layer):
        super().__init__()
        self.layer = layer

    def forward(self, x, h0):
        y, h = self.layer(x, h0)
        return y, h


def main():
    p = argparse.ArgumentParser()
    add_layer_arguments(p, "infer")
    p.add_argument("--seconds", type=float, default=0)
    p.add_argument("--opset", type=int, default=14)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    check_stream(p, a)

    torch.set_num_threads(a.threads)
    layer, kind = build_layer(a)
    layer.eval()
    d = 2 if a.bidirectional else 1
    if a.mode == "stream":
        x = torch.rand(1, 1, a.input) * 2 - 1
        h0 = torch.zeros(a.layers * d, 1, a.hidden)
        if kind == "LSTM":
            model, args = StreamLstm(layer), (x, h0, torch.zeros_like(h0))
            inputs, outputs = ["x", "h0", "c0"], ["y", "h", "c"]
        else:
            model, args = StreamRnn(layer), (x, h0)
            inputs, outputs = ["x", "h0"], ["y", "h"]
    else:
        x = torch.rand(a.batch, a.steps, a.input) * 2 - 1
        model, args, inputs, outputs = Infer(layer), (x,), ["x"], ["y"]
    options = {}
    if int(torch.__version__.split(".")[0]) >= 2:
        options["dynamo"] = False  # PyTorch 2.x: the TorchScript exporter, which needs no onnxscript
    with torch.no_grad():
        torch.onnx.export(model, args, a.out, input_names=inputs, output_names=outputs, opset_version=a.opset,
                          do_constant_folding=True, **options)
    print(f"exported {kind} {a.input}->{a.hidden} layers {a.layers} bi {a.bidirectional}, mode {a.mode}, "
          f"inputs {inputs}, outputs {outputs}, opset {a.opset}: {a.out}")


if __name__ == "__main__":
    main()
