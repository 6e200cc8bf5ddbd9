"""Fixtures for layerlab.data.Splits.fold: which samples scikit-learn's KFold and StratifiedKFold (no shuffle) hold out
in each fold.

LayerLab draws a seeded permutation of the samples and cuts it as KFold cuts its samples in order, so fold f of
LayerLab's is the permutation at KFold's test indices of fold f. A few sizes: even and uneven folds, as many folds as
samples (leave-one-out), and the penguins' 344 in 10. A classifier's folds are StratifiedKFold's (as cross_val_score
takes them for a classifier), on the permuted labels: a few label sequences, balanced, imbalanced, classes first seen
out of order, a class smaller than the number of folds.

Run: /usr/bin/python3 engine/src/test/python/make_split_fixtures.py  (Debian's python3-sklearn 1.2.1; deterministic)
Writes engine/src/test/resources/fixtures/data/kfold.json: per case n, k and each fold's test indices; per stratified
case the labels, k and each fold's test indices.
"""
import json
import os

import numpy as np
from sklearn.model_selection import KFold, StratifiedKFold

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "data"))


def main():
    cases = []
    for n, k in [(10, 3), (150, 5), (7, 7), (344, 10), (11, 2)]:
        folds = [test.tolist() for _, test in KFold(n_splits=k).split(np.zeros((n, 1)))]
        cases.append({"n": n, "k": k, "test": folds})
    rng = np.random.default_rng(3)
    labelings = [
        ("balanced", rng.permutation(np.repeat([0, 1, 2], 50)), 5),
        ("imbalanced", rng.permutation(np.repeat([0, 1, 2], [146, 68, 119])), 10),
        ("first seen out of order", np.array([2, 2, 0, 1, 0, 2, 1, 1, 0, 2, 2, 0, 1]), 3),
        ("a class smaller than the folds", rng.permutation(np.repeat([0, 1], [20, 3])), 4),
    ]
    stratified = []
    for name, y, k in labelings:
        folds = [test.tolist() for _, test in StratifiedKFold(n_splits=k).split(np.zeros((len(y), 1)), y)]
        stratified.append({"name": name, "labels": y.tolist(), "k": k, "test": folds})
    path = os.path.join(OUT, "kfold.json")
    with open(path, "w") as f:
        json.dump({"cases": cases, "stratified": stratified}, f)
        f.write("\n")
    print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
