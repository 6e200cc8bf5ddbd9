"""Fixture for layerlab.train: PyTorch trains the NeuralNetwork sample (Flatten → Linear(784, 512) → ReLU →
Linear(512, 512) → ReLU → Linear(512, 10), CrossEntropyLoss) for 20 plain SGD steps; the Java tests train the same
model from the same weights on the same batches and compare.

Run: /usr/bin/python3 engine/src/test/python/make_train_fixtures.py  (torch 1.13; deterministic)
Writes engine/src/test/resources/fixtures/train/neural_network_sgd.json.

The data and the initial weights are given by formulas (see `data` and `initial`), which the Java tests evaluate the
same way (float64 arithmetic, then rounded to float32), so the fixture stays small: it holds the 20 losses and, per
parameter, its sum, its 2-norm and 256 sampled values after training.
"""
import json
import math
import os

import numpy as np
import torch

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "train"))
STEPS = 20
BATCH = 8
LR = 0.2
SAMPLES = 256
# Parameter names as in LayerLab (graph node names) and their shapes; torch's Sequential indices beside them.
PARAMS = [("fc1.weight", (512, 784), "1.weight"), ("fc1.bias", (512,), "1.bias"),
          ("fc2.weight", (512, 512), "3.weight"), ("fc2.bias", (512,), "3.bias"),
          ("fc3.weight", (10, 512), "5.weight"), ("fc3.bias", (10,), "5.bias")]


def data(n):
    """x[i, j] = 0.5 + 0.5·sin(0.37·i + 0.0113·j) for 784 pixels, labels (7·i + 3) mod 10."""
    i = np.arange(n, dtype=np.float64)[:, None]
    j = np.arange(784, dtype=np.float64)[None, :]
    x = (0.5 + 0.5 * np.sin(0.37 * i + 0.0113 * j)).astype(np.float32).reshape(n, 1, 28, 28)
    y = (7 * np.arange(n) + 3) % 10
    return torch.from_numpy(x), torch.from_numpy(y.astype(np.int64))


def initial(index, shape, fan_in):
    """Parameter number `index` (0-based, in PARAMS order): element k = sin(1.7·k + index) / √fan_in."""
    k = np.arange(int(np.prod(shape)), dtype=np.float64)
    return torch.from_numpy((np.sin(1.7 * k + index) / math.sqrt(fan_in)).astype(np.float32).reshape(shape))


def sampled(numel):
    return [(k * 7919 + 13) % numel for k in range(SAMPLES)]


def main():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 512),
                                torch.nn.ReLU(), torch.nn.Linear(512, 10))
    state = model.state_dict()
    with torch.no_grad():
        for index, (name, shape, torch_name) in enumerate(PARAMS):
            fan_in = shape[1] if len(shape) == 2 else PARAMS[index - 1][1][1]
            state[torch_name].copy_(initial(index, shape, fan_in))
    x, y = data(STEPS * BATCH)
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    losses = []
    for s in range(STEPS):
        xb, yb = x[s * BATCH:(s + 1) * BATCH], y[s * BATCH:(s + 1) * BATCH]
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    params = {}
    state = model.state_dict()
    for name, shape, torch_name in PARAMS:
        t = state[torch_name].double().flatten()
        idx = sampled(t.numel())
        params[name] = {"shape": list(shape), "sum": t.sum().item(), "norm": t.norm().item(),
                        "indices": idx, "values": [t[i].item() for i in idx]}
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "neural_network_sgd.json")
    with open(path, "w") as f:
        json.dump({"steps": STEPS, "batch_size": BATCH, "lr": LR, "losses": losses, "params": params}, f, separators=(",", ":"))
    print(path, os.path.getsize(path), "bytes; losses", [round(v, 4) for v in losses])


if __name__ == "__main__":
    main()
