package layerlab.io.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Constant arithmetic folded at import, against what ONNX's operator definitions (and NumPy) give. */
class OnnxFoldingTest {
    private static OnnxProto.Node op(String type, OnnxProto.Attribute... attrs) {
        return new OnnxProto.Node(type, type, "", List.of("a", "b"), List.of("y"), List.of(attrs));
    }

    private static Tensor longs(int[] shape, long... v) {
        return Tensor.ofLongs(v, shape);
    }

    private static Tensor fold(OnnxProto.Node n, Tensor... in) {
        return OnnxFolding.fold(n, Arrays.asList(in));
    }

    @Test
    void gatherPicksAlongAnAxisWithNegativeIndices() {
        Tensor x = longs(new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        Tensor y = fold(op("Gather", OnnxProto.Attribute.ofInt("axis", 1)), x, longs(new int[] {2}, -1, 0));
        assertArrayEquals(new int[] {2, 2}, y.shape());
        assertArrayEquals(new long[] {3, 1, 6, 4}, y.toLongArray());
        Tensor s = fold(op("Gather"), longs(new int[] {4}, 7, 8, 9, 10), Tensor.ofLongs(new long[] {2}, 1).reshape());
        assertArrayEquals(new int[0], s.shape(), "a scalar index drops the axis");
        assertArrayEquals(new long[] {9}, s.toLongArray());
        assertNull(fold(op("Gather"), longs(new int[] {4}, 7, 8, 9, 10), longs(new int[] {1}, 4)), "out of range: not folded");
    }

    @Test
    void sliceTakesStepsBothWaysAndClampsItsEnds() {
        Tensor x = longs(new int[] {6}, 0, 1, 2, 3, 4, 5);
        // x[-1::-2] as torch writes a reversed slice: end -INT64_MAX.
        Tensor rev = fold(new OnnxProto.Node("s", "Slice", "", List.of("x", "st", "en", "ax", "sp"), List.of("y"), List.of()), x,
                longs(new int[] {1}, -1), longs(new int[] {1}, -Long.MAX_VALUE), longs(new int[] {1}, 0), longs(new int[] {1}, -2));
        assertArrayEquals(new long[] {5, 3, 1}, rev.toLongArray());
        Tensor mid = fold(new OnnxProto.Node("s", "Slice", "", List.of("x", "st", "en"), List.of("y"), List.of()), x, longs(new int[] {1}, 1),
                longs(new int[] {1}, 100));
        assertArrayEquals(new long[] {1, 2, 3, 4, 5}, mid.toLongArray());
    }

    @Test
    void shapesAndArithmetic() {
        Tensor x = longs(new int[] {1, 3}, 4, 5, 6);
        Tensor sq = fold(op("Squeeze"), x, longs(new int[] {1}, 0));
        assertArrayEquals(new int[] {3}, sq.shape());
        Tensor un = fold(op("Unsqueeze"), sq, longs(new int[] {2}, 0, -1));
        assertArrayEquals(new int[] {1, 3, 1}, un.shape());
        assertNull(fold(op("Squeeze"), x, longs(new int[] {1}, 1)), "a size that is not 1 cannot be squeezed");
        assertArrayEquals(new long[] {8, 10, 12}, fold(op("Mul"), x, Tensor.ofLongs(new long[] {2}, 1).reshape()).toLongArray());
        assertArrayEquals(new long[] {-2, -2, 3}, fold(op("Div"), longs(new int[] {3}, -5, -4, 7), longs(new int[] {3}, 2, 2, 2)).toLongArray(),
                "integer division truncates toward zero, as ONNX Runtime divides");
        Tensor t = fold(op("Transpose"), longs(new int[] {2, 3}, 1, 2, 3, 4, 5, 6));
        assertArrayEquals(new long[] {1, 4, 2, 5, 3, 6}, t.toLongArray());
        Tensor c = fold(op("Cast", OnnxProto.Attribute.ofInt("to", OnnxFields.TensorProto.FLOAT)), longs(new int[] {2}, 3, -1));
        assertArrayEquals(new float[] {3, -1}, c.toFloatArray());
        Tensor r = fold(op("Reshape"), longs(new int[] {2, 3}, 1, 2, 3, 4, 5, 6), longs(new int[] {2}, 0, -1));
        assertArrayEquals(new int[] {2, 3}, r.shape(), "0 copies the size");
        assertNull(fold(op("Relu"), x), "not an op folded here");
    }
}
