#!/usr/bin/env python3
"""PyTorch reference results for LayerLab's dense layers, activations and losses.

Run from the repository root with Debian's torch:  /usr/bin/python3 engine/src/test/python/make_nn_fixtures.py

Writes engine/src/test/resources/fixtures/nn/<case>.json, one file per case, and index.json listing
them ("layers", "losses"). A case file holds:

    kind           the Java class (PyTorch's module name), e.g. "Linear", "CrossEntropyLoss"
    args           constructor arguments by PyTorch's names
    repr           repr(module), which the Java module's toString() must equal
    params         the module's state_dict (layers: weights to load; losses: weight / pos_weight buffers)
    inputs         forward arguments in order (losses: [input, target])
    output         module(*inputs)
    gout           a fixed random upstream gradient of output's shape, used as out.backward(gout)
    grads          gradients after that backward: "input0", "input1", ... for inputs that take one, and
                   every parameter by name

Tensors are {"shape": [...], "data": [...]} holding float32 values exactly (written as doubles), plus
"dtype": "int64" for class targets.

The training proof case (mlp_sgd) is larger, so its float data go to a binary file:
    mlp_sgd.json  "repr": the model's repr; "bin": the binary's name; "tensors": [{"name", "shape", "offset"}] where offset counts
                  float32 values from the start of the binary; "targets" (int64 labels), "lr", "steps",
                  "losses" (the loss of each step before its update)
    mlp_sgd.bin   the tensors' float32 values, little-endian, concatenated in the listed order, no header:
                  the input batch "x" [16, 1, 28, 28], then the state_dict of PyTorch's tutorial
                  NeuralNetwork (Flatten → Linear(784,512) → ReLU → Linear(512,512) → ReLU → Linear(512,10))
                  under PyTorch's key names (linear_relu_stack.0.weight, ...).
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "nn")


def t(x):
    x = x.detach()
    d = {"shape": list(x.shape), "data": x.double().flatten().tolist() if x.dtype != torch.int64 else x.flatten().tolist()}
    if x.dtype == torch.int64:
        d["dtype"] = "int64"
    return d


def write(name, obj):
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(obj, f, separators=(",", ":"))


LAYERS, LOSSES = [], []


def case(name, kind, args, module, inputs, is_loss=False, grad_inputs=None):
    """Runs module(*inputs), backward with a random upstream gradient, and records it all.

    Every float input takes a gradient (targets too, where PyTorch defines one), unless grad_inputs
    lists the positions that do."""
    inputs = [x.clone() for x in inputs]
    for i, x in enumerate(inputs):
        if x.dtype.is_floating_point and (grad_inputs is None or i in grad_inputs):
            x.requires_grad_(True)
    try:
        out = module(*inputs)
        gout = torch.randn(out.shape)
        out.backward(gout)
    except RuntimeError as e:
        if "not implemented" not in str(e):
            raise
        # No target gradient in PyTorch for this loss: record the input's only.
        for x in inputs[1:]:
            x.requires_grad_(False)
            x.grad = None
        inputs[0].grad = None
        out = module(*inputs)
        gout = torch.randn(out.shape)
        out.backward(gout)
    grads = {}
    for i, x in enumerate(inputs):
        if x.grad is not None:
            grads["input%d" % i] = t(x.grad)
    for k, p in module.named_parameters():
        grads[k] = t(p.grad)
    write(name, {
        "kind": kind, "args": args, "repr": repr(module),
        "params": {k: t(v) for k, v in module.state_dict().items()},
        "inputs": [t(x) for x in inputs],
        "output": t(out), "gout": t(gout), "grads": grads,
    })
    (LOSSES if is_loss else LAYERS).append(name)


def away_from_zero(*shape, margin=0.05):
    """Normal samples pushed at least `margin` away from 0, so kinks (ReLU, LeakyReLU, ELU) are not hit."""
    x = torch.randn(*shape)
    return x + margin * torch.sign(x)


def layers():
    for name, (i, o, bias, shape) in {
        "linear_basic": (5, 3, True, (4, 5)),
        "linear_batch1": (7, 2, True, (1, 7)),
        "linear_3d": (6, 4, True, (2, 3, 6)),
        "linear_4d_out1": (5, 1, True, (2, 2, 3, 5)),
        "linear_nobias": (5, 4, False, (3, 5)),
        "linear_odd": (13, 11, True, (9, 13)),
    }.items():
        case(name, "Linear", {"in_features": i, "out_features": o, "bias": bias}, nn.Linear(i, o, bias), [torch.randn(*shape)])

    for name, (i1, i2, o, bias, s1, s2) in {
        "bilinear_basic": (3, 4, 5, True, (6, 3), (6, 4)),
        "bilinear_nobias": (3, 2, 4, False, (5, 3), (5, 2)),
        "bilinear_batch1": (4, 3, 2, True, (1, 4), (1, 3)),
        "bilinear_3d": (4, 2, 3, True, (2, 3, 4), (2, 3, 2)),
    }.items():
        case(name, "Bilinear", {"in1_features": i1, "in2_features": i2, "out_features": o, "bias": bias},
             nn.Bilinear(i1, i2, o, bias), [torch.randn(*s1), torch.randn(*s2)])

    case("identity", "Identity", {}, nn.Identity(), [torch.randn(3, 4)])
    for name, (s, e, shape) in {
        "flatten_default": (1, -1, (2, 3, 4, 5)),
        "flatten_all": (0, -1, (2, 3, 4)),
        "flatten_middle": (1, 2, (2, 3, 4, 5)),
        "flatten_negative": (-3, -2, (2, 3, 4, 5)),
    }.items():
        case(name, "Flatten", {"start_dim": s, "end_dim": e}, nn.Flatten(s, e), [torch.randn(*shape)])

    case("relu", "ReLU", {}, nn.ReLU(), [away_from_zero(3, 7)])
    case("relu_3d_with_zeros", "ReLU", {}, nn.ReLU(), [torch.tensor([[[0.0, -1.5, 2.0], [3.0, 0.0, -0.25]]])])
    case("leaky_relu_default", "LeakyReLU", {"negative_slope": 0.01}, nn.LeakyReLU(), [away_from_zero(4, 5)])
    case("leaky_relu_0.2", "LeakyReLU", {"negative_slope": 0.2}, nn.LeakyReLU(0.2), [away_from_zero(2, 3, 5)])
    case("elu_default", "ELU", {"alpha": 1.0}, nn.ELU(), [away_from_zero(4, 5) * 2])
    case("elu_0.5", "ELU", {"alpha": 0.5}, nn.ELU(0.5), [away_from_zero(3, 6) * 3])
    case("gelu_none", "GELU", {"approximate": "none"}, nn.GELU(), [torch.randn(5, 7) * 3])
    case("gelu_tanh", "GELU", {"approximate": "tanh"}, nn.GELU("tanh"), [torch.randn(5, 7) * 3])
    case("gelu_extreme", "GELU", {"approximate": "none"}, nn.GELU(), [torch.tensor([-30.0, -10.0, -5.0, -1e-3, 0.0, 1e-3, 5.0, 10.0, 30.0])])
    case("sigmoid", "Sigmoid", {}, nn.Sigmoid(), [torch.randn(4, 6) * 3])
    case("sigmoid_extreme", "Sigmoid", {}, nn.Sigmoid(), [torch.tensor([-100.0, -30.0, -10.0, 0.0, 10.0, 30.0, 100.0])])
    case("tanh", "Tanh", {}, nn.Tanh(), [torch.randn(4, 6) * 2])
    case("tanh_extreme", "Tanh", {}, nn.Tanh(), [torch.tensor([-50.0, -10.0, -1.0, 0.0, 1.0, 10.0, 50.0])])
    for kind, mod in (("Softmax", nn.Softmax), ("LogSoftmax", nn.LogSoftmax)):
        low = kind.lower()
        case(low + "_dim1", kind, {"dim": 1}, mod(dim=1), [torch.randn(4, 5)])
        case(low + "_dim0", kind, {"dim": 0}, mod(dim=0), [torch.randn(3, 5)])
        case(low + "_3d_dim1", kind, {"dim": 1}, mod(dim=1), [torch.randn(2, 3, 4)])
        case(low + "_3d_last", kind, {"dim": -1}, mod(dim=-1), [torch.randn(2, 3, 4)])
        case(low + "_batch1", kind, {"dim": 1}, mod(dim=1), [torch.randn(1, 9)])
        case(low + "_extreme", kind, {"dim": 1}, mod(dim=1),
             [torch.tensor([[1000.0, 0.0, -1000.0, 999.0], [-500.0, -501.0, -499.0, -1000.0]])])


def losses():
    R = ("mean", "sum", "none")
    for r in R:
        case("mse_" + r, "MSELoss", {"reduction": r}, nn.MSELoss(reduction=r), [torch.randn(4, 3), torch.randn(4, 3)], True)
        case("l1_" + r, "L1Loss", {"reduction": r}, nn.L1Loss(reduction=r), [torch.randn(3, 5), torch.randn(3, 5)], True)
        case("smooth_l1_" + r, "SmoothL1Loss", {"reduction": r, "beta": 1.0}, nn.SmoothL1Loss(reduction=r),
             [torch.randn(4, 5) * 2, torch.randn(4, 5)], True)
    case("mse_3d_batch1", "MSELoss", {"reduction": "mean"}, nn.MSELoss(), [torch.randn(1, 2, 3), torch.randn(1, 2, 3)], True)
    case("l1_1d", "L1Loss", {"reduction": "mean"}, nn.L1Loss(), [torch.randn(7), torch.randn(7)], True)
    for beta in (0.5, 2.0, 0.0):
        case("smooth_l1_beta_%s" % beta, "SmoothL1Loss", {"reduction": "mean", "beta": beta}, nn.SmoothL1Loss(beta=beta),
             [torch.randn(5, 4) * 2, torch.randn(5, 4)], True)

    def labels(n, c, *extra):
        return torch.randint(0, c, (n,) + extra)

    ce = "CrossEntropyLoss"
    for r in R:
        case("ce_" + r, ce, {"reduction": r}, nn.CrossEntropyLoss(reduction=r), [torch.randn(8, 5), labels(8, 5)], True)
        y = labels(7, 4)
        y[[1, 4]] = -100
        case("ce_ignore_" + r, ce, {"reduction": r}, nn.CrossEntropyLoss(reduction=r), [torch.randn(7, 4), y], True)
        w = torch.rand(5) + 0.1
        case("ce_weight_" + r, ce, {"reduction": r}, nn.CrossEntropyLoss(weight=w, reduction=r), [torch.randn(9, 5), labels(9, 5)], True)
        case("ce_smoothing_" + r, ce, {"reduction": r, "label_smoothing": 0.1},
             nn.CrossEntropyLoss(reduction=r, label_smoothing=0.1), [torch.randn(6, 5), labels(6, 5)], True)
        y = labels(8, 6)
        y[[0, 5]] = 2
        case("ce_all_options_" + r, ce, {"reduction": r, "ignore_index": 2, "label_smoothing": 0.25},
             nn.CrossEntropyLoss(weight=torch.rand(6) + 0.1, ignore_index=2, reduction=r, label_smoothing=0.25),
             [torch.randn(8, 6), y], True)
        p = torch.softmax(torch.randn(5, 4), 1)
        case("ce_prob_" + r, ce, {"reduction": r}, nn.CrossEntropyLoss(reduction=r), [torch.randn(5, 4), p], True)
        case("ce_prob_weight_smoothing_" + r, ce, {"reduction": r, "label_smoothing": 0.2},
             nn.CrossEntropyLoss(weight=torch.rand(4) + 0.1, reduction=r, label_smoothing=0.2),
             [torch.randn(5, 4), torch.softmax(torch.randn(5, 4), 1)], True)
        y = labels(2, 3, 4, 2)
        y[0, 1, 1] = -100
        case("ce_4d_" + r, ce, {"reduction": r, "label_smoothing": 0.1},
             nn.CrossEntropyLoss(weight=torch.rand(3) + 0.1, reduction=r, label_smoothing=0.1), [torch.randn(2, 3, 4, 2), y], True)
    case("ce_3d", ce, {"reduction": "mean"}, nn.CrossEntropyLoss(), [torch.randn(2, 4, 3), labels(2, 4, 3)], True)
    case("ce_prob_3d", ce, {"reduction": "mean"}, nn.CrossEntropyLoss(), [torch.randn(2, 4, 3), torch.softmax(torch.randn(2, 4, 3), 1)], True)
    case("ce_unbatched", ce, {"reduction": "mean"}, nn.CrossEntropyLoss(), [torch.randn(6), torch.tensor(4)], True)
    case("ce_batch1", ce, {"reduction": "mean"}, nn.CrossEntropyLoss(), [torch.randn(1, 10), torch.tensor([7])], True)
    case("ce_extreme_logits", ce, {"reduction": "mean"}, nn.CrossEntropyLoss(),
         [torch.tensor([[1000.0, -1000.0, 0.0], [-80.0, 80.0, 79.0], [30.0, 30.0, -30.0]]), torch.tensor([1, 1, 2])], True)

    for r in R:
        lp = torch.log_softmax(torch.randn(6, 4), 1)
        case("nll_" + r, "NLLLoss", {"reduction": r}, nn.NLLLoss(reduction=r), [lp, labels(6, 4)], True)
        y = labels(6, 4)
        y[2] = 3
        case("nll_weight_ignore_" + r, "NLLLoss", {"reduction": r, "ignore_index": 3},
             nn.NLLLoss(weight=torch.rand(4) + 0.1, ignore_index=3, reduction=r), [lp, y], True)
    case("nll_3d", "NLLLoss", {"reduction": "mean"}, nn.NLLLoss(), [torch.log_softmax(torch.randn(3, 4, 5), 1), labels(3, 4, 5)], True)

    for r in R:
        case("bce_" + r, "BCELoss", {"reduction": r}, nn.BCELoss(reduction=r), [torch.rand(4, 3) * 0.9 + 0.05, torch.rand(4, 3)], True)
        case("bce_weight_" + r, "BCELoss", {"reduction": r}, nn.BCELoss(weight=torch.rand(3) + 0.5, reduction=r),
             [torch.rand(4, 3) * 0.9 + 0.05, torch.randint(0, 2, (4, 3)).float()], True)
        case("bce_logits_" + r, "BCEWithLogitsLoss", {"reduction": r}, nn.BCEWithLogitsLoss(reduction=r),
             [torch.randn(5, 3) * 2, torch.rand(5, 3)], True)
        case("bce_logits_pos_weight_" + r, "BCEWithLogitsLoss", {"reduction": r},
             nn.BCEWithLogitsLoss(weight=torch.rand(5, 1) + 0.5, reduction=r, pos_weight=torch.rand(3) * 3),
             [torch.randn(5, 3) * 2, torch.randint(0, 2, (5, 3)).float()], True)
    # Probabilities at and next to 0 and 1: the log clamp (-100) and the gradient's 1e-12 floor. The target
    # gradient, -logit(x), is ±inf at 0 and 1 and is written as JSON's non-standard Infinity.
    x = torch.tensor([0.0, 0.0, 1.0, 1.0, 1e-8, 1e-8, 1 - 1e-7, 0.5, 1e-30, 0.3])
    y = torch.tensor([0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.5, 0.7])
    for r in R:
        case("bce_near_0_1_" + r, "BCELoss", {"reduction": r}, nn.BCELoss(reduction=r), [x, y], True)
    logits = torch.tensor([[-1000.0, -100.0, -30.0, -1.0, 0.0], [1.0, 30.0, 100.0, 1000.0, 20.0]])
    for r in R:
        case("bce_logits_extreme_" + r, "BCEWithLogitsLoss", {"reduction": r},
             nn.BCEWithLogitsLoss(reduction=r, pos_weight=torch.tensor([0.5, 1.0, 2.0, 3.0, 1.5])),
             [logits, torch.tensor([[0.0, 1.0, 0.0, 1.0, 0.5], [1.0, 0.0, 1.0, 0.0, 0.25]])], True)

    for r in R + ("batchmean",):
        case("kl_div_" + r, "KLDivLoss", {"reduction": r}, nn.KLDivLoss(reduction=r),
             [torch.log_softmax(torch.randn(4, 5), 1), torch.softmax(torch.randn(4, 5), 1)], True)
        case("kl_div_log_target_" + r, "KLDivLoss", {"reduction": r, "log_target": True}, nn.KLDivLoss(reduction=r, log_target=True),
             [torch.log_softmax(torch.randn(3, 4), 1), torch.log_softmax(torch.randn(3, 4), 1)], True)
    zeros = torch.softmax(torch.randn(3, 4), 1)
    zeros[0, 1] = 0.0
    zeros[2, 3] = 0.0
    # PyTorch's target gradient is NaN (0/0) where a target is 0: only the input's is compared.
    case("kl_div_zero_targets", "KLDivLoss", {"reduction": "batchmean"}, nn.KLDivLoss(reduction="batchmean"),
         [torch.log_softmax(torch.randn(3, 4), 1), zeros], True, grad_inputs=[0])


class NeuralNetwork(nn.Module):
    """PyTorch's quick-start model, CATALOG's NeuralNetwork."""

    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))

    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))


def mlp_sgd(steps=20, lr=0.1, batch=16):
    model = NeuralNetwork()
    x = torch.rand(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))
    tensors = [("x", x)] + [(k, v.clone()) for k, v in model.state_dict().items()]
    entries, offset, chunks = [], 0, []
    for name, v in tensors:
        entries.append({"name": name, "shape": list(v.shape), "offset": offset})
        offset += v.numel()
        chunks.append(v.detach().numpy().astype("<f4").tobytes())
    with open(os.path.join(OUT, "mlp_sgd.bin"), "wb") as f:
        f.write(b"".join(chunks))
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for _ in range(steps):
        model.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        losses.append(loss.item())
        with torch.no_grad():
            for p in model.parameters():
                p -= lr * p.grad
    write("mlp_sgd", {"repr": repr(model), "bin": "mlp_sgd.bin", "tensors": entries, "targets": t(y), "lr": lr, "steps": steps, "losses": losses})


class Transpose(nn.Module):
    """x.transpose(dim0, dim1) as a module, as LayerLab's Transpose node is one (torch.nn has none)."""

    def __init__(self, dim0, dim1):
        super().__init__()
        self.dim0, self.dim1 = dim0, dim1

    def forward(self, x):
        return x.transpose(self.dim0, self.dim1)

    def extra_repr(self):
        return "dim0=%d, dim1=%d" % (self.dim0, self.dim1)


