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


class TextLstm(nn.Module):
    """Embedding, a 2-layer bidirectional batch-first LSTM (its zero state made from Shape(x)), y[:, -1], LayerNorm, LogSoftmax."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(50, 16, padding_idx=0)
        self.lstm = nn.LSTM(16, 12, num_layers=2, batch_first=True, bidirectional=True)
        self.norm = nn.LayerNorm(24)
        self.fc = nn.Linear(24, 3)

    def forward(self, x):
        y, _ = self.lstm(self.emb(x))
        return torch.log_softmax(self.fc(self.norm(y[:, -1, :])), dim=1)


class TimeMajorGru(nn.Module):
    """A time-major 2-layer bidirectional GRU fed x.transpose(0, 1); the last layer's two final states joined, Linear."""

    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(6, 5, num_layers=2, bidirectional=True)
        self.fc = nn.Linear(10, 3)

    def forward(self, x):
        _, h = self.gru(x.transpose(0, 1))
        return self.fc(torch.cat((h[-2], h[-1]), dim=1))


class TimeMajorRnn(nn.Module):
    """A time-major ReLU RNN; its outputs' mean over time and its last step, added."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(6, 5, nonlinearity="relu")

    def forward(self, x):
        y, _ = self.rnn(x.transpose(0, 1))
        return y.mean(0) + y[-1]


class CnnView(nn.Module):
    """Conv, ReLU, x.view(x.size(0), -1) (the batch size read from the tensor), Linear."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 3, 3)
        self.fc = nn.Linear(3 * 6 * 6, 2)

    def forward(self, x):
        x = torch.relu(self.conv(x))
        return self.fc(x.view(x.size(0), -1))


class PadPoolGelu(nn.Module):
    """Conv2d padding='same' in reflect mode (F.pad's pads as unfolded arithmetic on constants), GELU's tanh form,
    AvgPool2d with padding (a Pad, then AveragePool), AvgPool1d, Linear to one output, squeeze(1)."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 3, 3, padding="same", padding_mode="reflect")
        self.gelu = nn.GELU(approximate="tanh")
        self.pool = nn.AvgPool2d(3, stride=2, padding=1)
        self.pool1d = nn.AvgPool1d(2)
        self.fc = nn.Linear(3 * 8, 1)

    def forward(self, x):
        x = self.pool(self.gelu(self.conv(x)))
        x = self.pool1d(x.flatten(2))
        return self.fc(x.flatten(1)).squeeze(1)


class TextCnn(nn.Module):
    """Kim's text CNN: Embedding, x.permute(0, 2, 1) to channels first, Conv1d, ReLU, max over time, Linear."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(40, 8)
        self.conv = nn.Conv1d(8, 6, 3, padding=1)
        self.pool = nn.MaxPool1d(10)
        self.fc = nn.Linear(6, 2)

    def forward(self, x):
        x = torch.relu(self.conv(self.emb(x).permute(0, 2, 1)))
        return self.fc(self.pool(x).flatten(1))


class BlitzNet(nn.Module):
    """PyTorch's 60-minute blitz Net: F.max_pool2d, and x.view(-1, self.num_flat_features(x)), the product of
    x.size()[1:] multiplied out in Python (Shape, Gather, Mul by 1 and by each size at run time)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 3, 3)
        self.conv2 = nn.Conv2d(3, 4, 3)
        self.fc1 = nn.Linear(4 * 2 * 2, 5)
        self.fc2 = nn.Linear(5, 3)

    def forward(self, x):
        x = nn.functional.max_pool2d(torch.relu(self.conv1(x)), (2, 2))
        x = nn.functional.max_pool2d(torch.relu(self.conv2(x)), 2)
        x = x.view(-1, self.num_flat_features(x))
        return self.fc2(torch.relu(self.fc1(x)))

    def num_flat_features(self, x):
        n = 1
        for s in x.size()[1:]:
            n *= s
        return n


class GruHidden(nn.Module):
    """Embedding, a one-layer GRU, and its final state as h_n.squeeze(0) into a Linear."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(30, 8)
        self.gru = nn.GRU(8, 6, batch_first=True)
        self.fc = nn.Linear(6, 2)

    def forward(self, x):
        _, h = self.gru(self.emb(x))
        return self.fc(h.squeeze(0))


