#!/usr/bin/env python3
"""PyTorch reference numbers for LayerLab's random generator and initialisation.

Run from the repository root with Debian's torch:  /usr/bin/python3 engine/src/test/python/make_init_fixtures.py

Writes engine/src/test/resources/fixtures/init/:

    generator.json   per seed, what torch's CPU generator gives after torch.manual_seed(seed), one draw after the
                     other in this order: "rand" torch.rand(40), "randn_small" torch.randn(7), "randn" torch.randn(37),
                     "rand_double" torch.rand(5, float64), "randn_double" torch.randn(5, float64), "uniform"
                     torch.empty(100).uniform_(-0.3, 0.7), "randperm" torch.randperm(12), "randn_after"
                     torch.randn(3) (which begins with the normal randn_double left waiting).
    functions.json   torch.nn.init's functions: per case the function, its arguments, the shape, the seed and the
                     tensor after torch.manual_seed(seed); torch.empty(shape); nn.init.<function>(t, **args).
    dropout.json     per case p, an input x [300] (and [4, 6, 3, 3] for dropout2d), an upstream gradient g, and what
                     F.dropout / F.dropout2d(x, p, training=True) gave after torch.manual_seed(seed): y and x's gradient.
                     The masks are torch's own draws (LayerLab's come from its own counter-based kernel); the values
                     kept, their scale and the gradient are what LayerLab must match where both keep an element.
    layers.json      per case a LayerLab graph ("nodes": [name, kind, {params}], "edges": [[from.port, to.port]],
                     "init": [[node, role, function, {args}]]), a seed, and the state_dict of the same layers made by
                     PyTorch after torch.manual_seed(seed), in the graph's order, each node's initialisers applied
                     right after it is made, in the order of the graph's analysis (the exported script's order:
                     the nodes' order, or "order" where two chains make the analysis take their layers in turn).

Tensors are {"shape": [...], "data": [...]} holding float32 (or float64 / int64) values exactly.
"""
import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "init")


def t(x):
    x = x.detach()
    d = {"shape": list(x.shape), "data": x.double().flatten().tolist() if x.dtype != torch.int64 else x.flatten().tolist()}
    if x.dtype == torch.int64:
        d["dtype"] = "int64"
    return d


def write(name, obj):
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(obj, f, separators=(",", ":"))


def generator():
    cases = []
    for seed in [0, 1, 42, 2 ** 40 + 7]:
        torch.manual_seed(seed)
        c = {"seed": seed}
        c["rand"] = t(torch.rand(40))
        c["randn_small"] = t(torch.randn(7))
        c["randn"] = t(torch.randn(37))
        c["rand_double"] = t(torch.rand(5, dtype=torch.float64))
        c["randn_double"] = t(torch.randn(5, dtype=torch.float64))
        c["uniform"] = t(torch.empty(100).uniform_(-0.3, 0.7))
        c["randperm"] = t(torch.randperm(12))
        c["randn_after"] = t(torch.randn(3))
        cases.append(c)
    write("generator", {"cases": cases})


def functions():
    cases = []

    def case(name, function, shape, seed, **args):
        torch.manual_seed(seed)
        x = torch.empty(shape)
        getattr(nn.init, function)(x, **args)
        cases.append({"name": name, "function": function, "args": args, "seed": seed, "tensor": t(x)})

    case("uniform", "uniform_", [4, 5], 0, a=-2.0, b=3.0)
    case("normal_small", "normal_", [3, 4], 1, mean=0.5, std=2.0)
    case("normal", "normal_", [6, 7], 2, mean=-1.0, std=0.1)
    case("xavier_uniform", "xavier_uniform_", [8, 6], 3)
    case("xavier_uniform_gain", "xavier_uniform_", [5, 3, 3, 3], 4, gain=nn.init.calculate_gain("relu"))
    case("xavier_normal", "xavier_normal_", [8, 6], 5, gain=0.5)
    case("kaiming_uniform", "kaiming_uniform_", [16, 9], 6)
    case("kaiming_uniform_linear_default", "kaiming_uniform_", [7, 11], 7, a=math.sqrt(5))
    case("kaiming_uniform_fan_out", "kaiming_uniform_", [6, 4, 3, 3], 8, mode="fan_out", nonlinearity="relu")
    case("kaiming_normal", "kaiming_normal_", [12, 10], 9)
    case("kaiming_normal_fan_out", "kaiming_normal_", [8, 3, 5, 5], 10, mode="fan_out", nonlinearity="relu")
    case("kaiming_normal_small", "kaiming_normal_", [3, 4], 11, a=0.1, nonlinearity="leaky_relu")
    case("orthogonal_tall", "orthogonal_", [9, 4], 12)
    case("orthogonal_wide", "orthogonal_", [3, 10], 13, gain=2.0)
    case("orthogonal_conv", "orthogonal_", [4, 2, 3, 3], 14)
    case("constant", "constant_", [2, 3], 15, val=0.25)
    write("functions", {"cases": cases})


