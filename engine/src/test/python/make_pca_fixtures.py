"""Fixtures for layerlab.train.Pca: scikit-learn's PCA (svd_solver="full": LAPACK's SVD of the centred data, svd_flip's
signs) on float32 data of several shapes: more samples than values and fewer, a spectrum that decays slowly, and data of
rank 2 (PcaTest runs each through both of LayerLab's eigensolvers, Jacobi rotations and subspace iteration). The script
checks each against torch.linalg.svd (float64) before writing it.

Run: /usr/bin/python3 engine/src/test/python/make_pca_fixtures.py  (Debian's python3-sklearn 1.2.1 and python3-torch;
deterministic). Writes engine/src/test/resources/fixtures/train/pca.json.
"""
import json
import os

import numpy as np
import torch
from sklearn.decomposition import PCA

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "train"))


def data(rng, n, d, spectrum):
    """n samples of d values: Gaussian scores along random orthonormal directions with the given standard deviations,
    plus an offset, rounded to multiples of 1/64 (exact in float32, short in the file)."""
    r = len(spectrum)
    q, _ = np.linalg.qr(rng.standard_normal((d, r)))
    scores = rng.standard_normal((n, r)) * np.asarray(spectrum)
    x = scores @ q.T + rng.standard_normal(d) * 3.0
    # On a grid of 1/64: exact in float32 and short in JSON.
    return (np.round(x * 64) / 64).astype(np.float32)


def short(a):
    """Ten significant digits: far below the tests' tolerance, and half the file."""
    return [float("%.10g" % v) for v in np.asarray(a).reshape(-1)]


def case(name, x, k):
    x64 = x.astype(np.float64)
    pca = PCA(n_components=k, svd_solver="full")
    points = pca.fit_transform(x64)
    # Cross-check with PyTorch: same variances, same axes up to sign.
    t = torch.from_numpy(x64)
    centred = t - t.mean(0)
    _, s, vh = torch.linalg.svd(centred, full_matrices=False)
    var = (s[:k] ** 2 / (x.shape[0] - 1)).numpy()
    assert np.allclose(var, pca.explained_variance_, rtol=1e-9), name
    for j in range(k):
        assert abs(abs(float(vh[j].numpy() @ pca.components_[j])) - 1) < 1e-8, name
    return {
        "name": name, "n": x.shape[0], "d": x.shape[1], "k": k,
        "x": [float(v) for v in x.reshape(-1)],
        "mean": short(pca.mean_),
        "points": short(points),
        "components": short(pca.components_),
        "variances": short(pca.explained_variance_),
        "ratios": short(pca.explained_variance_ratio_),
    }


def main():
    rng = np.random.default_rng(11)
    cases = [
        # More samples than values, small: the covariance matrix (6×6), Jacobi.
        case("40 samples of 6", data(rng, 40, 6, [5.0, 3.0, 2.0, 1.0, 0.5, 0.2]), 3),
        # Fewer samples than values: the Gram matrix (12×12), Jacobi.
        case("12 samples of 30", data(rng, 12, 30, [4.0, 2.5, 1.5, 1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]), 3),
        # A slowly decaying spectrum (the 3rd and 4th standard deviations 2% apart): hard for subspace iteration.
        case("120 samples of 50", data(rng, 120, 50, list(np.linspace(6.0, 0.5, 40))), 3),
        # The Gram matrix, 45×45.
        case("45 samples of 90", data(rng, 45, 90, [9.0, 6.0, 4.0] + list(np.linspace(2.0, 0.2, 40))), 3),
        # Rank 2 (every sample on a plane): the two components carry all the variance.
        case("rank 2", data(rng, 25, 8, [3.0, 1.0]), 2),
    ]
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "pca.json"), "w") as f:
        json.dump({"generator": "scikit-learn PCA(svd_solver='full'), checked against torch.linalg.svd", "cases": cases}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
