#!/usr/bin/env python3
"""LBFGS through the Trainer's loop against PyTorch 1.13, for LbfgsParityTest: the small classifier of
make_train_loop_fixtures (Linear(4, 8) → Tanh → Linear(8, 3), cross-entropy, torch's own initialisation, 30 samples,
10 for validation) trained as torch users train with LBFGS, the closure re-evaluating the same batch:

    def closure():
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        return loss
    loss = optimizer.step(closure)

A logistic regression (Linear(4, 3) alone) and the small MLP, full batch as in a course, and in batches of 8 with a
schedule; with and without strong_wolfe. The cases are chosen well-conditioned: the same run in float64 stays within a
fraction of the test's tolerance of float32's weights and losses (printed), so 1e-5 tests the algorithm rather than the
rounding. Not all are: the MLP at torch's default 20 iterations on the full batch moves its validation loss by 3e-5 in
float64 after one step, and a line search that stops half-way (a large tolerance_grad) interpolates a cubic through two
losses equal to 6 digits, whose difference float32's last bit decides.
Per case the settings as a project's "training" object, each epoch's rate, training loss (the first evaluation's, what
step returns) and validation loss, the closure's evaluations in all, and the weights at the end.

Run: /usr/bin/python3 engine/src/test/python/make_lbfgs_fixtures.py  (torch 1.13; deterministic)
Writes engine/src/test/resources/fixtures/train/lbfgs_loop.json.
"""
import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_train_loop_fixtures as loop  # noqa: E402

CASES = [
    # (model, optimizer, scheduler or None, epochs, batch size); the case's index seeds its initial weights
    ("logreg", {"name": "LBFGS"}, None, 3, 30),
    ("logreg", {"name": "LBFGS", "line_search_fn": "strong_wolfe"}, None, 3, 30),
    ("mlp", {"name": "LBFGS", "max_iter": 6, "history_size": 4}, None, 1, 30),
    ("mlp", {"name": "LBFGS", "line_search_fn": "strong_wolfe", "max_iter": 6, "history_size": 3}, None, 1, 30),
    ("mlp", {"name": "LBFGS", "lr": 0.2, "max_iter": 2, "history_size": 3}, {"name": "ExponentialLR", "gamma": 0.8}, 2, 10),
    ("mlp", {"name": "LBFGS", "line_search_fn": "strong_wolfe", "max_iter": 3, "max_eval": 4, "history_size": 2},
     {"name": "StepLR", "step_size": 1, "gamma": 0.5}, 1, 15),
    ("logreg", {"name": "LBFGS", "line_search_fn": "strong_wolfe", "max_iter": 4, "max_eval": 5, "history_size": 2},
     {"name": "StepLR", "step_size": 1, "gamma": 0.5}, 2, 15),
    ("logreg", {"name": "LBFGS", "line_search_fn": "strong_wolfe", "tolerance_change": 1e-3}, None, 2, 30),
    ("mlp", {"name": "LBFGS", "line_search_fn": "strong_wolfe", "max_iter": 2, "history_size": 2}, {"name": "StepLR", "step_size": 1, "gamma": 0.5},
     2, 15),
]


def data(n, salt):
    """make_train_loop_fixtures' samples with every third label moved to the next class: without that noise LBFGS fits
    the separable classes in a few iterations and drives the weights off to infinity, where its stopping tests decide
    on differences in the last bits."""
    x, y = loop.data(n, salt)
    for i in range(0, n, 3):
        y[i] = (y[i] + 1) % 3
    return x, y


