package layerlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.fail;

import layerlab.backend.BackendProvider;
import layerlab.backend.Backends;
import layerlab.tensor.Device;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;

/** Shared helpers of the CUDA tests: skipping without a GPU, twin tensors on CPU and GPU, and comparisons. */
final class CudaTesting {
    static final Device GPU = Device.cuda(0);

    private CudaTesting() {}

    /** Skips the calling test (or class, from @BeforeAll) with the probe's reason when CUDA is unavailable. */
    static void assumeCuda() {
        BackendProvider.Availability a = Backends.availability(Device.Kind.CUDA);
        Assumptions.assumeTrue(a.available(), "CUDA unavailable: " + a.detail());
    }

    static float[] randn(Generator g, int n, float scale) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float) g.nextGaussian() * scale;
        return d;
    }

    static Tensor cpu(float[] data, int... shape) {
        return Tensor.of(data, shape);
    }

    static Tensor gpu(Tensor cpu) {
        return cpu.to(GPU);
    }

    /** |actual − expected| ≤ atol + rtol·|expected| element by element (NaNs must match), naming the first miss. */
    static void assertClose(float[] expected, float[] actual, double rtol, double atol, String what) {
        if (expected.length != actual.length) fail(what + ": length " + actual.length + " != " + expected.length);
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i], a = actual[i];
            if (Float.isNaN(e) || Float.isNaN(a)) {
                if (Float.isNaN(e) != Float.isNaN(a)) fail(what + ": element " + i + " expected " + e + " got " + a);
                continue;
            }
            if (e == a) continue; // covers equal infinities
            if (!(Math.abs((double) a - e) <= atol + rtol * Math.abs(e))) {
                fail(String.format("%s: element %d expected %s got %s (|diff| %.3g > %.3g)", what, i, e, a,
                        Math.abs((double) a - e), atol + rtol * Math.abs(e)));
            }
        }
    }

    static void assertClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        if (!java.util.Arrays.equals(expected.shape(), actual.shape())) {
            fail(what + ": shape " + actual.shapeString() + " != " + expected.shapeString());
        }
        assertClose(expected.toFloatArray(), actual.toFloatArray(), rtol, atol, what);
    }
}
