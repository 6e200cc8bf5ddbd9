#!/usr/bin/env python3
"""A class's hand-ins for trying `layerlab grade`: 30 students' penguin classifiers, as they arrive.

Writes target/submissions/ (or the folder given): 30 project files derived from sample-projects/penguins.json, made
on the students' own PCs (Windows and macOS paths to their copy of the data, another LayerLab version, JSON edited
by hand), some with the data file beside them, some whose graph has an error, one that trains for ever, a bundle of
2 GB (a sparse file: it takes no disk), duplicate node names, non-ASCII file names; and teacher/penguins.csv, the
data everyone is graded on (the bundled Palmer penguins). Deterministic: the same files every run.

    python3 tools/classroom-submissions.py [FOLDER]
"""
import copy
import gzip
import json
import os
import shutil
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "submissions")

with open(os.path.join(ROOT, "sample-projects", "penguins.json"), encoding="utf-8") as f:
    BASE = json.load(f)

# The assignment: species from the four measurements of the teacher's penguins.csv.
FEATURES = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]


def project(student, data_path, hidden=(16,), lr=0.01, epochs=60, extra_nodes=()):
    p = copy.deepcopy(BASE)
    p["name"] = "Penguins — " + student
    p["description"] = student + "'s penguin classifier"
    nodes = [{"id": "n1", "name": "penguin", "kind": "Input", "params": {"shape": [len(FEATURES)]}, "position": {"x": 0, "y": 0}}]
    edges = []
    prev, width, x = "penguin", len(FEATURES), 0
    for i, h in enumerate(hidden):
        fc, act = "fc%d" % (i + 1), "relu%d" % (i + 1)
        x += 280
        nodes.append({"id": "h%d" % i, "name": fc, "kind": "Linear", "params": {"in_features": width, "out_features": h}, "position": {"x": x, "y": 0}})
        nodes.append({"id": "a%d" % i, "name": act, "kind": "ReLU", "params": {}, "position": {"x": x, "y": 120}})
        edges += [{"from": prev + ".out", "to": fc + ".in"}, {"from": fc + ".out", "to": act + ".in"}]
        prev, width = act, h
    nodes += [
        {"id": "o1", "name": "head", "kind": "Linear", "params": {"in_features": width, "out_features": 3}, "position": {"x": x + 280, "y": 0}},
        {"id": "o2", "name": "logits", "kind": "Output", "params": {}, "position": {"x": x + 560, "y": 0}},
        {"id": "o3", "name": "labels", "kind": "Input", "params": {"shape": [], "dtype": "int64"}, "position": {"x": 0, "y": 350}},
        {"id": "o4", "name": "loss", "kind": "CrossEntropyLoss", "params": {}, "position": {"x": 280, "y": 350}},
    ]
    nodes += list(extra_nodes)
    edges += [{"from": prev + ".out", "to": "head.in"}, {"from": "head.out", "to": "logits.in"},
              {"from": "head.out", "to": "loss.input"}, {"from": "labels.out", "to": "loss.target"}]
    p["nodes"], p["edges"] = nodes, edges
    p["dataset"] = {"source": "csv", "path": data_path, "label_column": "species", "features": FEATURES,
                    "missing": "drop", "normalize": "standardize", "validation_split": 0.2, "seed": 0}
    p["training"] = {"optimizer": {"name": "Adam", "lr": lr}, "epochs": epochs, "batch_size": 16, "seed": 0}
    return p


