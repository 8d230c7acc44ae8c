#!/usr/bin/python3
"""Writes a small PyTorch LSTM (F 16, H 64, 1 layer) as a plain state_dict in safetensors, and a (1, 20, 16) input
as .npy, for timing `rnn4j predict` from JVM start to the first prediction.

    /usr/bin/python3 tools/bench/startup_model.py OUT_DIR
"""
import json
import struct
import sys
from pathlib import Path

import numpy as np
import torch


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(16, 64, batch_first=True)
    header, blobs, offset = {}, [], 0
    for name, t in lstm.state_dict().items():
        data = t.detach().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    with open(out / "lstm.safetensors", "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        f.writelines(blobs)
    np.save(out / "x.npy", np.random.default_rng(0).uniform(-1, 1, (1, 20, 16)).astype(np.float32))


if __name__ == "__main__":
    main()
