"""Writes chinstrap-gentoo-shuffled.csv: the bundled penguins' Chinstrap and Gentoo rows without gaps, in a shuffled order
(seed 5), their columns in another order (sex first, species last), the year left out. Its species words are two where the
model knows three: numbered by the file's own words (Chinstrap 0, Gentoo 1) they would read as Adelie and Chinstrap.
Run from this folder: python3 make_shuffled.py"""
import csv, gzip, random

with gzip.open("../../../../../resources/datasets/penguins.csv.gz", "rt") as f:
    rows = [r for r in csv.DictReader(f) if r["species"] in ("Chinstrap", "Gentoo") and "NA" not in r.values()]
random.Random(5).shuffle(rows)
rows = rows[:60]
columns = ["sex", "body_mass_g", "island", "bill_depth_mm", "flipper_length_mm", "bill_length_mm", "species"]
with open("chinstrap-gentoo-shuffled.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([r[c] for c in columns])
