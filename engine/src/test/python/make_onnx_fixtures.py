#!/usr/bin/env python3
"""Writes the small torch.onnx.export models that OnnxImportTest imports (engine/src/test/resources/onnx).

Each NAME.onnx comes with NAME.input.npy and NAME.expected.npy: PyTorch's own prediction, which LayerLab must
reproduce after the import. Run with Debian's torch (1.13):

    /usr/bin/python3 engine/src/test/python/make_onnx_fixtures.py
"""
import os

import numpy
import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "onnx")


class Mlp(nn.Module):
    """Flatten, Gemm, Relu, the erf form of GELU, LogSoftmax."""

    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(12, 8)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(8, 6)
        self.gelu = nn.GELU()
        self.fc3 = nn.Linear(6, 3)
        self.logp = nn.LogSoftmax(dim=1)

    def forward(self, x):
        return self.logp(self.fc3(self.gelu(self.fc2(self.relu(self.fc1(self.flatten(x)))))))


class Cnn(nn.Module):
    """Conv (padding, stride), BatchNorm (folded or not), MaxPool, AdaptiveAvgPool2d(1), a residual Add, Linear."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(4, 4, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(4)
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv1(x)))
        x = torch.relu(self.bn(self.conv2(x)) + x)
        return self.fc(torch.flatten(self.gap(x), 1))


class SeqLinear(nn.Module):
    """Linear on [N, T, F] (MatMul + Add), LeakyReLU, Softmax over the last dim."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(6, 4)
        self.act = nn.LeakyReLU(0.1)

    def forward(self, x):
        return torch.softmax(self.act(self.proj(x)), dim=-1)


def export(name, model, shape):
    torch.manual_seed(0)
    for p in model.parameters():
        p.data.uniform_(-0.5, 0.5)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 1.5)
    model.eval()
    x = torch.randn(*shape)
    with torch.no_grad():
        y = model(x)
    torch.onnx.export(model, x, os.path.join(OUT, name + ".onnx"), opset_version=17, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "N"}, "y": {0: "N"}})
    numpy.save(os.path.join(OUT, name + ".input.npy"), x.numpy())
    numpy.save(os.path.join(OUT, name + ".expected.npy"), y.numpy())
    print(name, tuple(y.shape))


def named():
    """torch_mlp with the metadata_props LayerLab writes and reads: the classes and features as JSON arrays."""
    import json

    import onnx
    m = onnx.load(os.path.join(OUT, "torch_mlp.onnx"))
    for key, value in (("classes", ["cat", "dog", "bird", "fish", "frog"]), ("features", ["a", "b", "c", "d"]), ("author", "someone")):
        entry = m.metadata_props.add()
        entry.key, entry.value = key, json.dumps(value) if isinstance(value, list) else value
    onnx.save(m, os.path.join(OUT, "torch_mlp_named.onnx"))
    print("torch_mlp_named", [p.key for p in m.metadata_props])


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    export("torch_mlp", Mlp(), (3, 3, 4))
    export("torch_cnn", Cnn(), (2, 1, 8, 8))
    export("torch_seq_linear", SeqLinear(), (2, 5, 6))
    named()