def run(kind, o, s, epochs, batch, index, dtype=torch.float32):
    """One case; in float64 (`dtype`) it says how far float32's rounding alone moves the results (printed, not stored)."""
    torch.manual_seed(index)
    if kind == "mlp":
        model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))
        names = {"0.weight": "fc1.weight", "0.bias": "fc1.bias", "2.weight": "fc2.weight", "2.bias": "fc2.bias"}
    else:
        model = torch.nn.Sequential(torch.nn.Linear(4, 3))
        names = {"0.weight": "fc1.weight", "0.bias": "fc1.bias"}
    init = {names[k]: v.tolist() for k, v in model.state_dict().items()}
    model = model.to(dtype)
    x, y = data(loop.TRAIN, 0)
    vx, vy = data(loop.VAL, 5)
    x, vx = x.to(dtype), vx.to(dtype)
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.LBFGS(model.parameters(), **{k: v for k, v in o.items() if k != "name"})
    sched = None if s is None else getattr(torch.optim.lr_scheduler, s["name"])(opt, **{k: v for k, v in s.items() if k != "name"})
    evals = [0]
    lrs, train_losses, val_losses = [], [], []
    for e in range(epochs):
        lrs.append(opt.param_groups[0]["lr"])
        model.train()
        total = 0.0
        for b in range(0, loop.TRAIN, batch):
            xb, yb = x[b:b + batch], y[b:b + batch]

            def closure():
                evals[0] += 1
                opt.zero_grad()
                loss = loss_fn(model(xb), yb)
                loss.backward()
                return loss
            loss = opt.step(closure)
            total += loss.item() * len(yb)
        model.eval()
        train_losses.append(total / loop.TRAIN)
        vl = 0.0
        with torch.no_grad():
            for b in range(0, loop.VAL, batch):
                vl += float(loss_fn(model(vx[b:b + batch]), vy[b:b + batch])) * len(vy[b:b + batch])
        val_losses.append(vl / loop.VAL)
        if sched is not None:
            sched.step()
    training = {"optimizer": o, "epochs": epochs, "batch_size": batch, "shuffle": False}
    if s is not None:
        training["scheduler"] = s
    final = {names[k]: v.tolist() for k, v in model.state_dict().items()}
    state = opt.state[opt.param_groups[0]["params"][0]]
    return {"name": "%02d %s %s %s b%d" % (index, kind, json.dumps({k: v for k, v in o.items() if k != "name"}), s["name"] if s else "none", batch),
            "model": kind, "training": training, "init": init, "lrs": lrs, "group_lrs": [g["lr"] for g in opt.param_groups], "train_loss": train_losses,
            "val_loss": val_losses, "func_evals": state["func_evals"], "closure_calls": evals[0], "n_iter": state["n_iter"], "final": final}


def main():
    x, y = data(loop.TRAIN, 0)
    vx, vy = data(loop.VAL, 5)
    cases = [run(k, o, s, epochs, batch, i) for i, (k, o, s, epochs, batch) in enumerate(CASES)]
    path = os.path.join(loop.OUT, "lbfgs_loop.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "x": x.tolist(), "y": y.tolist(), "val_x": vx.tolist(), "val_y": vy.tolist(), "cases": cases},
                  f, separators=(",", ":"))
    print(path, len(cases), "cases,", os.path.getsize(path), "bytes")
    for i, c in enumerate(cases):
        k, o, s, epochs, batch = CASES[i]
        wide = run(k, o, s, epochs, batch, i, torch.float64)
        gap = max(abs(a - b) / max(abs(a), 1e-6) for key in ("train_loss", "val_loss") for a, b in zip(c[key], wide[key]))
        # the weights' distance in units of the test's tolerance (1e-6 + 1e-5·|w|): well below 1 for every case
        units = max(float(((torch.tensor(c["final"][n], dtype=torch.float64) - torch.tensor(wide["final"][n], dtype=torch.float64)).abs()
                           / (1e-6 + 1e-5 * torch.tensor(wide["final"][n], dtype=torch.float64).abs())).max()) for n in c["final"])
        print(c["name"], "evals", c["func_evals"], "iters", c["n_iter"], ["%.5f" % v for v in c["train_loss"]], ["%.5f" % v for v in c["val_loss"]],
              "float64 evals %d, its losses within %.1e, its weights within %.2f tolerances" % (wide["func_evals"], gap, units))


if __name__ == "__main__":
    main()
