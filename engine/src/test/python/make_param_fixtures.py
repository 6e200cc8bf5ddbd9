#!/usr/bin/env python3
"""PyTorch reference results for unusual combinations of constructor arguments, replayed through LayerLab's project
format: each case is one layer as a node of a drawing (Input → layer → Output, or Input, Input → loss), its params
written as a project file writes them, so the descriptor (params, defaults, shape rule, factory) is checked with the
module behind it. The other fixture scripts build the engine's modules directly; this one is the user's road.

Run from the repository root with Debian's torch:  /usr/bin/python3 engine/src/test/python/make_param_fixtures.py

Writes engine/src/test/resources/fixtures/param/cases.json: {"torch": version, "cases": [case, ...]}, a case holding

    name           the case's name
    kind           the LayerLab kind and PyTorch class (torch.nn.<kind>)
    args           PyTorch's constructor arguments
    repr           repr(module), which the compiled node's toString() must equal
    params         the node's "params" in the project file (LayerLab's defaults differ from PyTorch's in a few places:
                   batch_first is true, KLDivLoss's reduction is 'batchmean', so those are written out)
    train          whether the module runs in training mode (else eval)
    state          the state_dict before the forward, PyTorch's keys (the node's weights are "<node>.<key>")
    inputs         forward arguments in order: {"name", "tensor"}; an int64 tensor has "dtype": "int64"
    output         module(*inputs) (an RNN's first output, the sequence)
    gout           a fixed random upstream gradient of output's shape: output.backward(gout)
    grads          "input0", "input1", ... for float inputs that take one, and every parameter by key
    state_after    the state_dict after the forward where it changes (max_norm renormalises rows in place)

Tensors are {"shape": [...], "data": [...]} holding float32 values exactly (as doubles).
"""
import json
import os

import torch
import torch.nn as nn

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "param"))
CASES = []


def t(x):
    x = x.detach()
    if x.dtype == torch.int64:
        return {"shape": list(x.shape), "data": x.flatten().tolist(), "dtype": "int64"}
    return {"shape": list(x.shape), "data": x.double().flatten().tolist()}


def arg(k, v):
    """A constructor argument as torch takes it: a loss's weight list as a tensor, other lists as tuples."""
    if k in ("weight", "pos_weight"):
        return torch.tensor(v)
    return tuple(v) if isinstance(v, list) and k != "normalized_shape" else v


def case(name, kind, args, inputs, params=None, train=True, randomise=False, grad_inputs=None):
    """Builds torch.nn.<kind>(**args) (lists as tuples), runs it on inputs (x, or [x, target] for a loss) and records it."""
    torch.manual_seed(len(CASES) + 500)
    m = getattr(nn, kind)(**{k: arg(k, v) for k, v in args.items()})
    if randomise:  # norm layers start at 1 and 0: random values make their gradients checkable
        with torch.no_grad():
            for k, p in m.named_parameters():
                p.copy_(torch.rand(p.shape) + 0.5 if k == "weight" else torch.randn(p.shape) * 0.5)
    m.train(train)
    # A loss's weight / pos_weight buffers come from its params in the project, not from a weights file.
    state = {} if kind.endswith("Loss") else {k: t(v) for k, v in m.state_dict().items()}
    inputs = [x.clone() for x in inputs]
    for i, x in enumerate(inputs):
        if x.dtype.is_floating_point and (grad_inputs is None or i in grad_inputs):
            x.requires_grad_(True)
    out = m(*inputs)
    if isinstance(out, tuple):
        out = out[0]
    gout = torch.randn(out.shape)
    out.backward(gout)
    grads = {"input%d" % i: t(x.grad) for i, x in enumerate(inputs) if x.grad is not None}
    for k, p in m.named_parameters():
        grads[k] = t(p.grad)
    c = {"name": name, "kind": kind, "args": args, "repr": repr(m), "params": dict(args if params is None else params), "train": train,
         "state": state, "inputs": [{"name": "x" if i == 0 else "target", "tensor": t(x)} for i, x in enumerate(inputs)],
         "output": t(out), "gout": t(gout), "grads": grads}
    after = {} if kind.endswith("Loss") else {k: t(v) for k, v in m.state_dict().items()}
    if after != state:
        c["state_after"] = after
    CASES.append(c)


