#!/usr/bin/env python3
"""Checks the exports the engine's tests leave in engine/target/exports (one folder per model).

For each folder:
  model.onnx  -> onnx.checker.check_model(full_check=True)            (needs python3-onnx)
  model.py    -> run by this Python on input*.npy; each output must match
                 LayerLab's expected*.npy within 1e-4                   (needs torch and numpy)

    cd engine && ../mvnw -o test -Dtest='layerlab.io.onnx.*Test,layerlab.io.PyTorchExportTest'
    /usr/bin/python3 tools/check_exports.py engine/target/exports

Prints one line per check and 'N passed, N failed'; exits 1 on any failure.
"""
import os
import subprocess
import sys
import tempfile

TOLERANCE = 1e-4


def main(root):
    try:
        import onnx
    except ImportError:
        onnx = None
        print("onnx is not installed: ONNX checks skipped (apt-get install python3-onnx)")
    try:
        import numpy
        import torch  # noqa: F401  (the scripts import it; checked here to skip cleanly)
    except ImportError:
        numpy = None
        print("torch or numpy is not installed: PyTorch script checks skipped (apt-get install python3-torch)")
    passed = failed = 0
    for name in sorted(os.listdir(root)):
        folder = os.path.join(root, name)
        if not os.path.isdir(folder):
            continue
        model = os.path.join(folder, "model.onnx")
        if onnx is not None and os.path.exists(model):
            try:
                onnx.checker.check_model(onnx.load(model), full_check=True)
                print(f"ok   onnx checker   {name}")
                passed += 1
            except Exception as e:  # the checker raises several kinds
                print(f"FAIL onnx checker   {name}: {e}")
                failed += 1
        script = os.path.join(folder, "model.py")
        if numpy is not None and os.path.exists(script):
            ok, detail = run_script(numpy, folder, script)
            print(f"{'ok  ' if ok else 'FAIL'} pytorch script {name}: {detail}")
            passed += ok
            failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def run_script(numpy, folder, script):
    inputs = sorted(f for f in os.listdir(folder) if f.startswith("input") and f.endswith(".npy"))
    expected = sorted(f for f in os.listdir(folder) if f.startswith("expected") and f.endswith(".npy"))
    with tempfile.TemporaryDirectory() as tmp:
        outs = [os.path.join(tmp, f) for f in expected]
        cmd = [sys.executable, script]
        for f in inputs:
            cmd += ["--input", os.path.join(folder, f)]
        for f in outs:
            cmd += ["--output", f]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            return False, "exit " + str(r.returncode) + ": " + (r.stderr.strip().splitlines() or ["?"])[-1]
        worst, shapes = 0.0, []
        for f, out in zip(expected, outs):
            want, got = numpy.load(os.path.join(folder, f)), numpy.load(out)
            if got.shape != want.shape:
                return False, f"{f}: shape {got.shape}, LayerLab's {want.shape}"
            if got.size:
                worst = max(worst, float((abs(got - want) / numpy.maximum(1, abs(want))).max()))
            shapes.append(list(got.shape))
    return worst <= TOLERANCE, f"max difference {worst:.2e} over {len(shapes)} output(s) {shapes}"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.join("engine", "target", "exports")))
