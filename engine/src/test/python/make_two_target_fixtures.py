"""Fixture for a network of two targets: a shared trunk with a classifier head (CrossEntropyLoss on class indices) and a
regression head (MSELoss on an amount), each head reading a target of its own, trained with
loss = 1.0 * ce + 0.5 * mse. The Java test (TwoTargetParityTest) trains the same graph, with two target Inputs fed from
a data set whose "targets" give each its column, and "loss_weights": {"ce": 1, "mse": 0.5}.

Model (LayerLab node names): trunk Linear(4, 6) → ReLU → cls Linear(6, 3) → CrossEntropyLoss "ce" (target: the class);
the ReLU's output also → reg Linear(6, 1) → MSELoss "mse" (target: the amount, [N, 1]). Batches of 6 in order, 3 steps,
once with SGD(lr 0.1, momentum 0.9) and once with Adam(lr 0.01). What is compared: each step's total loss, each loss's
own value at the first step, and every parameter after the 3 steps.

Run: /usr/bin/python3 engine/src/test/python/make_two_target_fixtures.py  (torch 1.13; deterministic)
Writes engine/src/test/resources/fixtures/train/two_targets.json.

Data and initial weights are formulas the Java test evaluates the same way (float64, then rounded to float32):
x[i, j] = sin(0.37·i + 0.91·j) over 4 features; class (5·i + 1) mod 3; amount 2·cos(0.23·i) + 0.5; parameter number p
(state-dict order: trunk, cls, reg; weight then bias), element k = 0.5·sin(1.3·k + p).
"""
import json
import os

import numpy as np
import torch
from torch import nn

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "train"))
STEPS = 3
BATCH = 6
WEIGHTS = {"ce": 1.0, "mse": 0.5}


class TwoTargets(nn.Module):
    def __init__(self):
        super().__init__()
        self.trunk = nn.Linear(4, 6)
        self.relu = nn.ReLU()
        self.cls = nn.Linear(6, 3)
        self.reg = nn.Linear(6, 1)

    def forward(self, x):
        h = self.relu(self.trunk(x))
        return self.cls(h), self.reg(h)


def data(n):
    i = np.arange(n, dtype=np.float64)
    x = np.sin(0.37 * i[:, None] + 0.91 * np.arange(4, dtype=np.float64)[None, :]).astype(np.float32)
    y = (5 * np.arange(n) + 1) % 3
    amount = (2 * np.cos(0.23 * i) + 0.5).astype(np.float32)[:, None]
    return torch.from_numpy(x), torch.from_numpy(y.astype(np.int64)), torch.from_numpy(amount)


def run(optimizer):
    m = TwoTargets()
    with torch.no_grad():
        for p_index, (name, p) in enumerate(m.named_parameters()):
            k = np.arange(p.numel(), dtype=np.float64)
            p.copy_(torch.from_numpy((0.5 * np.sin(1.3 * k + p_index)).astype(np.float32).reshape(p.shape)))
    opt = optimizer(m.parameters())
    ce, mse = nn.CrossEntropyLoss(), nn.MSELoss()
    x, y, amount = data(STEPS * BATCH)
    losses, parts = [], None
    m.train()
    for s in range(STEPS):
        sl = slice(s * BATCH, (s + 1) * BATCH)
        opt.zero_grad()
        logits, predicted = m(x[sl])
        l_ce, l_mse = ce(logits, y[sl]), mse(predicted, amount[sl])
        loss = WEIGHTS["ce"] * l_ce + WEIGHTS["mse"] * l_mse
        loss.backward()
        if s == 0:
            parts = {"ce": l_ce.item(), "mse": l_mse.item()}
        opt.step()
        losses.append(loss.item())
    state = {k: v.double().flatten().tolist() for k, v in m.state_dict().items()}
    return {"losses": losses, "first_parts": parts, "state": state}


def main():
    out = {"steps": STEPS, "batch_size": BATCH, "loss_weights": WEIGHTS,
           "sgd": run(lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
           "adam": run(lambda p: torch.optim.Adam(p, lr=0.01))}
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "two_targets.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print(path, os.path.getsize(path), "bytes;", [round(v, 5) for v in out["sgd"]["losses"]], [round(v, 5) for v in out["adam"]["losses"]])


if __name__ == "__main__":
    main()
