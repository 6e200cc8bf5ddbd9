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

DEVICE = "cpu"  # where the cases make their models and data (--device)


def gemm_case(n):
    def prepare():
        g = torch.Generator(device=DEVICE).manual_seed(1)
        a = torch.randn(n, n, generator=g)
        b = torch.randn(n, n, generator=g)
        return lambda: torch.mm(a, b)
    return {"unit": "flops", "work": 2.0 * n * n * n, "prepare": prepare}


def neural_network():
    # CATALOG's NeuralNetwork.
    # In-place ReLUs, as LayerLab runs a layer's ReLU over the layer's fresh output (or inside a Linear's GEMM): PyTorch
    # at its best (PEER.md) for the same numbers.
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(inplace=True), nn.Linear(512, 512), nn.ReLU(inplace=True),
                         nn.Linear(512, 10))


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


class ResBlock(nn.Module):
    # CATALOG's ResBlock(16): conv-BN-ReLU-conv-BN, + identity, ReLU.
    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(c)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(c)

    def forward(self, x):
        out = torch.relu_(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return torch.relu_(out + x)


class NetWithResBlock(nn.Module):
    # CATALOG's NetWithResBlock.
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.resblock = ResBlock(16)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        return self.fc(self.flatten(self.pool(self.resblock(self.conv1(x)))))


class BasicBlock(nn.Module):
    # torchvision's BasicBlock (written out here: the bench needs torch alone).
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = (nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
                           if stride != 1 or cin != cout else None)

    def forward(self, x):
        out = torch.relu_(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return torch.relu_(out + (x if self.downsample is None else self.downsample(x)))


class ResNet18(nn.Module):
    # torchvision's resnet18(num_classes=10), module for module.
    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = nn.Sequential(BasicBlock(64, 64, 1), BasicBlock(64, 64, 1))
        self.layer2 = nn.Sequential(BasicBlock(64, 128, 2), BasicBlock(128, 128, 1))
        self.layer3 = nn.Sequential(BasicBlock(128, 256, 2), BasicBlock(256, 256, 1))
        self.layer4 = nn.Sequential(BasicBlock(256, 512, 2), BasicBlock(512, 512, 1))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(512, classes)

    def forward(self, x):
        x = self.maxpool(torch.relu_(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


class LayerNorm2d(nn.Module):
    # torchvision's: a LayerNorm over each position's channels, channels last and back.
    def __init__(self, channels):
        super().__init__()
        self.norm = nn.LayerNorm(channels, eps=1e-6)

    def forward(self, x):
        return self.norm(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


class CNBlock(nn.Module):
    # torchvision's ConvNeXt block (stochastic depth 0): depthwise 7×7, LayerNorm, Linear, GELU, Linear, layer scale, + x.
    def __init__(self, dim):
        super().__init__()
        self.depthwise = nn.Conv2d(dim, dim, 7, padding=3, groups=dim)
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.up = nn.Linear(dim, 4 * dim)
        self.down = nn.Linear(4 * dim, dim)
        self.layer_scale = nn.Parameter(torch.full((dim, 1, 1), 1e-6))

    def forward(self, x):
        y = self.norm(self.depthwise(x).permute(0, 2, 3, 1))
        y = self.down(nn.functional.gelu(self.up(y))).permute(0, 3, 1, 2)
        return x + self.layer_scale * y


class ConvNeXt(nn.Module):
    # torchvision's ConvNeXt([CNBlockConfig(32, 64, 2), CNBlockConfig(64, None, 2)], num_classes=10), module for module.
    def __init__(self, classes=10):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 32, 4, 4), LayerNorm2d(32), CNBlock(32), CNBlock(32),
                                      LayerNorm2d(32), nn.Conv2d(32, 64, 2, 2), CNBlock(64), CNBlock(64))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.norm = LayerNorm2d(64)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        return self.fc(torch.flatten(self.norm(self.avgpool(self.features(x))), 1))


def simple_cnn():
    # CATALOG's SimpleCNN.
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(3136, 10))


def cnn_case(make, batch, optimizer, frozen=(), sample=(1, 28, 28)):
    """optimizer: None (inference under no_grad), "sgd" (lr 0.01) or "adam" (lr 1e-3); CrossEntropyLoss; the modules at
    the indices `frozen` get requires_grad_(False)."""
    def prepare():
        torch.manual_seed(0)
        model = make()
        for index in frozen:
            model[index].requires_grad_(False)
        x = torch.randn(batch, *sample)
        y = torch.randint(0, 10, (batch,))
        if optimizer is None:
            model.eval()

            def infer():
                with torch.no_grad():
                    model(x)
            return infer
        loss_fn = nn.CrossEntropyLoss()
        opt = (torch.optim.SGD(model.parameters(), lr=0.01) if optimizer == "sgd"
               else torch.optim.Adam(model.parameters(), lr=1e-3))

        def step():
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
        return step
    return {"unit": "samples", "work": float(batch), "prepare": prepare}


class VitBlock(nn.Module):
    # torchvision's EncoderBlock (dropout 0): LayerNorm, self-attention, plus; LayerNorm, Linear, GELU, Linear, plus.
    def __init__(self, dim=64, heads=4, mlp=128):
        super().__init__()
        self.ln_1 = nn.LayerNorm(dim, eps=1e-6)
        self.self_attention = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.ln_2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = nn.Sequential(nn.Linear(dim, mlp), nn.GELU(), nn.Linear(mlp, dim))

    def forward(self, x):
        y = self.ln_1(x)
        y, _ = self.self_attention(y, y, y, need_weights=False)
        x = x + y
        return x + self.mlp(self.ln_2(x))


class Vit(nn.Module):
    # vit_train: torchvision's VisionTransformer(image_size=32, patch_size=4, num_layers=2, num_heads=4, hidden_dim=64,
    # mlp_dim=128, num_classes=10), module for module.
    def __init__(self, classes=10):
        super().__init__()
        self.conv_proj = nn.Conv2d(3, 64, 4, 4)
        self.class_token = nn.Parameter(torch.zeros(1, 1, 64))
        self.pos_embedding = nn.Parameter(torch.empty(1, 65, 64).normal_(std=0.02))
        self.layers = nn.Sequential(VitBlock(), VitBlock())
        self.ln = nn.LayerNorm(64, eps=1e-6)
        self.head = nn.Linear(64, classes)

    def forward(self, x):
        x = self.conv_proj(x).flatten(2).transpose(1, 2)
        x = torch.cat([self.class_token.expand(x.size(0), -1, -1), x], dim=1) + self.pos_embedding
        return self.head(self.ln(self.layers(x))[:, 0])


class TextLSTM(nn.Module):
    # lstm_text_train: Embedding(5000,64) -> LSTM(64,128, batch_first) -> last step -> Linear(128,10).
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(5000, 64)
        self.lstm = nn.LSTM(64, 128, batch_first=True)
        self.fc = nn.Linear(128, 10)

    def forward(self, tokens):
        out, _ = self.lstm(self.emb(tokens))
        return self.fc(out[:, -1])


def text_case(make):
    # lstm_text_train and textcnn_train: 32 sequences of 50 token ids below 5,000, 10 classes, Adam.
    def prepare():
        torch.manual_seed(0)
        model = make()
        x = torch.randint(0, 5000, (32, 50))
        y = torch.randint(0, 10, (32,))
        loss_fn = nn.CrossEntropyLoss()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)

        def step():
            opt.zero_grad()
            loss_fn(model(x), y).backward()
            opt.step()
        return step
    return {"unit": "samples", "work": 32.0, "prepare": prepare}


class TextCNN(nn.Module):
    # textcnn_train: Embedding(5000,64) -> transpose(1,2) -> Conv1d(64,128,5,padding=2) -> ReLU -> MaxPool1d(50)
    # -> flatten -> Linear(128,10).
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(5000, 64)
        self.conv = nn.Conv1d(64, 128, 5, padding=2)
        self.pool = nn.MaxPool1d(50)
        self.fc = nn.Linear(128, 10)

    def forward(self, tokens):
        h = self.pool(torch.relu(self.conv(self.emb(tokens).transpose(1, 2))))
        return self.fc(h.flatten(1))


class TextTransformer(nn.Module):
    # transformer_train: Embedding(5000,64) -> 2 x TransformerEncoderLayer(64, 4, 128, dropout=0, batch_first) -> mean over
    # the 50 positions -> Linear(64,10).
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(5000, 64)
        self.layers = nn.ModuleList([nn.TransformerEncoderLayer(64, 4, 128, dropout=0.0, batch_first=True) for _ in range(2)])
        self.fc = nn.Linear(64, 10)

    def forward(self, tokens):
        h = self.emb(tokens)
        for layer in self.layers:
            h = layer(h)
        return self.fc(h.mean(1))


def gru_case():
    # gru_train: Embedding(5,20) -> GRU(20,50, num_layers=2, bidirectional, batch_first), MSE to a fixed target, SGD.
    def prepare():
        torch.manual_seed(0)
        emb = nn.Embedding(5, 20)
        gru = nn.GRU(20, 50, num_layers=2, bidirectional=True, batch_first=True)
        x = torch.randint(0, 5, (64, 32))
        target = torch.randn(64, 32, 100)
        loss_fn = nn.MSELoss()
        opt = torch.optim.SGD(list(emb.parameters()) + list(gru.parameters()), lr=0.01)

        def step():
            opt.zero_grad()
            out, _ = gru(emb(x))
            loss_fn(out, target).backward()
            opt.step()
        return step
    return {"unit": "samples", "work": 64.0, "prepare": prepare}


def bench_data():
    """bench/make_big_data.py's folder, as `layerlab bench --case data_csv` finds it."""
    import os
    return os.environ.get("LAYERLAB_BENCH_DATA") or "/tmp/layerlab-bigdata"


def data_csv_case():
    # data_csv: what a student writes with pandas: read_csv, the word columns one-hot (get_dummies), split 90/10, gaps
    # filled with the training means, standardized by the training statistics, torch.tensor, then one epoch of a
    # DataLoader(batch 64, shuffle) over the training set and one over the validation set. The Java case does the same
    # work (LayerLab's one-hot of a gap is its words' training shares, not 0s: as cheap).
    def prepare():
        import pandas as pd
        from torch.utils.data import DataLoader, TensorDataset
        path = bench_data() + "/big.csv"

        def step():
            df = pd.read_csv(path)
            y = df.pop("label")
            classes = {c: i for i, c in enumerate(sorted(y.unique()))}
            x = pd.get_dummies(df, columns=["city", "plan", "colour"], dtype="float32")
            n = len(x)
            perm = torch.randperm(n, generator=torch.Generator().manual_seed(0)).numpy()
            val = perm[:n // 10]
            train = perm[n // 10:]
            tr = x.iloc[train]
            mean, std = tr.mean(), tr.std()
            x = (x.fillna(mean) - mean) / std
            features = torch.tensor(x.to_numpy(dtype="float32"))
            labels = torch.tensor(y.map(classes).to_numpy())
            t = torch.from_numpy(train)
            v = torch.from_numpy(val)
            seen = 0
            for xb, yb in DataLoader(TensorDataset(features[t], labels[t]), batch_size=64, shuffle=True):
                seen += len(xb)
            for xb, yb in DataLoader(TensorDataset(features[v], labels[v]), batch_size=64):
                seen += len(xb)
            assert seen == n
        return step
    return {"unit": "samples", "work": 200_000.0, "prepare": prepare}


def data_images_case():
    # data_images: torchvision's ImageFolder + ToTensor + Normalize (the channels' statistics written in, as a student
    # copies them; LayerLab works them out from the training images) and DataLoader(batch 64, shuffle, num_workers=0):
    # one epoch over 90% of the images, one over the other 10%.
    def prepare():
        import torchvision
        from torchvision import transforms
        from torch.utils.data import DataLoader, Subset
        path = bench_data() + "/images"

        def step():
            ds = torchvision.datasets.ImageFolder(path, transform=transforms.Compose(
                [transforms.ToTensor(), transforms.Normalize((0.5, 0.5, 0.5), (0.25, 0.25, 0.25))]))
            n = len(ds)
            perm = torch.randperm(n, generator=torch.Generator().manual_seed(0)).tolist()
            seen = 0
            for xb, yb in DataLoader(Subset(ds, perm[n // 10:]), batch_size=64, shuffle=True, num_workers=0):
                seen += len(xb)
            for xb, yb in DataLoader(Subset(ds, perm[:n // 10]), batch_size=64, num_workers=0):
                seen += len(xb)
            assert seen == n
        return step
    return {"unit": "samples", "work": 10_000.0, "prepare": prepare}


CASES = {f"gemm_{n}": gemm_case(n) for n in (256, 512, 1024, 2048)}
CASES["mlp_train"] = mlp_case(True)
CASES["mlp_infer"] = mlp_case(False)
CASES["lstm_text_train"] = text_case(TextLSTM)
CASES["gru_train"] = gru_case()
CASES["textcnn_train"] = text_case(TextCNN)
CASES["transformer_train"] = text_case(TextTransformer)
CASES["cnn_train"] = cnn_case(simple_cnn, 64, "sgd")
CASES["cnn_finetune"] = cnn_case(simple_cnn, 64, "sgd", frozen=(0, 3))
CASES["resnet_train"] = cnn_case(NetWithResBlock, 64, "adam")
CASES["resnet18_train"] = cnn_case(ResNet18, 64, "adam", sample=(3, 32, 32))
CASES["convnext_train"] = cnn_case(ConvNeXt, 64, "adam", sample=(3, 32, 32))
CASES["vit_train"] = cnn_case(Vit, 64, "adam", sample=(3, 32, 32))
CASES["cnn_infer"] = cnn_case(simple_cnn, 256, None)
# Need bench/make_big_data.py's files, and pandas / torchvision + PIL (Debian: python3-pandas, python3-torchvision,
# python3-pil); left out of "all cases" where those files are not there.
CASES["data_csv"] = data_csv_case()
CASES["data_images"] = data_images_case()


def sync():
    """Waits for the GPU where the cases run on one (a no-op on the CPU), as `layerlab bench` syncs its device."""
    if DEVICE != "cpu":
        torch.cuda.synchronize()


def run(name, case, threads, runs, window, warmup):
    step = case["prepare"]()
    end = time.perf_counter() + warmup
    steps = 0
    while time.perf_counter() < end or steps < 3:
        step()
        steps += 1
    sync()
    ms = []
    for _ in range(runs):
        start = time.perf_counter()
        stop = start + window
        steps = 0
        while True:
            step()
            steps += 1
            if time.perf_counter() >= stop:
                break
        sync()  # the window holds the steps' work, not only their launches
        now = time.perf_counter()
        ms.append((now - start) * 1e3 / steps)
    med = statistics.median(ms)
    out = {"case": name, "threads": threads}
    if DEVICE != "cpu":
        out["device"] = DEVICE
    if case["unit"] == "flops":
        out["gflops"] = round(case["work"] / (med / 1e3) / 1e9, 2)
    else:
        out["samples_per_s"] = round(case["work"] / (med / 1e3), 1)
    out.update({"ms_per_step": round(med, 4), "runs": runs, "engine": "pytorch"})
    return out


def profile(name, case, steps, warmup):
    """torch.profiler's table of a case's ops (self CPU time per step, largest first): the twin of `layerlab profile`."""
    from torch.profiler import ProfilerActivity, profile as torch_profile
    step = case["prepare"]()
    end = time.perf_counter() + warmup
    while time.perf_counter() < end:
        step()
    with torch_profile(activities=[ProfilerActivity.CPU]) as prof:
        for _ in range(steps):
            step()
    rows = sorted(prof.key_averages(), key=lambda e: -e.self_cpu_time_total)
    total = sum(e.self_cpu_time_total for e in rows)
    print(f"{name}: self CPU time per step by op, mean of {steps} steps (ms)")
    for e in rows[:25]:
        if e.self_cpu_time_total <= 0:
            continue
        print(f"  {e.key:<45} {e.self_cpu_time_total / steps / 1e3:9.3f}  {100 * e.self_cpu_time_total / total:5.1f}%  calls/step {e.count / steps:g}")
    print(f"  {'(all ops)':<45} {total / steps / 1e3:9.3f}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--case", action="append", help="case name (repeatable; default: all)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--window", type=float, default=1.0, help="seconds per timed window")
    # As long as `layerlab bench`'s, so both measure steady state.
    p.add_argument("--warmup", type=float, default=6.0)
    p.add_argument("--json", action="store_true", help="(always JSON; accepted for symmetry)")
    p.add_argument("--profile", type=int, metavar="STEPS", help="instead of timing, print torch.profiler's ops over STEPS steps (the twin of `layerlab profile`)")
    p.add_argument("--device", default="cpu", help="cpu, or cuda to run the cases on the GPU (the twin of `layerlab bench "
                   "--device cuda`): models and data are made there, cuDNN in benchmark mode, TF32 off (our float32 arithmetic)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    if a.device != "cpu":
        global DEVICE
        DEVICE = a.device
        torch.set_default_device(a.device)
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
        torch.backends.cudnn.benchmark = True
    import os
    names = a.case or [n for n in CASES if not n.startswith("data_") or os.path.exists(bench_data())]
    for n in names:
        if n not in CASES:
            sys.exit(f"unknown case '{n}' (known: {', '.join(CASES)})")
    for n in names:
        if a.profile:
            profile(n, CASES[n], a.profile, a.warmup)
            continue
        print(json.dumps(run(n, CASES[n], a.threads, a.runs, a.window, a.warmup)), flush=True)


if __name__ == "__main__":
    main()
