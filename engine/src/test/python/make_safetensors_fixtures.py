#!/usr/bin/env python3
"""Reference safetensors files for LayerLab's tests, written byte by byte from the format's description.

    make_safetensors_fixtures.py              writes the fixtures (below)
    make_safetensors_fixtures.py read FILE    checks FILE and prints its tensors as JSON (SafetensorsReferenceTest
                                              runs it on files LayerLab writes, where python3 and numpy exist)

The layout is the Rust library's (what safetensors.torch.save_file writes): an 8-byte little-endian header
length N; N bytes of compact JSON, "__metadata__" first, then the tensors sorted by dtype size (largest first)
and then by name, each {"dtype", "shape", "data_offsets"}; spaces up to a multiple of 8; the raw little-endian
data in the same order. Only numpy is needed. When the `safetensors` package is installed, `write` also checks
that safetensors.numpy.save gives the same bytes, and `read` that safetensors loads the same arrays.

Fixtures: engine/src/test/resources/fixtures/io/reference.safetensors (F32 and I64, with metadata: LayerLab must
write the same bytes), reference-dtypes.safetensors (F64, F16, BF16, I32: LayerLab converts them on reading) and
nonfinite.safetensors (infinities and NaN in weights and buffers, in every float dtype: read as they are).
Run: python3 engine/src/test/python/make_safetensors_fixtures.py
"""
import json
import os
import struct
import sys

import numpy as np

DTYPES = {"F64": np.dtype("<f8"), "F32": np.dtype("<f4"), "F16": np.dtype("<f2"), "I64": np.dtype("<i8"),
          "I32": np.dtype("<i4"), "BF16": None}
# The Rust library's Dtype enum order (it sorts by it, descending); only the ones used here.
RANK = {"F16": 11, "BF16": 12, "I32": 13, "F32": 15, "F64": 16, "I64": 17}
MAX_HEADER = 100_000_000


def to_bytes(dtype, array):
    if dtype == "BF16":
        # bfloat16 is the top half of a float32 (the values used here are exact in bfloat16).
        bits = np.ascontiguousarray(array, dtype="<f4").view("<u4")
        return (bits >> 16).astype("<u2").tobytes()
    return np.ascontiguousarray(array, dtype=DTYPES[dtype]).tobytes()


def serialize(tensors, metadata=None):
    """tensors: {name: (dtype, numpy array)} -> the file's bytes."""
    order = sorted(tensors, key=lambda n: (-RANK[tensors[n][0]], n))
    header, data, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name in order:
        dtype, array = tensors[name]
        raw = to_bytes(dtype, array)
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(raw)]}
        data.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(data)


def parse(blob):
    """The file's bytes -> ({name: numpy array}, metadata), checking what the Rust library checks."""
    if len(blob) < 8:
        raise ValueError("shorter than the header length")
    (n,) = struct.unpack("<Q", blob[:8])
    if n > MAX_HEADER or 8 + n > len(blob):
        raise ValueError("bad header length %d" % n)
    header = json.loads(blob[8:8 + n].decode("utf-8"), object_pairs_hook=no_duplicates)
    metadata = header.pop("__metadata__", None)
    data = blob[8 + n:]
    entries = sorted(header.items(), key=lambda kv: tuple(kv[1]["data_offsets"]))
    at, out = 0, {}
    for name, info in entries:
        begin, end = info["data_offsets"]
        dtype, shape = info["dtype"], info["shape"]
        count = int(np.prod(shape, dtype=np.int64))
        size = 2 if dtype == "BF16" else DTYPES[dtype].itemsize
        if begin != at or end - begin != count * size:
            raise ValueError("tensor %r: bad data_offsets %r" % (name, info["data_offsets"]))
        raw = data[begin:end]
        if dtype == "BF16":
            array = (np.frombuffer(raw, "<u2").astype("<u4") << 16).view("<f4")
        else:
            array = np.frombuffer(raw, DTYPES[dtype])
        out[name] = array.reshape(shape)
        at = end
    if at != len(data):
        raise ValueError("data section is %d bytes, tensors end at %d" % (len(data), at))
    return {name: out[name] for name in header}, metadata


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key in header")
    return dict(pairs)


