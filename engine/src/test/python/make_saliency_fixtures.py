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
align_corners=False), as Captum's LayerGradCam with LayerAttribution.interpolate(..., "bilinear") gives it.

Run: /usr/bin/python3 engine/src/test/python/make_saliency_fixtures.py  (torch 1.13; deterministic)
Writes engine/src/test/resources/fixtures/train/saliency.json.
"""
import json
import math
import os

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
        cams[layer] = {"height": cam.shape[2], "width": cam.shape[3], "map": up.flatten().tolist()}
    gradcam = {"class": top, "layers": cams}
    data = {"logits": logits[0].tolist(), "cases": cases, "average": average, "integrated": integrated, "gradcam": gradcam}
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "saliency.json")
    with open(path, "w") as f:
        json.dump(data, f)
        f.write("\n")
    print("wrote", path, "top class", top)


if __name__ == "__main__":
    main()
