"""Fixtures for layerlab.optim and layerlab.init: PyTorch's own numbers for optimisers, LR schedulers,
gradient clipping and initialiser gains/fans/bounds.

Run: /usr/bin/python3 engine/src/test/python/make_optim_fixtures.py  (torch 1.13; deterministic)
Writes engine/src/test/resources/fixtures/optim/*.json; tensors are {"shape": [...], "data": [...]} holding
float32 values exactly.
"""
import json
import math
import os
import zlib

import torch

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "optim"))
STEPS = 5
# Gradient scale per step: varying magnitudes exercise AMSGrad's running max and RMSprop's averages.
SCALES = [1.0, 3.0, 0.2, 1.5, 0.1]


def tensor(t):
    return {"shape": list(t.shape), "data": t.detach().double().flatten().tolist()}


def write(name, obj):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name + ".json")
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
    print(path, os.path.getsize(path), "bytes")


# ---------------------------------------------------------------- optimisers

SHAPES = [(3, 4), (5,), (2, 3, 2)]


def optimizer_case(cls, name, kwargs, groups=None, skip=None):
    """groups: list of (param indices, option overrides); skip: {step: param index} whose grad is None then."""
    g = torch.Generator().manual_seed(zlib.crc32((cls.__name__ + name).encode()))
    params = [torch.nn.Parameter(torch.randn(s, generator=g)) for s in SHAPES]
    init = [tensor(p) for p in params]
    if groups is None:
        groups = [(list(range(len(params))), {})]
    opt = cls([dict(params=[params[i] for i in idx], **opts) for idx, opts in groups], **kwargs)
    steps = []
    for k in range(STEPS):
        grads = []
        for i, p in enumerate(params):
            if skip is not None and skip.get(k) == i:
                p.grad = None
                grads.append(None)
            else:
                gr = torch.randn(p.shape, generator=g) * SCALES[k]
                p.grad = gr.clone()
                grads.append(tensor(gr))
        opt.step()
        steps.append({"grads": grads, "params": [tensor(p) for p in params]})
    return {"name": name, "optimizer": cls.__name__, "kwargs": kwargs,
            "groups": [{"params": idx, "options": opts} for idx, opts in groups],
            "params": init, "steps": steps}