class CnnMean(nn.Module):
    """Global average pooling written as x.mean((2, 3)) (and with keepdim, then flatten), BatchNorm1d, Linear."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 4, 3, padding=1)
        self.norm = nn.BatchNorm1d(4)
        self.fc = nn.Linear(4, 3)
        self.side = nn.Linear(4, 3)

    def forward(self, x):
        x = torch.relu(self.conv(x))
        return self.fc(self.norm(x.mean((2, 3)))) + self.side(x.mean((-1, -2), keepdim=True).flatten(1))


class MobileV3Block(nn.Module):
    """MobileNetV3's block: 1×1 expand, BN, Hardswish, depthwise 3×3, squeeze-and-excitation (global average, 1×1 convs,
    ReLU, Hardsigmoid, x·gate), 1×1 project; then Hardswish in the classifier, as torchvision's, and a SiLU (Sigmoid, Mul)."""

    def __init__(self):
        super().__init__()
        self.expand = nn.Sequential(nn.Conv2d(3, 8, 1, bias=False), nn.BatchNorm2d(8), nn.Hardswish())
        self.depthwise = nn.Sequential(nn.Conv2d(8, 8, 3, padding=1, groups=8, bias=False), nn.BatchNorm2d(8), nn.Hardswish())
        self.fc1 = nn.Conv2d(8, 4, 1)
        self.fc2 = nn.Conv2d(4, 8, 1)
        self.project = nn.Conv2d(8, 6, 1)
        self.classifier = nn.Sequential(nn.Linear(6, 5), nn.Hardswish(), nn.Linear(5, 4), nn.SiLU(), nn.Linear(4, 3))

    def forward(self, x):
        x = self.depthwise(self.expand(x))
        gate = nn.functional.hardsigmoid(self.fc2(torch.relu(self.fc1(nn.functional.adaptive_avg_pool2d(x, 1)))))
        x = self.project(x * gate)
        return self.classifier(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))


class MobileDense(nn.Module):
    """MobileNetV2's inverted residual (depthwise Conv, BatchNorm, ReLU6: Clip(0, 6)), a Hardtanh, and DenseNet's
    concatenations: torch.cat([x]) of one tensor, then of nine."""

    def __init__(self):
        super().__init__()
        self.expand = nn.Sequential(nn.Conv2d(2, 6, 1, bias=False), nn.BatchNorm2d(6), nn.ReLU6())
        self.depthwise = nn.Sequential(nn.Conv2d(6, 6, 3, padding=1, groups=6, bias=False), nn.BatchNorm2d(6), nn.ReLU6())
        self.project = nn.Sequential(nn.Conv2d(6, 2, 1, bias=False), nn.BatchNorm2d(2))
        self.grow = nn.ModuleList([nn.Conv2d(2 * (i + 1), 2, 3, padding=1) for i in range(8)])
        self.squash = nn.Hardtanh(-0.5, 0.75)
        self.fc = nn.Linear(18, 3)

    def forward(self, x):
        x = x + self.project(self.depthwise(self.expand(x)))
        features = [x]
        for conv in self.grow:
            features.append(conv(torch.cat(features, 1)))
        x = self.squash(torch.cat(features, 1))
        return self.fc(x.mean((2, 3)))


def convnext():
    """torchvision's ConvNeXt, two stages at 8 and 16 channels, of two blocks and one: its stem (4×4 convolution,
    LayerNorm2d: permute, LayerNorm, permute back), its block (depthwise 7×7, permute channels last, LayerNorm, Linear,
    GELU, Linear, permute back, layer_scale · x, + x) and its head (global average, LayerNorm2d, Flatten, Linear)."""
    from torchvision.models.convnext import CNBlockConfig, ConvNeXt
    return ConvNeXt([CNBlockConfig(8, 16, 2), CNBlockConfig(16, None, 1)], num_classes=5)


