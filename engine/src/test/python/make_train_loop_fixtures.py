#!/usr/bin/env python3
"""The Trainer's loop against PyTorch 1.13, for TrainLoopParityTest: optimiser, schedule and clipping settings in
combination, run through whole epochs with validation as LayerLab documents its loop (and as its exported script
writes it): per batch zero_grad, forward, loss, backward, clip by value then by norm, optimiser step, a per-batch
schedule's step (OneCycleLR); per epoch the validation loss, then the schedule's step (ReduceLROnPlateau given the
validation loss).

A small classifier (Linear(4, 8) → Tanh → Linear(8, 3), cross-entropy) starts from torch's own initialisation and
trains on 30 samples in batches of 8 (the last of 6), in order, for 6 epochs; 10 validation samples. Per case the
settings as a project's "training" object, each epoch's rate, training and validation loss, the weights at the end and
each parameter group's rate at the end.

Run: /usr/bin/python3 engine/src/test/python/make_train_loop_fixtures.py
Writes engine/src/test/resources/fixtures/train/loop.json.
"""
import json
import math
import os

import torch

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "train"))
EPOCHS, BATCH, TRAIN, VAL = 6, 8, 30, 10
PER_BATCH = ("OneCycleLR", "CyclicLR")  # the schedules stepped after every batch

