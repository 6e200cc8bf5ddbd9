#!/usr/bin/env python3
"""Fixtures for the rest of torch.optim that LayerLab has (OptimMoreParityTest, LoopMoreParityTest): NAdam, RAdam, Adamax,
Adadelta, Rprop and ASGD step by step (weight decay, maximize where torch 1.13 has it, two parameter groups, a missing
gradient), CyclicLR's rate and momentum per batch over several cycles in each mode, ChainedScheduler's rates per epoch, and
whole training runs through LayerLab's loop (make_train_loop_fixtures.run) with each new optimiser and with CyclicLR.

Run: /usr/bin/python3 engine/src/test/python/make_optim_more_fixtures.py  (torch 1.13; deterministic)
Writes engine/src/test/resources/fixtures/optim/optim_more.json and engine/src/test/resources/fixtures/train/loop_more.json.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_optim_fixtures as opt_fx  # noqa: E402
import make_train_loop_fixtures as loop  # noqa: E402


def optimizers():
    O = torch.optim
    two_groups = [([0, 2], {}), ([1], {"lr": 0.05})]
    c = opt_fx.optimizer_case
    return [
        c(O.NAdam, "default", dict()),
        c(O.NAdam, "lr_betas_decay", dict(lr=0.02, betas=(0.8, 0.99), momentum_decay=0.01, eps=1e-6)),
        c(O.NAdam, "weight_decay", dict(lr=0.01, weight_decay=0.1)),
        c(O.NAdam, "groups_and_skipped_grad", dict(lr=0.02), groups=two_groups, skip={2: 1}),
        c(O.RAdam, "default", dict()),
        # beta2 = 0.9 makes rho_t pass 5 at step 3: steps 1-2 plain momentum, 3-5 rectified.
        c(O.RAdam, "rectified_from_step_3", dict(lr=0.05, betas=(0.8, 0.9))),
        c(O.RAdam, "weight_decay", dict(lr=0.05, betas=(0.9, 0.8), weight_decay=0.1, eps=1e-6)),
        c(O.RAdam, "groups_and_skipped_grad", dict(lr=0.02, betas=(0.9, 0.85)), groups=[([0, 2], {}), ([1], {"lr": 0.1, "betas": (0.5, 0.9)})],
          skip={3: 0}),
        c(O.Adamax, "default", dict()),
        c(O.Adamax, "lr_betas", dict(lr=0.05, betas=(0.7, 0.9), eps=1e-6)),
        c(O.Adamax, "maximize_wd", dict(lr=0.05, maximize=True, weight_decay=0.1)),
        c(O.Adamax, "groups_and_skipped_grad", dict(lr=0.02), groups=two_groups, skip={1: 2}),
        c(O.Adadelta, "default", dict()),
        c(O.Adadelta, "rho_eps", dict(lr=0.5, rho=0.5, eps=1e-4)),
        c(O.Adadelta, "maximize_wd", dict(lr=2.0, maximize=True, weight_decay=0.05)),
        c(O.Adadelta, "groups_and_skipped_grad", dict(), groups=[([0, 2], {}), ([1], {"lr": 0.3, "rho": 0.95})], skip={0: 0}),
        c(O.Rprop, "default", dict()),
        c(O.Rprop, "etas_step_sizes", dict(lr=0.05, etas=(0.3, 1.5), step_sizes=(0.01, 0.1))),
        c(O.Rprop, "maximize", dict(lr=0.02, maximize=True)),
        c(O.Rprop, "groups_and_skipped_grad", dict(lr=0.01), groups=[([0, 2], {}), ([1], {"lr": 0.1, "etas": (0.4, 1.1)})], skip={2: 2}),
        c(O.ASGD, "default", dict()),
        # t0 = 2: the average follows the parameters for two steps, then averages them.
        c(O.ASGD, "averaging_from_t0", dict(lr=0.1, lambd=0.01, alpha=0.5, t0=2)),
        c(O.ASGD, "maximize_wd", dict(lr=0.05, maximize=True, weight_decay=0.1, lambd=0.1)),
        c(O.ASGD, "groups_and_skipped_grad", dict(lr=0.05, t0=1), groups=two_groups, skip={1: 0}),
    ]


def cyclic_case(name, optimizer, lrs, steps, **kw):
    """CyclicLR stepped `steps` times (once per batch in a run), with the momentum it cycles (SGD's)."""
    params = [torch.nn.Parameter(torch.zeros(1)) for _ in lrs]
    groups = [{"params": [p], "lr": lr} for p, lr in zip(params, lrs)]
    opt = torch.optim.SGD(groups, lr=lrs[0]) if optimizer == "SGD" else getattr(torch.optim, optimizer)(groups, lr=lrs[0])
    s = torch.optim.lr_scheduler.CyclicLR(opt, **kw)

    def momenta():
        return [g["momentum"] for g in opt.param_groups] if "momentum" in opt.defaults else None
    out, moms = [s.get_last_lr()], [momenta()]
    for _ in range(steps):
        opt.step()
        s.step()
        out.append(s.get_last_lr())
        moms.append(momenta())
    case = {"name": name, "initial_lrs": lrs, "optimizer": optimizer, "schedulers": [dict(kind="CyclicLR", **kw)], "lrs": out}
    if moms[0] is not None and kw.get("cycle_momentum", True):
        case["momenta"] = moms
    return case


def chained_case(name, lrs, parts):
    """ChainedScheduler over schedulers built on the same optimiser just before it, stepped per epoch."""
    S = torch.optim.lr_scheduler
    params = [torch.nn.Parameter(torch.zeros(1)) for _ in lrs]
    opt = torch.optim.SGD([{"params": [p], "lr": lr} for p, lr in zip(params, lrs)], lr=lrs[0])
    scheds = [getattr(S, kind)(opt, **kw) for kind, kw in parts]
    s = S.ChainedScheduler(scheds)
    out = [s.get_last_lr()]
    for _ in range(opt_fx.EPOCHS):
        opt.step()
        s.step()
        out.append(s.get_last_lr())
    return {"name": name, "initial_lrs": lrs,
            "schedulers": [dict(kind="ChainedScheduler", schedulers=[dict(kind=kind, **kw) for kind, kw in parts])], "lrs": out}


def schedulers():
    return [
        cyclic_case("cyclic_triangular", "SGD", [0.1], 40, base_lr=0.01, max_lr=0.1, step_size_up=5),
        cyclic_case("cyclic_triangular_uneven_groups", "SGD", [0.1, 0.2], 40, base_lr=[0.01, 0.02], max_lr=[0.1, 0.5], step_size_up=3,
                    step_size_down=7, base_momentum=0.85, max_momentum=0.95),
        cyclic_case("cyclic_triangular2", "SGD", [0.1], 45, base_lr=0.001, max_lr=0.1, step_size_up=4, mode="triangular2"),
        cyclic_case("cyclic_exp_range", "SGD", [0.1], 45, base_lr=0.001, max_lr=0.1, step_size_up=6, step_size_down=2, mode="exp_range",
                    gamma=0.95),
        cyclic_case("cyclic_no_momentum_adam", "Adam", [0.1], 20, base_lr=0.001, max_lr=0.01, step_size_up=3, cycle_momentum=False),
        chained_case("chained_constant_exponential", [1.0], [("ConstantLR", dict(factor=0.1, total_iters=2)), ("ExponentialLR", dict(gamma=0.9))]),
        chained_case("chained_linear_step_groups", [0.1, 0.02], [("LinearLR", dict(start_factor=0.25, total_iters=4)),
                                                                  ("StepLR", dict(step_size=3, gamma=0.5)),
                                                                  ("CosineAnnealingLR", dict(T_max=10, eta_min=0.001))]),
    ]


LOOP_CASES = [
    ({"name": "NAdam", "lr": 0.02, "weight_decay": 0.01, "momentum_decay": 0.01},
     {"name": "StepLR", "step_size": 2, "gamma": 0.5}, {"clip_grad_norm": 0.5}),
    ({"name": "RAdam", "lr": 0.03, "betas": [0.85, 0.95]},
     {"name": "CosineAnnealingLR", "T_max": 6}, {"param_groups": [{"params": ["*.bias"], "weight_decay": 0.1}]}),
    ({"name": "Adamax", "lr": 0.02, "maximize": False, "weight_decay": 0.02},
     {"name": "OneCycleLR", "max_lr": 0.05}, {}),
    ({"name": "Adadelta", "rho": 0.8},
     {"name": "ExponentialLR", "gamma": 0.8}, {"param_groups": [{"params": ["fc2.*"], "lr": 0.5, "weight_decay": 0.01}]}),
    ({"name": "Rprop", "lr": 0.005, "etas": [0.4, 1.3], "step_sizes": [1e-5, 0.05]},
     {"name": "ReduceLROnPlateau", "patience": 0, "factor": 0.5}, {"clip_grad_value": 0.1}),
    ({"name": "ASGD", "lr": 0.1, "lambd": 0.001, "t0": 5, "weight_decay": 0.01},
     {"name": "MultiStepLR", "milestones": [2, 4]}, {}),
    ({"name": "SGD", "lr": 0.1, "momentum": 0.9},
     {"name": "CyclicLR", "base_lr": 0.01, "max_lr": 0.2, "step_size_up": 3, "step_size_down": 5, "mode": "triangular2"},
     {"param_groups": [{"params": ["fc1.*"], "nesterov": True}]}),
    # CyclicLR's base_lr and max_lr per parameter group, as torch takes lists, cycling each group's momentum.
    ({"name": "RMSprop", "lr": 0.01, "momentum": 0.5},
     {"name": "CyclicLR", "base_lr": [0.001, 0.002], "max_lr": [0.005, 0.01], "step_size_up": 2, "step_size_down": 4, "mode": "exp_range",
      "gamma": 0.97, "base_momentum": 0.6, "max_momentum": 0.8},
     {"param_groups": [{"params": ["fc2.*"], "weight_decay": 0.01}]}),
    ({"name": "Adam", "lr": 0.01},
     {"name": "CyclicLR", "base_lr": 0.001, "max_lr": 0.03, "step_size_up": 4, "mode": "exp_range", "gamma": 0.9, "cycle_momentum": False}, {}),
]


def main():
    torch.manual_seed(0)
    opt_fx.write("optim_more", {"torch": torch.__version__, "cases": optimizers(), "schedules": schedulers()})
    cases = [loop.run(o, s, clip, i) for i, (o, s, clip) in enumerate(LOOP_CASES)]
    x, y = loop.data(loop.TRAIN, 0)
    vx, vy = loop.data(loop.VAL, 5)
    path = os.path.join(loop.OUT, "loop_more.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "x": x.tolist(), "y": y.tolist(), "val_x": vx.tolist(), "val_y": vy.tolist(),
                   "cases": cases}, f, separators=(",", ":"))
    print(path, len(cases), "cases,", os.path.getsize(path), "bytes")
    for c in cases:
        print(c["name"], ["%.4g" % v for v in c["lrs"]], ["%.4f" % v for v in c["val_loss"]])


if __name__ == "__main__":
    main()
