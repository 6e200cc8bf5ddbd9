#!/usr/bin/env python3
"""How far training moved each weight tensor: ||after - before|| / ||before|| per tensor, standard library only.

    python3 docs/classroom/weight_change.py before.safetensors after.safetensors

Make "before" with the same seed and a learning rate of 0 (layerlab train P.json --steps 1 --lr 0
--save-weights before.safetensors) and "after" with a normal run (--save-weights after.safetensors). Layers
whose gradients vanished barely move. Reads float32 (F32) tensors in LayerLab's safetensors files.
"""
import json
import math
import struct
import sys


def read(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack_from("<Q", blob, 0)
    header = json.loads(blob[8:8 + n])
    data = blob[8 + n:]
    out = {}
    for name, t in header.items():
        if name == "__metadata__" or t["dtype"] != "F32":
            continue
        a, b = t["data_offsets"]
        out[name] = struct.unpack_from("<%df" % ((b - a) // 4), data, a)
    return out


def norm(xs):
    return math.sqrt(sum(x * x for x in xs))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    before, after = read(sys.argv[1]), read(sys.argv[2])
    print("%-28s %12s" % ("tensor", "rel. change"))
    for name, b in before.items():
        if name not in after:
            continue
        diff = norm([y - x for x, y in zip(b, after[name])])
        base = norm(b) or 1.0
        print("%-28s %12.4f  %s" % (name, diff / base, "#" * min(60, int(round(diff / base * 100)))))


if __name__ == "__main__":
    main()