def optimizers():
    O = torch.optim
    two_groups = [([0, 2], {}), ([1], {"lr": 0.05})]
    write("sgd", {"cases": [
        optimizer_case(O.SGD, "plain", dict(lr=0.1)),
        optimizer_case(O.SGD, "momentum", dict(lr=0.1, momentum=0.9)),
        optimizer_case(O.SGD, "momentum_dampening", dict(lr=0.1, momentum=0.9, dampening=0.5)),
        optimizer_case(O.SGD, "nesterov", dict(lr=0.1, momentum=0.9, nesterov=True)),
        optimizer_case(O.SGD, "weight_decay_momentum", dict(lr=0.05, momentum=0.8, weight_decay=0.1)),
        optimizer_case(O.SGD, "maximize_nesterov_wd", dict(lr=0.1, momentum=0.5, nesterov=True, weight_decay=0.01, maximize=True)),
        optimizer_case(O.SGD, "groups_and_skipped_grad", dict(lr=0.1, momentum=0.9),
                       groups=[([0, 2], {}), ([1], {"lr": 0.05, "momentum": 0.0})], skip={1: 0, 3: 2}),
    ]})
    write("adam", {"cases": [
        optimizer_case(O.Adam, "default", dict()),
        optimizer_case(O.Adam, "lr", dict(lr=0.05)),
        optimizer_case(O.Adam, "amsgrad", dict(lr=0.05, amsgrad=True)),
        optimizer_case(O.Adam, "weight_decay", dict(lr=0.05, weight_decay=0.1)),
        optimizer_case(O.Adam, "betas_eps", dict(lr=0.02, betas=(0.8, 0.99), eps=1e-6)),
        optimizer_case(O.Adam, "maximize_amsgrad_wd", dict(lr=0.05, amsgrad=True, maximize=True, weight_decay=0.05)),
        optimizer_case(O.Adam, "groups_and_skipped_grad", dict(lr=0.02), groups=two_groups, skip={2: 1}),
    ]})
    write("adamw", {"cases": [
        optimizer_case(O.AdamW, "default", dict()),
        optimizer_case(O.AdamW, "lr_wd", dict(lr=0.05, weight_decay=0.1)),
        optimizer_case(O.AdamW, "amsgrad", dict(lr=0.05, amsgrad=True, weight_decay=0.2)),
        optimizer_case(O.AdamW, "maximize", dict(lr=0.05, maximize=True)),
        optimizer_case(O.AdamW, "groups", dict(lr=0.02), groups=[([0, 2], {}), ([1], {"lr": 0.05, "weight_decay": 0.5})]),
    ]})
    write("rmsprop", {"cases": [
        optimizer_case(O.RMSprop, "default", dict()),
        optimizer_case(O.RMSprop, "alpha_eps", dict(lr=0.02, alpha=0.9, eps=1e-6)),
        optimizer_case(O.RMSprop, "centered", dict(lr=0.01, centered=True)),
        optimizer_case(O.RMSprop, "momentum", dict(lr=0.01, momentum=0.9)),
        optimizer_case(O.RMSprop, "centered_momentum_wd", dict(lr=0.01, momentum=0.5, centered=True, weight_decay=0.1)),
        optimizer_case(O.RMSprop, "maximize", dict(lr=0.01, maximize=True, momentum=0.3)),
        optimizer_case(O.RMSprop, "groups_and_skipped_grad", dict(lr=0.01), groups=two_groups, skip={0: 2}),
    ]})
    write("adagrad", {"cases": [
        optimizer_case(O.Adagrad, "default", dict()),
        optimizer_case(O.Adagrad, "lr", dict(lr=0.1)),
        optimizer_case(O.Adagrad, "lr_decay", dict(lr=0.1, lr_decay=0.1)),
        optimizer_case(O.Adagrad, "weight_decay", dict(lr=0.1, weight_decay=0.05)),
        optimizer_case(O.Adagrad, "initial_accumulator", dict(lr=0.1, initial_accumulator_value=0.5, eps=1e-6)),
        optimizer_case(O.Adagrad, "maximize_decay", dict(lr=0.1, maximize=True, lr_decay=0.5)),
        optimizer_case(O.Adagrad, "groups_and_skipped_grad", dict(lr=0.1, lr_decay=0.2), groups=two_groups, skip={1: 1}),
    ]})


# ---------------------------------------------------------------- schedulers

EPOCHS = 25


def scheduler_case(name, lrs, make):
    """make(optimizer) -> list of schedulers stepped in order each epoch (several = chained)."""
    params = [torch.nn.Parameter(torch.zeros(1)) for _ in lrs]
    opt = torch.optim.SGD([{"params": [p], "lr": lr} for p, lr in zip(params, lrs)], lr=lrs[0])
    scheds, spec = make(opt)
    epochs = [scheds[-1].get_last_lr()]
    for _ in range(EPOCHS):
        opt.step()
        for s in scheds:
            s.step()
        epochs.append(scheds[-1].get_last_lr())
    return {"name": name, "initial_lrs": lrs, "schedulers": spec, "lrs": epochs}


