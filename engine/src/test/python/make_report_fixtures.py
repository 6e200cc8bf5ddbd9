"""Fixtures for layerlab.train.ClassReport and layerlab.train.Roc: scikit-learn's per-class precision, recall, F1 and
support, and its classification_report text, for a few confusion matrices (imbalanced classes, a class never predicted,
a class absent from the truth, a binary case, ties in rounding); and its roc_curve (drop_intermediate=True) and
roc_auc_score for a few binary scorings (ties, logits, a perfect one, all tied).

Run: /usr/bin/python3 engine/src/test/python/make_report_fixtures.py  (Debian's python3-sklearn 1.2.1; deterministic)
Writes engine/src/test/resources/fixtures/train/class_report.json and roc.json.
"""
import json
import os

import numpy as np
from sklearn.metrics import classification_report, confusion_matrix, precision_recall_fscore_support, roc_auc_score, roc_curve

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "train"))


def case(name, names, y_true, y_pred):
    labels = list(range(len(names)))
    cm = confusion_matrix(y_true, y_pred, labels=labels)
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    d = classification_report(y_true, y_pred, labels=labels, target_names=names, zero_division=0, output_dict=True)
    return {
        "name": name,
        "classes": names,
        "confusion": cm.tolist(),
        "precision": p.tolist(), "recall": r.tolist(), "f1": f.tolist(), "support": s.tolist(),
        "accuracy": float(np.trace(cm) / cm.sum()),
        "macro": [d["macro avg"][k] for k in ("precision", "recall", "f1-score")],
        "weighted": [d["weighted avg"][k] for k in ("precision", "recall", "f1-score")],
        "text2": classification_report(y_true, y_pred, labels=labels, target_names=names, zero_division=0, digits=2),
        "text4": classification_report(y_true, y_pred, labels=labels, target_names=names, zero_division=0, digits=4),
    }


def main():
    rng = np.random.default_rng(7)
    cases = []
    # Imbalanced: 200 samples over 4 classes (55%, 25%, 15%, 5%); a model right 70% of the time, else a random class.
    t = rng.choice(4, size=200, p=[0.55, 0.25, 0.15, 0.05])
    guess = rng.integers(0, 4, size=200)
    pred = np.where(rng.random(200) < 0.7, t, guess)
    cases.append(case("imbalanced", ["Adelie", "Chinstrap", "Gentoo", "Emperor"], t, pred))
    # Class 2 is never predicted (precision 0/0), class 3 never occurs (recall 0/0, support 0).
    t = np.array([0, 0, 0, 1, 1, 2, 2, 2, 0, 1])
    pred = np.array([0, 3, 0, 1, 0, 1, 0, 1, 0, 3])
    cases.append(case("zero division", ["cat", "dog", "a rather long class name", "never"], t, pred))
    # Binary, as a BCE model's threshold gives it.
    t = rng.integers(0, 2, size=57)
    pred = np.where(rng.random(57) < 0.8, t, 1 - t)
    cases.append(case("binary", ["negative", "positive"], t, pred))
    # Ties: precision 1/8 = 0.125 and recall 3/8 = 0.375 are exact in binary; Python rounds them half to even.
    t = np.array([0] * 3 + [1] * 5 + [1] * 2 + [0] * 5)
    pred = np.array([0] * 1 + [1] * 2 + [0] * 7 + [1] * 5)
    cases.append(case("ties", ["a", "b"], t, pred))
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "class_report.json"), "w") as f:
        json.dump({"generator": "scikit-learn classification_report, zero_division=0", "cases": cases}, f, indent=1)
        f.write("\n")
    rocs = []
    # Probabilities with ties (one decimal), a weak signal.
    y = rng.integers(0, 2, size=120)
    p = np.round(np.clip(0.5 + 0.25 * (2 * y - 1) + rng.normal(0, 0.25, size=120), 0, 1), 1)
    rocs.append(roc_case("tied probabilities", y, p))
    # Logits of a good model, no ties.
    y = rng.integers(0, 2, size=80)
    rocs.append(roc_case("logits", y, 3.0 * (2 * y - 1) + rng.normal(0, 2.0, size=80)))
    # A perfect ordering, and a useless one (every score equal).
    rocs.append(roc_case("perfect", np.array([0, 0, 1, 1, 0, 1]), np.array([0.1, 0.2, 0.8, 0.9, 0.3, 0.7])))
    rocs.append(roc_case("all tied", np.array([0, 1, 0, 1, 1]), np.array([0.5, 0.5, 0.5, 0.5, 0.5])))
    with open(os.path.join(OUT, "roc.json"), "w") as f:
        json.dump({"generator": "scikit-learn roc_curve (drop_intermediate=True), roc_auc_score", "cases": rocs}, f, indent=1)
        f.write("\n")


def roc_case(name, y, score):
    fpr, tpr, thr = roc_curve(y, score)
    return {"name": name, "labels": [int(v) for v in y], "scores": [float(v) for v in score],
            "fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": thr.tolist(), "auc": float(roc_auc_score(y, score))}


if __name__ == "__main__":
    main()