def convolutions():
    # padding_mode other than zeros with stride > 1 (the padded input is strided over), with dilation and groups.
    case("conv2d_reflect_stride2_dil2", "Conv2d", {"in_channels": 3, "out_channels": 4, "kernel_size": 3, "stride": 2, "padding": 2,
         "dilation": 2, "padding_mode": "reflect"}, [torch.randn(2, 3, 9, 10)])
    case("conv2d_circular_stride_groups", "Conv2d", {"in_channels": 4, "out_channels": 6, "kernel_size": [3, 2], "stride": [3, 2],
         "padding": [1, 2], "groups": 2, "padding_mode": "circular"}, [torch.randn(1, 4, 10, 9)])
    case("conv2d_replicate_stride2_depthwise_nobias", "Conv2d", {"in_channels": 3, "out_channels": 6, "kernel_size": 3, "stride": 2,
         "padding": 1, "groups": 3, "bias": False, "padding_mode": "replicate"}, [torch.randn(2, 3, 8, 7)])
    # 'same' with an even kernel and dilation: dilation·(k − 1) odd, the extra row and column on the end side.
    case("conv2d_same_even_dil3_reflect", "Conv2d", {"in_channels": 2, "out_channels": 3, "kernel_size": [4, 2], "padding": "same",
         "dilation": [3, 1], "padding_mode": "reflect"}, [torch.randn(1, 2, 11, 9)])
    case("conv1d_same_even_dil3", "Conv1d", {"in_channels": 2, "out_channels": 3, "kernel_size": 4, "padding": "same", "dilation": 3},
         [torch.randn(2, 2, 12)])
    case("conv1d_same_even_circular", "Conv1d", {"in_channels": 2, "out_channels": 2, "kernel_size": 4, "padding": "same",
         "dilation": 2, "padding_mode": "circular", "bias": False}, [torch.randn(2, 2, 8)])
    case("conv3d_same_even_replicate_groups", "Conv3d", {"in_channels": 4, "out_channels": 2, "kernel_size": [2, 3, 4],
         "padding": "same", "dilation": [1, 1, 2], "groups": 2, "padding_mode": "replicate"}, [torch.randn(1, 4, 4, 5, 7)])
    case("conv2d_depthwise_nobias_stride_dil", "Conv2d", {"in_channels": 4, "out_channels": 4, "kernel_size": 3, "stride": 2,
         "padding": 2, "dilation": 2, "groups": 4, "bias": False}, [torch.randn(2, 4, 9, 8)])
    # output_padding at least stride but below dilation (PyTorch allows either), with groups and no bias.
    case("convtranspose2d_outpad_below_dilation", "ConvTranspose2d", {"in_channels": 4, "out_channels": 6, "kernel_size": 3,
         "stride": 1, "padding": 1, "output_padding": 2, "groups": 2, "dilation": 3}, [torch.randn(2, 4, 5, 4)])
    case("convtranspose2d_outpad_stride_dil_groups", "ConvTranspose2d", {"in_channels": 6, "out_channels": 3, "kernel_size": [3, 2],
         "stride": [2, 3], "padding": [2, 1], "output_padding": [1, 2], "groups": 3, "dilation": [2, 1], "bias": False},
         [torch.randn(1, 6, 4, 5)])


