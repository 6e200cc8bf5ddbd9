"""Fixtures for layerlab.train.TensorStats, the figures the inspector's table and histograms show: PyTorch's mean,
std (its default, unbiased: divided by n - 1; NaN for one value, written "nan"), 2-norm, min, max and histc (30 bins between the min and the max) of float32 tensors shaped like a
layer's weights and gradients: a conv weight's 288 values, a bias's 32, values of one sign far from zero, a constant
tensor (histc's range widened by half on each side, as TensorStats does), a single value (a Linear(16, 1)'s bias:
its std is NaN) and one holding NaN and infinities (left out
of every figure, counted apart).

Run: /usr/bin/python3 engine/src/test/python/make_stats_fixtures.py  (python3-torch; deterministic). Writes
engine/src/test/resources/fixtures/train/stats.json.
"""
import json
import math
import os

import torch

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "train"))


def case(name, x):
    finite = x[torch.isfinite(x)]
    f64 = finite.double()
    lo, hi = float(finite.min()), float(finite.max())
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    counts = torch.histc(f64, bins=30, min=lo, max=hi)
    return {
        "name": name,
        "values": [float(v) if math.isfinite(v) else str(v) for v in x.tolist()],
        "mean": float(f64.mean()),
        "std": float(f64.std()) if f64.numel() > 1 else "nan",
        "norm": float(torch.linalg.vector_norm(f64)),
        "min": float(finite.min()),
        "max": float(finite.max()),
        "counts": [int(c) for c in counts.tolist()],
        "nonFinite": int(x.numel() - finite.numel()),
    }


def main():
    g = torch.Generator().manual_seed(7)
    conv = (torch.randn(32, 1, 3, 3, generator=g) * 0.2).reshape(-1)
    bias = torch.rand(32, generator=g) * 0.6 - 0.3
    shifted = torch.randn(500, generator=g) * 0.01 + 3.0
    constant = torch.full((10,), 0.25)
    bad = torch.randn(40, generator=g)
    bad[3], bad[17], bad[29] = float("nan"), float("inf"), float("-inf")
    cases = [case(n, x.float()) for n, x in
             [("conv1.weight", conv), ("conv1.bias", bias), ("far from zero", shifted), ("constant", constant),
              ("single value", torch.tensor([0.125])), ("non-finite", bad)]]
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "stats.json"), "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
