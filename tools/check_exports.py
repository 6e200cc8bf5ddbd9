#!/usr/bin/env python3
"""Checks the exports the engine's tests leave in engine/target/exports (one folder per model).

For each folder:
  model.onnx  -> onnx.checker.check_model(full_check=True)            (needs python3-onnx)
  model.py    -> run by this Python on input*.npy; each output must match
                 LayerLab's expected*.npy within 1e-4                   (needs torch and numpy)
              -> its model class made after torch.manual_seed(seed) must hold LayerLab's untrained
                 weights for that seed, fresh.safetensors, within 1e-5  (LayerLab draws as torch does)
              -> its train(), where it has one, runs an epoch on input*.npy and moves the weights

    cd engine && ../mvnw -o test -Dtest='layerlab.io.onnx.*Test,layerlab.io.PyTorchExportTest,layerlab.graph.ParamParityTest'
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
            if "\ndef train(" in open(script, encoding="utf-8").read():
                ok, detail = trains(folder, script)
                print(f"{'ok  ' if ok else 'FAIL'} train()        {name}: {detail}")
                passed += ok
                failed += not ok
            if os.path.exists(os.path.join(folder, "fresh.safetensors")):
                ok, detail = same_fresh_weights(folder, script)
                print(f"{'ok  ' if ok else 'FAIL'} fresh weights  {name}: {detail}")
                passed += ok
                failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def same_fresh_weights(folder, script):
    """Makes the script's model after torch.manual_seed(seed) and compares its state dict with LayerLab's fresh one."""
    import importlib.util
    import json
    import re
    import torch
    with open(script, encoding="utf-8") as f:
        made = re.search(r"^    model = (\w+)\(\)$", f.read(), re.M)
    if not made:
        return False, "no 'model = Class()' line in the script"
    spec = importlib.util.spec_from_file_location("exported_" + os.path.basename(folder).replace("-", "_"), script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh_file = os.path.join(folder, "fresh.safetensors")
    with open(fresh_file, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        seed = int(json.loads(f.read(n))["__metadata__"]["seed"])
    want = module.load_safetensors(fresh_file)
    torch.manual_seed(seed)
    got = getattr(module, made.group(1))().state_dict()
    if set(got) != set(want):
        return False, f"names differ: only LayerLab's {sorted(set(want) - set(got))}, only the script's {sorted(set(got) - set(want))}"
    worst, worst_key = 0.0, None
    for k, w in want.items():
        g = got[k]
        if g.shape != w.shape:
            return False, f"{k}: shape {list(g.shape)}, LayerLab's {list(w.shape)}"
        if g.numel():
            d = float(((g.double() - w.double()).abs() / w.double().abs().clamp(min=1)).max())
            if d > worst:
                worst, worst_key = d, k
    return worst <= 1e-5, f"seed {seed}, {len(want)} tensors, max difference {worst:.2e}" + (f" ({worst_key})" if worst_key else "")


def trains(folder, script):
    """Runs the script's train() for one epoch on its input*.npy, against labels made from the model's own first output
    (its argmax for a class-index loss, else its sigmoid): it must run, and change the weights."""
    import contextlib
    import importlib.util
    import io
    import torch
    spec = importlib.util.spec_from_file_location("trained_" + os.path.basename(folder).replace("-", "_"), script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = [v for k, v in vars(module).items() if isinstance(v, type) and issubclass(v, torch.nn.Module) and v.__module__ == module.__name__]
    model = made[-1]()
    model.load_state_dict(module.load_safetensors(os.path.join(folder, "model.safetensors")))
    xs = [module.read_npy(os.path.join(folder, f)) for f in sorted(os.listdir(folder)) if f.startswith("input") and f.endswith(".npy")]
    model.eval()
    with torch.no_grad():
        out = model(*xs)
    if hasattr(module, "LOSSES"):
        # Several targets (a loss node per head): y holds each head's columns side by side, as the script's loader gives them.
        outs = out if isinstance(out, tuple) else (out,)
        cols = [(cols, outs[i].argmax(1).double().unsqueeze(1) if class_indices else outs[i].sigmoid().reshape(len(outs[i]), -1).double())
                for i, _, _, class_indices, cols in module.LOSSES]
        y = torch.zeros(len(outs[0]), max(c.stop for c, _ in cols), dtype=torch.float64)
        for c, v in cols:
            y[:, c] = v
        y = y.float()
    else:
        out = out[0] if isinstance(out, tuple) else out
        classes = isinstance(module.LOSS, (torch.nn.CrossEntropyLoss, torch.nn.NLLLoss))
        y = out.argmax(1) if classes else out.sigmoid()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    log = io.StringIO()
    try:
        with contextlib.redirect_stdout(log):
            module.train(model, module.make_loader(xs[0] if len(xs) == 1 else xs, y), epochs=1)
    except Exception as e:  # what the script raises is the finding
        return False, f"{type(e).__name__}: {e}"
    moved = max(float((v.double() - before[k].double()).abs().max()) for k, v in model.state_dict().items() if v.numel())
    said = log.getvalue().strip()
    return moved > 0 and "nan" not in said, f"{said}; weights moved up to {moved:.2e}"


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
