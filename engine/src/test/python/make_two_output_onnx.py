#!/usr/bin/env python3
"""Writes torch_two_heads.onnx (engine/src/test/resources/onnx): a model of two outputs, as a multi-task model is exported
(a class's scores and an amount), for the tests that predict with it after an import (TwoOutputOnnxPredictTest,
TwoOutputOnnxPredictPaneTest). Beside it torch_two_heads.input.npy (4 samples of 4 features) and PyTorch's own outputs,
torch_two_heads.species.npy [4, 3] and torch_two_heads.bill.npy [4, 1]. Run with Debian's torch (1.13):

    /usr/bin/python3 engine/src/test/python/make_two_output_onnx.py
"""
import os

import numpy
import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "onnx")


class TwoHeads(nn.Module):
    """A shared trunk, then a classifier's scores and an amount, returned as a tuple: two ONNX outputs."""

    def __init__(self):
        super().__init__()
        self.trunk = nn.Linear(4, 8)
        self.relu = nn.ReLU()
        self.classify = nn.Linear(8, 3)
        self.measure = nn.Linear(8, 1)

    def forward(self, x):
        h = self.relu(self.trunk(x))
        return self.classify(h), self.measure(h)


def main():
    torch.manual_seed(0)
    model = TwoHeads().eval()
    x = torch.randn(4, 4)
    with torch.no_grad():
        species, bill = model(x)
    path = os.path.join(OUT, "torch_two_heads")
    torch.onnx.export(model, (x,), path + ".onnx", input_names=["penguin"], output_names=["species", "bill"],
                      dynamic_axes={"penguin": {0: "N"}, "species": {0: "N"}, "bill": {0: "N"}}, opset_version=17)
    numpy.save(path + ".input.npy", x.numpy())
    numpy.save(path + ".species.npy", species.numpy())
    numpy.save(path + ".bill.npy", bill.numpy())


if __name__ == "__main__":
    main()
