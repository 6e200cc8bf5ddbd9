#!/usr/bin/env python3
"""PyTorch reference results for LayerLab's spatial layers: convolution, pooling, normalisation.

Run from the repository root with Debian's torch:  /usr/bin/python3 engine/src/test/python/make_spatial_fixtures.py

Writes engine/src/test/resources/fixtures/spatial/<case>.json, one file per case, and index.json listing
them ("layers", "batchnorm", "training"). A layer case holds:

    kind, args     the module (PyTorch's class name) and its constructor arguments by PyTorch's names
                   (int or list sizes, padding strings, None)
    repr           repr(module), which the Java module's toString() must equal
    params         the state_dict (weights drawn by PyTorch's default init; norm weights randomised)
    inputs         [x]
    output         module(x)
    gout           a fixed random upstream gradient of output's shape: out.backward(gout)
    grads          "input0" and every parameter by name

A batchnorm case ("batchnorm") replays several training steps, then evaluation steps:
    kind, args, repr, params (the initial state_dict)
    steps          [{"train": bool, "input", "gout", "output", "grads", "state"}]; "state" is the
                   state_dict after the step (running_mean, running_var, num_batches_tracked)

A training case ("training": cnn_sgd, cnn_adam, resnet_sgd, resnet_adam) trains CATALOG's SimpleCNN or
NetWithResBlock for 10 steps on one fixed batch of 8 with CrossEntropyLoss:
    model, optimizer, lr, steps, targets (int64), losses (each step's loss before its update),
    final          the state after the last step that is small: BatchNorm buffers, the classifier's bias
    bin, tensors   [{"name", "shape", "offset"}] in the model's binary (simplecnn.bin, netwithresblock.bin;
                   float32 little-endian, offset in floats, no header): the batch "x", then the initial
                   float state_dict under PyTorch's keys (num_batches_tracked starts at 0).
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "spatial")
INDEX = {"layers": [], "batchnorm": [], "training": []}


def t(x):
    x = x.detach()
    if x.dtype == torch.int64:
        return {"shape": list(x.shape), "data": x.flatten().tolist(), "dtype": "int64"}
    return {"shape": list(x.shape), "data": x.double().flatten().tolist()}


def write(name, obj):
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(obj, f, separators=(",", ":"))


def make(kind, args):
    # Tuples, as PyTorch code writes sizes (layers that keep their arguments print them back as given).
    return getattr(nn, kind)(**{k: tuple(v) if isinstance(v, list) else v for k, v in args.items()})


def randomise_norm(m):
    """Norm layers start at weight 1, bias 0; random values make their gradients checkable."""
    with torch.no_grad():
        if getattr(m, "weight", None) is not None:
            m.weight.copy_(torch.rand(m.weight.shape) + 0.5)
        if getattr(m, "bias", None) is not None:
            m.bias.copy_(torch.randn(m.bias.shape) * 0.5)


def layer(name, kind, args, shape, x=None, float64=False):
    """float64: the reference is computed in double (then rounded), for inputs where PyTorch's float32 kernel
    itself loses digits (layer norm of |mean| ≫ std: its x·rstd − mean·rstd cancels)."""
    torch.manual_seed(len(INDEX["layers"]) + 1)
    m = make(kind, args)
    if kind == "LayerNorm":
        randomise_norm(m)
    x = (torch.randn(*shape) if x is None else x).clone()
    state = {k: t(v) for k, v in m.state_dict().items()}
    if float64:
        m = m.double()
        x = x.double()
    x.requires_grad_(True)
    out = m(x)
    gout = torch.randn(out.shape, dtype=out.dtype)
    out.backward(gout)
    grads = {"input0": t(x.grad.float())}
    for k, p in m.named_parameters():
        grads[k] = t(p.grad.float())
    out, gout, x = out.float(), gout.float(), x.float()
    write(name, {"kind": kind, "args": args, "repr": repr(m), "params": state,
                 "inputs": [t(x)], "output": t(out), "gout": t(gout), "grads": grads})
    INDEX["layers"].append(name)


def layers():
    # Convolutions: odd sizes, stride, padding (numbers, 'same' with an even kernel, 'valid'), every padding
    # mode, dilation, groups (depthwise too), pointwise, batch 1, unbatched.
    layer("conv1d_basic", "Conv1d", {"in_channels": 3, "out_channels": 4, "kernel_size": 3}, (2, 3, 11))
    layer("conv1d_stride_pad_dil_groups", "Conv1d", {"in_channels": 4, "out_channels": 6, "kernel_size": 3, "stride": 2,
          "padding": 2, "dilation": 2, "groups": 2}, (2, 4, 13))
    layer("conv1d_same_reflect", "Conv1d", {"in_channels": 2, "out_channels": 3, "kernel_size": 4, "padding": "same",
          "padding_mode": "reflect"}, (1, 2, 9))
    layer("conv1d_circular_nobias", "Conv1d", {"in_channels": 2, "out_channels": 2, "kernel_size": 3, "padding": 2,
          "padding_mode": "circular", "bias": False}, (2, 2, 7))
    layer("conv1d_unbatched", "Conv1d", {"in_channels": 2, "out_channels": 3, "kernel_size": 3, "padding": 1}, (2, 8))
    layer("conv2d_basic", "Conv2d", {"in_channels": 3, "out_channels": 5, "kernel_size": 3, "padding": 1}, (2, 3, 7, 9))
    layer("conv2d_stride_rect", "Conv2d", {"in_channels": 3, "out_channels": 4, "kernel_size": [3, 2], "stride": [2, 3],
          "padding": [1, 2]}, (2, 3, 11, 13))
    layer("conv2d_dilation", "Conv2d", {"in_channels": 2, "out_channels": 3, "kernel_size": 3, "dilation": 2, "padding": 1},
          (1, 2, 9, 8))
    layer("conv2d_groups_stride", "Conv2d", {"in_channels": 4, "out_channels": 6, "kernel_size": 3, "groups": 2, "stride": 2},
          (3, 4, 9, 9))
    layer("conv2d_depthwise", "Conv2d", {"in_channels": 3, "out_channels": 6, "kernel_size": 3, "groups": 3, "padding": 1,
          "bias": False}, (2, 3, 7, 7))
    layer("conv2d_pointwise", "Conv2d", {"in_channels": 4, "out_channels": 3, "kernel_size": 1}, (2, 4, 5, 5))
    layer("conv2d_same_even_dilated", "Conv2d", {"in_channels": 2, "out_channels": 3, "kernel_size": [4, 3], "padding": "same",
          "dilation": [1, 2]}, (2, 2, 7, 8))
    layer("conv2d_valid", "Conv2d", {"in_channels": 2, "out_channels": 2, "kernel_size": 3, "padding": "valid"}, (1, 2, 5, 6))
    for mode in ("reflect", "replicate", "circular"):
        layer("conv2d_" + mode, "Conv2d", {"in_channels": 2, "out_channels": 3, "kernel_size": 3, "padding": [1, 2],
              "padding_mode": mode}, (2, 2, 6, 7))
    layer("conv2d_same_replicate", "Conv2d", {"in_channels": 2, "out_channels": 2, "kernel_size": 2, "padding": "same",
          "padding_mode": "replicate"}, (1, 2, 5, 6))
    layer("conv2d_batch1_stride3", "Conv2d", {"in_channels": 1, "out_channels": 4, "kernel_size": 5, "stride": 3, "padding": 2},
          (1, 1, 13, 11))
    layer("conv2d_unbatched", "Conv2d", {"in_channels": 2, "out_channels": 3, "kernel_size": 3}, (2, 6, 6))
    layer("conv2d_wide", "Conv2d", {"in_channels": 16, "out_channels": 24, "kernel_size": 3, "padding": 1}, (2, 16, 5, 6))
    layer("conv3d_basic", "Conv3d", {"in_channels": 2, "out_channels": 3, "kernel_size": 3, "padding": 1}, (2, 2, 3, 5, 4))
    layer("conv3d_stride_dil_groups", "Conv3d", {"in_channels": 4, "out_channels": 4, "kernel_size": [2, 3, 3],
          "stride": [1, 2, 2], "dilation": [2, 1, 1], "groups": 2, "padding": [1, 0, 1]}, (1, 4, 6, 7, 7))
    layer("conv3d_replicate", "Conv3d", {"in_channels": 2, "out_channels": 2, "kernel_size": 3, "padding": 1,
          "padding_mode": "replicate"}, (1, 2, 4, 5, 5))
    layer("convtranspose2d_basic", "ConvTranspose2d", {"in_channels": 3, "out_channels": 2, "kernel_size": 3}, (2, 3, 5, 6))
    layer("convtranspose2d_stride_outpad", "ConvTranspose2d", {"in_channels": 4, "out_channels": 2, "kernel_size": 3,
          "stride": 2, "padding": 1, "output_padding": 1}, (2, 4, 5, 5))
    layer("convtranspose2d_groups_dil", "ConvTranspose2d", {"in_channels": 4, "out_channels": 6, "kernel_size": [3, 2],
          "stride": [2, 1], "padding": [1, 0], "groups": 2, "dilation": [1, 2], "bias": False}, (1, 4, 4, 5))
    layer("convtranspose2d_unbatched", "ConvTranspose2d", {"in_channels": 2, "out_channels": 3, "kernel_size": 2, "stride": 2},
          (2, 3, 4))

    # Pooling: odd sizes, overlapping windows, padding, dilation, ceil_mode, count_include_pad, ties.
    layer("maxpool1d_basic", "MaxPool1d", {"kernel_size": 3}, (2, 3, 11))
    layer("maxpool1d_full", "MaxPool1d", {"kernel_size": 3, "stride": 2, "padding": 1, "dilation": 2, "ceil_mode": True},
          (2, 2, 12))
    layer("maxpool2d_2", "MaxPool2d", {"kernel_size": 2}, (2, 3, 8, 9))
    layer("maxpool2d_overlap_pad", "MaxPool2d", {"kernel_size": 3, "stride": 2, "padding": 1}, (2, 2, 9, 9))
    layer("maxpool2d_ceil_dil", "MaxPool2d", {"kernel_size": [3, 2], "stride": [2, 1], "padding": 1, "dilation": [2, 1],
          "ceil_mode": True}, (1, 2, 10, 7))
    layer("maxpool2d_unbatched", "MaxPool2d", {"kernel_size": 2, "stride": 1}, (2, 5, 5))
    torch.manual_seed(99)
    layer("maxpool2d_ties", "MaxPool2d", {"kernel_size": 2}, None, torch.randint(0, 3, (1, 2, 6, 6)).float())
    layer("maxpool2d_ties_overlap", "MaxPool2d", {"kernel_size": 3, "stride": 1}, None, torch.randint(0, 2, (1, 1, 5, 6)).float())
    layer("avgpool1d_basic", "AvgPool1d", {"kernel_size": 3}, (2, 3, 10))
    layer("avgpool1d_pad_noinc_ceil", "AvgPool1d", {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True,
          "count_include_pad": False}, (2, 2, 10))
    layer("avgpool1d_pad_inc_ceil", "AvgPool1d", {"kernel_size": 4, "stride": 3, "padding": 2, "ceil_mode": True}, (1, 2, 11))
    layer("avgpool2d_basic", "AvgPool2d", {"kernel_size": 2}, (2, 3, 7, 9))
    layer("avgpool2d_pad_inc", "AvgPool2d", {"kernel_size": 3, "stride": 2, "padding": 1}, (2, 2, 9, 8))
    layer("avgpool2d_pad_noinc_ceil", "AvgPool2d", {"kernel_size": [3, 2], "stride": [2, 2], "padding": [1, 1], "ceil_mode": True,
          "count_include_pad": False}, (1, 2, 8, 7))
    layer("avgpool2d_ceil_inc", "AvgPool2d", {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True,
          "count_include_pad": True}, (1, 2, 8, 8))
    layer("avgpool2d_divisor", "AvgPool2d", {"kernel_size": 2, "divisor_override": 3}, (1, 2, 6, 6))
    layer("avgpool2d_unbatched", "AvgPool2d", {"kernel_size": [2, 3], "stride": [1, 2]}, (3, 5, 7))
    layer("adaptiveavgpool2d_1", "AdaptiveAvgPool2d", {"output_size": 1}, (2, 4, 7, 9))
    layer("adaptiveavgpool2d_odd", "AdaptiveAvgPool2d", {"output_size": [3, 4]}, (2, 2, 7, 10))
    layer("adaptiveavgpool2d_none", "AdaptiveAvgPool2d", {"output_size": [None, 2]}, (1, 2, 5, 7))
    layer("adaptiveavgpool2d_up", "AdaptiveAvgPool2d", {"output_size": [5, 6]}, (1, 1, 3, 4))
    layer("adaptivemaxpool2d_odd", "AdaptiveMaxPool2d", {"output_size": [3, 2]}, (2, 2, 7, 5))
    layer("adaptivemaxpool2d_1", "AdaptiveMaxPool2d", {"output_size": 1}, (1, 3, 4, 4))
    layer("adaptivemaxpool2d_up_unbatched", "AdaptiveMaxPool2d", {"output_size": [4, 5]}, (2, 3, 3))

    layer("layernorm_basic", "LayerNorm", {"normalized_shape": 6}, (3, 4, 6))
    layer("layernorm_2d_eps", "LayerNorm", {"normalized_shape": [3, 5], "eps": 1e-3}, (2, 3, 5))
    layer("layernorm_noaffine", "LayerNorm", {"normalized_shape": 7, "elementwise_affine": False}, (4, 7))
    layer("layernorm_offset", "LayerNorm", {"normalized_shape": 40}, None, torch.randn(3, 40) * 0.01 + 100, float64=True)

    # Depthwise (a filter per channel, stride 1: LayerLab's kernel of their own): ConvNeXt's 7×7, a plane wider than a
    # vector with a rectangular kernel, no padding, and 1-D.
    layer("conv2d_depthwise_7x7", "Conv2d", {"in_channels": 8, "out_channels": 8, "kernel_size": 7, "groups": 8, "padding": 3},
          (2, 8, 9, 11))
    layer("conv2d_depthwise_rect", "Conv2d", {"in_channels": 5, "out_channels": 5, "kernel_size": [3, 5], "groups": 5,
          "padding": [1, 2], "bias": False}, (3, 5, 6, 20))
    layer("conv2d_depthwise_valid", "Conv2d", {"in_channels": 4, "out_channels": 4, "kernel_size": 3, "groups": 4}, (2, 4, 5, 5))
    layer("conv1d_depthwise", "Conv1d", {"in_channels": 6, "out_channels": 6, "kernel_size": 5, "groups": 6, "padding": 2}, (2, 6, 19))

    # Upsample (F.interpolate): nearest's floor rule (×2, a size that does not divide, a scale that does not divide:
    # 1/scale places the samples, not in/out), bilinear's half-pixel rule with its edge clamp, align_corners.
    layer("upsample_nearest_x2", "Upsample", {"scale_factor": 2.0}, (2, 3, 4, 5))
    layer("upsample_nearest_size", "Upsample", {"size": [7, 5]}, (2, 2, 3, 4))
    layer("upsample_nearest_x1_5", "Upsample", {"scale_factor": 1.5}, (1, 2, 3, 5))
    layer("upsample_nearest_pair", "Upsample", {"scale_factor": [2.0, 3.0]}, (1, 2, 3, 2))
    layer("upsample_bilinear_x2", "Upsample", {"scale_factor": 2.0, "mode": "bilinear"}, (2, 3, 4, 5))
    layer("upsample_bilinear_x2_align", "Upsample", {"scale_factor": 2.0, "mode": "bilinear", "align_corners": True}, (2, 3, 4, 5))
    layer("upsample_bilinear_x1_5", "Upsample", {"scale_factor": 1.5, "mode": "bilinear"}, (1, 2, 5, 3))
    layer("upsample_bilinear_size_align", "Upsample", {"size": [6, 1], "mode": "bilinear", "align_corners": True}, (1, 2, 3, 4))
    # A scale per dim (H, W) with bilinear, half-pixel and align_corners (last here: the seeds before stay as they were).
    layer("upsample_bilinear_pair", "Upsample", {"scale_factor": [1.5, 2.0], "mode": "bilinear"}, (2, 2, 3, 4))
    layer("upsample_bilinear_pair_align", "Upsample", {"scale_factor": [2.0, 0.5], "mode": "bilinear", "align_corners": True}, (1, 3, 4, 6))


def batchnorm(name, kind, args, shape, modes=("train", "train", "train", "eval", "eval"), shift=True):
    torch.manual_seed(1000 + len(INDEX["batchnorm"]))
    m = make(kind, args)
    randomise_norm(m)
    init = {k: t(v) for k, v in m.state_dict().items()}
    steps = []
    for i, mode in enumerate(modes):
        m.train(mode == "train")
        m.zero_grad()
        x = torch.randn(*shape)
        if shift:  # statistics away from (0, 1), different per channel
            c = shape[1]
            view = [1, c] + [1] * (len(shape) - 2)
            x = x * (torch.rand(c) * 2 + 0.5).view(view) + (torch.randn(c) * 2).view(view)
        x.requires_grad_(True)
        out = m(x)
        gout = torch.randn(out.shape)
        out.backward(gout)
        grads = {"input0": t(x.grad)}
        for k, p in m.named_parameters():
            grads[k] = t(p.grad)
        steps.append({"train": mode == "train", "input": t(x), "gout": t(gout), "output": t(out), "grads": grads,
                      "state": {k: t(v) for k, v in m.state_dict().items() if not k.endswith("weight") and not k.endswith("bias")}})
    write(name, {"kind": kind, "args": args, "repr": repr(m), "params": init, "steps": steps})
    INDEX["batchnorm"].append(name)


def batchnorms():
    batchnorm("bn2d_default", "BatchNorm2d", {"num_features": 3}, (4, 3, 3, 5))
    batchnorm("bn2d_momentum_none", "BatchNorm2d", {"num_features": 3, "momentum": None}, (3, 3, 4, 5),
              ("train", "train", "train", "train", "eval"))
    batchnorm("bn2d_noaffine", "BatchNorm2d", {"num_features": 4, "affine": False, "momentum": 0.3}, (2, 4, 3, 5))
    batchnorm("bn2d_notrack", "BatchNorm2d", {"num_features": 3, "track_running_stats": False}, (3, 3, 4, 4),
              ("train", "train", "eval"))
    batchnorm("bn2d_batch1", "BatchNorm2d", {"num_features": 2, "eps": 1e-3}, (1, 2, 3, 3), ("train", "train", "eval"))
    batchnorm("bn1d_2d", "BatchNorm1d", {"num_features": 5}, (6, 5))
    batchnorm("bn1d_3d", "BatchNorm1d", {"num_features": 4, "eps": 1e-3, "momentum": 0.5}, (3, 4, 7))
    batchnorm("bn1d_2d_batch2", "BatchNorm1d", {"num_features": 3}, (2, 3), ("train", "eval"))


class ResBlock(nn.Module):
    # CATALOG's ResBlock(16): conv-BN-ReLU-conv-BN, + identity, ReLU.
    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(c)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(c)

    def forward(self, x):
        out = torch.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return torch.relu(out + x)


class NetWithResBlock(nn.Module):
    # CATALOG's NetWithResBlock: Conv2d(1,16,3,p1) → ResBlock(16) → AdaptiveAvgPool2d(1) → Flatten → Linear(16,10).
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.resblock = ResBlock(16)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        return self.fc(self.flatten(self.pool(self.resblock(self.conv1(x)))))


def simple_cnn():
    # CATALOG's SimpleCNN.
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(3136, 10))


def model_bin(name, make_model, batch=8):
    """Writes <name>.bin: the batch "x" then the model's initial float state_dict; returns (model, x, y, tensor list)."""
    torch.manual_seed(7)
    model = make_model()
    x = torch.randn(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))
    tensors, chunks, offset = [], [], 0
    for key, v in [("x", x)] + [(k, v) for k, v in model.state_dict().items() if v.dtype == torch.float32]:
        a = v.detach().contiguous().numpy().astype("<f4").ravel()
        tensors.append({"name": key, "shape": list(v.shape), "offset": offset})
        chunks.append(a)
        offset += a.size
    with open(os.path.join(OUT, name + ".bin"), "wb") as f:
        f.write(np.concatenate(chunks).tobytes())
    return model, x, y, tensors


