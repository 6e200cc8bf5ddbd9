#!/usr/bin/env python3
"""Writes ONNX recurrent ops with layout=1 (batch first), as tf2onnx and Keras write them, for OnnxImportTest
(engine/src/test/resources/onnx). torch.onnx.export only writes layout=0, so the graphs are built with onnx.helper from
a PyTorch layer's weights (gates reordered to ONNX's), and the expected output is that layer's own. Run with Debian's
torch (1.13) and onnx:

    /usr/bin/python3 engine/src/test/python/make_onnx_layout_fixtures.py
"""
import os

import numpy
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "onnx")

# ONNX block j holds PyTorch's gate ORDER[kind][j] (LSTM: i o f c from i f g o; GRU: z r h from r z n).
ORDER = {"RNN": [0], "LSTM": [0, 3, 1, 2], "GRU": [1, 0, 2]}


def gates(t, kind, h):
    return torch.cat([t[j * h:(j + 1) * h] for j in ORDER[kind]])


def recurrent_op(layer, kind, x, name, layer_index=0, outputs=("Y", "Y_h", "Y_c")):
    """The ONNX op (layout=1) for layer {@code layer_index} of the PyTorch layer and its initializers."""
    h = layer.hidden_size
    dirs = ["", "_reverse"] if layer.bidirectional else [""]
    sfx = ["_l%d%s" % (layer_index, d) for d in dirs]
    w = torch.stack([gates(getattr(layer, "weight_ih" + s), kind, h) for s in sfx])
    r = torch.stack([gates(getattr(layer, "weight_hh" + s), kind, h) for s in sfx])
    b = torch.stack([torch.cat([gates(getattr(layer, "bias_ih" + s), kind, h), gates(getattr(layer, "bias_hh" + s), kind, h)]) for s in sfx])
    inits = [numpy_helper.from_array(t.detach().numpy(), name + "." + k) for k, t in (("W", w), ("R", r), ("B", b))]
    attrs = {"hidden_size": h, "layout": 1, "direction": "bidirectional" if layer.bidirectional else "forward"}
    if kind == "GRU":
        attrs["linear_before_reset"] = 1
    if kind == "RNN" and layer.nonlinearity == "relu":
        attrs["activations"] = ["Relu"] * len(dirs)
    outs = [o if o == "y" else name + "." + o if o else "" for o in outputs]
    while not outs[-1]:
        outs.pop()
    return helper.make_node(kind, [x, name + ".W", name + ".R", name + ".B"], outs, name=name, **attrs), inits


def save(name, nodes, inits, out_shape, x, y, extra=()):
    graph = helper.make_graph(nodes, name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N"] + list(x.shape[1:]))],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, out_shape)], inits + list(extra))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)], producer_name="make_onnx_layout_fixtures")
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, os.path.join(OUT, name + ".onnx"))
    numpy.save(os.path.join(OUT, name + ".input.npy"), x.numpy())
    numpy.save(os.path.join(OUT, name + ".expected.npy"), y.detach().numpy())
    print(name, tuple(y.shape))


def ints(name, values):
    return numpy_helper.from_array(numpy.array(values, dtype=numpy.int64), name)


def lstm_bidirectional():
    """A bidirectional LSTM's Y [N, T, 2, H] reshaped to [N, T, 2·H]: PyTorch's output with batch_first=True."""
    torch.manual_seed(1)
    lstm = nn.LSTM(5, 4, batch_first=True, bidirectional=True)
    x = torch.randn(3, 6, 5)
    op, inits = recurrent_op(lstm, "LSTM", "x", "lstm", outputs=("Y", "", ""))
    reshape = helper.make_node("Reshape", ["lstm.Y", "shape"], ["y"], name="reshape")
    save("onnx_layout1_lstm_bidirectional", [op, reshape], inits, ["N", 6, 8], x, lstm(x)[0], [ints("shape", [0, 0, -1])])


def gru_stacked_hidden():
    """Two GRU ops, the first's Y squeezed to [N, T, H] for the second, whose Y_h [N, 1, H] squeezed feeds a Gemm."""
    torch.manual_seed(2)
    gru = nn.GRU(5, 4, num_layers=2, batch_first=True)
    fc = nn.Linear(4, 2)
    x = torch.randn(3, 6, 5)
    op0, i0 = recurrent_op(gru, "GRU", "x", "gru0", 0, outputs=("Y", "", ""))
    sq0 = helper.make_node("Squeeze", ["gru0.Y", "axes2"], ["seq"], name="squeeze_seq")
    op1, i1 = recurrent_op(gru, "GRU", "seq", "gru1", 1, outputs=("", "Y_h", ""))
    sq1 = helper.make_node("Squeeze", ["gru1.Y_h", "axes1"], ["h"], name="squeeze_h")
    gemm = helper.make_node("Gemm", ["h", "fc.weight", "fc.bias"], ["y"], name="fc", transB=1)
    fcw = [numpy_helper.from_array(fc.weight.detach().numpy(), "fc.weight"), numpy_helper.from_array(fc.bias.detach().numpy(), "fc.bias")]
    h_n = gru(x)[1]
    save("onnx_layout1_gru_stacked_hidden", [op0, sq0, op1, sq1, gemm], i0 + i1 + fcw, ["N", 2], x, fc(h_n[1]),
         [ints("axes2", [2]), ints("axes1", [1])])


def rnn_state():
    """A bidirectional ReLU RNN's Y_h [N, 2, H] as the model's output: h_n transposed to batch first."""
    torch.manual_seed(3)
    rnn = nn.RNN(5, 4, nonlinearity="relu", batch_first=True, bidirectional=True)
    x = torch.randn(3, 6, 5)
    op, inits = recurrent_op(rnn, "RNN", "x", "rnn", outputs=("", "y"))
    save("onnx_layout1_rnn_state", [op], inits, ["N", 2, 4], x, rnn(x)[1].transpose(0, 1))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    with torch.no_grad():
        lstm_bidirectional()
        gru_stacked_hidden()
        rnn_state()
