#!/usr/bin/env python3
"""The ONNX project's own checks on LayerLab's exports, for OnnxCheckerTest: one process for every file (importing onnx is slow).

    /usr/bin/python3 onnx_check.py a.onnx b.onnx ...

For each file, onnx.checker.check_model(full_check=True), then onnx.shape_inference.infer_shapes(strict_mode=True, data_prop=True) on a copy whose
graph outputs keep their types but not their shapes, so that the shapes printed are onnx's own. One line a file:

    ok<TAB>a.onnx<TAB>y=N,3;h_n=2,N,4        (each output's inferred dims; a symbolic dim by its name, an unknown one as ?)
    FAIL<TAB>b.onnx<TAB>what onnx said, on one line
"""
import sys

import onnx


def dims(t):
    if not t.HasField("tensor_type") or not t.tensor_type.HasField("shape"):
        return "?"
    return ",".join(d.dim_param if d.HasField("dim_param") else str(d.dim_value) if d.HasField("dim_value") else "?"
                    for d in t.tensor_type.shape.dim)


def check(path):
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    for o in m.graph.output:
        o.type.tensor_type.ClearField("shape")
    # data_prop: sizes computed from Shape (ClassToken's Expand to the batch) are followed as onnx can.
    inferred = onnx.shape_inference.infer_shapes(m, check_type=True, strict_mode=True, data_prop=True)
    return ";".join(o.name + "=" + dims(o.type) for o in inferred.graph.output)


def main(paths):
    for p in paths:
        try:
            print("ok\t" + p + "\t" + check(p), flush=True)
        except Exception as e:  # the checker and the inference raise several kinds
            print("FAIL\t" + p + "\t" + " ".join(str(e).split()), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
