#!/usr/bin/env python3
"""PyTorch reference results for the max pools' return_indices and MaxUnpool2d (torch 1.13).

Run from the repository root with Debian's torch:  /usr/bin/python3 engine/src/test/python/make_unpool_fixtures.py

Writes engine/src/test/resources/fixtures/spatial/unpool_<case>.json and spatial/unpool_index.json ({"cases": [names]}).
A case holds "pool" (kind: MaxPool1d | MaxPool2d, args: kernel_size, stride, padding, dilation, ceil_mode as lists), x,
"y" and "indices" (the pool's outputs with return_indices=True); and where it unpools, "unpool" (args: kernel_size,
stride, padding), "values" ("pooled": the pool's own output, else a tensor "v" of its shape, so that indices shared by
overlapping windows show which value stays), "z" = MaxUnpool2d(...)(values, indices), "gz" a fixed upstream gradient and
"grads" of sum(z·gz) for x and v.
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


def case(name, seed, kind, args, shape, unpool=None, own_values=False):
    torch.manual_seed(seed)
    pool = getattr(nn, kind)(**args, return_indices=True)
    x = torch.randn(*shape, requires_grad=True)
    y, idx = pool(x)
    c = {"pool": {"kind": kind, "args": args}, "x": t(x), "y": t(y), "indices": t(idx)}
    if unpool is not None:
        v = torch.randn_like(y).requires_grad_(True) if own_values else y
        z = nn.MaxUnpool2d(**unpool)(v, idx)
        gz = torch.randn_like(z)
        (z * gz).sum().backward()
        c.update({"unpool": unpool, "values": "v" if own_values else "pooled", "z": t(z), "gz": t(gz),
                  "grads": {"x": t(x.grad)} if not own_values else {"v": t(v.grad)}})
        if own_values:
            c["v"] = t(v)
    name = "unpool_" + name
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(c, f, separators=(",", ":"))
    return name


def main():
    os.makedirs(OUT, exist_ok=True)
    k2 = {"kernel_size": 2, "stride": 2, "padding": 0}
    cases = [
        case("k2", 1, "MaxPool2d", {"kernel_size": 2}, (2, 3, 4, 6), unpool=k2),
        case("k2_unbatched", 2, "MaxPool2d", {"kernel_size": 2}, (3, 4, 4), unpool=k2),
        # Overlapping windows share maxima: the unpool keeps the last value written, the gradient reaches every one.
        case("k3_s2_p1_overlap", 3, "MaxPool2d", {"kernel_size": 3, "stride": 2, "padding": 1}, (1, 2, 7, 7),
             unpool={"kernel_size": 3, "stride": 2, "padding": 1}, own_values=True),
        case("k3_s2_p1_pooled", 4, "MaxPool2d", {"kernel_size": 3, "stride": 2, "padding": 1}, (2, 2, 7, 7),
             unpool={"kernel_size": 3, "stride": 2, "padding": 1}),
        case("rect_dil_ceil", 5, "MaxPool2d", {"kernel_size": [2, 3], "stride": [2, 1], "padding": [1, 1], "dilation": [1, 2],
             "ceil_mode": True}, (2, 2, 5, 7)),
        case("pool1d", 6, "MaxPool1d", {"kernel_size": 3, "stride": 2, "padding": 1}, (2, 3, 9)),
    ]
    with open(os.path.join(OUT, "unpool_index.json"), "w") as f:
        json.dump({"cases": cases}, f, indent=1)


if __name__ == "__main__":
    main()
