"""Fixture for layerlab.train.Saliency: the gradient of one class's score with respect to the input image, as
PyTorch's autograd computes it (what Captum's Saliency takes: its absolute value, the largest over the channels at
each pixel; Simonyan, Vedaldi & Zisserman 2014), for the ConvBatchNormRGB sample (Conv2d → BatchNorm2d → ReLU →
MaxPool2d → Conv2d → BatchNorm2d → ReLU → AvgPool2d → Flatten → Dropout → Linear) in eval mode.

The weights, running statistics and the image are given by formulas (`value`, `image`) that the Java test evaluates
the same way (float64, then rounded to float32), so the fixture holds only the results: the logits and, for the top
class and one other, the saliency map [28, 28] and the raw gradient's sum; and SmoothGrad's average of |gradient| over four copies of
the image with a formula's "noise" added (`noise`), for the top class; integrated gradients from a black baseline
(Riemann right sum, 8 steps): the map (|sum over channels|), the attributions' sum and score(image) - score(black);
Grad-CAM (Selvaraju et al. 2017) for the top class at three layers (pool2, the last with feature maps; relu2; relu1):
relu(sum over channels k of mean(d score / d A_k) * A_k) at the layer's size, then F.interpolate to 28 x 28 (bilinear,
align_corners=False), as Captum's LayerGradCam with LayerAttribution.interpolate(..., "bilinear") gives it; and
HiResCAM (Draelos & Carin 2020) at the same layers: relu(sum over k of dscore/dA_k * A_k, position by position), stretched
the same way.
And for texts, the surname-classifier sample (Embedding(64, 32, padding_idx=0) -> GRU(32, 64, batch_first) -> last
step -> Linear(64, 8)) with the same formula weights: integrated gradients at the Embedding's outputs (Captum's
LayerIntegratedGradients), from the embeddings of an all-padding text, Gauss-Legendre quadrature of 8 points (Captum's
default, numpy's leggauss moved to [0, 1]): per token the sum over the embedding of (E - B) * the weighted mean
gradient, their sum, and score(text) - score(all padding); and the 8 points and weights.
And for a table's row, the iris sample (Linear(4, 16) -> ReLU -> Linear(16, 3)) with the same formula weights:
integrated gradients from a row of zeros (Riemann right sum of 8 steps, as for pictures): per value (x - 0) * the
mean gradient, and score(row) - score(zeros).

Run: /usr/bin/python3 engine/src/test/python/make_saliency_fixtures.py  (torch 1.13; deterministic)
Writes engine/src/test/resources/fixtures/train/saliency.json.
"""
import json
import math
import os

import numpy
import torch
from torch import nn

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "train"))


def value(name, k):
    """Entry k of state_dict tensor `name` (LayerLab's key)."""
    base = math.sin(0.7 * k + 0.37 * len(name))
    if name.endswith("running_var"):
        return 1 + 0.5 * base * base
    if name.startswith("bn") and name.endswith("weight"):
        return 1 + 0.2 * base
    if name.endswith("running_mean") or name.endswith("bias"):
        return 0.1 * base
    return 0.3 * base


def noise(k, i):
    return 0.1 * math.sin(1.7 * i + 0.9 * k)


def image(i):
    return 0.5 + 0.5 * math.sin(0.37 * i + 0.001 * i * i)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(16)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(32)
        self.relu2 = nn.ReLU()
        self.pool2 = nn.AvgPool2d(2)
        self.flatten = nn.Flatten()
        self.dropout = nn.Dropout(0.25)
        self.fc = nn.Linear(1568, 10)

    def forward(self, x):
        x = self.pool1(self.relu1(self.bn1(self.conv1(x))))
        x = self.pool2(self.relu2(self.bn2(self.conv2(x))))
        return self.fc(self.dropout(self.flatten(x)))


class TextNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(64, 32, padding_idx=0)
        self.gru = nn.GRU(32, 64, batch_first=True)
        self.fc = nn.Linear(64, 8)

    def after_embedding(self, e):
        out, _ = self.gru(e)
        return self.fc(out[:, -1, :])

    def forward(self, ids):
        return self.after_embedding(self.embedding(ids))


TEXT = [0] * 16 + [5, 12, 7, 3, 20, 9, 14, 2]


def tokens():
    net = TextNet()
    state = net.state_dict()
    for name, t in state.items():
        state[name] = torch.tensor([value(name, k) for k in range(t.numel())], dtype=torch.float64).float().reshape(t.shape)
    net.load_state_dict(state)
    net.eval()
    ids = torch.tensor([TEXT])
    with torch.no_grad():
        logits = net(ids)
        e = net.embedding(ids)
        b = net.embedding(torch.zeros_like(ids))
    top = int(logits[0].argmax())
    steps = 8
    x, w = numpy.polynomial.legendre.leggauss(steps)
    alphas, weights = (x + 1) / 2, w / 2
    path = torch.cat([b + float(a) * (e - b) for a in alphas]).requires_grad_(True)
    g, = torch.autograd.grad(net.after_embedding(path)[:, top].sum(), path)
    mean = (torch.tensor(weights, dtype=torch.float32).reshape(-1, 1, 1) * g).sum(0)
    shares = ((e - b)[0] * mean).sum(-1)
    with torch.no_grad():
        gap = float(net.after_embedding(e)[0, top] - net.after_embedding(b)[0, top])
    return {"ids": TEXT, "logits": logits[0].tolist(), "class": top, "steps": steps, "shares": shares.tolist(), "sum": float(shares.sum()),
            "score_difference": gap, "points": alphas.tolist(), "weights": weights.tolist()}


