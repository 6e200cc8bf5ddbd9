"""Peak RSS of what a student writes in PyTorch for the data `layerlab train --epochs 1` reads (bench/peak_memory.sh),
in the style of pytorch_bench.py's data_csv case: the same MLP, Adam, batches of 64, one epoch.
  /usr/bin/python3 bench/pytorch_peak_memory.py csv|npy [FOLDER]   (bench/make_big_data.py --npy writes the NPY pair)"""
import resource, sys, torch
torch.set_num_threads(1)
kind = sys.argv[1]
d = sys.argv[2] if len(sys.argv) > 2 else "/tmp/layerlab-bigdata"
from torch.utils.data import DataLoader, TensorDataset
def peak(tag): print(tag, "peak RSS MB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, flush=True)
if kind == "csv":
    import pandas as pd
    df = pd.read_csv(d + "/big.csv"); peak("read_csv")
    y = df.pop("label"); classes = {c: i for i, c in enumerate(sorted(y.unique()))}
    x = pd.get_dummies(df, columns=["city", "plan", "colour"], dtype="float32"); del df
    n = len(x); perm = torch.randperm(n, generator=torch.Generator().manual_seed(0)).numpy()
    val, train = perm[:n // 10], perm[n // 10:]
    tr = x.iloc[train]; mean, std = tr.mean(), tr.std(); del tr
    x = (x.fillna(mean) - mean) / std
    features = torch.tensor(x.to_numpy(dtype="float32")); del x
    labels = torch.tensor(y.map(classes).to_numpy())
else:
    import numpy as np
    X = np.load(d + "/X.npy"); peak("np.load")
    features = torch.from_numpy(X); labels = torch.from_numpy(np.load(d + "/y.npy"))
    n = len(features); perm = torch.randperm(n, generator=torch.Generator().manual_seed(0))
    val, train = perm[:n // 10], perm[n // 10:]
    mean, std = features[train].mean(0), features[train].std(0)
    features = (features - mean) / std
peak("prepared")
t, v = torch.as_tensor(train), torch.as_tensor(val)
trs = TensorDataset(features[t], labels[t]); vs = TensorDataset(features[v], labels[v])
w = features.shape[1]; del features
model = torch.nn.Sequential(torch.nn.Linear(w, 16), torch.nn.ReLU(), torch.nn.Linear(16, 5))
opt = torch.optim.Adam(model.parameters(), 1e-3)
for xb, yb in DataLoader(trs, batch_size=64, shuffle=True):
    opt.zero_grad(); torch.nn.functional.cross_entropy(model(xb), yb).backward(); opt.step()
with torch.no_grad():
    for xb, yb in DataLoader(vs, batch_size=64): model(xb)
peak("trained")
