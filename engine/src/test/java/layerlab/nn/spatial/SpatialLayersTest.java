package layerlab.nn.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import layerlab.nn.BatchNorm1d;
import layerlab.nn.BatchNorm2d;
import layerlab.nn.Conv2d;
import layerlab.nn.Conv3d;
import layerlab.nn.ConvTranspose2d;
import layerlab.nn.LayerNorm;
import layerlab.tensor.DType;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Layer construction: PyTorch's default initialisation, buffers and their keys, argument checks. */
class SpatialLayersTest {
    private static void assertUniformWithin(Tensor t, double bound, String what) {
        float[] v = t.toFloatArray();
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (float f : v) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        assertTrue(max <= bound && min >= -bound, what + " within ±" + bound + ": [" + min + ", " + max + "]");
        assertTrue(max > 0.8 * bound && min < -0.8 * bound, what + " fills ±" + bound + ": [" + min + ", " + max + "]");
    }

    @Test
    void convolutionsUsePyTorchsDefaultInit() {
        Generator.manualSeed(1);
        Conv2d c = new Conv2d(8, 16, 3);
        assertUniformWithin(c.weight().data(), 1 / Math.sqrt(8 * 9), "Conv2d weight");
        assertUniformWithin(c.bias().data(), 1 / Math.sqrt(8 * 9), "Conv2d bias");
        Conv3d g = new Conv3d(8, 16, new int[] {2, 3, 3}, new int[] {1}, new int[] {0}, new int[] {1}, 4, true, "zeros");
        assertArrayEquals(new int[] {16, 2, 2, 3, 3}, g.weight().shape());
        assertUniformWithin(g.weight().data(), 1 / Math.sqrt(2 * 18), "grouped Conv3d weight");
        // Transposed: weight [in, out/groups, k], and PyTorch's fan_in is weight.size(1)·k.
        ConvTranspose2d t = new ConvTranspose2d(64, 6, new int[] {3}, new int[] {2}, new int[] {1}, new int[] {1}, 2, true, new int[] {1});
        assertArrayEquals(new int[] {64, 3, 3, 3}, t.weight().shape());
        assertUniformWithin(t.weight().data(), 1 / Math.sqrt(3 * 9), "ConvTranspose2d weight");
        assertEquals(List.of("weight", "bias"), List.copyOf(c.stateDict().keySet()));
    }

    @Test
    void batchNormRegistersBuffersInPyTorchsOrder() {
        BatchNorm2d bn = new BatchNorm2d(4);
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"), List.copyOf(bn.stateDict().keySet()));
        Tensor nbt = bn.stateDict().get("num_batches_tracked");
        assertEquals(DType.INT64, nbt.dtype());
        assertEquals(0, nbt.dim());
        bn.forward(Tensor.randn(new Generator(1), 2, 4, 3, 3));
        bn.forward(Tensor.randn(new Generator(2), 2, 4, 3, 3));
        assertEquals(2L, bn.stateDict().get("num_batches_tracked").toLongArray()[0]);
        bn.eval();
        bn.forward(Tensor.randn(new Generator(3), 2, 4, 3, 3));
        assertEquals(2L, bn.numBatchesTracked().data().toLongArray()[0], "evaluation does not count batches");
        assertEquals(List.of(), List.copyOf(new BatchNorm1d(3, 1e-5, 0.1, false, false).stateDict().keySet()));
        BatchNorm1d noAffine = new BatchNorm1d(3, 1e-5, null, false, true);
        assertNull(noAffine.weight());
        assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"), List.copyOf(noAffine.stateDict().keySet()));
        assertEquals("BatchNorm1d(3, eps=1e-05, momentum=None, affine=False, track_running_stats=True)", noAffine.toString());
        assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(2, 4, 3)), "BatchNorm2d takes 4-D input");
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Tensor.zeros(2, 4)), "channel count");
    }

    @Test
    void normsStartAtIdentityAffine() {
        LayerNorm ln = new LayerNorm(3, 4);
        assertArrayEquals(Tensor.ones(3, 4).toFloatArray(), ln.weight().data().toFloatArray());
        assertArrayEquals(Tensor.zeros(3, 4).toFloatArray(), ln.bias().data().toFloatArray());
        assertEquals("LayerNorm((3, 4), eps=1e-05, elementwise_affine=True)", ln.toString());
    }

    @Test
    void argumentsAreCheckedLikePyTorch() {
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 3, 1, 0).forward(Tensor.zeros(1, 3, 2, 2)));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(4, 4, new int[] {3}, new int[] {2}, "same", new int[] {1}, 1, true, "zeros"));
        assertEquals("padding='same' is not supported for strided convolutions", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(4, 6, new int[] {3}, new int[] {1}, new int[] {0}, new int[] {1}, 4, true, "zeros"));
        assertEquals("out_channels must be divisible by groups", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(4, 4, new int[] {3}, new int[] {1}, new int[] {0}, new int[] {1}, 1, true, "mirror"));
        assertTrue(e.getMessage().startsWith("padding_mode must be one of"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(4, 4, new int[] {3, 3, 3}, new int[] {1}, new int[] {0}, new int[] {1}, 1, true, "zeros"));
    }
}
