#!/usr/bin/env python3
"""PyTorch reference results for MaxUnpool1d after MaxPool1d(return_indices=True) (torch 1.13).

Run from the repository root with Debian's torch:  /usr/bin/python3 engine/src/test/python/make_unpool1d_fixtures.py

Writes engine/src/test/resources/fixtures/spatial/unpool1d.json: {"cases": [...]}, each with "pool" and "unpool" args
(kernel_size, stride, padding), x, the pool's y and indices, v (the values unpooled: the pool's own y, or a tensor of its
shape where overlapping windows share indices, to show which value stays), z = MaxUnpool1d(...)(v, indices), gz a fixed
upstream gradient and gv, the gradient of sum(z·gz) for v. Batched and not.
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


def case(seed, pool, unpool, shape, own_values):
    torch.manual_seed(seed)
    x = torch.randn(*shape)
    y, idx = nn.MaxPool1d(**pool, return_indices=True)(x)
    v = (torch.randn_like(y) if own_values else y.clone()).requires_grad_(True)
    z = nn.MaxUnpool1d(**unpool)(v, idx)
    gz = torch.randn_like(z)
    (z * gz).sum().backward()
    return {"pool": pool, "unpool": unpool, "repr": repr(nn.MaxUnpool1d(**unpool)), "x": t(x), "y": t(y), "indices": t(idx),
            "v": t(v), "z": t(z), "gz": t(gz), "gv": t(v.grad)}


def main():
    os.makedirs(OUT, exist_ok=True)
    k2 = {"kernel_size": 2}
    k3 = {"kernel_size": 3, "stride": 2, "padding": 1}
    cases = [case(1, k2, k2, (2, 3, 8), False), case(2, k2, k2, (3, 7), False),
             # Overlapping windows: shared maxima, the last value written stays; every value's gradient is the output's at its index.
             case(3, k3, k3, (2, 2, 9), True)]
    with open(os.path.join(OUT, "unpool1d.json"), "w") as f:
        json.dump({"cases": cases}, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