CASES = [
    ({"name": "SGD", "lr": 0.2, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01},
     {"name": "StepLR", "step_size": 2, "gamma": 0.5}, {"clip_grad_norm": 0.5}),
    ({"name": "SGD", "lr": 0.05, "momentum": 0.5, "dampening": 0.3, "weight_decay": 0.02, "maximize": True},
     {"name": "MultiStepLR", "milestones": [3, 1, 3], "gamma": 0.5}, {"clip_grad_value": 0.05}),
    ({"name": "Adam", "lr": 0.02, "amsgrad": True, "weight_decay": 0.01, "betas": [0.8, 0.99]},
     {"name": "CosineAnnealingLR", "T_max": 2, "eta_min": 0.001}, {"clip_grad_value": 0.3, "clip_grad_norm": 0.4}),
    ({"name": "AdamW", "lr": 0.03, "amsgrad": True, "weight_decay": 0.1},
     {"name": "ReduceLROnPlateau", "mode": "max", "threshold_mode": "abs", "threshold": 0.01, "patience": 0, "cooldown": 1,
      "factor": 0.5, "min_lr": 0.01}, {}),
    ({"name": "RMSprop", "lr": 0.01, "centered": True, "momentum": 0.6, "weight_decay": 0.05, "alpha": 0.9},
     {"name": "ExponentialLR", "gamma": 0.7}, {"clip_grad_norm": 0.3}),
    ({"name": "Adagrad", "lr": 0.3, "lr_decay": 0.05, "initial_accumulator_value": 0.2, "weight_decay": 0.01},
     {"name": "OneCycleLR", "max_lr": 0.5, "cycle_momentum": False}, {"clip_grad_norm": 1.0}),
    # A cut from 0.1 to the min_lr 0.09 is smaller than eps 0.02, so it is skipped; rel mode with a threshold of 0.2.
    ({"name": "SGD", "lr": 0.1, "momentum": 0.9},
     {"name": "ReduceLROnPlateau", "threshold": 0.2, "patience": 1, "factor": 0.5, "min_lr": 0.09, "eps": 0.02}, {}),
    ({"name": "SGD", "lr": 0.1, "momentum": 0.9},
     {"name": "ReduceLROnPlateau", "mode": "min", "threshold_mode": "rel", "threshold": 0.15, "patience": 0, "cooldown": 2,
      "factor": 0.3}, {"clip_grad_value": 0.2}),
    ({"name": "Adam", "lr": 0.05},
     {"name": "OneCycleLR", "max_lr": 0.05, "three_phase": True, "anneal_strategy": "linear"}, {"clip_grad_norm": 0.2}),
    ({"name": "SGD", "lr": 0.2, "momentum": 0.8},
     {"name": "SequentialLR", "schedulers": [{"name": "LinearLR", "start_factor": 0.2, "total_iters": 2},
                                             {"name": "CosineAnnealingLR", "T_max": 3, "eta_min": 0.01}], "milestones": [2]}, {}),
    ({"name": "RMSprop", "lr": 0.02, "momentum": 0.3},
     {"name": "CosineAnnealingWarmRestarts", "T_0": 2, "T_mult": 2, "eta_min": 0.002}, {}),
    # clip_grad_norm_'s other norms: the largest magnitude ("inf", as torch takes it too) and the sum of magnitudes.
    ({"name": "SGD", "lr": 0.3, "momentum": 0.5},
     {"name": "StepLR", "step_size": 3, "gamma": 0.5}, {"clip_grad_norm": 0.05, "clip_grad_norm_type": "inf"}),
    ({"name": "Adam", "lr": 0.02, "amsgrad": True},
     {"name": "ExponentialLR", "gamma": 0.9}, {"clip_grad_value": 0.2, "clip_grad_norm": 0.5, "clip_grad_norm_type": 1}),
    ({"name": "RMSprop", "lr": 0.01, "centered": True},
     {"name": "CosineAnnealingLR", "T_max": 4}, {"clip_grad_norm": 0.3, "clip_grad_norm_type": 3.5}),
    # Parameter groups (param_groups): no weight decay on biases, another rate and amsgrad for one layer; the schedules
    # scale each group's own rate, ReduceLROnPlateau down to each one's min_lr, OneCycleLR cycles each group's momentum.
    ({"name": "AdamW", "lr": 0.03, "weight_decay": 0.1},
     {"name": "CosineAnnealingLR", "T_max": 3, "eta_min": 0.002},
     {"param_groups": [{"params": ["*.bias"], "weight_decay": 0}, {"params": ["fc2.weight"], "lr": 0.01, "amsgrad": True}]}),
    ({"name": "SGD", "lr": 0.1, "momentum": 0.9, "weight_decay": 0.01},
     {"name": "ReduceLROnPlateau", "patience": 0, "factor": 0.5, "threshold": 0.3, "min_lr": 0.03},
     {"param_groups": [{"params": ["fc1.*"], "lr": 0.2, "nesterov": True}], "clip_grad_norm": 1.0}),
    # ReduceLROnPlateau's min_lr per group, as torch takes a list: the first group stops at 0.04, the second at 0.15.
    ({"name": "SGD", "lr": 0.1, "momentum": 0.9},
     {"name": "ReduceLROnPlateau", "patience": 0, "factor": 0.5, "threshold": 0.3, "min_lr": [0.04, 0.15]},
     {"param_groups": [{"params": ["fc2.*"], "lr": 0.3}]}),
    ({"name": "SGD", "lr": 0.1, "momentum": 0.9},
     {"name": "OneCycleLR", "max_lr": 0.3},
     {"param_groups": [{"params": ["fc1.bias", "fc2.bias"], "momentum": 0.5, "weight_decay": 0.05}]}),
    # OneCycleLR's max_lr per group, as torch takes a list: the ungrouped parameters peak at 0.2, fc2's at 0.5.
    ({"name": "SGD", "lr": 0.1, "momentum": 0.9},
     {"name": "OneCycleLR", "max_lr": [0.2, 0.5], "pct_start": 0.4},
     {"param_groups": [{"params": ["fc2.*"], "lr": 0.3}]}),
]


def data(n, salt):
    """x[i, j] = sin(1.3·i + 0.7·j + salt), class 0, 1 or 2 from a few of the features (float32)."""
    x = torch.tensor([[math.sin(1.3 * i + 0.7 * j + salt) for j in range(4)] for i in range(n)], dtype=torch.float32)
    y = torch.tensor([(1 if x[i, 0] + x[i, 1] > 0.3 else 0) + (1 if x[i, 2] > 0.5 else 0) for i in range(n)], dtype=torch.int64)
    return x, y


def make_optimizer(named, o, groups):
    """The optimiser; with param_groups, the parameters no group names first, then each group's (names or name.*)."""
    kw = {k: (tuple(v) if k == "betas" else v) for k, v in o.items() if k != "name"}
    if not groups:
        return getattr(torch.optim, o["name"])([p for _, p in named], **kw)

    def taken(name, g):
        return any(name == n or (n.endswith("*") and name.startswith(n[:-1])) or (n.startswith("*") and name.endswith(n[1:]))
                   for n in g["params"])
    parts = [{"params": [p for n, p in named if not any(taken(n, g) for g in groups)]}]
    parts += [dict(g, params=[p for n, p in named if taken(n, g)]) for g in groups]
    return getattr(torch.optim, o["name"])(parts, **kw)


