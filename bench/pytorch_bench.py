#!/usr/bin/env python3
"""PyTorch twin of `layerlab bench`: the same cases, the same timing scheme, the same JSON lines.

Run it the way PyTorch runs at its best here (../README.md, "Benchmarks"): OpenBLAS as libblas.so.3,
OMP/OPENBLAS threads = --threads, and glibc's malloc thresholds raised so freed buffers are not handed
back to the kernel after every step. `bench/compare.py` sets all of that for you.
"""
import argparse
import json
import statistics
import sys
import time

import torch
import torch.nn as nn


def gemm_case(n):
    def prepare():
        g = torch.Generator().manual_seed(1)
        a = torch.randn(n, n, generator=g)
        b = torch.randn(n, n, generator=g)
        return lambda: torch.mm(a, b)
    return {"unit": "flops", "work": 2.0 * n * n * n, "prepare": prepare}


def neural_network():
    # CATALOG's NeuralNetwork.
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))


def mlp_case(train):
    batch = 64 if train else 256

    def prepare():
        torch.manual_seed(0)
        model = neural_network()
        x = torch.randn(batch, 1, 28, 28)
        y = torch.randint(0, 10, (batch,))
        if not train:
            model.eval()

            def infer():
                with torch.no_grad():
                    model(x)
            return infer
        loss_fn = nn.CrossEntropyLoss()
        opt = torch.optim.SGD(model.parameters(), lr=0.01)

        def step():
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
        return step
    return {"unit": "samples", "work": float(batch), "prepare": prepare}


CASES = {f"gemm_{n}": gemm_case(n) for n in (256, 512, 1024, 2048)}
CASES["mlp_train"] = mlp_case(True)
CASES["mlp_infer"] = mlp_case(False)


def run(name, case, threads, runs, window, warmup):
    step = case["prepare"]()
    end = time.perf_counter() + warmup
    steps = 0
    while time.perf_counter() < end or steps < 3:
        step()
        steps += 1
    ms = []
    for _ in range(runs):
        start = time.perf_counter()
        stop = start + window
        steps = 0
        while True:
            step()
            steps += 1
            now = time.perf_counter()
            if now >= stop:
                break
        ms.append((now - start) * 1e3 / steps)
    med = statistics.median(ms)
    out = {"case": name, "threads": threads}
    if case["unit"] == "flops":
        out["gflops"] = round(case["work"] / (med / 1e3) / 1e9, 2)
    else:
        out["samples_per_s"] = round(case["work"] / (med / 1e3), 1)
    out.update({"ms_per_step": round(med, 4), "runs": runs, "engine": "pytorch"})
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--case", action="append", help="case name (repeatable; default: all)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--window", type=float, default=1.0, help="seconds per timed window")
    p.add_argument("--warmup", type=float, default=1.0)
    p.add_argument("--json", action="store_true", help="(always JSON; accepted for symmetry)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    names = a.case or list(CASES)
    for n in names:
        if n not in CASES:
            sys.exit(f"unknown case '{n}' (known: {', '.join(CASES)})")
    for n in names:
        print(json.dumps(run(n, CASES[n], a.threads, a.runs, a.window, a.warmup)), flush=True)


if __name__ == "__main__":
    main()
