#!/usr/bin/env python3
"""BatchNorm with momentum=None (a cumulative moving average of the batch statistics) in PyTorch 1.13, for
BatchNormMomentumNoneTest: a project whose BatchNorm1d and BatchNorm2d say "momentum": null, trained a few steps,
must hold PyTorch's running_mean, running_var and num_batches_tracked, and give PyTorch's eval output.

Run: /usr/bin/python3 engine/src/test/python/make_bn_momentum_fixtures.py
Writes engine/src/test/resources/fixtures/graph/bn_momentum_none.json.
"""
import json
import os

import torch
from torch import nn

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "graph"))


def t(x):
    return {"shape": list(x.shape), "data": [float(v) for v in x.detach().reshape(-1).tolist()]}


def case(name, bn, shape, steps):
    g = torch.Generator().manual_seed(7)
    bn.train()
    batches = []
    for i in range(steps):
        # Shifted and scaled per step so that a momentum average and a plain average differ clearly.
        x = torch.randn(*shape, generator=g) * (1 + i) + i
        batches.append(t(x))
        bn(x)
    bn.eval()
    x = torch.randn(*shape, generator=g)
    return {"name": name, "batches": batches, "eval_input": t(x), "eval_output": t(bn(x)),
            "running_mean": t(bn.running_mean), "running_var": t(bn.running_var),
            "num_batches_tracked": int(bn.num_batches_tracked)}


def main():
    torch.manual_seed(0)
    cases = [case("bn1d", nn.BatchNorm1d(3, momentum=None), (6, 3), 5),
             case("bn2d", nn.BatchNorm2d(2, momentum=None, eps=1e-3), (4, 2, 3, 3), 4)]
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "bn_momentum_none.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f)
    print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
