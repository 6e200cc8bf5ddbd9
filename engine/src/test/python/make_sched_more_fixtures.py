#!/usr/bin/env python3
"""Schedulers as a project writes them against PyTorch 1.13, for SchedMoreParityTest: LambdaLR and MultiplicativeLR inside
SequentialLR and ChainedScheduler, CyclicLR with a scale_fn (an expression of x, LayerLab's EpochExpression) and its
scale_mode, and OneCycleLR's and CyclicLR's base_momentum and max_momentum given per parameter group.

Each case holds the training settings' "scheduler" object as a project writes it, and beside it the torch call written here
by hand: the test checks that LayerLab's exported script writes that same call, and this script runs it (eval, with
optimizer, epochs and steps_per_epoch in scope, as the exported make_scheduler has them) to record each group's rate and
momentum (SGD's momentum, Adam's first beta) at construction and after each of STEPS steps. The optimiser has two
parameter groups, lr 0.1 and 0.04 (SGD with momentum 0.9, or Adam).

Run: /usr/bin/python3 engine/src/test/python/make_sched_more_fixtures.py  (torch 1.13)
Writes engine/src/test/resources/fixtures/optim/sched_more.json.
"""
import json
import math  # noqa: F401  (the lambdas' functions)
import os

import torch

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "optim"))
EPOCHS = 14          # the run's epochs, for the export's T_max=epochs (none of these cases uses it)
STEPS_PER_EPOCH = 3  # likewise, for OneCycleLR's total_steps=epochs * steps_per_epoch
STEPS = 24
P = "torch.optim.lr_scheduler."

CASES = [
    # 1. LambdaLR and MultiplicativeLR inside SequentialLR and ChainedScheduler.
    ("sequential lambda then cosine", "SGD",
     {"name": "SequentialLR", "schedulers": [{"name": "LambdaLR", "lr_lambda": "0.95 ** epoch"}, {"name": "CosineAnnealingLR", "T_max": 8}],
      "milestones": [5]},
     P + "SequentialLR(optimizer, schedulers=[" + P + "LambdaLR(optimizer, lr_lambda=lambda epoch: 0.95 ** epoch), "
     + P + "CosineAnnealingLR(optimizer, T_max=8)], milestones=[5])"),
    ("sequential linear then multiplicative", "SGD",
     {"name": "SequentialLR", "schedulers": [{"name": "LinearLR", "start_factor": 0.25, "total_iters": 3},
                                             {"name": "MultiplicativeLR", "lr_lambda": "0.9"}], "milestones": [3]},
     P + "SequentialLR(optimizer, schedulers=[" + P + "LinearLR(optimizer, start_factor=0.25, total_iters=3), "
     + P + "MultiplicativeLR(optimizer, lr_lambda=lambda epoch: 0.9)], milestones=[3])"),
    ("sequential warm-up lambda, multiplicative, lambda", "SGD",
     {"name": "SequentialLR", "schedulers": [{"name": "LambdaLR", "lr_lambda": "min(1, (epoch + 1) / 3)"},
                                             {"name": "MultiplicativeLR", "lr_lambda": "0.95 ** (epoch % 2)"},
                                             {"name": "LambdaLR", "lr_lambda": "0.5 ** (epoch // 3)"}], "milestones": [3, 8]},
     P + "SequentialLR(optimizer, schedulers=[" + P + "LambdaLR(optimizer, lr_lambda=lambda epoch: min(1, (epoch + 1) / 3)), "
     + P + "MultiplicativeLR(optimizer, lr_lambda=lambda epoch: 0.95 ** (epoch % 2)), "
     + P + "LambdaLR(optimizer, lr_lambda=lambda epoch: 0.5 ** (epoch // 3))], milestones=[3, 8])"),
    ("chained multiplicative and exponential", "SGD",
     {"name": "ChainedScheduler", "schedulers": [{"name": "MultiplicativeLR", "lr_lambda": "0.95"}, {"name": "ExponentialLR", "gamma": 0.9}]},
     P + "ChainedScheduler([" + P + "MultiplicativeLR(optimizer, lr_lambda=lambda epoch: 0.95), " + P + "ExponentialLR(optimizer, gamma=0.9)])"),
    ("chained lambda and exponential", "SGD",
     {"name": "ChainedScheduler", "schedulers": [{"name": "LambdaLR", "lr_lambda": "min(1, (epoch + 1) / 4)"}, {"name": "ExponentialLR", "gamma": 0.9}]},
     P + "ChainedScheduler([" + P + "LambdaLR(optimizer, lr_lambda=lambda epoch: min(1, (epoch + 1) / 4)), " + P + "ExponentialLR(optimizer, gamma=0.9)])"),
    ("chained step and multiplicative", "SGD",
     {"name": "ChainedScheduler", "schedulers": [{"name": "StepLR", "step_size": 3, "gamma": 0.5},
                                                 {"name": "MultiplicativeLR", "lr_lambda": "1 - 0.02 * epoch"}]},
     P + "ChainedScheduler([" + P + "StepLR(optimizer, step_size=3, gamma=0.5), "
     + P + "MultiplicativeLR(optimizer, lr_lambda=lambda epoch: 1 - 0.02 * epoch)])"),
    # 2. CyclicLR's scale_fn and scale_mode.
    ("cyclic scale_fn of the cycle", "SGD",
     {"name": "CyclicLR", "base_lr": 0.01, "max_lr": 0.1, "step_size_up": 4, "scale_fn": "1/(2.0**(x-1))"},
     P + "CyclicLR(optimizer, base_lr=0.01, max_lr=0.1, step_size_up=4, scale_fn=lambda x: 1 / (2.0 ** (x - 1)))"),
    ("cyclic scale_fn of the iterations", "SGD",
     {"name": "CyclicLR", "base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3, "step_size_down": 5, "scale_fn": "0.97 ** x",
      "scale_mode": "iterations"},
     P + "CyclicLR(optimizer, base_lr=0.01, max_lr=0.1, step_size_up=3, step_size_down=5, scale_fn=lambda x: 0.97 ** x, scale_mode=\"iterations\")"),
    ("cyclic scale_fn without cycling momentum", "SGD",
     {"name": "CyclicLR", "base_lr": [0.01, 0.004], "max_lr": [0.1, 0.05], "step_size_up": 2, "scale_fn": "max(0.2, 1 - 0.25 * (x - 1))",
      "cycle_momentum": False},
     P + "CyclicLR(optimizer, base_lr=[0.01, 0.004], max_lr=[0.1, 0.05], step_size_up=2, scale_fn=lambda x: max(0.2, 1 - 0.25 * (x - 1)), "
     + "cycle_momentum=False)"),
    # 3. Momentum per parameter group.
    ("one-cycle momentum per group", "SGD",
     {"name": "OneCycleLR", "max_lr": [0.1, 0.05], "total_steps": 24, "base_momentum": [0.8, 0.7], "max_momentum": [0.9, 0.95]},
     P + "OneCycleLR(optimizer, max_lr=[0.1, 0.05], total_steps=24, base_momentum=[0.8, 0.7], max_momentum=[0.9, 0.95])"),
    ("one-cycle three-phase beta1 per group", "Adam",
     {"name": "OneCycleLR", "max_lr": 0.1, "total_steps": 24, "base_momentum": [0.8, 0.85], "three_phase": True},
     P + "OneCycleLR(optimizer, max_lr=0.1, total_steps=24, base_momentum=[0.8, 0.85], three_phase=True)"),
    ("cyclic momentum per group", "SGD",
     {"name": "CyclicLR", "base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3, "mode": "triangular2", "base_momentum": [0.8, 0.75],
      "max_momentum": [0.9, 0.99]},
     P + "CyclicLR(optimizer, base_lr=0.01, max_lr=0.1, step_size_up=3, mode=\"triangular2\", base_momentum=[0.8, 0.75], max_momentum=[0.9, 0.99])"),
]