def schedulers():
    S = torch.optim.lr_scheduler

    def one(kind, **kw):
        return lambda opt: ([getattr(S, kind)(opt, **kw)], [dict(kind=kind, **kw)])

    def chain(opt):
        return ([S.StepLR(opt, step_size=4, gamma=0.5), S.ExponentialLR(opt, gamma=0.95)],
                [dict(kind="StepLR", step_size=4, gamma=0.5), dict(kind="ExponentialLR", gamma=0.95)])

    write("schedulers", {"cases": [
        scheduler_case("step", [0.1], one("StepLR", step_size=3)),
        scheduler_case("step_gamma_groups", [0.1, 0.02], one("StepLR", step_size=5, gamma=0.5)),
        scheduler_case("multistep", [0.1], one("MultiStepLR", milestones=[2, 5, 9, 17])),
        scheduler_case("multistep_repeated", [0.5, 0.05], one("MultiStepLR", milestones=[3, 3, 10], gamma=0.3)),
        # PyTorch keeps milestones in a Counter: any order, a repeat multiplies by gamma once per listing.
        scheduler_case("multistep_unsorted_repeated", [0.2], one("MultiStepLR", milestones=[12, 4, 12, 7, 4, 4], gamma=0.5)),
        scheduler_case("exponential", [0.1], one("ExponentialLR", gamma=0.9)),
        scheduler_case("exponential_groups", [1.0, 0.3], one("ExponentialLR", gamma=0.77)),
        scheduler_case("cosine", [0.1], one("CosineAnnealingLR", T_max=10)),
        scheduler_case("cosine_eta_min_restart", [0.1, 0.05], one("CosineAnnealingLR", T_max=7, eta_min=0.001)),
        scheduler_case("cosine_short", [0.3], one("CosineAnnealingLR", T_max=1, eta_min=0.01)),
        scheduler_case("chained_step_exponential", [0.1], chain),
        scheduler_case("linear_default", [0.1], one("LinearLR")),
        scheduler_case("linear_groups", [0.1, 0.05], one("LinearLR", start_factor=0.25, end_factor=0.8, total_iters=7)),
        scheduler_case("linear_decay", [0.3], one("LinearLR", start_factor=1.0, end_factor=0.1, total_iters=10)),
        scheduler_case("constant_default", [0.1], one("ConstantLR")),
        scheduler_case("constant_groups", [0.2, 0.03], one("ConstantLR", factor=0.5, total_iters=4)),
        scheduler_case("warm_restarts", [0.1], one("CosineAnnealingWarmRestarts", T_0=5)),
        scheduler_case("warm_restarts_mult", [0.1, 0.05], one("CosineAnnealingWarmRestarts", T_0=3, T_mult=2, eta_min=0.001)),
        scheduler_case("warm_restarts_one", [0.4], one("CosineAnnealingWarmRestarts", T_0=1, eta_min=0.01)),
        scheduler_case("polynomial_default", [0.1], one("PolynomialLR")),
        scheduler_case("polynomial_square", [0.1, 0.02], one("PolynomialLR", total_iters=12, power=2.0)),
        scheduler_case("polynomial_root", [0.5], one("PolynomialLR", total_iters=20, power=0.5)),
        scheduler_case("sequential_linear_cosine", [0.1], sequential([("LinearLR", dict(start_factor=0.1, total_iters=4)),
                                                                     ("CosineAnnealingLR", dict(T_max=10, eta_min=0.001))], [4])),
        scheduler_case("sequential_linear_step", [0.1, 0.02], sequential([("LinearLR", dict(start_factor=0.2, end_factor=1.0, total_iters=3)),
                                                                         ("StepLR", dict(step_size=4, gamma=0.5))], [3])),
        scheduler_case("sequential_linear_exponential", [0.2], sequential([("LinearLR", dict(total_iters=5)),
                                                                          ("ExponentialLR", dict(gamma=0.9))], [6])),
        scheduler_case("sequential_three", [0.1], sequential([("ConstantLR", dict(factor=0.5, total_iters=2)),
                                                             ("LinearLR", dict(start_factor=0.5, total_iters=4)),
                                                             ("CosineAnnealingLR", dict(T_max=8))], [3, 9])),
    ] + onecycles()})


def sequential(parts, milestones):
    """SequentialLR over schedulers built, as a user would write them, just before it on the same optimiser."""
    S = torch.optim.lr_scheduler

    def make(opt):
        scheds = [getattr(S, kind)(opt, **kw) for kind, kw in parts]
        return ([S.SequentialLR(opt, schedulers=scheds, milestones=milestones)],
                [dict(kind="SequentialLR", schedulers=[dict(kind=kind, **kw) for kind, kw in parts], milestones=milestones)])
    return make


def onecycle_case(name, optimizer, lrs, steps, **kw):
    """OneCycleLR stepped `steps` times (once per batch in a run), with the momentum (SGD's, or Adam's beta1) it cycles."""
    params = [torch.nn.Parameter(torch.zeros(1)) for _ in lrs]
    groups = [{"params": [p], "lr": lr} for p, lr in zip(params, lrs)]
    opt = torch.optim.SGD(groups, lr=lrs[0]) if optimizer == "SGD" else torch.optim.Adam(groups, lr=lrs[0])

    def momenta():
        return [g["betas"][0] if optimizer == "Adam" else g["momentum"] for g in opt.param_groups]
    s = torch.optim.lr_scheduler.OneCycleLR(opt, **kw)
    out, moms = [s.get_last_lr()], [momenta()]
    for _ in range(steps):
        opt.step()
        s.step()
        out.append(s.get_last_lr())
        moms.append(momenta())
    try:  # PyTorch refuses a step past total_steps; LayerLab says so too.
        s.step()
        past = False
    except ValueError:
        past = True
    return {"name": name, "initial_lrs": lrs, "optimizer": optimizer, "schedulers": [dict(kind="OneCycleLR", **kw)], "lrs": out,
            "momenta": moms, "refuses_next_step": past}


