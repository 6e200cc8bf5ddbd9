"""Fixtures for layerlab.train.EmbeddingSpace: a small Embedding weight (12 rows of 5, row 0 the padding row of zeros,
rows 3 and 7 nearly the same direction, row 9 exactly -row 3) with each row's cosine similarity to every other row by
PyTorch 1.13's torch.nn.functional.cosine_similarity (float32), and the rows' coordinates on the first two principal
components (numpy's SVD of the centred rows in float64, each component's sign such that the row farthest along it lies on
its positive side, as scikit-learn's svd_flip).

Run: /usr/bin/python3 engine/src/test/python/make_embedding_space_fixtures.py  (Debian's python3-torch 1.13;
deterministic). Writes engine/src/test/resources/fixtures/train/embedding_space.json.
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "train"))

rng = np.random.default_rng(20261206)
rows, dim = 12, 5
# On a grid of 1/64: exact in float32 and short in JSON.
w = np.round(rng.standard_normal((rows, dim)) * 64) / 64
w[0] = 0.0
w[7] = w[3] + np.round(rng.standard_normal(dim) * 4) / 64
w[9] = -w[3]
w = w.astype(np.float32)
tokens = ["<pad>", "<unk>", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]

t = torch.from_numpy(w)
cos = F.cosine_similarity(t.unsqueeze(1), t.unsqueeze(0), dim=-1)  # [rows, rows], float32

x = w.astype(np.float64)
centred = x - x.mean(0)
u, s, vh = np.linalg.svd(centred, full_matrices=False)
points = u[:, :2] * s[:2]
for j in range(2):
    far = np.argmax(np.abs(points[:, j]))
    if points[far, j] < 0:
        points[:, j] *= -1

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "embedding_space.json"), "w") as f:
    json.dump({
        "torch": torch.__version__,
        "rows": rows, "dim": dim, "padding_idx": 0, "tokens": tokens,
        "weight": [float(v) for v in w.reshape(-1)],
        "cosine": [float(v) for v in cos.numpy().reshape(-1)],
        "points": [float("%.10g" % v) for v in points.reshape(-1)],
    }, f, indent=1)
    f.write("\n")
print("wrote", os.path.join(OUT, "embedding_space.json"))
