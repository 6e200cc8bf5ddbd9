#!/usr/bin/env python3
"""LambdaLR and MultiplicativeLR against PyTorch 1.13, for LambdaLrParityTest: each lr_lambda as a project writes it (an
expression of epoch, LayerLab's EpochExpression) beside the Python lambda it stands for, written here by hand (the test
checks that LayerLab writes the same text for the exported script), and the rates torch's scheduler sets over 15 epochs
on SGD with two parameter groups (0.1 and 0.04).

Run: /usr/bin/python3 engine/src/test/python/make_lambda_lr_fixtures.py  (torch 1.13)
Writes engine/src/test/resources/fixtures/optim/lambda_lr.json.
"""
import json
import math  # noqa: F401  (the lambdas' functions)
import os

import torch

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "optim"))
EPOCHS = 15

CASES = [
    ("LambdaLR", "0.95 ** epoch", "0.95 ** epoch"),
    ("LambdaLR", "min(1, (epoch + 1) / 5)", "min(1, (epoch + 1) / 5)"),
    ("LambdaLR", "0.5 ** (epoch // 4)", "0.5 ** (epoch // 4)"),
    ("LambdaLR", "1 / (1 + 0.1 * epoch)", "1 / (1 + 0.1 * epoch)"),
    ("LambdaLR", "0.5 * (1 + cos(pi * epoch / 15))", "0.5 * (1 + math.cos(math.pi * epoch / 15))"),
    ("LambdaLR", "exp(-0.2*epoch) + 0.1 * sqrt(epoch)", "math.exp(-0.2 * epoch) + 0.1 * math.sqrt(epoch)"),
    ("LambdaLR", "max(0.1, 1 - epoch / 10) ** 2", "max(0.1, 1 - epoch / 10) ** 2"),
    ("LambdaLR", "-2 ** 2 + 5 + epoch % 3", "-2 ** 2 + 5 + epoch % 3"),
    ("LambdaLR", "log(epoch + 2) / log(2) * 1e-1", "math.log(epoch + 2) / math.log(2) * 1e-1"),
    ("LambdaLR", "2 ** -epoch ** 0.5", "2 ** -epoch ** 0.5"),
    ("LambdaLR", "abs(sin(epoch)) + floor(epoch / 4) - ceil(epoch / 7) + 1", "abs(math.sin(epoch)) + math.floor(epoch / 4) - math.ceil(epoch / 7) + 1"),
    ("MultiplicativeLR", "0.9", "0.9"),
    ("MultiplicativeLR", "0.95 ** (epoch % 2)", "0.95 ** (epoch % 2)"),
    ("MultiplicativeLR", "1 - 0.01 * epoch", "1 - 0.01 * epoch"),
    ("MultiplicativeLR", "min(1.1, 0.8 + epoch / 20, 1.05)", "min(1.1, 0.8 + epoch / 20, 1.05)"),
]


def rates(kind, python):
    params = [torch.nn.Parameter(torch.zeros(1)) for _ in range(2)]
    opt = torch.optim.SGD([{"params": [params[0]]}, {"params": [params[1]], "lr": 0.04}], lr=0.1)
    sched = getattr(torch.optim.lr_scheduler, kind)(opt, lr_lambda=eval("lambda epoch: " + python))
    out = [sched.get_last_lr()]
    for _ in range(EPOCHS):
        opt.step()
        sched.step()
        out.append(sched.get_last_lr())
    return out


def main():
    cases = [{"name": kind, "lr_lambda": text, "python": python, "lrs": rates(kind, python)} for kind, text, python in CASES]
    path = os.path.join(OUT, "lambda_lr.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "lrs": [0.1, 0.04], "cases": cases}, f, indent=1)
    print(path, len(cases), "cases")
    for c in cases:
        print(c["name"], c["lr_lambda"], ["%.4g" % r[0] for r in c["lrs"][:6]])


if __name__ == "__main__":
    main()