def onecycles():
    return [
        onecycle_case("onecycle_default", "SGD", [0.1], 40, max_lr=0.5, total_steps=40),
        onecycle_case("onecycle_adam_epochs", "Adam", [0.001, 0.002], 30, max_lr=[0.01, 0.03], epochs=5, steps_per_epoch=6, pct_start=0.25,
                      div_factor=10.0, final_div_factor=100.0, base_momentum=0.8, max_momentum=0.9),
        onecycle_case("onecycle_three_phase_linear", "SGD", [0.1], 37, max_lr=1.0, total_steps=37, pct_start=0.4, anneal_strategy="linear",
                      three_phase=True),
        onecycle_case("onecycle_three_phase_cos", "Adam", [0.1], 50, max_lr=0.2, total_steps=50, three_phase=True),
        onecycle_case("onecycle_no_momentum", "SGD", [0.1], 20, max_lr=0.3, total_steps=20, cycle_momentum=False),
    ]


def plateau_case(name, lrs, metrics, **kw):
    params = [torch.nn.Parameter(torch.zeros(1)) for _ in lrs]
    opt = torch.optim.SGD([{"params": [p], "lr": lr} for p, lr in zip(params, lrs)], lr=lrs[0])
    s = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **kw)
    out = []
    for m in metrics:
        opt.step()
        s.step(m)
        out.append({"lr": s._last_lr, "best": s.best, "num_bad_epochs": s.num_bad_epochs})
    return {"name": name, "initial_lrs": lrs, "kwargs": kw, "metrics": metrics, "epochs": out}


def plateau():
    g = torch.Generator().manual_seed(7)
    # A loss that falls, stalls with noise, falls a little, then stalls for good.
    falling = [1.0 / (1 + 0.3 * i) for i in range(8)]
    noisy = [falling[-1] + 0.02 * float(x) for x in torch.rand(10, generator=g)]
    more = [0.25, 0.2499, 0.24999, 0.2, 0.2, 0.2, 0.19999, 0.2, 0.2, 0.2, 0.2, 0.2]
    loss = falling + noisy + more
    acc = [0.5 + 0.4 * (1 - math.exp(-i / 4)) for i in range(10)] + [0.85 + 0.01 * float(x) for x in torch.rand(20, generator=g)]
    write("plateau", {"cases": [
        plateau_case("defaults", [0.1], loss),
        plateau_case("min_rel_patience2", [0.1], loss, patience=2, factor=0.5),
        plateau_case("min_abs_cooldown", [0.1, 0.01], loss, patience=1, threshold=0.01, threshold_mode="abs", cooldown=2, factor=0.5),
        plateau_case("min_lr_floor", [0.1], loss, patience=0, factor=0.3, min_lr=0.002),
        plateau_case("min_lr_per_group", [0.1, 0.05], loss, patience=1, factor=0.2, min_lr=[0.01, 0.0]),
        plateau_case("max_rel", [0.1], acc, mode="max", patience=2, threshold=0.01, factor=0.5),
        plateau_case("max_abs_cooldown", [0.2], acc, mode="max", patience=1, threshold=0.005, threshold_mode="abs", cooldown=3),
        plateau_case("eps_skips_tiny_cuts", [1e-7], loss, patience=0, factor=0.5, eps=1e-8),
    ]})


# ---------------------------------------------------------------- clipping

def clipping():
    g = torch.Generator().manual_seed(11)
    cases = []
    for norm_type in [2.0, 1.0, "inf", 3.0]:
        for max_norm in [0.5, 3.0, 1000.0]:
            params = [torch.nn.Parameter(torch.zeros(s)) for s in [(4, 3), (6,), (2, 2, 2), (3,)]]
            grads = [torch.randn(p.shape, generator=g) for p in params]
            for p, gr in zip(params[:3], grads[:3]):
                p.grad = gr.clone()
            # the last parameter has no gradient
            nt = math.inf if norm_type == "inf" else norm_type
            total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type=nt)
            cases.append({"name": "norm_%s_max_%g" % (norm_type, max_norm), "norm_type": norm_type, "max_norm": max_norm,
                          "grads": [tensor(x) for x in grads[:3]] + [None],
                          "total_norm": float(total), "clipped": [tensor(p.grad) for p in params[:3]] + [None]})
    values = []
    for clip in [0.1, 0.7, 5.0]:
        params = [torch.nn.Parameter(torch.zeros(s)) for s in [(4, 3), (6,)]]
        grads = [torch.randn(p.shape, generator=g) for p in params]
        for p, gr in zip(params, grads):
            p.grad = gr.clone()
        torch.nn.utils.clip_grad_value_(params, clip)
        values.append({"name": "value_%g" % clip, "clip_value": clip, "grads": [tensor(x) for x in grads],
                       "clipped": [tensor(p.grad) for p in params]})
    write("clip", {"norm": cases, "value": values})