def make_scheduler(opt, s, steps_per_epoch):
    kw = {k: v for k, v in s.items() if k != "name"}
    if s["name"] == "SequentialLR":
        kw["schedulers"] = [make_scheduler(opt, p, steps_per_epoch) for p in s["schedulers"]]
    if s["name"] == "OneCycleLR":
        kw.setdefault("total_steps", EPOCHS * steps_per_epoch)  # LayerLab's default: the run's batches
    return getattr(torch.optim.lr_scheduler, s["name"])(opt, **kw)


def mean_loss(model, loss_fn, x, y):
    total = 0.0
    with torch.no_grad():
        for b in range(0, len(y), BATCH):
            total += float(loss_fn(model(x[b:b + BATCH]), y[b:b + BATCH])) * len(y[b:b + BATCH])
    return total / len(y)


def run(o, s, clip, index):
    torch.manual_seed(index)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))
    names = {"0.weight": "fc1.weight", "0.bias": "fc1.bias", "2.weight": "fc2.weight", "2.bias": "fc2.bias"}
    init = {names[k]: v.tolist() for k, v in model.state_dict().items()}
    x, y = data(TRAIN, 0)
    vx, vy = data(VAL, 5)
    loss_fn = torch.nn.CrossEntropyLoss()
    steps = math.ceil(TRAIN / BATCH)
    named = [(names[n], p) for n, p in model.named_parameters()]
    opt = make_optimizer(named, o, clip.get("param_groups"))
    sched = make_scheduler(opt, s, steps)
    per_batch = s["name"] in PER_BATCH
    lrs, train_losses, val_losses = [], [], []
    for e in range(EPOCHS):
        lrs.append(opt.param_groups[0]["lr"])
        model.train()
        total = 0.0
        for b in range(0, TRAIN, BATCH):
            xb, yb = x[b:b + BATCH], y[b:b + BATCH]
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            if "clip_grad_value" in clip:
                torch.nn.utils.clip_grad_value_(model.parameters(), clip["clip_grad_value"])
            if "clip_grad_norm" in clip:
                torch.nn.utils.clip_grad_norm_(model.parameters(), clip["clip_grad_norm"], norm_type=clip.get("clip_grad_norm_type", 2.0))
            opt.step()
            if per_batch:
                sched.step()
            total += loss.item() * len(yb)
        model.eval()
        train_losses.append(total / TRAIN)
        val_losses.append(mean_loss(model, loss_fn, vx, vy))
        if not per_batch:
            if isinstance(sched, torch.optim.lr_scheduler.ReduceLROnPlateau):
                sched.step(val_losses[-1])
            else:
                sched.step()
    training = {"optimizer": o, "scheduler": s, "epochs": EPOCHS, "batch_size": BATCH, "shuffle": False, **clip}
    final = {names[k]: v.tolist() for k, v in model.state_dict().items()}
    return {"name": "%02d %s %s%s" % (index, o["name"], s["name"], "".join(" %s=%s" % (k, "groups" if k == "param_groups" else v) for k, v in clip.items())), "training": training,
            "init": init, "lrs": lrs, "group_lrs": [g["lr"] for g in opt.param_groups], "train_loss": train_losses, "val_loss": val_losses, "final": final}


def main():
    x, y = data(TRAIN, 0)
    vx, vy = data(VAL, 5)
    cases = [run(o, s, clip, i) for i, (o, s, clip) in enumerate(CASES)]
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "loop.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "x": x.tolist(), "y": y.tolist(), "val_x": vx.tolist(), "val_y": vy.tolist(),
                   "cases": cases}, f, separators=(",", ":"))
    print(path, len(cases), "cases,", os.path.getsize(path), "bytes")
    for c in cases:
        print(c["name"], ["%.4g" % v for v in c["lrs"]], ["%.4f" % v for v in c["val_loss"]])


if __name__ == "__main__":
    main()
