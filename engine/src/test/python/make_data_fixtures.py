"""NPY fixtures for layerlab.io.Npy and layerlab.data.NpyLoader, written by NumPy itself.

Run: /usr/bin/python3 engine/src/test/python/make_data_fixtures.py  (NumPy 1.24; deterministic)
Writes engine/src/test/resources/fixtures/data/*.npy. NpyTest reads every file back and expects exactly the
values below, and expects Npy.write to produce the same bytes as numpy.save for the same arrays.
"""
import os

import numpy as np

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "data"))


def save(name, array, version=None):
    path = os.path.join(OUT, name + ".npy")
    if version is None:
        np.save(path, array)
    else:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, array, version=version)
    print(path, array.dtype.str, array.shape, os.path.getsize(path), "bytes")


def main():
    os.makedirs(OUT, exist_ok=True)
    f32 = (np.arange(6, dtype=np.float32) * 0.5 - 1).reshape(2, 3)          # [[-1, -0.5, 0], [0.5, 1, 1.5]]
    save("f32_2x3", f32)
    save("f64_4", np.array([0.1, -2.5, 1e10, np.pi], dtype=np.float64))
    save("i64_5", np.array([0, 1, -3, 2 ** 40, 9], dtype=np.int64))
    save("f32_3d", np.arange(24, dtype=np.float32).reshape(2, 3, 4))      # value = 12*i + 4*j + k
    save("f32_scalar", np.array(7.5, dtype=np.float32))
    save("f32_big_endian", f32.astype(">f4"))
    save("i32_labels", np.array([2, 0, 1, 1], dtype=np.int32))
    save("u8_pixels", np.array([[0, 128, 255]], dtype=np.uint8))
    save("f32_v2", f32, version=(2, 0))
    save("f32_fortran", np.asfortranarray(f32))
    save("f16_unsupported", np.zeros(3, dtype=np.float16))
    # A small classification set: 10 samples of 3 float64 features, int64 labels 0..2.
    rng = np.random.default_rng(0)
    save("set_x", rng.normal(size=(10, 3)))
    save("set_y", np.array([0, 1, 2, 0, 1, 2, 0, 1, 2, 2], dtype=np.int64))
    # A regression set: float32 targets [N].
    save("reg_y", np.linspace(-1, 1, 10, dtype=np.float32))


if __name__ == "__main__":
    main()