def reference():
    return {
        "bias": ("F32", np.array([0.5, -1.25, 3.0], np.float32)),
        "embed.weight": ("F32", (np.arange(6, dtype=np.float32) * 0.25 - 0.5).reshape(2, 3)),
        "labels": ("I64", np.array([0, 1, -2, 2 ** 40], np.int64)),
        "scalar": ("F32", np.array(2.5, np.float32)),
        "empty": ("F32", np.zeros((0, 3), np.float32)),
        "step": ("I64", np.array(7, np.int64)),
    }


def reference_dtypes():
    return {
        "f64": ("F64", np.array([1.5, -0.001], np.float64)),
        "f16": ("F16", np.array([1.0, -2.0, 65504.0, 2.0 ** -24, 2.0 ** -14, 0.333251953125], np.float16)),
        "bf16": ("BF16", np.array([[1.0, -3.140625], [2.0 ** 100, 0.0]], np.float32)),
        "i32": ("I32", np.array([[1, -2], [3, 2 ** 31 - 1]], np.int32)),
        "f32": ("F32", np.array([0.1], np.float32)),
    }


def nonfinite():
    """What safetensors.torch.save_file writes for a state_dict holding infinities and NaN (an attention mask buffer of
    -inf, a diverged weight): PyTorch reads them back as they are, and so must LayerLab."""
    inf, nan = float("inf"), float("nan")
    return {
        "fc.weight": ("F32", np.array([[0.5, nan], [-1.0, 2.0]], np.float32)),
        "fc.bias": ("F32", np.array([-inf, 0.25], np.float32)),
        "mask": ("F32", np.array([[0.0, -inf], [0.0, 0.0]], np.float32)),
        "bn.running_var": ("F32", np.array([inf, 1.0, 2.0], np.float32)),
        "bn.num_batches_tracked": ("I64", np.array(3, np.int64)),
        "half": ("F16", np.array([inf, -inf, nan, 1.5], np.float16)),
        "bf16": ("BF16", np.array([-inf, 1.0], np.float32)),
        "f64": ("F64", np.array([nan, -inf, 0.125], np.float64)),
    }


def write(directory):
    files = {"reference.safetensors": (reference(), {"format": "pt"}),
             "reference-dtypes.safetensors": (reference_dtypes(), None),
             "nonfinite.safetensors": (nonfinite(), {"format": "pt"})}
    for name, (tensors, metadata) in files.items():
        blob = serialize(tensors, metadata)
        parsed, _ = parse(blob)
        for key, (_, array) in tensors.items():
            assert np.array_equal(parsed[key], array.astype(parsed[key].dtype), equal_nan=array.dtype.kind == "f"), key
        check_with_library(blob, tensors, metadata)
        path = os.path.normpath(os.path.join(directory, name))
        with open(path, "wb") as f:
            f.write(blob)
        print("wrote %s (%d bytes)" % (path, len(blob)))


def check_with_library(blob, tensors, metadata):
    try:
        from safetensors.numpy import save
    except ImportError:
        print("(the safetensors package is not installed: checked against the format description only)")
        return
    if any(dtype == "BF16" for dtype, _ in tensors.values()):
        return  # numpy has no bfloat16 to hand the library
    assert save({k: a for k, (_, a) in tensors.items()}, metadata=metadata) == blob, "differs from safetensors.numpy.save"


def read(path):
    with open(path, "rb") as f:
        blob = f.read()
    tensors, metadata = parse(blob)
    try:
        from safetensors.numpy import load
        theirs = load(blob)
        for key, array in tensors.items():
            assert np.array_equal(theirs[key], array), key
    except ImportError:
        pass
    out = {key: {"dtype": str(a.dtype), "shape": list(a.shape), "values": [v.item() for v in a.reshape(-1)]}
           for key, a in tensors.items()}
    json.dump({"metadata": metadata, "tensors": out}, sys.stdout)
    print()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "read":
        read(sys.argv[2])
    elif len(sys.argv) == 1:
        write(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "io"))
    else:
        sys.exit(__doc__)
