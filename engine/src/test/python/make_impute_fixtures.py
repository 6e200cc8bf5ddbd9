"""Fixtures for layerlab.data.MissingValues: what scikit-learn's SimpleImputer fills a table's gaps with, per strategy.

Two tables: the bundled penguins (resources/datasets/penguins.csv.gz, all 344 rows: 19 gaps in the measurements and
the sex), and a small one with ties (most frequent numbers and words tied: the smallest wins; a median of an even
count). Numbers are imputed with strategy "mean", "median" and "most_frequent"; words (a column no cell of which is a
number) with "most_frequent" and then one-hot encoded (OneHotEncoder, sorted categories), and for "mean" their shares
(the mean of each one-hot feature over the rows that have the word), which is what LayerLab's mean fill gives them.

Run: /usr/bin/python3 engine/src/test/python/make_impute_fixtures.py  (Debian's python3-sklearn 1.2.1; deterministic)
Writes engine/src/test/resources/fixtures/data/impute.json: per table its CSV text (the small one) or path, its label
column, its feature columns, and per strategy the fill value of each LayerLab feature name (column, or column=word).
"""
import csv
import gzip
import io
import json
import os

import numpy as np
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import OneHotEncoder

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "fixtures", "data"))

TIES = """a,b,w,label
3,4,b,x
1,,a,y
3,1,b,x
1,,a,y
,2,c,x
2,10,,y
"""


MISSING = {"", "na", "n/a", "nan", "null", "none", "?"}  # what LayerLab's CsvLoader reads as a gap


def read(text):
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    return {c: [None if r[i].strip().lower() in MISSING else r[i].strip() for r in body] for i, c in enumerate(header)}


def is_number(v):
    try:
        float(v)
        return True
    except ValueError:
        return False


def fills(table, features):
    out = {}
    numbers = [c for c in features if all(v is None or is_number(v) for v in table[c])]
    words = [c for c in features if c not in numbers]
    for strategy in ("mean", "median", "most_frequent"):
        values = {}
        if numbers:
            x = np.array([[np.nan if v is None else float(v) for v in table[c]] for c in numbers], dtype=np.float64).T
            imp = SimpleImputer(strategy=strategy).fit(x)
            for c, v in zip(numbers, imp.statistics_):
                values[c] = float(v)
        for c in words:
            present = [v for v in table[c] if v is not None]
            cats = sorted(set(present))
            enc = OneHotEncoder(categories=[cats]).fit(np.array(present, dtype=object).reshape(-1, 1))
            if strategy == "mean":
                for w in cats:
                    values[c + "=" + w] = present.count(w) / len(present)
            else:
                col = np.array([np.nan if v is None else v for v in table[c]], dtype=object).reshape(-1, 1)
                word = SimpleImputer(strategy="most_frequent", missing_values=np.nan).fit(col).statistics_[0]
                hot = enc.transform(np.array([[word]], dtype=object)).toarray()[0]
                for w, h in zip(cats, hot):
                    values[c + "=" + w] = float(h)
        out[strategy] = values
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    features = ["island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex"]
    with gzip.open(os.path.join(ROOT, "resources", "datasets", "penguins.csv.gz"), "rt") as f:
        penguins = read(f.read())
    ties = read(TIES)
    doc = {
        "penguins": {"path": "resources/datasets/penguins.csv.gz", "label": "species", "features": features,
                     "rows": len(penguins["species"]), "fill": fills(penguins, features)},
        "ties": {"csv": TIES, "label": "label", "features": ["a", "b", "w"], "rows": len(ties["label"]),
                 "fill": fills(ties, ["a", "b", "w"])},
    }
    path = os.path.join(OUT, "impute.json")
    with open(path, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=False)
        f.write("\n")
    print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