class Graph(nn.Module):
    """The layers of a case, made in the graph's order and named as its nodes."""


def layers():
    cases = []

    def case(name, seed, nodes, edges, make, init=(), order=None):
        torch.manual_seed(seed)
        g = Graph()
        for node in order or [n[0] for n in nodes]:
            m = make.get(node)
            if m is None:
                continue
            setattr(g, node, m())
            for target, role, function, args in init:
                if target != node:
                    continue
                for pname, p in getattr(g, target).named_parameters():
                    if pname.split(".")[-1].startswith(role):
                        getattr(nn.init, function)(p, **args)
        cases.append({"name": name, "seed": seed, "nodes": nodes, "edges": edges,
                      "init": [list(i) for i in init], "state": {k: t(v) for k, v in g.state_dict().items()}})

    def chain(*names):
        return [[a + ".out", b + ".in"] for a, b in zip(names, names[1:])]

    case("mlp", 0,
         [["x", "Input", {"shape": [20]}], ["fc1", "Linear", {"out_features": 16}], ["relu", "ReLU", {}],
          ["drop", "Dropout", {"p": 0.2}], ["fc2", "Linear", {"out_features": 3}], ["out", "Output", {}]],
         chain("x", "fc1", "relu", "drop", "fc2", "out"),
         {"fc1": lambda: nn.Linear(20, 16), "fc2": lambda: nn.Linear(16, 3)})
    case("cnn", 7,
         [["x", "Input", {"shape": [3, 12, 12]}], ["conv1", "Conv2d", {"out_channels": 8, "kernel_size": 3}],
          ["bn", "BatchNorm2d", {}], ["relu", "ReLU", {}],
          ["conv2", "Conv2d", {"out_channels": 6, "kernel_size": 3, "groups": 2, "bias": False}],
          ["pool", "MaxPool2d", {"kernel_size": 2}], ["flat", "Flatten", {}], ["fc", "Linear", {"out_features": 10}],
          ["out", "Output", {}]],
         chain("x", "conv1", "bn", "relu", "conv2", "pool", "flat", "fc", "out"),
         {"conv1": lambda: nn.Conv2d(3, 8, 3), "bn": lambda: nn.BatchNorm2d(8),
          "conv2": lambda: nn.Conv2d(8, 6, 3, groups=2, bias=False), "fc": lambda: nn.Linear(6 * 4 * 4, 10)})
    case("convs", 3,
         [["x", "Input", {"shape": [4, 16]}], ["conv1d", "Conv1d", {"out_channels": 6, "kernel_size": 3}],
          ["bn1d", "BatchNorm1d", {}], ["flat", "Flatten", {}], ["out", "Output", {}],
          ["v", "Input", {"shape": [2, 4, 4, 4]}], ["conv3d", "Conv3d", {"out_channels": 3, "kernel_size": 2}],
          ["out3", "Output", {}],
          ["p", "Input", {"shape": [4, 6, 6]}],
          ["deconv", "ConvTranspose2d", {"out_channels": 3, "kernel_size": 3, "stride": 2}], ["outp", "Output", {}]],
         chain("x", "conv1d", "bn1d", "flat", "out") + chain("v", "conv3d", "out3") + chain("p", "deconv", "outp"),
         {"conv1d": lambda: nn.Conv1d(4, 6, 3), "bn1d": lambda: nn.BatchNorm1d(6), "conv3d": lambda: nn.Conv3d(2, 3, 2),
          "deconv": lambda: nn.ConvTranspose2d(4, 3, 3, stride=2)})
    case("bilinear", 11,
         [["x", "Input", {"shape": [5]}], ["z", "Input", {"shape": [4]}], ["bil", "Bilinear", {"out_features": 3}],
          ["out", "Output", {}]],
         [["x.out", "bil.in1"], ["z.out", "bil.in2"], ["bil.out", "out.in"]],
         {"bil": lambda: nn.Bilinear(5, 4, 3)})
    case("sequence", 5,
         [["tokens", "Input", {"shape": [7], "dtype": "int64"}],
          ["emb", "Embedding", {"num_embeddings": 10, "embedding_dim": 6, "padding_idx": 0}],
          ["lstm", "LSTM", {"hidden_size": 5, "num_layers": 2, "bidirectional": True}],
          ["gru", "GRU", {"hidden_size": 4, "bias": False}],
          ["rnn", "RNN", {"hidden_size": 3, "nonlinearity": "relu"}],
          ["last", "LastStep", {}], ["out", "Output", {}]],
         chain("tokens", "emb", "lstm", "gru", "rnn", "last", "out"),
         {"emb": lambda: nn.Embedding(10, 6, padding_idx=0),
          "lstm": lambda: nn.LSTM(6, 5, num_layers=2, bidirectional=True, batch_first=True),
          "gru": lambda: nn.GRU(10, 4, bias=False, batch_first=True),
          "rnn": lambda: nn.RNN(4, 3, nonlinearity="relu", batch_first=True)})
    case("attention", 9,
         [["x", "Input", {"shape": [5, 8]}], ["attn", "MultiheadAttention", {"embed_dim": 8, "num_heads": 2}],
          ["ln", "LayerNorm", {}], ["plain", "MultiheadAttention", {"embed_dim": 8, "num_heads": 4, "bias": False}],
          ["out", "Output", {}]],
         [["x.out", "attn.query"], ["attn.out", "ln.in"], ["ln.out", "plain.query"], ["plain.out", "out.in"]],
         {"attn": lambda: nn.MultiheadAttention(8, 2, batch_first=True), "ln": lambda: nn.LayerNorm(8),
          "plain": lambda: nn.MultiheadAttention(8, 4, bias=False, batch_first=True)})
    case("vision_transformer", 13,
         [["x", "Input", {"shape": [6, 8]}], ["cls", "ClassToken", {"embed_dim": 8}],
          ["pos", "PositionEmbedding", {"num_positions": 7, "embed_dim": 8}], ["head", "Linear", {"out_features": 4}],
          ["out", "Output", {}]],
         chain("x", "cls", "pos", "head", "out"),
         {"cls": lambda: ClassToken(8), "pos": lambda: PositionEmbedding(7, 8), "head": lambda: nn.Linear(8, 4)})
    case("initialisers", 17,
         [["x", "Input", {"shape": [3, 8, 8]}], ["conv", "Conv2d", {"out_channels": 4, "kernel_size": 3}],
          ["flat", "Flatten", {}], ["fc", "Linear", {"out_features": 12}], ["fc2", "Linear", {"out_features": 5}],
          ["out", "Output", {}],
          ["s", "Input", {"shape": [4, 3]}], ["lstm", "LSTM", {"hidden_size": 4}], ["outs", "Output", {}]],
         chain("x", "conv", "flat", "fc", "fc2", "out") + chain("s", "lstm", "outs"),
         {"conv": lambda: nn.Conv2d(3, 4, 3), "fc": lambda: nn.Linear(4 * 6 * 6, 12), "fc2": lambda: nn.Linear(12, 5),
          "lstm": lambda: nn.LSTM(3, 4, batch_first=True)},
         init=[("conv", "weight", "kaiming_normal_", {"mode": "fan_out", "nonlinearity": "relu"}),
               ("conv", "bias", "zeros_", {}),
               ("fc", "weight", "xavier_uniform_", {}),
               ("fc2", "weight", "orthogonal_", {"gain": 0.5}), ("fc2", "bias", "normal_", {"std": 0.01}),
               ("lstm", "weight", "orthogonal_", {}), ("lstm", "bias", "constant_", {"val": 0.5})],
         # Made as LayerLab's graph order (and the exported script) makes them: both inputs first, then a layer of each chain in turn.
         order=["conv", "lstm", "flat", "fc", "fc2"])
    write("layers", {"cases": cases})