def training(name, model_name, bin_name, make_model, optimizer, lr, steps=10):
    model, x, y, tensors = model_bin(bin_name, make_model)
    opt = torch.optim.SGD(model.parameters(), lr=lr) if optimizer == "sgd" else torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    # The final state that is small enough to keep: BatchNorm buffers and the classifier's bias.
    final = {k: t(v) for k, v in model.state_dict().items() if "bn" in k or k.endswith("fc.bias") or k == "7.bias"}
    write(name, {"model": model_name, "optimizer": optimizer, "lr": lr, "steps": steps, "targets": t(y), "losses": losses,
                 "bin": bin_name + ".bin", "tensors": tensors, "final": final})
    INDEX["training"].append(name)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    layers()
    batchnorms()
    training("cnn_sgd", "SimpleCNN", "simplecnn", simple_cnn, "sgd", 0.01)
    training("cnn_adam", "SimpleCNN", "simplecnn", simple_cnn, "adam", 1e-3)
    training("resnet_sgd", "NetWithResBlock", "netwithresblock", NetWithResBlock, "sgd", 0.05)
    training("resnet_adam", "NetWithResBlock", "netwithresblock", NetWithResBlock, "adam", 1e-3)
    with open(os.path.join(OUT, "index.json"), "w") as f:
        json.dump(INDEX, f, indent=1)


if __name__ == "__main__":
    main()
