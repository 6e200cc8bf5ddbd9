#!/usr/bin/env python3
"""The training settings' optimiser and scheduler options in combination, against PyTorch 1.13, for OptimizerAuditTest.

Each case is a project's "optimizer" and "scheduler" settings as LayerLab reads them (PyTorch's names), run for 6
epochs of 2 steps over two parameters with the same gradients: the parameters and the rate after every epoch. Every flag combination of each optimiser is crossed with the schedulers in turn (a scheduler changes the
rate the optimiser's state meets: Adam's bias correction, Adagrad's lr_decay, SGD's momentum). "refused" lists
settings PyTorch refuses (LayerLab must too); "accepted" ones at the edges PyTorch takes (LayerLab must too).

Run: /usr/bin/python3 engine/src/test/python/make_optim_audit_fixtures.py
Writes engine/src/test/resources/fixtures/optim/audit.json: per case the parameters' values (shapes [3, 2] and [4],
flattened in turn), each step's gradients before the epoch's scale 0.5 + e, the parameters after each epoch, each
epoch's metric (what ReduceLROnPlateau watches) and the rate after its scheduler stepped.
"""
import itertools
import json
import os
import zlib

import torch

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "optim"))
SHAPES = [(3, 2), (4,)]
EPOCHS, STEPS = 6, 2


def flat(tensors):
    """The tensors' values in order, one list (the shapes are SHAPES); 9 significant digits give a float32 back exactly."""
    return [float("%.9g" % v) for x in tensors for v in x.detach().reshape(-1).tolist()]


def grid(**options):
    keys = list(options)
    for values in itertools.product(*(options[k] for k in keys)):
        yield dict(zip(keys, values))


def optimizers():
    out = []
    for o in grid(momentum=[0.0, 0.9], dampening=[0.0, 0.4], nesterov=[False, True], weight_decay=[0.0, 0.05], maximize=[False, True]):
        if o["nesterov"] and (o["momentum"] == 0 or o["dampening"] != 0):
            continue
        out.append(dict(name="SGD", lr=0.1, **o))
    for name in ["Adam", "AdamW"]:
        for o in grid(amsgrad=[False, True], weight_decay=[0.0, 0.1], maximize=[False, True], betas=[[0.9, 0.999], [0.5, 0.9]]):
            out.append(dict(name=name, lr=0.05, **o))
        out.append(dict(name=name, lr=0.05, eps=0.1))
        out.append(dict(name=name))
    for o in grid(centered=[False, True], momentum=[0.0, 0.5], weight_decay=[0.0, 0.1], maximize=[False, True], alpha=[0.99, 0.5]):
        out.append(dict(name="RMSprop", lr=0.01, **o))
    for o in grid(lr_decay=[0.0, 0.3], weight_decay=[0.0, 0.1], initial_accumulator_value=[0.0, 0.4], maximize=[False, True]):
        out.append(dict(name="Adagrad", lr=0.1, **o))
    out.append(dict(name="Adagrad", lr=0.1, eps=0.5))
    return out


SCHEDULERS = [None, dict(name="StepLR", step_size=2, gamma=0.5), dict(name="MultiStepLR", milestones=[4, 1, 4], gamma=0.3),
              dict(name="ExponentialLR", gamma=0.8), dict(name="CosineAnnealingLR", T_max=4, eta_min=0.001),
              dict(name="ReduceLROnPlateau", patience=0, factor=0.5, mode="max", threshold=0.1, threshold_mode="abs", cooldown=1),
              dict(name="ReduceLROnPlateau", patience=1, factor=0.2, min_lr=0.004)]


def make_optimizer(params, o):
    kw = {k: (tuple(v) if k == "betas" else v) for k, v in o.items() if k != "name"}
    if o["name"] == "SGD":
        kw.setdefault("lr", 0.01)  # LayerLab's default where PyTorch requires one
    return getattr(torch.optim, o["name"])(params, **kw)


def make_scheduler(opt, s, epochs):
    if s is None:
        return None
    kw = {k: v for k, v in s.items() if k != "name"}
    if s["name"] == "CosineAnnealingLR":
        kw.setdefault("T_max", epochs)
    return getattr(torch.optim.lr_scheduler, s["name"])(opt, **kw)