class Permute(nn.Module):
    """x.permute(*dims) as a module, as LayerLab's Permute node is one (torchvision.ops.Permute, which ConvNeXt uses)."""

    def __init__(self, *dims):
        super().__init__()
        self.dims = dims

    def forward(self, x):
        return x.permute(*self.dims)

    def extra_repr(self):
        return "dims=(%s)" % ", ".join(str(d) for d in self.dims)


class Narrow(nn.Module):
    """x.narrow(dim, start, length) as a module, as LayerLab's Narrow node is one (torch.chunk's and torch.split's parts)."""

    def __init__(self, dim, start, length):
        super().__init__()
        self.dim, self.start, self.length = dim, start, length

    def forward(self, x):
        return x.narrow(self.dim, self.start, self.length)

    def extra_repr(self):
        return "dim=%d, start=%d, length=%d" % (self.dim, self.start, self.length)


class Select(nn.Module):
    """x.select(dim, index) as a module, as LayerLab's Select node (x[:, 0]: a Vision Transformer's class token)."""

    def __init__(self, dim, index):
        super().__init__()
        self.dim, self.index = dim, index

    def forward(self, x):
        return x.select(self.dim, self.index)

    def extra_repr(self):
        return "dim=%d, index=%d" % (self.dim, self.index)


