package layerlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The foreach optimiser kernels take their parameters' addresses and sizes in by-value structs that {@link CudaOptim}
 * packs as ints: read back at the byte offsets engine/src/main/cuda/host-check/optim_check.cpp checks the C structs
 * against, every field is where the kernel looks for it (a slip here would update the wrong memory on a GPU).
 */
class CudaOptimPackTest {
    private static ByteBuffer bytes(int[] words) {
        ByteBuffer b = ByteBuffer.allocate(4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) b.putInt(w);
        return b;
    }

    @Test
    void sgdManyFieldsLieAtTheStructsOffsets() {
        long[] p = {0x1_0000_0100L, 0x7_2345_6780L, 0x10L}, g = {0x2_0000_0200L, 0x2L, 0x3L}, buf = {0L, 0x3_0000_0300L, 0x4L};
        int[] n = {300, 1, 513};
        ByteBuffer b = bytes(CudaOptim.sgdMany(p, g, buf, n, 0b101));
        assertEquals(232, b.capacity());
        for (int i = 0; i < 3; i++) {
            assertEquals(p[i], b.getLong(8 * i));
            assertEquals(g[i], b.getLong(64 + 8 * i));
            assertEquals(buf[i], b.getLong(128 + 8 * i));
            assertEquals(n[i], b.getInt(192 + 4 * i));
        }
        assertEquals(0b101, b.getInt(224), "firstMask");
        assertEquals(3, b.getInt(228), "count");
    }

    @Test
    void nonFiniteManyFieldsLieAtTheStructsOffsets() {
        long[] p = {0x1_0000_0100L, 0x7_2345_6780L, 0x10L};
        int[] n = {300, 1, 513};
        ByteBuffer b = bytes(CudaOptim.nonFiniteMany(p, n));
        assertEquals(104, b.capacity());
        for (int i = 0; i < 3; i++) {
            assertEquals(p[i], b.getLong(8 * i));
            assertEquals(n[i], b.getInt(64 + 4 * i));
        }
        assertEquals(3, b.getInt(96), "count");
    }

    @Test
    void adamManyFieldsLieAtTheStructsOffsets() {
        int count = 8;
        long[] p = new long[count], g = new long[count], m = new long[count], v = new long[count], vmax = new long[count];
        int[] n = new int[count];
        float[] stepSize = new float[count], bc2Sqrt = new float[count];
        for (int i = 0; i < count; i++) {
            p[i] = 0x1_0000_0000L * (i + 1) + 1;
            g[i] = p[i] + 2;
            m[i] = p[i] + 3;
            v[i] = p[i] + 4;
            vmax[i] = i % 2 == 0 ? 0 : p[i] + 5;
            n[i] = 100 + i;
            stepSize[i] = 0.01f * (i + 1);
            bc2Sqrt[i] = 0.5f + i;
        }
        int[][] s = CudaOptim.adamMany(p, g, m, v, vmax, n, stepSize, bc2Sqrt);
        ByteBuffer t = bytes(s[0]), st = bytes(s[1]);
        assertEquals(192, t.capacity());
        assertEquals(232, st.capacity());
        for (int i = 0; i < count; i++) {
            assertEquals(p[i], t.getLong(8 * i));
            assertEquals(g[i], t.getLong(64 + 8 * i));
            assertEquals(m[i], t.getLong(128 + 8 * i));
            assertEquals(v[i], st.getLong(8 * i));
            assertEquals(vmax[i], st.getLong(64 + 8 * i));
            assertEquals(n[i], st.getInt(128 + 4 * i));
            assertEquals(stepSize[i], st.getFloat(160 + 4 * i));
            assertEquals(bc2Sqrt[i], st.getFloat(192 + 4 * i));
        }
        assertEquals(count, st.getInt(224), "count");
    }
}
