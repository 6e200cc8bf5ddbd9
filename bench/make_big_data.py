#!/usr/bin/env python3
"""Makes a student-sized data set, the same bytes on every run, for `layerlab bench --case data_csv / data_images`,
its PyTorch twin and by-hand timings of `layerlab check` / `train` and the Data tab (bench/README.md):

  <out>/big.csv      200,000 rows x 30 columns: 26 numbers (about 1% of cells missing: empty or NA), 3 word
                     columns ("city", "plan", "colour"), and the label "label" (5 classes, words); ~50 MB
  <out>/images/<class>/NNNNN.png   10,000 RGB PNGs of 28x28 in 10 class folders (~30 MB)
  <out>/csv.json, <out>/cnn.json   projects: an MLP on big.csv (missing: fill), a small CNN on images/
  <out>/X.npy, y.npy, npy.json     with --npy N: N float32 samples of 300 features (N = 400,000: 480 MB) and 5 classes,
                                   an MLP on them (needs numpy); for bench/peak_memory.sh

Never committed: it writes under the folder given (default /tmp/layerlab-bigdata). Needs python3 and, for the
images, python3-pil (Debian). Pass --rows / --images to make it smaller.
"""
import argparse
import json
import os
import random
import zlib

from pathlib import Path


def make_csv(path, rows, seed=0):
    rnd = random.Random(seed)
    cities = ["Lyon", "Paris", "Nantes", "Lille", "Brest", "Nice", "Metz", "Dijon"]
    plans = ["basic", "plus", "pro"]
    colours = ["red", "green", "blue", "black", "white"]
    labels = ["alpha", "beta", "gamma", "delta", "epsilon"]
    header = [f"x{i}" for i in range(26)] + ["city", "plan", "colour", "label"]
    with open(path, "w", newline="") as f:
        f.write(",".join(header) + "\n")
        for r in range(rows):
            k = rnd.randrange(5)
            cells = []
            for i in range(26):
                u = rnd.random()
                if u < 0.005:
                    cells.append("")
                elif u < 0.01:
                    cells.append("NA")
                else:
                    v = rnd.gauss(0.3 * k * ((i % 3) - 1), 1.0) * (10 ** (i % 4 - 1))
                    cells.append(f"{v:.5g}")
            cells.append(cities[rnd.randrange(len(cities))])
            cells.append(plans[(k + rnd.randrange(2)) % 3])
            cells.append(colours[rnd.randrange(len(colours))] if rnd.random() > 0.01 else "")
            cells.append(labels[k])
            f.write(",".join(cells) + "\n")


def png(width, height, rgb):
    """A PNG of raw RGB bytes, without PIL (zlib alone), so the generator runs where PIL is not installed."""
    import struct
    raw = b"".join(b"\x00" + rgb[y * width * 3:(y + 1) * width * 3] for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def make_images(folder, count, classes=10, size=28, seed=0):
    rnd = random.Random(seed)
    for c in range(classes):
        (folder / f"class{c}").mkdir(parents=True, exist_ok=True)
    for i in range(count):
        c = i % classes
        # A class is a colour and a stripe direction; noise on top, so no two images are alike.
        base = ((c * 70) % 256, (c * 130) % 256, (c * 200) % 256)
        buf = bytearray(size * size * 3)
        for y in range(size):
            for x in range(size):
                stripe = 60 if ((x if c % 2 else y) // 4) % 2 else 0
                for ch in range(3):
                    buf[(y * size + x) * 3 + ch] = max(0, min(255, base[ch] + stripe + rnd.randrange(-40, 41)))
        (folder / f"class{c}" / f"{i:05d}.png").write_bytes(png(size, size, bytes(buf)))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", nargs="?", default="/tmp/layerlab-bigdata")
    p.add_argument("--rows", type=int, default=200_000)
    p.add_argument("--images", type=int, default=10_000)
    p.add_argument("--npy", type=int, default=0, help="samples of the NPY pair (0: none)")
    a = p.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    if a.rows:
        make_csv(out / "big.csv", a.rows)
        (out / "csv.json").write_text(json.dumps(project_mlp(), indent=2))
    if a.images:
        make_images(out / "images", a.images)
        (out / "cnn.json").write_text(json.dumps(project_cnn(), indent=2))
    if a.npy:
        make_npy(out, a.npy)
        (out / "npy.json").write_text(json.dumps(project_npy(), indent=2))


NPY_FEATURES = 300


def make_npy(out, n, seed=0):
    """X.npy float32 [n, 300] (written a block at a time, never whole in memory) and y.npy int64 [n] of 5 classes."""
    import numpy as np
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 5, n).astype(np.int64)
    x = np.lib.format.open_memmap(out / "X.npy", mode="w+", dtype=np.float32, shape=(n, NPY_FEATURES))
    for s in range(0, n, 50_000):
        e = min(n, s + 50_000)
        x[s:e] = rng.standard_normal((e - s, NPY_FEATURES), dtype=np.float32) + y[s:e, None] * 0.1
    x.flush()
    del x
    np.save(out / "y.npy", y)


SAMPLES = Path(__file__).resolve().parent.parent / "sample-projects"


def project_mlp():
    """penguins.json's MLP, 42 features (26 numbers, 8 + 3 + 5 one-hot words) -> 16 -> 5 classes."""
    d = json.loads((SAMPLES / "penguins.json").read_text())
    for n in d["nodes"]:
        if n["name"] == "penguin":
            n["params"]["shape"] = [42]
        if n["name"] == "fc1":
            n["params"]["in_features"] = 42
        if n["name"] == "fc2":
            n["params"]["out_features"] = 5
    d["name"] = "big-csv-mlp"
    d["description"] = "bench/make_big_data.py's 200,000-row CSV: 26 numbers with gaps, 3 word columns, 5 classes."
    d["dataset"] = {"source": "csv", "path": "big.csv", "missing": "fill", "normalize": "standardize",
                    "validation_split": 0.1, "seed": 0}
    d["training"] = {"optimizer": {"name": "Adam", "lr": 0.001}, "epochs": 1, "batch_size": 64, "seed": 0}
    return d


def project_npy():
    """The MLP of project_mlp on the NPY pair: 300 features -> 16 -> 5 classes."""
    d = project_mlp()
    for n in d["nodes"]:
        if n["name"] == "penguin":
            n["params"]["shape"] = [NPY_FEATURES]
        if n["name"] == "fc1":
            n["params"]["in_features"] = NPY_FEATURES
    d["name"] = "big-npy-mlp"
    d["description"] = "bench/make_big_data.py --npy: float32 samples of 300 features, 5 classes."
    d["dataset"] = {"source": "npy", "features": "X.npy", "labels": "y.npy", "normalize": "standardize", "validation_split": 0.1, "seed": 0}
    return d


def project_cnn():
    """conv-batchnorm-rgb.json's CNN (3x28x28 -> 10 classes) on the image folder."""
    d = json.loads((SAMPLES / "conv-batchnorm-rgb.json").read_text())
    d["name"] = "big-images-cnn"
    d["description"] = "bench/make_big_data.py's 10,000 PNGs of 28x28 in 10 class folders."
    d["dataset"] = {"source": "images", "path": "images", "normalize": "standardize", "validation_split": 0.1, "seed": 0}
    d["training"] = {"optimizer": {"name": "Adam", "lr": 0.001}, "epochs": 1, "batch_size": 64, "seed": 0}
    return d


if __name__ == "__main__":
    main()