class ClassToken(nn.Module):
    """torchvision's VisionTransformer.class_token, as LayerLab's ClassToken holds it."""

    def __init__(self, embed_dim):
        super().__init__()
        self.class_token = nn.Parameter(torch.zeros(1, 1, embed_dim))


class PositionEmbedding(nn.Module):
    """torchvision's Encoder.pos_embedding, as LayerLab's PositionEmbedding holds it."""

    def __init__(self, num_positions, embed_dim):
        super().__init__()
        self.pos_embedding = nn.Parameter(torch.empty(1, num_positions, embed_dim).normal_(std=0.02))


def dropout():
    cases = []
    for seed, p, two_d in [(0, 0.3, False), (1, 0.5, False), (2, 0.1, False), (3, 0.77, False), (4, 0.2, True), (5, 0.6, True)]:
        g = torch.Generator().manual_seed(100 + seed)
        shape = (4, 6, 3, 3) if two_d else (300,)
        x = (torch.randn(shape, generator=g) + 3).requires_grad_()
        up = torch.randn(shape, generator=g)
        torch.manual_seed(seed)
        y = (F.dropout2d if two_d else F.dropout)(x, p, training=True)
        y.backward(up)
        cases.append({"name": ("dropout2d_" if two_d else "dropout_") + str(p), "p": p, "dropout2d": two_d,
                      "x": t(x), "g": t(up), "y": t(y), "grad": t(x.grad)})
    write("dropout", {"cases": cases})


def main():
    os.makedirs(OUT, exist_ok=True)
    generator()
    functions()
    dropout()
    layers()


if __name__ == "__main__":
    main()