class ClassToken(nn.Module):
    """torchvision's VisionTransformer's class token as a module: torch.cat([class_token.expand(N, -1, -1), x], dim=1)."""

    def __init__(self, embed_dim):
        super().__init__()
        self.class_token = nn.Parameter(torch.zeros(1, 1, embed_dim))

    def forward(self, x):
        return torch.cat([self.class_token.expand(x.size(0), -1, -1), x], dim=1)

    def extra_repr(self):
        return "embed_dim=%d" % self.class_token.shape[2]


class PositionEmbedding(nn.Module):
    """torchvision's ViT encoder's learned positions as a module: x + pos_embedding [1, L, D]."""

    def __init__(self, num_positions, embed_dim):
        super().__init__()
        self.pos_embedding = nn.Parameter(torch.empty(1, num_positions, embed_dim).normal_(std=0.02))

    def forward(self, x):
        return x + self.pos_embedding

    def extra_repr(self):
        return "num_positions=%d, embed_dim=%d" % tuple(self.pos_embedding.shape[1:])


class Add(nn.Module):
    """in1 + in2 + …, with broadcasting, as LayerLab's Add node (a residual connection)."""

    def forward(self, *xs):
        out = xs[0]
        for x in xs[1:]:
            out = out + x
        return out


class Multiply(nn.Module):
    """in1 * in2 * …, with broadcasting, as LayerLab's Multiply node (a gate)."""

    def forward(self, *xs):
        out = xs[0]
        for x in xs[1:]:
            out = out * x
        return out