def shufflenet():
    """torchvision's ShuffleNetV2 made small (stages of 2, 1 and 1 units, 8 to 32 channels): its units halve the channels
    with x.chunk(2, dim=1) and shuffle them with view/transpose/view on sizes read from the tensor at run time."""
    from torchvision.models.shufflenetv2 import ShuffleNetV2
    return ShuffleNetV2([2, 1, 1], [8, 16, 24, 32, 48], num_classes=5)


class TorchAttention(nn.Module):
    """Tokens, nn.MultiheadAttention (self-attention, batch first; a causal mask when told), the mean over positions, a
    Linear; with weights, the attention map averaged over the heads joins the output (need_weights' ReduceSum and Div)."""

    def __init__(self, heads=4, causal=False, weights=False):
        super().__init__()
        self.emb = nn.Embedding(40, 16)
        self.attn = nn.MultiheadAttention(16, heads, batch_first=True)
        self.fc = nn.Linear(16, 6)
        self.weights = weights
        self.register_buffer("mask", nn.Transformer.generate_square_subsequent_mask(6) if causal else None)

    def forward(self, t):
        x = self.emb(t)
        y, w = self.attn(x, x, x, attn_mask=self.mask)
        out = self.fc(y.mean(1))
        return out + w.mean(1) if self.weights else out


class TorchEncoder(nn.Module):
    """nn.TransformerEncoder of two nn.TransformerEncoderLayers (batch first, post-norm, ReLU) over tokens, mean, Linear."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(40, 16)
        self.enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(16, 4, 32, batch_first=True), 2)
        self.fc = nn.Linear(16, 3)

    def forward(self, t):
        return self.fc(self.enc(self.emb(t)).mean(1))


class TorchCrossAttention(nn.Module):
    """nn.MultiheadAttention whose query, key and value differ, which LayerLab does not read from torch's ops."""

    def __init__(self):
        super().__init__()
        self.attn = nn.MultiheadAttention(8, 2, batch_first=True)
        self.k, self.v = nn.Linear(8, 8), nn.Linear(8, 8)

    def forward(self, x):
        y, _ = self.attn(x, self.k(x), self.v(x))
        return y


def vision_transformer():
    """torchvision's VisionTransformer made small (16×16 pictures in 4×4 patches, two encoder layers of 2 heads, width 8): its
    patches as a Conv2d and a reshape, the class token expanded to the batch and joined before them, learned positions
    added, x[:, 0] to the head."""
    from torchvision.models.vision_transformer import VisionTransformer
    return VisionTransformer(image_size=16, patch_size=4, num_layers=2, num_heads=2, hidden_dim=8, mlp_dim=16, num_classes=3)


class BnMomentum(nn.Module):
    """BatchNorm1d with momentum None (a cumulative average), 0 (frozen statistics) and 0.3: torch.onnx.export writes the
    first two alike, as ONNX momentum 1.0."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(5, 4)
        self.cumulative = nn.BatchNorm1d(4, momentum=None)
        self.frozen = nn.BatchNorm1d(4, momentum=0.0)
        self.slow = nn.BatchNorm1d(4, momentum=0.3)

    def forward(self, x):
        return self.slow(self.frozen(self.cumulative(self.fc(x))))


class UpsampleDecoder(nn.Module):
    """A U-Net's way up: nn.Upsample in each form torch.onnx.export writes as a Resize (scales, sizes from Shape)."""

    def __init__(self):
        super().__init__()
        self.up1 = nn.Upsample(scale_factor=2.0)
        self.conv = nn.Conv2d(2, 3, 3, padding=1)
        self.up2 = nn.Upsample(scale_factor=1.5, mode="bilinear")
        self.up3 = nn.Upsample(size=(11, 7), mode="bilinear", align_corners=True)
        self.up4 = nn.Upsample(size=(13, 10))

    def forward(self, x):
        return self.up4(self.up3(self.up2(self.conv(self.up1(x)))))


