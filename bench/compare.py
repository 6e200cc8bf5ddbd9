#!/usr/bin/env python3
"""Runs `layerlab bench` and its PyTorch twin alternately, case by case, and prints the ratio table.

    python3 bench/compare.py --threads 2 --rounds 3 [--case mlp_train ...]

Each round runs every case once in each engine, one right after the other (LayerLab first in even
rounds, PyTorch first in odd ones), so both see the same machine; the table shows the median over rounds
of each engine's median-of-windows figure, their ratio (> 1.0 means LayerLab is faster), and the median of
the rounds' own ratios, which a machine whose speed changes between rounds disturbs less.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def torch_env(threads):
    env = dict(os.environ)
    # PEER.md: Debian's torch links libblas.so.3; the OpenMP build of OpenBLAS follows torch's thread
    # count (the pthread build oversubscribes the cores inside torch's OpenMP regions: 20x slower at 2 threads).
    openmp = "/usr/lib/x86_64-linux-gnu/openblas-openmp"
    if os.path.isdir(openmp):
        env["LD_LIBRARY_PATH"] = openmp + os.pathsep + env.get("LD_LIBRARY_PATH", "")
    else:
        print("warning: libopenblas0-openmp is not installed; PyTorch may be far from its best "
              "(apt-get install libopenblas0-openmp)", file=sys.stderr)
    env.update({
        "OMP_NUM_THREADS": str(threads),
        "OPENBLAS_NUM_THREADS": str(threads),
        "MKL_NUM_THREADS": str(threads),
        # PEER.md: stop glibc from returning big freed buffers to the kernel every step.
        "MALLOC_MMAP_THRESHOLD_": "4294967296",
        "MALLOC_TRIM_THRESHOLD_": "4294967296",
    })
    return env


def run(cmd, env):
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{out.stderr}")
    rows = [json.loads(l) for l in out.stdout.splitlines() if l.startswith("{")]
    return {r["case"]: r for r in rows}


def rate(row):
    return row.get("samples_per_s", row.get("gflops"))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--case", action="append")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--runs", type=int, default=5)
    a = p.parse_args()
    # Every case with a PyTorch twin (dashboard_overhead has none: it measures the UI, not the engine).
    cases = a.case or ["gemm_256", "gemm_512", "gemm_1024", "gemm_2048", "mlp_train", "mlp_infer", "cnn_train",
                       "cnn_finetune", "resnet_train", "cnn_infer", "lstm_text_train", "gru_train",
                       "textcnn_train", "transformer_train", "resnet18_train", "convnext_train", "vit_train"]
    ours, theirs = {c: [] for c in cases}, {c: [] for c in cases}
    flags = []
    for c in cases:
        flags += ["--case", c]
    for k in range(a.rounds):
        for c in cases:
            def layerlab():
                r = run([os.path.join(ROOT, "layerlab"), "bench", "--json", "--case", c, "--threads", str(a.threads), "--runs", str(a.runs)], dict(os.environ))
                ours[c].append(r[c])

            def pytorch():
                r = run(["/usr/bin/python3", os.path.join(ROOT, "bench", "pytorch_bench.py"), "--case", c, "--threads", str(a.threads), "--runs", str(a.runs)], torch_env(a.threads))
                theirs[c].append(r[c])

            for engine in ((layerlab, pytorch) if k % 2 == 0 else (pytorch, layerlab)):
                engine()
    if any(not r.get("huge_pages", True) for rows in ours.values() for r in rows):
        print("warning: LayerLab ran with its heap on 4 KiB pages (see `./layerlab bench`'s Memory line); on this kind of "
              "machine that alone made training steps up to 10x slower", file=sys.stderr)
    print(f"threads={a.threads}, {a.rounds} rounds, median of {a.runs} windows each")
    print(f"{'case':<16}{'unit':>14}{'LayerLab':>12}{'PyTorch':>12}{'ratio':>8}  rounds' ratios (median)")
    for c in cases:
        unit = "GFLOP/s" if "gflops" in ours[c][0] else "samples/s"
        o = statistics.median(rate(r) for r in ours[c])
        t = statistics.median(rate(r) for r in theirs[c])
        per_round = [rate(x) / rate(y) for x, y in zip(ours[c], theirs[c])]
        rounds = " ".join(f"{q:.2f}" for q in per_round)
        print(f"{c:<16}{unit:>14}{o:>12.1f}{t:>12.1f}{o / t:>8.2f}  {rounds} ({statistics.median(per_round):.2f})")


if __name__ == "__main__":
    main()