class Concat(nn.Module):
    """torch.cat(inputs, dim), as LayerLab's Concat node."""

    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, *xs):
        return torch.cat(xs, dim=self.dim)

    def extra_repr(self):
        return "dim=%d" % self.dim


class Reshape(nn.Module):
    """x.reshape(*shape) (or x.view), the whole tensor's shape, as LayerLab's Reshape and View modules hold it."""

    def __init__(self, *shape, view=False):
        super().__init__()
        self.shape, self.view = shape, view

    def forward(self, x):
        return x.view(*self.shape) if self.view else x.reshape(*self.shape)

    def extra_repr(self):
        return "shape=(%s)" % (", ".join(str(v) for v in self.shape) + ("," if len(self.shape) == 1 else ""))

    def _get_name(self):
        return "View" if self.view else "Reshape"


def graph_ops():
    """Cases added after the others, with a seed of their own, so the earlier cases' files stay as they were."""
    torch.manual_seed(4321)
    case("transpose_12", "Transpose", {"dim0": 1, "dim1": 2}, Transpose(1, 2), [torch.randn(2, 3, 4)])
    case("transpose_negative", "Transpose", {"dim0": -1, "dim1": 1}, Transpose(-1, 1), [torch.randn(2, 3, 4, 5)])
    case("add_two", "Add", {}, Add(), [torch.randn(3, 4), torch.randn(3, 4)])
    case("add_three_broadcast", "Add", {}, Add(), [torch.randn(2, 3, 4, 4), torch.randn(2, 3, 1, 1), torch.randn(2, 3, 4, 4)])
    case("multiply_gate", "Multiply", {}, Multiply(), [torch.randn(3, 5), torch.sigmoid(torch.randn(3, 5))])
    case("multiply_broadcast", "Multiply", {}, Multiply(), [torch.randn(2, 4, 3, 3), torch.randn(2, 4, 1, 1)])
    case("concat_channels", "Concat", {"dim": 1}, Concat(1), [torch.randn(2, 3, 4, 4), torch.randn(2, 5, 4, 4)])
    case("concat_last", "Concat", {"dim": -1}, Concat(-1), [torch.randn(2, 3), torch.randn(2, 1), torch.randn(2, 4)])
    case("reshape_unflatten", "Reshape", {"shape": [-1, 2, 3, 4]}, Reshape(-1, 2, 3, 4), [torch.randn(3, 24)])
    case("view_flatten", "View", {"shape": [-1, 12]}, Reshape(-1, 12, view=True), [torch.randn(2, 3, 4)])