ROW = [0.5, -1.2, 1.3, 0.9]


def features():
    net = nn.Sequential()
    net.add_module("fc1", nn.Linear(4, 16))
    net.add_module("relu", nn.ReLU())
    net.add_module("fc2", nn.Linear(16, 3))
    state = net.state_dict()
    for name, t in state.items():
        state[name] = torch.tensor([value(name, k) for k in range(t.numel())], dtype=torch.float64).float().reshape(t.shape)
    net.load_state_dict(state)
    x = torch.tensor([ROW], dtype=torch.float64).float()
    with torch.no_grad():
        logits = net(x)
    top = int(logits[0].argmax())
    steps = 8
    path = torch.cat([(k / steps) * x for k in range(1, steps + 1)]).requires_grad_(True)
    g, = torch.autograd.grad(net(path)[:, top].sum(), path)
    shares = x[0] * g.mean(0)
    with torch.no_grad():
        gap = float(net(x)[0, top] - net(torch.zeros_like(x))[0, top])
    return {"row": ROW, "logits": logits[0].tolist(), "class": top, "steps": steps, "shares": shares.tolist(), "score_difference": gap}


def main():
    net = Net()
    state = net.state_dict()
    for name, t in state.items():
        if name.endswith("num_batches_tracked"):
            continue
        flat = torch.tensor([value(name, k) for k in range(t.numel())], dtype=torch.float64).float()
        state[name] = flat.reshape(t.shape)
    net.load_state_dict(state)
    net.eval()
    x = torch.tensor([image(i) for i in range(3 * 28 * 28)], dtype=torch.float64).float().reshape(1, 3, 28, 28)
    logits = net(x)
    top = int(logits[0].argmax())
    other = (top + 3) % 10
    cases = []
    for cls in (top, other):
        xi = x.clone().requires_grad_(True)
        g, = torch.autograd.grad(net(xi)[0, cls], xi)
        cases.append({"class": cls, "map": g[0].abs().amax(0).flatten().tolist(), "gradient_sum": float(g.sum())})
    # SmoothGrad's average, with its "noise" given by a formula: the mean of |gradient| over four shifted copies.
    copies = torch.stack([x[0] + torch.tensor([noise(k, i) for i in range(3 * 28 * 28)], dtype=torch.float64).float().reshape(3, 28, 28)
                          for k in range(4)]).requires_grad_(True)
    g, = torch.autograd.grad(net(copies)[:, top].sum(), copies)
    average = {"class": top, "copies": 4, "map": g.abs().mean(0).amax(0).flatten().tolist()}
    # Integrated gradients from a black (zero) baseline, Riemann right sum of 8 steps: per value (x - b) * mean gradient.
    steps = 8
    base = torch.zeros_like(x)
    path = torch.cat([base + (k / steps) * (x - base) for k in range(1, steps + 1)]).requires_grad_(True)
    g, = torch.autograd.grad(net(path)[:, top].sum(), path)
    attributions = (x - base)[0] * g.mean(0)
    with torch.no_grad():
        gap = float(net(x)[0, top] - net(base)[0, top])
    integrated = {"class": top, "steps": steps, "map": attributions.sum(0).abs().flatten().tolist(), "sum": float(attributions.sum()),
                  "score_difference": gap}
    cams = {}
    for layer in ("pool2", "relu2", "relu1"):
        seen = {}
        hook = getattr(net, layer).register_forward_hook(lambda m, i, o: seen.__setitem__("a", o))
        score = net(x)[0, top]
        hook.remove()
        a = seen["a"]
        g, = torch.autograd.grad(score, a)
        cam = torch.relu((g.mean(dim=(2, 3), keepdim=True) * a).sum(1, keepdim=True)).detach()
        up = torch.nn.functional.interpolate(cam, size=(28, 28), mode="bilinear", align_corners=False)
        # HiResCAM: each map times its own gradient, position by position.
        hires = torch.relu((g * a).sum(1, keepdim=True)).detach()
        hires_up = torch.nn.functional.interpolate(hires, size=(28, 28), mode="bilinear", align_corners=False)
        cams[layer] = {"height": cam.shape[2], "width": cam.shape[3], "map": up.flatten().tolist(), "hirescam": hires_up.flatten().tolist()}
    gradcam = {"class": top, "layers": cams}
    data = {"logits": logits[0].tolist(), "cases": cases, "average": average, "integrated": integrated, "gradcam": gradcam,
            "tokens": tokens(), "features": features()}
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "saliency.json")
    with open(path, "w") as f:
        json.dump(data, f)
        f.write("\n")
    print("wrote", path, "top class", top)


if __name__ == "__main__":
    main()
