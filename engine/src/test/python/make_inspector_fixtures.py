"""Fixtures for what the inspector shows of one training step (layerlab.train.TrainStep's ParameterStats and
ActivationCapture, the dashboard's gradient-norm chart and node tint): three small models (the Iris MLP, a tiny CNN,
a GRU classifier), each from stored weights on one stored batch. PyTorch runs the step's forward and backward; the
fixture holds, per parameter, the figures of its values and of its gradient (mean, std (torch's default, unbiased),
2-norm, min, max, histc's 30 bins between min and max), each node's gradient norm (its parameters' gradients together,
as clip_grad_norm_ measures them), and the requested nodes' outputs (forward hooks) with the figures of the
inspector's output row: mean, std, min, max, the fraction of zeros ((x == 0).float().mean()) and of dead units
(elements at most 0 for every sample of the batch: (x <= 0).all(0).float().mean()). One case
clips the gradients (clip_grad_norm 0.01): the inspector shows them as backward computed them, as a backward hook
sees them, so that exploding gradients stay visible.

Run: /usr/bin/python3 engine/src/test/python/make_inspector_fixtures.py  (torch 1.13; deterministic). Writes
engine/src/test/resources/fixtures/train/inspector.json.
"""
import json
import os

import torch
from torch import nn

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "train"))


def figures(x):
    f64 = x.detach().double().reshape(-1)
    lo, hi = float(f64.min()), float(f64.max())
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    return {
        "mean": float(f64.mean()), "std": float(f64.std()), "norm": float(torch.linalg.vector_norm(f64)),
        "min": float(f64.min()), "max": float(f64.max()),
        "counts": [int(c) for c in torch.histc(f64, bins=30, min=lo, max=hi).tolist()],
    }


def tensor(x):
    return {"shape": list(x.shape), "data": [float(v) for v in x.detach().reshape(-1).tolist()]}


def node(name, kind, **params):
    return {"id": name, "name": name, "kind": kind, "params": params, "position": {"x": 0, "y": 0}}


def project(name, nodes, chain, extra_edges=()):
    edges = [{"from": a + ".out", "to": b + ".in"} for a, b in zip(chain, chain[1:])]
    edges += [{"from": a, "to": b} for a, b in extra_edges]
    return {"format": "layerlab-project", "version": 1, "name": name, "nodes": nodes, "edges": edges, "blocks": [], "notes": []}


class Last(nn.Module):
    def forward(self, out):
        return out[:, -1, :]


def case(name, proj, modules, x, y, classes, observed, clip=None):
    """modules: (LayerLab node name, torch module) in order; observed: node names whose outputs are captured."""
    model = nn.Sequential(*[m for _, m in modules])
    outputs = {}
    for n, m in modules:
        if n in observed:
            m.register_forward_hook(lambda mod, inp, out, n=n: outputs.__setitem__(n, out[0] if isinstance(out, tuple) else out))
    state = {}
    for n, m in modules:
        for p, v in m.named_parameters():
            state[n + "." + p] = v
    values = {k: figures(v) for k, v in state.items()}
    weights = {k: tensor(v) for k, v in state.items()}
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    grads = {k: figures(v.grad) for k, v in state.items()}
    norms = {}
    for n, m in modules:
        gs = [p.grad.double().reshape(-1) for p in m.parameters()]
        if gs:
            norms[n] = float(torch.linalg.vector_norm(torch.cat(gs)))
    training = {"optimizer": {"name": "SGD", "lr": 0.1}, "epochs": 1, "batch_size": x.shape[0], "shuffle": False, "stats_every": 1}
    if clip is not None:
        training["clip_grad_norm"] = clip
        total = float(torch.nn.utils.clip_grad_norm_(model.parameters(), clip))
        assert total > 10 * clip, "the clip must bite for the case to mean anything"
    acts = {n: dict(tensor(outputs[n]), **{k: v for k, v in figures(outputs[n]).items() if k in ("mean", "std", "min", "max")},
                    zeros=float((outputs[n] == 0).float().mean()), dead=float((outputs[n] <= 0).all(0).float().mean())) for n in observed}
    return {"name": name, "project": json.dumps(proj), "training": training, "x": tensor(x), "y": [int(v) for v in y.tolist()], "classes": classes,
            "weights": weights, "loss": float(loss), "values": values, "grads": grads, "nodeGradNorms": norms, "activations": acts}


def iris(g, clip=None):
    proj = project("Iris", [node("measurements", "Input", shape=[4]), node("fc1", "Linear", in_features=4, out_features=16),
                            node("relu", "ReLU"), node("fc2", "Linear", in_features=16, out_features=3), node("logits", "Output"),
                            node("labels", "Input", shape=[], dtype="int64"), node("loss", "CrossEntropyLoss")],
                   ["measurements", "fc1", "relu", "fc2", "logits"], [("fc2.out", "loss.input"), ("labels.out", "loss.target")])
    modules = [("fc1", nn.Linear(4, 16)), ("relu", nn.ReLU()), ("fc2", nn.Linear(16, 3))]
    x = torch.randn(12, 4, generator=g)
    y = torch.randint(0, 3, (12,), generator=g)
    return case("iris MLP" + (" clipped" if clip else ""), proj, modules, x, y, 3, ["fc1", "relu", "fc2"], clip)


def cnn(g):
    proj = project("Tiny CNN", [node("x", "Input", shape=[1, 6, 6]), node("conv1", "Conv2d", in_channels=1, out_channels=2, kernel_size=3),
                                node("relu1", "ReLU"), node("flatten", "Flatten"), node("fc", "Linear", in_features=32, out_features=3),
                                node("logits", "Output"), node("labels", "Input", shape=[], dtype="int64"), node("loss", "CrossEntropyLoss")],
                   ["x", "conv1", "relu1", "flatten", "fc", "logits"], [("fc.out", "loss.input"), ("labels.out", "loss.target")])
    modules = [("conv1", nn.Conv2d(1, 2, 3)), ("relu1", nn.ReLU()), ("flatten", nn.Flatten()), ("fc", nn.Linear(32, 3))]
    x = torch.randn(5, 1, 6, 6, generator=g)
    y = torch.randint(0, 3, (5,), generator=g)
    return case("tiny CNN", proj, modules, x, y, 3, ["conv1", "relu1"])


def gru(g):
    proj = project("GRU", [node("seq", "Input", shape=[5, 3]), node("gru", "GRU", input_size=3, hidden_size=4, batch_first=True),
                           node("last", "LastStep"), node("fc", "Linear", in_features=4, out_features=2), node("logits", "Output"),
                           node("labels", "Input", shape=[], dtype="int64"), node("loss", "CrossEntropyLoss")],
                   ["seq", "gru", "last", "fc", "logits"], [("fc.out", "loss.input"), ("labels.out", "loss.target")])

    class Gru(nn.Module):
        def __init__(self):
            super().__init__()
            self.g = nn.GRU(3, 4, batch_first=True)

        def forward(self, x):
            return self.g(x)[0]

        def named_parameters(self, *a, **k):
            return ((n.split(".", 1)[1], p) for n, p in super().named_parameters(*a, **k))

    modules = [("gru", Gru()), ("last", Last()), ("fc", nn.Linear(4, 2))]
    x = torch.randn(6, 5, 3, generator=g)
    y = torch.randint(0, 2, (6,), generator=g)
    return case("GRU", proj, modules, x, y, 2, ["gru", "last"])


def main():
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(3)
    cases = [iris(g), cnn(g), gru(g)]
    torch.manual_seed(1)
    cases.append(iris(torch.Generator().manual_seed(4), clip=0.01))
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "inspector.json"), "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