def unflattens():
    """nn.Unflatten, seeded on its own: a sample's dim split in several, one size inferred, from the end."""
    torch.manual_seed(1357)
    case("unflatten_channels", "Unflatten", {"dim": 1, "unflattened_size": [2, 3, 4]}, nn.Unflatten(1, (2, 3, 4)), [torch.randn(3, 24)])
    case("unflatten_inferred_last", "Unflatten", {"dim": -1, "unflattened_size": [2, -1]}, nn.Unflatten(-1, (2, -1)), [torch.randn(2, 3, 8)])


def clamps():
    """ReLU6, Hardtanh, Hardswish, Hardsigmoid and SiLU, seeded on their own; inputs hit the bounds exactly."""
    torch.manual_seed(2468)
    bounds = torch.tensor([-2.0, -1.0, -0.5, 0.0, 0.75, 1.0, 6.0, 7.5])
    case("relu6", "ReLU6", {}, nn.ReLU6(), [torch.cat([torch.randn(24) * 4, bounds]).reshape(4, 8)])
    case("hardtanh_default", "Hardtanh", {"min_val": -1.0, "max_val": 1.0}, nn.Hardtanh(), [torch.cat([torch.randn(16) * 2, bounds]).reshape(3, 8)])
    case("hardtanh_range", "Hardtanh", {"min_val": -0.5, "max_val": 0.75}, nn.Hardtanh(-0.5, 0.75), [torch.cat([torch.randn(16), bounds]).reshape(2, 3, 4)])
    # MobileNetV3's: the kinks at -3 and 3 hit exactly (hardswish's gradient there is -0.5 and, these 32 values being
    # PyTorch's vectorised path, 1: see nonfinite_edges; hardsigmoid's 0).
    kinks = torch.tensor([-4.0, -3.0, -2.5, -1.0, 0.0, 1.5, 3.0, 3.5])
    case("hardswish", "Hardswish", {}, nn.Hardswish(), [torch.cat([torch.randn(24) * 3, kinks]).reshape(4, 8)])
    case("hardsigmoid", "Hardsigmoid", {}, nn.Hardsigmoid(), [torch.cat([torch.randn(16) * 3, kinks]).reshape(2, 3, 4)])
    case("silu", "SiLU", {}, nn.SiLU(), [torch.cat([torch.randn(20) * 4, torch.tensor([-30.0, -1e-3, 0.0, 30.0])]).reshape(3, 8)])