def pools():
    # ceil_mode where the last window would start in the padding: PyTorch drops it (5 + 2·1 → 3 windows, not 4).
    case("maxpool2d_ceil_last_in_padding", "MaxPool2d", {"kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True},
         [torch.randn(2, 2, 5, 7)])
    case("maxpool1d_ceil_dil_last_in_padding", "MaxPool1d", {"kernel_size": 2, "stride": 3, "padding": 1, "dilation": 2,
         "ceil_mode": True}, [torch.randn(2, 3, 8)])
    case("maxpool2d_dil_stride_pad", "MaxPool2d", {"kernel_size": [3, 2], "stride": [1, 2], "padding": [1, 1], "dilation": [2, 3]},
         [torch.randn(1, 2, 8, 9)])
    case("avgpool2d_ceil_last_in_padding_noinc", "AvgPool2d", {"kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True,
         "count_include_pad": False}, [torch.randn(2, 2, 5, 7)])
    case("avgpool2d_ceil_last_in_padding_inc", "AvgPool2d", {"kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True},
         [torch.randn(1, 2, 5, 5)])
    case("avgpool1d_ceil_last_in_padding", "AvgPool1d", {"kernel_size": 3, "stride": 3, "padding": 1, "ceil_mode": True,
         "count_include_pad": False}, [torch.randn(2, 2, 8)])
    # divisor_override: every window's sum divided by it, padding and a clipped ceil_mode window alike.
    case("avgpool2d_divisor_pad_ceil", "AvgPool2d", {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True,
         "divisor_override": 2}, [torch.randn(2, 2, 6, 7)])
    case("avgpool2d_divisor_noinc", "AvgPool2d", {"kernel_size": [2, 3], "stride": [2, 1], "padding": [1, 1],
         "count_include_pad": False, "divisor_override": 5}, [torch.randn(1, 3, 5, 6)])
    case("adaptiveavgpool2d_nondivisible", "AdaptiveAvgPool2d", {"output_size": [3, 4]}, [torch.randn(2, 2, 10, 7)])
    case("adaptivemaxpool2d_nondivisible", "AdaptiveMaxPool2d", {"output_size": [4, 3]}, [torch.randn(2, 2, 11, 5)])


def norms():
    case("layernorm_three_dims", "LayerNorm", {"normalized_shape": [2, 3, 4], "eps": 1e-4}, [torch.randn(3, 2, 3, 4) * 2 + 1],
         randomise=True)
    case("layernorm_three_dims_noaffine", "LayerNorm", {"normalized_shape": [2, 3, 4], "elementwise_affine": False},
         [torch.randn(3, 2, 3, 4) * 2 + 1])
    x = torch.randn(4, 3, 5) * 3 + 2
    case("batchnorm1d_momentum_none_noaffine", "BatchNorm1d", {"num_features": 3, "momentum": None, "affine": False}, [x])
    case("batchnorm2d_notrack_eval", "BatchNorm2d", {"num_features": 3, "track_running_stats": False}, [torch.randn(3, 3, 4, 4) + 1],
         train=False, randomise=True)
    case("batchnorm2d_notrack_noaffine_eval", "BatchNorm2d", {"num_features": 2, "affine": False, "track_running_stats": False,
         "eps": 1e-3}, [torch.randn(2, 2, 3, 5)], train=False)
    case("dropout_eval", "Dropout", {"p": 0.7}, [torch.randn(3, 5)], train=False)
    case("dropout2d_eval", "Dropout2d", {"p": 0.4}, [torch.randn(2, 3, 4, 4)], train=False)


def sequences():
    ids = torch.tensor([[0, 3, 3, 7, 9], [2, 0, 5, 3, 1]])
    case("embedding_padding_max_norm", "Embedding", {"num_embeddings": 10, "embedding_dim": 4, "padding_idx": 0, "max_norm": 1.0},
         [ids])
    case("embedding_max_norm_p1", "Embedding", {"num_embeddings": 10, "embedding_dim": 4, "max_norm": 2.0, "norm_type": 1.0},
         [ids])
    # Stacked with dropout between the layers, in eval (no dropout), without biases, both ways.
    for kind in ("RNN", "LSTM", "GRU"):
        args = {"input_size": 3, "hidden_size": 5, "num_layers": 3, "bias": False, "batch_first": True, "dropout": 0.5,
                "bidirectional": kind != "LSTM"}
        case(kind.lower() + "_3layers_dropout_eval_nobias", kind, args, [torch.randn(2, 4, 3)], train=False)


def losses():
    def labels(*shape, c):
        return torch.randint(0, c, shape)

    y = labels(3, 4, 2, c=5)
    y[0, 1, 1] = 1
    y[2, 3, 0] = 1
    for r in ("mean", "sum", "none"):
        case("ce_ignore_smoothing_3d_" + r, "CrossEntropyLoss", {"ignore_index": 1, "label_smoothing": 0.3, "reduction": r},
             [torch.randn(3, 5, 4, 2), y])
    y = labels(4, 3, c=4)
    y[1, 2] = 0
    case("nll_ignore_3d_mean", "NLLLoss", {"ignore_index": 0}, [torch.log_softmax(torch.randn(4, 4, 3), 1), y])
    case("kl_div_log_target_batchmean", "KLDivLoss", {"reduction": "batchmean", "log_target": True},
         [torch.log_softmax(torch.randn(3, 5), 1), torch.log_softmax(torch.randn(3, 5), 1)])
    case("kl_div_default_mean", "KLDivLoss", {}, [torch.log_softmax(torch.randn(3, 5), 1), torch.softmax(torch.randn(3, 5), 1)],
         params={"reduction": "mean"})
    case("smooth_l1_beta0_sum", "SmoothL1Loss", {"beta": 0.0, "reduction": "sum"}, [torch.randn(4, 3), torch.randn(4, 3)])
    case("bce_logits_sum", "BCEWithLogitsLoss", {"reduction": "sum"}, [torch.randn(4, 3) * 3, torch.rand(4, 3)])
    weighted_losses(labels)


def weighted_losses(labels):
    """Class weights and pos_weight as a project sets them (lists of numbers), with ignore_index and label_smoothing: the
    weighted mean divides by the summed weights of the targets that count, and the smoothing term is weighted too."""
    for r in ("mean", "sum", "none"):
        y = labels(9, c=2)
        y[3] = -100
        case("ce_weight_1_9_" + r, "CrossEntropyLoss", {"weight": [1.0, 9.0], "reduction": r}, [torch.randn(9, 2), y])
        y = labels(6, c=3)
        y[1] = 2
        y[4] = 2
        case("ce_weight_ignore_smoothing_" + r, "CrossEntropyLoss",
             {"weight": [0.5, 2.0, 3.25], "ignore_index": 2, "label_smoothing": 0.2, "reduction": r}, [torch.randn(6, 3), y])
        y = labels(3, 4, c=4)
        y[0, 1] = 3
        y[2, 2] = 3
        case("ce_weight_ignore_smoothing_3d_" + r, "CrossEntropyLoss",
             {"weight": [1.5, 0.25, 4.0, 2.0], "ignore_index": 3, "label_smoothing": 0.15, "reduction": r}, [torch.randn(3, 4, 4), y])
        case("ce_prob_weight_smoothing_" + r, "CrossEntropyLoss", {"weight": [1.0, 3.0, 0.5], "label_smoothing": 0.1, "reduction": r},
             [torch.randn(5, 3), torch.softmax(torch.randn(5, 3), 1)])
        y = labels(4, 3, c=3)
        y[1, 1] = 0
        case("nll_weight_ignore_3d_" + r, "NLLLoss", {"weight": [2.0, 0.5, 1.25], "ignore_index": 0, "reduction": r},
             [torch.log_softmax(torch.randn(4, 3, 3), 1), y])
        case("bce_weight_columns_" + r, "BCELoss", {"weight": [0.5, 2.0, 1.5], "reduction": r},
             [torch.rand(4, 3) * 0.9 + 0.05, torch.randint(0, 2, (4, 3)).float()])
        case("bce_logits_weight_pos_weight_" + r, "BCEWithLogitsLoss", {"weight": [1.5, 0.5, 2.0], "pos_weight": [3.0, 0.25, 9.0],
             "reduction": r}, [torch.randn(5, 3) * 2, torch.randint(0, 2, (5, 3)).float()])
    case("bce_weight_one", "BCELoss", {"weight": [2.5]}, [torch.rand(4, 2) * 0.9 + 0.05, torch.randint(0, 2, (4, 2)).float()])
    case("bce_logits_pos_weight_9_binary", "BCEWithLogitsLoss", {"pos_weight": [9.0]},
         [torch.randn(8, 1), (torch.rand(8, 1) < 0.2).float()])


def activations():
    case("softmax_3d_last", "Softmax", {"dim": -1}, [torch.randn(2, 3, 4)])
    case("logsoftmax_3d_dim2", "LogSoftmax", {"dim": 2}, [torch.randn(2, 3, 4)])
    case("leaky_relu_steep", "LeakyReLU", {"negative_slope": 1.5}, [torch.randn(3, 4) + 0.1])
    case("elu_alpha_2", "ELU", {"alpha": 2.0}, [torch.randn(3, 4) * 2])
    case("gelu_tanh", "GELU", {"approximate": "tanh"}, [torch.randn(3, 4) * 3])


def main():
    torch.set_num_threads(1)
    convolutions()
    pools()
    norms()
    sequences()
    losses()
    activations()
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "cases.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "cases": CASES}, f, separators=(",", ":"))
    print("wrote %d cases to %s (%.0f kB)" % (len(CASES), path, os.path.getsize(path) / 1e3))


if __name__ == "__main__":
    main()