def write(name, p, text=None, bom=False, crlf=False):
    s = text if text is not None else json.dumps(p, indent=2, ensure_ascii=False) + "\n"
    if crlf:
        s = s.replace("\n", "\r\n")
    with open(os.path.join(OUT, name), "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        f.write(s)


def node(p, name):
    return next(n for n in p["nodes"] if n["name"] == name)


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(os.path.join(OUT, "teacher"))
    with gzip.open(os.path.join(ROOT, "resources", "datasets", "penguins.csv.gz"), "rb") as f:
        csv = f.read()
    with open(os.path.join(OUT, "teacher", "penguins.csv"), "wb") as f:
        f.write(csv)

    win = "C:\\Users\\%s\\Documents\\LayerLab\\penguins.csv"
    mac = "/Users/%s/Downloads/penguins.csv"
    # Fine projects, each pointing at the student's own copy of the data.
    write("01-ana.json", project("Ana", win % "ana"))
    write("02-ben.json", project("Ben", mac % "ben", hidden=(32,)))
    write("03-chloe.json", project("Chloé", win % "chloe", hidden=(32, 16)))
    write("04-dev.json", project("Dev", mac % "dev", hidden=(8,), lr=0.03))
    write("05-emma.json", project("Emma", "penguins.csv"))  # the data file beside it
    with open(os.path.join(OUT, "penguins.csv"), "wb") as f:
        f.write(csv)
    write("06-farid.json", project("Farid", "D:/school/ml/penguins.csv", hidden=(64, 32)))
    write("07-grace.json", project("Grace", win % "grace", hidden=(16, 16, 16)), crlf=True)  # Notepad's line ends
    write("08-hugo.json", project("Hugo", mac % "hugo"), bom=True)  # saved by Notepad with a BOM
    write("09-zoë-müller.json", project("Zoë Müller", win % "zoe"))
    write("10-王芳.json", project("王芳", "C:\\用户\\王芳\\桌面\\penguins.csv", hidden=(24,)))
    # Hand-edited JSON.
    s = json.dumps(project("Ivan", win % "ivan"), indent=2)
    i = s.rindex('"seed": 0')
    write("11-ivan.json", None, text=s[:i] + '"seed": 0,' + s[i + len('"seed": 0'):])  # a trailing comma
    s = json.dumps(project("Jade", mac % "jade"), indent=2)
    write("12-jade.json", None, text=s[: len(s) * 2 // 3])  # cut off: the upload stopped
    s = json.dumps(project("Kofi", win % "kofi"), indent=2)
    write("13-kofi.json", None, text=s.replace('"lr": 0.01', "'lr': 0.01"))  # single quotes, as in Python
    write("14-lena.json", None, text="")  # an empty file
    # Graph errors.
    p = project("Marco", win % "marco", hidden=(16,))
    node(p, "head")["params"]["in_features"] = 32
    write("15-marco.json", p)
    p = project("Nia", mac % "nia", hidden=(16, 16))
    node(p, "relu2")["name"] = "relu1"  # two nodes named relu1
    for e in p["edges"]:
        e["from"] = e["from"].replace("relu2.", "relu1.")
        e["to"] = e["to"].replace("relu2.", "relu1.")
    write("16-nia.json", p)
    p = project("Omar", win % "omar")
    p["nodes"] = [n for n in p["nodes"] if n["kind"] != "CrossEntropyLoss"]
    p["edges"] = [e for e in p["edges"] if not e["to"].startswith("loss.")]
    write("17-omar.json", p)  # no loss
    p = project("Priya", win % "priya")
    node(p, "head")["params"]["out_features"] = 2  # two classes for three species
    write("18-priya.json", p)
    # Settings.
    p = project("Quinn", mac % "quinn")
    p["training"]["epochs"] = "sixty"
    write("19-quinn.json", p)
    p = project("Rosa", win % "rosa")
    p["training"]["optimizer"] = {"name": "SGD", "lr": 1e6}  # diverges
    write("20-rosa.json", p)
    write("21-sam.json", project("Sam", win % "sam", hidden=(512, 512, 512), epochs=100000))  # trains for ever
    p = project("Tess", mac % "tess")
    p["version"] = 99  # a newer LayerLab
    write("22-tess.json", p)
    p = project("Umar", win % "umar")
    p["format"] = "layerlab-projekt"
    write("23-umar.json", p)
    # Other shapes of hand-in.
    p = project("Vera", win % "vera", hidden=(16,))
    p["dataset"] = {"source": "penguins", "normalize": "standardize", "validation_split": 0.2, "seed": 0}
    node(p, "penguin")["params"]["shape"] = [9]
    node(p, "fc1")["params"]["in_features"] = 9
    write("24-vera.json", p)  # the bundled set, all 9 features: does not fit the teacher's 4 columns
    write("25-will.json", project("Will", win % "will", hidden=(16,), extra_nodes=[
        {"id": "d1", "name": "dropout", "kind": "Dropout", "params": {"p": 0.2}, "position": {"x": 0, "y": 600}}]))  # a node left unconnected
    write("26-xia.json", project("Xia", mac % "xia", hidden=(20, 10)))
    write("27-yusuf.json", project("Yusuf", win % "yusuf", hidden=(16,), lr=0.001))
    p = project("Zara", "..\\data\\penguins.csv")  # a relative Windows path
    write("28-zara.json", p)
    # A bundle as hand-in (a trained model: graph and weights), and one of 2 GB (sparse: no disk).
    with zipfile.ZipFile(os.path.join(OUT, "29-alex.llab"), "w") as z:
        z.writestr("project.json", json.dumps(project("Alex", win % "alex")))
    with open(os.path.join(OUT, "30-bea.llab"), "wb") as f:
        f.write(b"PK\x03\x04")
        f.truncate(2 * 1024 ** 3)
    # Not a hand-in: a student's notes in the same folder.
    with open(os.path.join(OUT, "README.txt"), "w", encoding="utf-8") as f:
        f.write("Penguins assignment, class 4B. Graded on teacher/penguins.csv.\n")


if __name__ == "__main__":
    main()