def permutes():
    """Permute, seeded on its own: channels last and back (ConvNeXt's), and an order of five dims."""
    torch.manual_seed(1357)
    case("permute_channels_last", "Permute", {"dims": [0, 2, 3, 1]}, Permute(0, 2, 3, 1), [torch.randn(2, 3, 4, 5)])
    case("permute_channels_first", "Permute", {"dims": [0, 3, 1, 2]}, Permute(0, 3, 1, 2), [torch.randn(2, 4, 5, 3)])
    case("permute_five", "Permute", {"dims": [0, 4, 2, 1, 3]}, Permute(0, 4, 2, 1, 3), [torch.randn(2, 3, 2, 4, 5)])


def narrows():
    """Narrow, seeded on its own: the halves torch.chunk(x, 2, dim=1) gives (ShuffleNetV2's), a middle of the last dim."""
    torch.manual_seed(8642)
    x = torch.randn(2, 6, 3, 3)
    first, second = x.chunk(2, dim=1)
    assert torch.equal(Narrow(1, 0, 3)(x), first) and torch.equal(Narrow(1, 3, 3)(x), second)
    case("narrow_first_half", "Narrow", {"dim": 1, "start": 0, "length": 3}, Narrow(1, 0, 3), [x])
    case("narrow_second_half", "Narrow", {"dim": 1, "start": 3, "length": 3}, Narrow(1, 3, 3), [x])
    case("narrow_last_dim", "Narrow", {"dim": -1, "start": 2, "length": 4}, Narrow(-1, 2, 4), [torch.randn(3, 5, 7)])


