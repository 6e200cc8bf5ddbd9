"""The gradient ratio behind DiagnosisTest.aDeepTanhStackInitialisedLargeExplodes, in PyTorch.

24 Linear layers (4 -> 32 ... 32 -> 3) with Tanh between, each weight xavier_normal_ with gain 6: the first layer's
weight gradient norm over the last's, at the start, on a batch of standardized random samples. Prints 2.58e+05
(torch 1.13, seed 0), above the training doctor's 10,000. Run: /usr/bin/python3 tools/doctor/exploding_tanh.py
"""
import torch

torch.manual_seed(0)
x, y = torch.randn(64, 4), torch.randint(0, 3, (64,))
dims = [4] + [32] * 23 + [3]
layers, linears = [], []
for i in range(24):
    linear = torch.nn.Linear(dims[i], dims[i + 1])
    torch.nn.init.xavier_normal_(linear.weight, gain=6.0)
    linears.append(linear)
    layers += [linear] + ([torch.nn.Tanh()] if i < 23 else [])
torch.nn.functional.cross_entropy(torch.nn.Sequential(*layers)(x), y).backward()
print(f"first layer's gradient / last layer's: {float(linears[0].weight.grad.norm() / linears[-1].weight.grad.norm()):.3g}")
