#!/usr/bin/env python3
"""PyTorch reference results for Embedding(scale_grad_by_freq=True) (torch 1.13): each row's gradient is the sum of its
lookups' upstream gradients divided by how many times the mini-batch looks it up.

Run from the repository root with Debian's torch:  /usr/bin/python3 engine/src/test/python/make_embedding_freq_fixtures.py

Writes engine/src/test/resources/fixtures/seq/emb_freq_<case>.json and seq/emb_freq_index.json ({"cases": [names]}), each
case as make_seq_fixtures.py's emb_* cases (args with scale_grad_by_freq, repr, weight, idx, output, weight_after, gout,
grads.weight).
"""
import json
import os

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "seq")


def t(x):
    x = x.detach()
    if x.dtype == torch.int64:
        return {"shape": list(x.shape), "data": x.flatten().tolist(), "dtype": "int64"}
    return {"shape": list(x.shape), "data": x.double().flatten().tolist()}


def case(name, seed, V, E, ids, shape, padding_idx=None, max_norm=None):
    torch.manual_seed(seed)
    m = nn.Embedding(V, E, padding_idx=padding_idx, max_norm=max_norm, scale_grad_by_freq=True)
    if max_norm is not None:
        with torch.no_grad():
            m.weight.mul_(2.0)
    weight = m.weight.detach().clone()
    idx = torch.tensor(ids, dtype=torch.int64).reshape(shape)
    out = m(idx)
    gout = torch.randn_like(out)
    out.backward(gout)
    name = "emb_freq_" + name
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump({"args": {"num_embeddings": V, "embedding_dim": E, "padding_idx": padding_idx, "max_norm": max_norm,
                            "norm_type": 2.0, "scale_grad_by_freq": True},
                   "repr": repr(m), "weight": t(weight), "idx": t(idx), "output": t(out), "weight_after": t(m.weight),
                   "gout": t(gout), "grads": {"weight": t(m.weight.grad)}}, f, separators=(",", ":"))
    return name


def main():
    cases = [
        # Row 3 looked up 4 times, 1 twice, 7 once, others never (their gradient stays 0).
        case("repeats", 11, 10, 4, [3, 1, 3, 7, 3, 1, 3, 0], (2, 4)),
        # Padding is counted by torch too, but its row gets no gradient at all.
        case("padding", 12, 8, 3, [0, 2, 0, 0, 5, 2, 0, 6, 2], (3, 3), padding_idx=0),
        case("max_norm_3d", 13, 6, 5, [1, 1, 4, 2, 1, 5, 5, 0, 1, 4, 3, 1], (2, 3, 2), max_norm=1.0),
        # 19 values a row: the kernels' vector body and scalar tail.
        case("wide_1d", 14, 7, 19, [6, 6, 6, 2, 0, 2], (6,)),
    ]
    with open(os.path.join(OUT, "emb_freq_index.json"), "w") as f:
        json.dump({"cases": cases}, f, indent=1)


if __name__ == "__main__":
    main()
