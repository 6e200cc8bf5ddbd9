package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/** Bit-for-bit tensor comparison (NaN payloads and signed zeros included) for the file-format tests. */
final class SameTensors {
    private SameTensors() {
    }

    static void assertSame(Tensor expected, Tensor actual, String key) {
        assertEquals(expected.dtype(), actual.dtype(), key + ": dtype");
        assertArrayEquals(expected.shape(), actual.shape(), key + ": shape");
        if (expected.dtype() == DType.INT64) {
            assertArrayEquals(expected.toLongArray(), actual.toLongArray(), key + ": values");
        } else {
            float[] e = expected.toFloatArray(), a = actual.toFloatArray();
            assertEquals(e.length, a.length, key + ": length");
            for (int i = 0; i < e.length; i++) {
                assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), key + "[" + i + "]: " + e[i] + " vs " + a[i]);
            }
        }
    }

    /** Same keys in the same order, same tensors. */
    static void assertSame(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), "keys, in order");
        for (var e : expected.entrySet()) assertSame(e.getValue(), actual.get(e.getKey()), e.getKey());
    }
}
