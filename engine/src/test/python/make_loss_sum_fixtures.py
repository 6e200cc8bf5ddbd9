"""Fixture for several loss nodes trained together: PyTorch trains a trunk with two heads on one batch of labels, with
loss = 1.0 * ce + 0.3 * aux (the way a PyTorch user adds an auxiliary classifier's loss), and the Java test
(LossSumParityTest) trains the same graph with two loss nodes and "loss_weights": {"aux": 0.3}.

Model (LayerLab node names): trunk Linear(4, 6) → ReLU → cls Linear(6, 3) → CrossEntropyLoss "ce";
the ReLU's output also → aux_fc Linear(6, 3) → LogSoftmax(dim=1) → NLLLoss "aux". SGD(lr 0.1, momentum 0.9), batches
of 6 in order, 3 steps. What is compared: each step's total loss and the gradient of every parameter at the first step
(before any update), each loss's own value at the first step, and every parameter after the 3 steps.

Run: /usr/bin/python3 engine/src/test/python/make_loss_sum_fixtures.py  (torch 1.13; deterministic)
Writes engine/src/test/resources/fixtures/train/loss_sum.json.

Data and initial weights are formulas the Java test evaluates the same way (float64, then rounded to float32):
x[i, j] = sin(0.37·i + 0.91·j) over 4 features, label (5·i + 1) mod 3; parameter number p (state-dict order: trunk,
cls, aux_fc; weight then bias), element k = 0.5·sin(1.3·k + p).
"""
import json
import os

import numpy as np
import torch
from torch import nn

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "train"))
STEPS = 3
BATCH = 6
AUX_WEIGHT = 0.3


class TwoHeads(nn.Module):
    def __init__(self):
        super().__init__()
        self.trunk = nn.Linear(4, 6)
        self.relu = nn.ReLU()
        self.cls = nn.Linear(6, 3)
        self.aux_fc = nn.Linear(6, 3)
        self.log_softmax = nn.LogSoftmax(dim=1)

    def forward(self, x):
        h = self.relu(self.trunk(x))
        return self.cls(h), self.log_softmax(self.aux_fc(h))


def data(n):
    i = np.arange(n, dtype=np.float64)[:, None]
    j = np.arange(4, dtype=np.float64)[None, :]
    x = np.sin(0.37 * i + 0.91 * j).astype(np.float32)
    y = (5 * np.arange(n) + 1) % 3
    return torch.from_numpy(x), torch.from_numpy(y.astype(np.int64))


def main():
    m = TwoHeads()
    with torch.no_grad():
        for p_index, (name, p) in enumerate(m.named_parameters()):
            k = np.arange(p.numel(), dtype=np.float64)
            p.copy_(torch.from_numpy((0.5 * np.sin(1.3 * k + p_index)).astype(np.float32).reshape(p.shape)))
    opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
    ce, nll = nn.CrossEntropyLoss(), nn.NLLLoss()
    x, y = data(STEPS * BATCH)
    losses, parts, grads = [], None, None
    m.train()
    for s in range(STEPS):
        xb, yb = x[s * BATCH:(s + 1) * BATCH], y[s * BATCH:(s + 1) * BATCH]
        opt.zero_grad()
        logits, log_probs = m(xb)
        l_ce, l_aux = ce(logits, yb), nll(log_probs, yb)
        loss = l_ce + AUX_WEIGHT * l_aux
        loss.backward()
        if s == 0:
            parts = {"ce": l_ce.item(), "aux": l_aux.item()}
            grads = {k: p.grad.double().flatten().tolist() for k, p in m.named_parameters()}
        opt.step()
        losses.append(loss.item())
    state = {k: v.double().flatten().tolist() for k, v in m.state_dict().items()}
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "loss_sum.json")
    with open(path, "w") as f:
        json.dump({"steps": STEPS, "batch_size": BATCH, "aux_weight": AUX_WEIGHT, "losses": losses, "first_parts": parts,
                   "first_grads": grads, "state": state}, f, separators=(",", ":"))
    print(path, os.path.getsize(path), "bytes;", [round(v, 5) for v in losses], parts)


if __name__ == "__main__":
    main()
