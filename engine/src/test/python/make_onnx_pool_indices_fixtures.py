#!/usr/bin/env python3
"""torch.onnx.export's MaxPool with return_indices, which OnnxPoolIndicesImportTest imports (engine/src/test/resources/onnx).

torch writes the pool's indices as ONNX's (numbered over the whole tensor) less each plane's start, found by a second
MaxPool of kernel 1 whose indices are sliced to each plane's first. (torch 1.13 cannot export MaxUnpool2d: the indices are
an output here.) Each NAME.onnx comes with NAME.input.npy, NAME.expected.npy (the values) and NAME.indices.npy (int64).
Run with Debian's torch (1.13):

    /usr/bin/python3 engine/src/test/python/make_onnx_pool_indices_fixtures.py
"""
import os

import numpy
import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "onnx")


class Encoder2d(nn.Module):
    """A SegNet encoder stage: Conv, ReLU, MaxPool2d(3, 2, 1) with indices, then a Conv of the pooled values."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 3, 3, padding=1)
        self.relu = nn.ReLU()
        self.pool = nn.MaxPool2d(3, stride=2, padding=1, return_indices=True)
        self.head = nn.Conv2d(3, 2, 1)

    def forward(self, x):
        y, idx = self.pool(self.relu(self.conv(x)))
        return self.head(y), idx


class Encoder1d(nn.Module):
    """MaxPool1d(2) with indices over a signal's channels."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(2, 3, 3, padding=1)
        self.pool = nn.MaxPool1d(2, return_indices=True)

    def forward(self, x):
        y, idx = self.pool(self.conv(x))
        return y, idx


def export(name, model, x):
    model.eval()
    with torch.no_grad():
        y, idx = model(x)
    torch.onnx.export(model, x, os.path.join(OUT, name + ".onnx"), opset_version=17, input_names=["x"],
                      output_names=["y", "where"], dynamic_axes={"x": {0: "N"}, "y": {0: "N"}, "where": {0: "N"}})
    numpy.save(os.path.join(OUT, name + ".input.npy"), x.numpy())
    numpy.save(os.path.join(OUT, name + ".expected.npy"), y.numpy())
    numpy.save(os.path.join(OUT, name + ".indices.npy"), idx.numpy())


def main():
    torch.manual_seed(0)
    export("torch_pool_indices", Encoder2d(), torch.randn(2, 2, 7, 6))
    export("torch_pool1d_indices", Encoder1d(), torch.randn(2, 2, 9))


if __name__ == "__main__":
    main()
