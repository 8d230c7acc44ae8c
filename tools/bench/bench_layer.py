"""The configuration both torch_bench.py and export_onnx.py take, and the torch.nn module they build from it:
one place, so that the module ONNX Runtime runs is exactly the one PyTorch is timed on."""
import torch


def add_layer_arguments(p, mode_default):
    """The options of `rnn4j bench` that describe the layer and the work."""
    p.add_argument("--cell", default="lstm", choices=["rnn", "rnn_relu", "lstm", "gru"])
    p.add_argument("--input", type=int, default=64)
    p.add_argument("--hidden", type=int, default=512)
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--bidirectional", action="store_true")
    p.add_argument("--mode", default=mode_default, choices=["train", "infer", "stream"])
    p.add_argument("--threads", type=int, default=1)


def check_stream(p, a):
    """Streaming is batch 1 and one direction."""
    if a.mode == "stream":
        a.batch = 1
        if a.bidirectional:
            p.error("--mode stream needs a unidirectional layer")


def build_layer(a):
    """The torch.nn RNN/LSTM/GRU of the options, seeded (torch.manual_seed(1)), batch_first; and its kind."""
    torch.manual_seed(1)
    kind = {"rnn": "RNN", "rnn_relu": "RNN", "lstm": "LSTM", "gru": "GRU"}[a.cell]
    kwargs = {"nonlinearity": "relu"} if a.cell == "rnn_relu" else {}
    layer = getattr(torch.nn, kind)(a.input, a.hidden, num_layers=a.layers, bidirectional=a.bidirectional,
                                    batch_first=True, **kwargs)
    return layer, kind