# ---------------------------------------------------------------- initialisers

def init():
    I = torch.nn.init
    gains = []
    for nl, param in [("linear", None), ("conv1d", None), ("conv2d", None), ("conv3d", None), ("conv_transpose1d", None),
                      ("conv_transpose2d", None), ("conv_transpose3d", None), ("sigmoid", None), ("tanh", None),
                      ("relu", None), ("leaky_relu", None), ("leaky_relu", 0.2), ("leaky_relu", 0), ("leaky_relu", math.sqrt(5)),
                      ("selu", None)]:
        gains.append({"nonlinearity": nl, "param": param, "gain": float(I.calculate_gain(nl, param))})
    fans = []
    for shape in [(10, 20), (64, 3, 3, 3), (16, 8, 5), (4, 2, 3, 3, 3), (1, 1), (7, 13, 1, 1)]:
        fan_in, fan_out = I._calculate_fan_in_and_fan_out(torch.empty(shape))
        fans.append({"shape": list(shape), "fan_in": fan_in, "fan_out": fan_out})

    torch.manual_seed(0)
    stats = []

    def record(name, shape, fn, kwargs, dist, expected):
        """expected: dict of theoretical std and bound (uniform) computed from torch's gain and fans."""
        t = torch.empty(shape)
        fn(t, **kwargs)
        stats.append({"init": name, "shape": list(shape), "kwargs": kwargs, "dist": dist, **expected,
                      "torch_mean": float(t.mean()), "torch_std": float(t.std()),
                      "torch_min": float(t.min()), "torch_max": float(t.max())})

    def fan(shape, mode):
        fi, fo = I._calculate_fan_in_and_fan_out(torch.empty(shape))
        return fi if mode == "fan_in" else fo

    for shape, gain in [((400, 600), 1.0), ((128, 64, 3, 3), 0.5)]:
        fi, fo = I._calculate_fan_in_and_fan_out(torch.empty(shape))
        std = gain * math.sqrt(2.0 / (fi + fo))
        record("xavier_uniform", shape, I.xavier_uniform_, {"gain": gain}, "uniform",
               {"mean": 0.0, "std": std, "bound": math.sqrt(3.0) * std})
        record("xavier_normal", shape, I.xavier_normal_, {"gain": gain}, "normal", {"mean": 0.0, "std": std})
    for shape, a, mode, nl in [((500, 400), 0, "fan_in", "leaky_relu"), ((256, 32, 5, 5), math.sqrt(5), "fan_in", "leaky_relu"),
                               ((300, 700), 0, "fan_out", "relu"), ((64, 128, 3, 3), 0.1, "fan_out", "leaky_relu"),
                               ((600, 300), 0, "fan_in", "tanh")]:
        std = I.calculate_gain(nl, a) / math.sqrt(fan(shape, mode))
        kw = {"a": a, "mode": mode, "nonlinearity": nl}
        record("kaiming_uniform", shape, I.kaiming_uniform_, kw, "uniform", {"mean": 0.0, "std": std, "bound": math.sqrt(3.0) * std})
        record("kaiming_normal", shape, I.kaiming_normal_, kw, "normal", {"mean": 0.0, "std": std})
    record("uniform", (500, 500), I.uniform_, {"a": -0.3, "b": 0.7}, "uniform",
           {"mean": 0.2, "std": 1.0 / math.sqrt(12.0), "low": -0.3, "high": 0.7})
    record("normal", (500, 500), I.normal_, {"mean": 0.5, "std": 2.0}, "normal", {"mean": 0.5, "std": 2.0})
    write("init", {"gains": gains, "fans": fans, "stats": stats})


if __name__ == "__main__":
    torch.manual_seed(0)
    optimizers()
    schedulers()
    plateau()
    clipping()
    init()
