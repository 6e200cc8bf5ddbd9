"""Fixture for frozen layers (fine-tuning): PyTorch trains a small CNN in which some layers' parameters have
requires_grad=False, and the Java tests (FineTuneParityTest) train the same graph with those nodes "frozen".

Model (LayerLab node names): conv1 Conv2d(1, 4, 3, bias=False) → bn1 BatchNorm2d(4) → ReLU → Flatten → fc1 Linear(64, 8) → ReLU →
fc2 Linear(8, 3), CrossEntropyLoss, on 6×6 single-channel pictures. The convolution has no bias: before a BatchNorm its gradient is zero up to rounding,
and Adam's normalised step would turn that rounding into ±lr moves that no two implementations share.

Cases:
- "frozen_features": conv1 and bn1 frozen, SGD(lr 0.1, momentum 0.9, weight_decay 0.05). A frozen parameter gets no
  gradient, so the optimiser skips it entirely (no weight decay, no momentum); bn1's running statistics still update
  in training mode, as in PyTorch.
- "frozen_middle": fc1 frozen, AdamW(lr 0.01, weight_decay 0.1): the gradient still flows through the frozen fc1 into
  bn1 and conv1, and AdamW's decoupled decay leaves fc1 alone.

Run: /usr/bin/python3 engine/src/test/python/make_finetune_fixtures.py  (torch 1.13; deterministic)
Writes engine/src/test/resources/fixtures/train/finetune.json: per case the losses of each step and every parameter
and buffer after training (the model is small, so all values).

Data and initial weights are formulas the Java test evaluates the same way (float64, then rounded to float32):
x[i, j] = sin(0.37·i + 0.91·j) over the 36 pixels, label (5·i + 1) mod 3; parameter number p (state-dict order of
the parameters), element k = 0.5·sin(1.3·k + p).
"""
import json
import math
import os

import numpy as np
import torch
from torch import nn

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "train"))
STEPS = 5
BATCH = 6
NAMES = {"0": "conv1", "1": "bn1", "4": "fc1", "6": "fc2"}


def data(n):
    i = np.arange(n, dtype=np.float64)[:, None]
    j = np.arange(36, dtype=np.float64)[None, :]
    x = np.sin(0.37 * i + 0.91 * j).astype(np.float32).reshape(n, 1, 6, 6)
    y = (5 * np.arange(n) + 1) % 3
    return torch.from_numpy(x), torch.from_numpy(y.astype(np.int64))


def model():
    m = nn.Sequential(nn.Conv2d(1, 4, 3, bias=False), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(), nn.Linear(64, 8), nn.ReLU(), nn.Linear(8, 3))
    with torch.no_grad():
        for p_index, (name, p) in enumerate(m.named_parameters()):
            k = np.arange(p.numel(), dtype=np.float64)
            p.copy_(torch.from_numpy((0.5 * np.sin(1.3 * k + p_index)).astype(np.float32).reshape(p.shape)))
    return m


def layerlab_name(torch_name):
    index, rest = torch_name.split(".", 1)
    return NAMES[index] + "." + rest


def run(frozen, make_optimizer):
    torch.manual_seed(0)
    m = model()
    for index, name in NAMES.items():
        if name in frozen:
            m[int(index)].requires_grad_(False)
    opt = make_optimizer(m.parameters())
    x, y = data(STEPS * BATCH)
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    m.train()
    for s in range(STEPS):
        xb, yb = x[s * BATCH:(s + 1) * BATCH], y[s * BATCH:(s + 1) * BATCH]
        opt.zero_grad()
        loss = loss_fn(m(xb), yb)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    state = {layerlab_name(k): v.double().flatten().tolist() for k, v in m.state_dict().items()}
    return {"frozen": frozen, "losses": losses, "state": state}


def main():
    cases = {
        "frozen_features": dict(run(["conv1", "bn1"], lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.05)),
                                optimizer={"name": "SGD", "lr": 0.1, "momentum": 0.9, "weight_decay": 0.05}),
        "frozen_middle": dict(run(["fc1"], lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.1)),
                              optimizer={"name": "AdamW", "lr": 0.01, "weight_decay": 0.1}),
    }
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "finetune.json")
    with open(path, "w") as f:
        json.dump({"steps": STEPS, "batch_size": BATCH, "cases": cases}, f, separators=(",", ":"))
    print(path, os.path.getsize(path), "bytes;", {k: [round(v, 4) for v in c["losses"]] for k, c in cases.items()})


if __name__ == "__main__":
    main()