def vision_transformer_parts():
    """Select, ClassToken and PositionEmbedding (a Vision Transformer's), seeded on their own; the token set to values, as
    training leaves it, so its gradient (summed over the batch) and its place in the output both show."""
    torch.manual_seed(9753)
    case("select_first", "Select", {"dim": 1, "index": 0}, Select(1, 0), [torch.randn(3, 5, 4)])
    case("select_last_negative", "Select", {"dim": -1, "index": -2}, Select(-1, -2), [torch.randn(2, 3, 4, 5)])
    token = ClassToken(6)
    with torch.no_grad():
        token.class_token.normal_()
    case("class_token", "ClassToken", {"embed_dim": 6}, token, [torch.randn(3, 4, 6)])
    case("position_embedding", "PositionEmbedding", {"num_positions": 5, "embed_dim": 4}, PositionEmbedding(5, 4), [torch.randn(3, 5, 4)])


def loss_edges():
    """Loss edge inputs, seeded on their own: ties and infinities at SmoothL1Loss's beta=0 (PyTorch's gradient at a tie is
    -1 for input and target alike, where L1Loss's is 0), a batch whose every target is ignored (the mean is 0/0, NaN, but the
    gradient 0, with label smoothing too), and KLDivLoss's negative target."""
    torch.manual_seed(2468)
    # ±inf inputs too: the loss is inf there and the gradients ±1, as L1's.
    inf = float("inf")
    x, y = torch.tensor([1.0, 2.0, 0.0, -1.5, 0.25, inf, -inf]), torch.tensor([1.0, 1.0, 0.5, -1.5, -0.5, 0.0, 1.0])
    for r in ("mean", "none"):
        case("smooth_l1_beta_0_ties_" + r, "SmoothL1Loss", {"reduction": r, "beta": 0.0}, nn.SmoothL1Loss(reduction=r, beta=0.0),
             [x, y], True)
    ignored = torch.full((4,), -100)
    case("ce_all_ignored_mean", "CrossEntropyLoss", {"reduction": "mean"}, nn.CrossEntropyLoss(), [torch.randn(4, 3), ignored], True)
    case("ce_all_ignored_smoothing_mean", "CrossEntropyLoss", {"reduction": "mean", "label_smoothing": 0.2},
         nn.CrossEntropyLoss(label_smoothing=0.2), [torch.randn(4, 3), ignored], True)
    # A negative target is no probability: PyTorch's xlogy(y, y) makes its loss NaN (a clamp made it a finite number).
    case("kl_div_negative_target", "KLDivLoss", {"reduction": "none"}, nn.KLDivLoss(reduction="none"),
         [torch.log_softmax(torch.randn(2, 3), 1), torch.tensor([[0.5, -0.25, 0.75], [0.3, 0.3, 0.4]])], True)


