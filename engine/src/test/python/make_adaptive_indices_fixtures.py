#!/usr/bin/env python3
"""PyTorch reference results for AdaptiveMaxPool2d(return_indices=True) (torch 1.13).

Run from the repository root with Debian's torch:  /usr/bin/python3 engine/src/test/python/make_adaptive_indices_fixtures.py

Writes engine/src/test/resources/fixtures/spatial/adaptive_max_indices.json: {"cases": [{"output_size", "x", "y", "indices",
"gy", "gx"}]}, y and indices the module's outputs (each maximum's position within its input plane), gx the gradient of
sum(y·gy) for x. Windows that overlap (7 → 3) and windows of different sizes (5 → 3, 7 → 4) included, batched and not.
"""
import json
import os

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "spatial")


def t(x):
    x = x.detach()
    if x.dtype == torch.int64:
        return {"shape": list(x.shape), "data": x.flatten().tolist(), "dtype": "int64"}
    return {"shape": list(x.shape), "data": x.double().flatten().tolist()}


def case(seed, output_size, shape):
    torch.manual_seed(seed)
    x = torch.randn(*shape, requires_grad=True)
    y, idx = nn.AdaptiveMaxPool2d(output_size, return_indices=True)(x)
    gy = torch.randn_like(y)
    (y * gy).sum().backward()
    return {"output_size": output_size, "x": t(x), "y": t(y), "indices": t(idx), "gy": t(gy), "gx": t(x.grad)}


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = [case(1, 2, (2, 3, 4, 6)), case(2, [3, 4], (2, 2, 5, 7)), case(3, 3, (3, 7, 7)), case(4, 1, (2, 3, 5, 5))]
    with open(os.path.join(OUT, "adaptive_max_indices.json"), "w") as f:
        json.dump({"cases": cases}, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
