"""Shapes and parameter counts from PyTorch itself, to check LayerLab's shape rules (layerlab.graph.spec).

Each case names a LayerLab kind, its params (PyTorch names; batch_first is LayerLab's default True where it
applies), one per-sample input shape per input port, and records what PyTorch gives for a batch of 2: the
output shapes with the batch replaced by -1 (LayerLab's symbolic N) and the number of learnable parameters.
Run: python3 engine/src/test/python/make_graph_fixtures.py
"""
import json
import os

import torch
from torch import nn

from make_nn_fixtures import Permute, Transpose  # LayerLab's Transpose and Permute nodes as modules (torch.nn has neither)

torch.manual_seed(0)
B = 2

# (kind, params, [input sample shapes], input dtype, make(params) -> callable on inputs, outputs)
CASES = [
    ("Linear", {"in_features": 784, "out_features": 512}, [[784]]),
    ("Linear", {"in_features": 20, "out_features": 5, "bias": False}, [[7, 20]]),
    ("Bilinear", {"in1_features": 16, "in2_features": 6, "out_features": 4}, [[16], [6]]),
    ("Flatten", {}, [[32, 7, 7]]),
    ("Flatten", {"start_dim": 2, "end_dim": 3}, [[3, 4, 5, 6]]),
    ("Conv1d", {"in_channels": 4, "out_channels": 8, "kernel_size": 5, "stride": 2, "padding": 1}, [[4, 50]]),
    ("Conv2d", {"in_channels": 1, "out_channels": 32, "kernel_size": 3, "padding": 1}, [[1, 28, 28]]),
    ("Conv2d", {"in_channels": 6, "out_channels": 4, "kernel_size": [3, 5], "stride": [2, 1], "padding": [1, 2], "dilation": 2, "groups": 2}, [[6, 17, 19]]),
    ("Conv2d", {"in_channels": 3, "out_channels": 5, "kernel_size": 4, "padding": "same", "bias": False}, [[3, 9, 10]]),
    ("Conv2d", {"in_channels": 3, "out_channels": 5, "kernel_size": 3, "padding": "valid"}, [[3, 9, 10]]),
    ("Conv3d", {"in_channels": 2, "out_channels": 3, "kernel_size": 3, "stride": 2}, [[2, 9, 8, 7]]),
    ("ConvTranspose2d", {"in_channels": 8, "out_channels": 4, "kernel_size": 3, "stride": 2, "padding": 1, "output_padding": 1}, [[8, 7, 7]]),
    ("MaxPool1d", {"kernel_size": 3, "stride": 2}, [[4, 11]]),
    ("MaxPool2d", {"kernel_size": 2}, [[32, 28, 28]]),
    ("MaxPool2d", {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}, [[3, 10, 10]]),
    ("MaxPool2d", {"kernel_size": 2, "dilation": 2}, [[3, 9, 9]]),
    ("AvgPool1d", {"kernel_size": 4, "ceil_mode": True}, [[2, 10]]),
    ("AvgPool2d", {"kernel_size": 2, "stride": 1, "padding": 1}, [[3, 5, 5]]),
    ("AdaptiveAvgPool2d", {"output_size": 1}, [[16, 7, 7]]),
    ("AdaptiveMaxPool2d", {"output_size": [2, 3]}, [[4, 9, 8]]),
    ("Upsample", {"scale_factor": 2.0}, [[3, 5, 7]]),
    ("Upsample", {"scale_factor": 1.5, "mode": "bilinear"}, [[2, 5, 3]]),
    ("Upsample", {"size": [7, 5], "mode": "bilinear", "align_corners": True}, [[2, 3, 4]]),
    ("BatchNorm1d", {"num_features": 6}, [[6]]),
    ("BatchNorm1d", {"num_features": 6, "affine": False}, [[6, 10]]),
    ("BatchNorm2d", {"num_features": 16}, [[16, 5, 5]]),
    ("LayerNorm", {"normalized_shape": [10]}, [[7, 10]]),
    ("LayerNorm", {"normalized_shape": [4, 5]}, [[3, 4, 5]]),
    ("Dropout", {"p": 0.3}, [[12]]),
    ("Dropout2d", {"p": 0.3}, [[3, 4, 4]]),
    ("Embedding", {"num_embeddings": 5, "embedding_dim": 20}, [[10]], "int64"),
    ("RNN", {"input_size": 8, "hidden_size": 6, "nonlinearity": "relu"}, [[5, 8]]),
    ("LSTM", {"input_size": 64, "hidden_size": 128}, [[50, 64]]),
    ("LSTM", {"input_size": 10, "hidden_size": 7, "num_layers": 3, "bidirectional": True, "bias": False}, [[4, 10]]),
    ("LSTM", {"input_size": 6, "hidden_size": 9, "proj_size": 4}, [[5, 6]]),
    ("LSTM", {"input_size": 4, "hidden_size": 6, "num_layers": 2, "bidirectional": True, "proj_size": 3, "bias": False}, [[5, 4]]),
    ("GRU", {"input_size": 20, "hidden_size": 50, "num_layers": 2, "bidirectional": True}, [[10, 20]]),
    ("ReLU", {}, [[3, 4]]),
    ("Softmax", {"dim": 1}, [[10]]),
    ("LogSoftmax", {"dim": -1}, [[4, 10]]),
    ("CrossEntropyLoss", {}, [[10], []], "int64-target"),
    ("CrossEntropyLoss", {"reduction": "none"}, [[10], []], "int64-target"),
    ("MSELoss", {"reduction": "none"}, [[3], [3]]),
    ("BCEWithLogitsLoss", {}, [[1], [1]]),
    ("KLDivLoss", {}, [[5], [5]]),
    ("Transpose", {"dim0": 1, "dim1": 2}, [[7, 5]]),
    ("Transpose", {"dim0": -1, "dim1": -3}, [[3, 4, 5]]),
    ("Permute", {"dims": [0, 2, 3, 1]}, [[3, 4, 5]]),
    ("Permute", {"dims": [0, 3, 1, 2]}, [[7, 2, 6]]),
]