def run(o, s, index):
    g = torch.Generator().manual_seed(zlib.crc32(json.dumps([o, s], sort_keys=True).encode()))
    params = [torch.nn.Parameter(torch.round(torch.randn(sh, generator=g) * 32) / 32) for sh in SHAPES]
    init = flat(params)
    opt = make_optimizer(params, o)
    sched = make_scheduler(opt, s, EPOCHS)
    grads_seen, after, lrs, metrics = [], [], [], []
    for e in range(EPOCHS):
        for k in range(STEPS):
            # Multiples of 1/32 (short to write, exact in float32), times the epoch's scale 0.5 + e (exact too).
            grads = [torch.round(torch.randn(p.shape, generator=g) * 32) / 32 for p in params]
            for p, gr in zip(params, grads):
                p.grad = gr * (0.5 + e)
            opt.step()
            grads_seen.append(flat(grads))
        after.append(flat(params))
        metric = float(torch.rand(1, generator=g))
        metrics.append(metric)
        if sched is not None:
            if isinstance(sched, torch.optim.lr_scheduler.ReduceLROnPlateau):
                sched.step(metric)
            else:
                sched.step()
        lrs.append(opt.param_groups[0]["lr"])
    return {"name": "%03d %s %s" % (index, o["name"], "none" if s is None else s["name"]), "optimizer": o, "scheduler": s,
            "params": init, "grads": grads_seen, "after": after, "metrics": metrics, "lrs": lrs}


REFUSED = [
    ({"name": "SGD", "lr": 0.1, "nesterov": True}, None),
    ({"name": "SGD", "lr": 0.1, "nesterov": True, "momentum": 0.9, "dampening": 0.1}, None),
    ({"name": "SGD", "lr": -0.1}, None),
    ({"name": "SGD", "momentum": -0.5}, None),
    ({"name": "SGD", "weight_decay": -0.1}, None),
    ({"name": "Adam", "betas": [1.0, 0.999]}, None),
    ({"name": "Adam", "betas": [0.9, 1.0]}, None),
    ({"name": "Adam", "betas": [-0.1, 0.999]}, None),
    ({"name": "AdamW", "eps": -1e-8}, None),
    ({"name": "AdamW", "weight_decay": -0.01}, None),
    ({"name": "RMSprop", "alpha": -0.5}, None),
    ({"name": "RMSprop", "momentum": -0.1}, None),
    ({"name": "RMSprop", "eps": -1.0}, None),
    ({"name": "Adagrad", "lr_decay": -0.1}, None),
    ({"name": "Adagrad", "initial_accumulator_value": -0.1}, None),
    ({"name": "Adagrad", "eps": -1e-10}, None),
    ({"name": "SGD"}, {"name": "ReduceLROnPlateau", "factor": 1.0}),
    ({"name": "SGD"}, {"name": "ReduceLROnPlateau", "mode": "median"}),
    ({"name": "SGD"}, {"name": "ReduceLROnPlateau", "threshold_mode": "relative"}),
]

ACCEPTED = [
    ({"name": "SGD", "lr": 0.0}, None),
    ({"name": "SGD", "lr": 0.1, "momentum": 1.0, "dampening": 1.0}, None),
    ({"name": "Adam", "lr": 0.05, "betas": [0.0, 0.0]}, None),
    ({"name": "RMSprop", "lr": 0.01, "alpha": 0.0}, None),
    ({"name": "RMSprop", "lr": 0.01, "alpha": 1.0, "eps": 1.0}, None),
    ({"name": "Adagrad", "lr": 0.1, "eps": 0.0, "initial_accumulator_value": 0.1}, None),
    ({"name": "SGD", "lr": 0.1}, {"name": "StepLR", "step_size": 1, "gamma": 0.0}),
    ({"name": "SGD", "lr": 0.1}, {"name": "ExponentialLR", "gamma": 1.5}),
    ({"name": "SGD", "lr": 0.1}, {"name": "CosineAnnealingLR", "T_max": 1, "eta_min": 0.5}),
    ({"name": "SGD", "lr": 0.1}, {"name": "ReduceLROnPlateau", "factor": 0.0, "patience": 0}),
]


def refused_by_torch(o, s):
    p = [torch.nn.Parameter(torch.zeros(2))]
    try:
        opt = make_optimizer(p, o)
        make_scheduler(opt, s, EPOCHS)
    except (ValueError, TypeError):
        return True
    return False


def main():
    cases = []
    opts = optimizers()
    for i, o in enumerate(opts):
        cases.append(run(o, SCHEDULERS[i % len(SCHEDULERS)], len(cases)))
    for o, s in ACCEPTED:
        assert not refused_by_torch(o, s), (o, s)
        cases.append(run(o, s, len(cases)))
    for o, s in REFUSED:
        assert refused_by_torch(o, s), (o, s)
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "audit.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases,
                   "refused": [{"optimizer": o, "scheduler": s} for o, s in REFUSED]}, f, separators=(",", ":"))
    print(path, len(cases), "cases,", len(REFUSED), "refused,", os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
