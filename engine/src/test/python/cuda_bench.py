"""PyTorch's side of CudaBench's own timings: torch.mm in float32 (TF32 off, so it is the same arithmetic as our SGEMM)
and one training step of CudaBench's MLP (784-512-512-10, batch 64, SGD, CrossEntropyLoss, reading the loss), on the
GPU. Prints one line each. The bench cases' twins are bench/pytorch_bench.py --device cuda."""
import statistics
import time

import torch

assert torch.cuda.is_available(), "needs a CUDA GPU"
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
torch.backends.cudnn.benchmark = True
dev = torch.device("cuda")
print("torch", torch.__version__, torch.cuda.get_device_name(0))


def timed(fn, reps, rounds=5):
    out = []
    for _ in range(rounds):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        torch.cuda.synchronize()
        out.append((time.perf_counter() - t0) / reps)
    return statistics.median(out)


for n in (1024, 2048, 4096):
    a = torch.randn(n, n, device=dev)
    b = torch.randn(n, n, device=dev)
    for _ in range(3):
        torch.mm(a, b)
    reps = max(3, int(2e11 / (2 * n ** 3)))
    t = timed(lambda: torch.mm(a, b), reps)
    print(f"torch.mm {n}^3 fp32 (cuBLAS, TF32 off): {2 * n ** 3 / t / 1e9:.0f} GFLOP/s")

torch.manual_seed(7)
model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 512), torch.nn.ReLU(),
                            torch.nn.Linear(512, 10)).to(dev)
opt = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = torch.nn.CrossEntropyLoss()
x = torch.randn(64, 784, device=dev)
y = torch.randint(0, 10, (64,), device=dev)


def train_step(model, opt, x, y):
    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        loss.item()
    return step


step = train_step(model, opt, x, y)
for _ in range(30):
    step()
print(f"torch MLP 784-512-512-10 b64 SGD step, cuda: {timed(step, 60) * 1e3:.3f} ms")