def optimizer_for(kind):
    params = [torch.nn.Parameter(torch.zeros(1)) for _ in range(2)]
    groups = [{"params": [params[0]]}, {"params": [params[1]], "lr": 0.04}]
    if kind == "Adam":
        return torch.optim.Adam(groups, lr=0.1)
    return torch.optim.SGD(groups, lr=0.1, momentum=0.9)


def momenta(opt):
    return [g["betas"][0] if "betas" in g else g["momentum"] for g in opt.param_groups]


def run(kind, call):
    optimizer = optimizer_for(kind)
    sched = eval(call, {"torch": torch, "math": math, "optimizer": optimizer, "epochs": EPOCHS, "steps_per_epoch": STEPS_PER_EPOCH})
    lrs, moms = [sched.get_last_lr()], [momenta(optimizer)]
    for _ in range(STEPS):
        optimizer.step()
        sched.step()
        lrs.append(sched.get_last_lr())
        moms.append(momenta(optimizer))
    return lrs, moms


def main():
    cases = []
    for name, kind, settings, call in CASES:
        lrs, moms = run(kind, call)
        cases.append({"name": name, "optimizer": kind, "scheduler": settings, "python": call, "lrs": lrs, "momenta": moms})
    path = os.path.join(OUT, "sched_more.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "epochs": EPOCHS, "steps_per_epoch": STEPS_PER_EPOCH, "lrs": [0.1, 0.04], "momentum": 0.9,
                   "cases": cases}, f, indent=1)
    print(path, len(cases), "cases")
    for c in cases:
        print(c["name"], ["%.4g" % r[0] for r in c["lrs"][:8]], ["%.3g" % m[1] for m in c["momenta"][:5]])


if __name__ == "__main__":
    main()