def export(name, model, shape, dynamic=True, ids=None, opset=17):
    """PyTorch's prediction for a random batch of {@code shape} (token ids below {@code ids} when given); exported with a
    symbolic batch size, or (dynamic False) with the batch size fixed, as torch.onnx.export writes without dynamic_axes;
    at opset 17 unless told (torch's own default is 14, which writes LayerNorm out in ops)."""
    torch.manual_seed(0)
    for p in model.parameters():
        p.data.uniform_(-0.5, 0.5)
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 1.5)
    model.eval()
    x = torch.randn(*shape) if ids is None else torch.randint(0, ids, shape)
    with torch.no_grad():
        y = model(x)
    torch.onnx.export(model, x, os.path.join(OUT, name + ".onnx"), opset_version=opset, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "N"}, "y": {0: "N"}} if dynamic else None)
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


CASES = {
    "torch_mlp": lambda: export("torch_mlp", Mlp(), (3, 3, 4)),
    "torch_cnn": lambda: export("torch_cnn", Cnn(), (2, 1, 8, 8)),
    "torch_seq_linear": lambda: export("torch_seq_linear", SeqLinear(), (2, 5, 6)),
    "torch_mlp_named": named,
    "torch_text_lstm": lambda: export("torch_text_lstm", TextLstm(), (4, 7), ids=50),
    "torch_gru_time_major_static": lambda: export("torch_gru_time_major_static", TimeMajorGru(), (3, 4, 6), dynamic=False),
    "torch_rnn_time_major": lambda: export("torch_rnn_time_major", TimeMajorRnn(), (3, 4, 6)),
    "torch_cnn_view": lambda: export("torch_cnn_view", CnnView(), (2, 1, 8, 8)),
    "torch_pad_pool_gelu": lambda: export("torch_pad_pool_gelu", PadPoolGelu(), (3, 2, 8, 8)),
    "torch_text_lstm_opset14": lambda: export("torch_text_lstm_opset14", TextLstm(), (4, 7), ids=50, opset=14),
    "torch_blitz_net": lambda: export("torch_blitz_net", BlitzNet(), (2, 1, 14, 14)),
    "torch_gru_hidden_opset14": lambda: export("torch_gru_hidden_opset14", GruHidden(), (3, 6), ids=30, opset=14),
    "torch_cnn_mean": lambda: export("torch_cnn_mean", CnnMean(), (3, 2, 6, 6)),
    "torch_text_cnn": lambda: export("torch_text_cnn", TextCnn(), (3, 10), ids=40),
    "torch_mobile_v3": lambda: export("torch_mobile_v3", MobileV3Block(), (2, 3, 8, 8)),
    "torch_mobile_dense": lambda: export("torch_mobile_dense", MobileDense(), (2, 2, 6, 6)),
    "torch_cnn_view_static": lambda: export("torch_cnn_view_static", CnnView(), (2, 1, 8, 8), dynamic=False),
    "torch_convnext": lambda: export("torch_convnext", convnext(), (2, 3, 16, 16)),
    "torch_convnext_opset14": lambda: export("torch_convnext_opset14", convnext(), (2, 3, 16, 16), opset=14),
    "torch_shufflenet": lambda: export("torch_shufflenet", shufflenet(), (2, 3, 32, 32)),
    "torch_shufflenet_static": lambda: export("torch_shufflenet_static", shufflenet(), (2, 3, 32, 32), dynamic=False),
    "torch_attention": lambda: export("torch_attention", TorchAttention(weights=True), (3, 6), ids=40),
    "torch_attention_causal_static": lambda: export("torch_attention_causal_static", TorchAttention(heads=2, causal=True), (3, 6), ids=40, dynamic=False),
    "torch_encoder": lambda: export("torch_encoder", TorchEncoder(), (3, 6), ids=40),
    "torch_vit": lambda: export("torch_vit", vision_transformer(), (2, 3, 16, 16)),
    "torch_bn_momentum": lambda: export("torch_bn_momentum", BnMomentum(), (3, 5)),
    "torch_upsample": lambda: export("torch_upsample", UpsampleDecoder(), (2, 2, 3, 4)),
    "torch_cross_attention": lambda: export("torch_cross_attention", TorchCrossAttention(), (2, 5, 8)),
}

if __name__ == "__main__":
    # With names, only those fixtures (torch_mlp_named needs the onnx package); without, all of them.
    import sys
    os.makedirs(OUT, exist_ok=True)
    for case in sys.argv[1:] or CASES:
        CASES[case]()
