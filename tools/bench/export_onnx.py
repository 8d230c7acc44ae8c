#!/usr/bin/python3
"""Exports the torch.nn module of torch_bench.py to ONNX, for tools/bench/ort (ONNX Runtime Java).

Run with Debian's python3 (apt-get install -y python3-torch); torch 1.13's exporter writes the file itself and
does not need the `onnx` Python package:
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
    p.add_argument("--cell", default="lstm", choices=["rnn", "rnn_relu", "lstm", "gru"])
    p.add_argument("--input", type=int, default=64)
    p.add_argument("--hidden", type=int, default=512)
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--bidirectional", action="store_true")
    p.add_argument("--mode", default="infer", choices=["train", "infer", "stream"])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seconds", type=float, default=0)
    p.add_argument("--opset", type=int, default=14)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    if a.mode == "stream":
        a.batch = 1
        if a.bidirectional:
            p.error("--mode stream needs a unidirectional layer")

    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    kind = {"rnn": "RNN", "rnn_relu": "RNN", "lstm": "LSTM", "gru": "GRU"}[a.cell]
    kwargs = {"nonlinearity": "relu"} if a.cell == "rnn_relu" else {}
    layer = getattr(torch.nn, kind)(a.input, a.hidden, num_layers=a.layers, bidirectional=a.bidirectional,
                                    batch_first=True, **kwargs)
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
    with torch.no_grad():
        torch.onnx.export(model, args, a.out, input_names=inputs, output_names=outputs, opset_version=a.opset,
                          do_constant_folding=True)
    print(f"exported {kind} {a.input}->{a.hidden} layers {a.layers} bi {a.bidirectional}, mode {a.mode}, "
          f"inputs {inputs}, outputs {outputs}, opset {a.opset}: {a.out}")


if __name__ == "__main__":
    main()
