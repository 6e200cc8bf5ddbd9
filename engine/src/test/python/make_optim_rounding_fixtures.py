#!/usr/bin/env python3
"""Fixtures for OptimRoundingParityTest: 300 steps of Adam, AdamW (amsgrad off and on), RMSprop (centered, momentum),
SGD (momentum, dampening, nesterov, weight decay), Adagrad, and of NAdam, RAdam, Adamax, Adadelta, ASGD and Rprop, on one
small tensor, torch 1.13's single-tensor path (foreach=False), so that a rounding that differs from torch's by one bit in
one step shows after hundreds.

The gradient is a function of the parameter that Java computes to the same bits, two float32 operations each rounded
once: grad = (p - target) + noise[k % 7], with fixed target and noise rows. 37 elements: a vector body and a tail on
both sides. Each float is written as its IEEE bits (int), so the test compares bit for bit.

Run: /usr/bin/python3 engine/src/test/python/make_optim_rounding_fixtures.py  (torch 1.13; deterministic; the CPU
decides whether torch fuses a*b+c: this file was made on an x86-64 CPU with AVX2 and FMA, where it does, as on
every x86-64 CPU since 2013 and every ARM64 one)
Writes engine/src/test/resources/fixtures/optim/rounding.json.
"""
import json
import os

import numpy as np
import torch

STEPS = 300
N = 37
NOISE_ROWS = 7
CHECKPOINTS = [1, 2, 3, 10, 30, 100, 200, 300]


def bits(t):
    return t.detach().contiguous().numpy().astype(np.float32).view(np.int32).tolist()


def cases():
    O = torch.optim
    return [
        ("Adam", "default", O.Adam, dict(lr=1e-3)),
        ("Adam", "lr_betas_wd", O.Adam, dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
        ("Adam", "amsgrad_maximize", O.Adam, dict(lr=0.003, amsgrad=True, weight_decay=0.01, maximize=True)),
        ("AdamW", "default", O.AdamW, dict(lr=1e-3)),
        ("AdamW", "amsgrad", O.AdamW, dict(lr=0.01, betas=(0.85, 0.995), weight_decay=0.05, amsgrad=True)),
        ("RMSprop", "default", O.RMSprop, dict(lr=1e-3)),
        ("RMSprop", "centered_momentum_wd", O.RMSprop, dict(lr=3e-3, alpha=0.9, momentum=0.7, centered=True, weight_decay=0.01)),
        ("SGD", "plain_wd", O.SGD, dict(lr=0.03, weight_decay=0.01)),
        ("SGD", "momentum_dampening", O.SGD, dict(lr=0.03, momentum=0.9, dampening=0.1, weight_decay=0.001)),
        ("SGD", "nesterov", O.SGD, dict(lr=0.02, momentum=0.95, nesterov=True, weight_decay=0.003)),
        ("Adagrad", "default", O.Adagrad, dict(lr=0.05)),
        ("Adagrad", "decay_wd_init", O.Adagrad, dict(lr=0.1, lr_decay=0.01, weight_decay=0.02, initial_accumulator_value=0.1, eps=1e-8)),
        ("NAdam", "wd", O.NAdam, dict(lr=0.005, weight_decay=0.01)),
        ("RAdam", "wd", O.RAdam, dict(lr=0.01, betas=(0.9, 0.99), weight_decay=0.01)),
        ("Adamax", "wd_maximize", O.Adamax, dict(lr=0.004, weight_decay=0.01, maximize=True)),
        ("Adadelta", "wd", O.Adadelta, dict(lr=0.5, rho=0.95, weight_decay=0.01)),
        ("ASGD", "wd_t0", O.ASGD, dict(lr=0.02, lambd=1e-3, t0=50, weight_decay=0.01)),
        ("Rprop", "default", O.Rprop, dict(lr=0.01)),
    ]


def run(ctor, kwargs, p0, target, noise):
    p = torch.nn.Parameter(p0.clone())
    opt = ctor([p], foreach=False, **kwargs)
    out = {}
    for k in range(STEPS):
        with torch.no_grad():
            p.grad = (p.detach() - target) + noise[k % NOISE_ROWS]
        opt.step()
        if k + 1 in CHECKPOINTS:
            out[str(k + 1)] = bits(p)
    state = {name: bits(v) for name, v in opt.state[p].items() if torch.is_tensor(v) and v.numel() == N}
    return out, state


def main():
    torch.set_num_threads(1)
    g = torch.Generator().manual_seed(1300)
    p0 = torch.randn(N, generator=g)
    target = torch.randn(N, generator=g) * 0.5
    noise = torch.randn(NOISE_ROWS, N, generator=g) * 0.3
    out = {"torch": torch.__version__, "steps": STEPS, "checkpoints": CHECKPOINTS, "p0": bits(p0), "target": bits(target),
           "noise": [bits(r) for r in noise], "cases": []}
    for opt_name, name, ctor, kwargs in cases():
        params, state = run(ctor, kwargs, p0, target, noise)
        out["cases"].append({"optimizer": opt_name, "name": name, "kwargs": kwargs, "params": params, "state": state})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "optim", "rounding.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print("wrote", os.path.normpath(path), os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