def nonfinite_edges():
    """Gradients PyTorch defines where the input is NaN or ±inf, and Hardswish's at exactly ±3, seeded on their own. The
    edge values come first in 48 values: PyTorch's CPU kernels take whole chunks (16 floats with AVX2, 32 with AVX-512)
    through their vectorised code and a small tensor or a chunk's tail through a scalar loop, and the two disagree at
    some edges (ReLU6's, ELU's and Hardswish's gradient at NaN: 0, NaN, NaN vectorised, 0.5·g, g, g scalar; Hardswish's
    at 3: g vectorised, 1.5·g scalar). LayerLab gives the vectorised path's answers, a large tensor's."""
    torch.manual_seed(1590)
    nan, inf = float("nan"), float("inf")

    def edged(*first):
        head = torch.tensor(list(first) + [nan, inf, -inf] * 3)
        return torch.cat([head, torch.randn(48 - head.numel()) * 3]).reshape(6, 8)

    case("relu_nonfinite", "ReLU", {}, nn.ReLU(), [edged()])
    case("leaky_relu_nonfinite", "LeakyReLU", {"negative_slope": 0.1}, nn.LeakyReLU(0.1), [edged()])
    case("relu6_nonfinite", "ReLU6", {}, nn.ReLU6(), [edged(0.0, 6.0)])
    case("elu_nonfinite", "ELU", {"alpha": 1.0}, nn.ELU(), [edged()])
    case("gelu_nonfinite", "GELU", {"approximate": "none"}, nn.GELU(), [edged()])
    case("gelu_tanh_nonfinite", "GELU", {"approximate": "tanh"}, nn.GELU("tanh"), [edged()])
    case("silu_nonfinite", "SiLU", {}, nn.SiLU(), [edged()])
    case("hardswish_kinks_vectorised", "Hardswish", {}, nn.Hardswish(), [edged(-3.0, 3.0, -3.0, 3.0)])
    # Input and target both NaN or ±inf, against finite values and each other (inf - inf is NaN).
    xs = [nan, inf, -inf, 1.0, nan, inf, -inf, 0.0, nan, inf, 2.0, -inf]
    ys = [0.0, 0.0, 0.0, nan, nan, inf, -inf, inf, 1.0, -inf, -inf, 3.0]
    for r in ("mean", "none"):
        x, y = torch.tensor(xs * 4).reshape(6, 8), torch.tensor(ys * 4).reshape(6, 8)
        case("l1_nonfinite_" + r, "L1Loss", {"reduction": r}, nn.L1Loss(reduction=r), [x, y], True)
        case("smooth_l1_nonfinite_" + r, "SmoothL1Loss", {"reduction": r, "beta": 1.0}, nn.SmoothL1Loss(reduction=r), [x, y], True)
        case("mse_nonfinite_" + r, "MSELoss", {"reduction": r}, nn.MSELoss(reduction=r), [x, y], True)
    # Softplus is an op (Tensor.softplus), not a layer: its own file, outside the index.
    x = edged(-30.0, 30.0).requires_grad_(True)
    y = nn.functional.softplus(x)
    gout = torch.randn(y.shape)
    y.backward(gout)
    write("softplus_nonfinite", {"input": t(x), "output": t(y), "gout": t(gout), "grad": t(x.grad)})
    # torch.sign is 0 at NaN and +0 at -0, on a lone value (the scalar loop) as on 48 (the vectorised path): an op, its own
    # file. Its gradient is 0 everywhere.
    x = edged(0.0, -0.0).requires_grad_(True)
    y = torch.sign(x)
    gout = torch.randn(y.shape)
    y.backward(gout)
    singles = [torch.tensor(v) for v in (nan, -0.0, 0.0, inf, -inf, -2.5, 1e-30)]
    write("sign_nonfinite", {"input": t(x), "output": t(y), "gout": t(gout), "grad": t(x.grad),
                             "scalars": [{"input": t(v), "output": t(torch.sign(v))} for v in singles]})


def main():
    torch.manual_seed(1234)
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".json") or f.endswith(".bin"):
            os.remove(os.path.join(OUT, f))
    layers()
    losses()
    mlp_sgd()
    graph_ops()
    clamps()
    permutes()
    narrows()
    vision_transformer_parts()
    loss_edges()
    nonfinite_edges()
    unflattens()
    write("index", {"layers": LAYERS, "losses": LOSSES})
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print("wrote %d layer and %d loss cases + mlp_sgd to %s (%.2f MB)" % (len(LAYERS), len(LOSSES), os.path.normpath(OUT), total / 1e6))


if __name__ == "__main__":
    sys.exit(main())