RECURRENT = {"RNN", "LSTM", "GRU"}


def build(kind, params):
    p = dict(params)
    if kind in RECURRENT:
        p.setdefault("batch_first", True)
    if kind == "Flatten":
        return nn.Flatten(**p)
    if kind == "Transpose":
        return Transpose(**p)
    if kind == "Permute":
        return Permute(*p["dims"])
    return getattr(nn, kind)(**p)


def main():
    out = []
    for case in CASES:
        kind, params, shapes = case[0], case[1], case[2]
        dtype = case[3] if len(case) > 3 else "float32"
        m = build(kind, params)
        bf = params.get("batch_first", True)
        inputs = []
        for i, s in enumerate(shapes):
            full = [B] + s
            if kind in RECURRENT and not bf:
                full = [s[0], B] + s[1:]
            if dtype == "int64" or (dtype == "int64-target" and i == 1):
                inputs.append(torch.randint(0, 5, full))
            else:
                inputs.append(torch.rand(full))
        with torch.no_grad():
            res = m(*inputs)
        if kind in RECURRENT:
            o, h = res
            outs = [o, h[0], h[1]] if kind == "LSTM" else [o, h]
            batch_dims = [0 if bf else 1, 1, 1]
        else:
            outs = [res]
            batch_dims = [0]
        shapes_out = []
        for t, bd in zip(outs, batch_dims):
            s = list(t.shape)
            if len(s) > bd and s[bd] == B:
                s[bd] = -1
            shapes_out.append(s)
        out.append({
            "kind": kind,
            "params": params,
            "inputs": shapes,
            "input_dtype": dtype,
            "outputs": shapes_out,
            "param_count": sum(p.numel() for p in m.parameters()),
        })
    path = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "graph", "shapes.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
