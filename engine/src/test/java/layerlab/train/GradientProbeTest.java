package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The Trainer's check of a step's gradients ({@link NonFinite#gradientProbe}, read with the loss): finite while every
 * gradient is, not finite for a NaN or an infinity in any of them, none without gradients. The GPU's probe
 * (nonfinite_many) is CudaKernelsTest's, run on the emulated GPU in every build.
 */
class GradientProbeTest {
    private static Parameter withGrad(float... g) {
        Parameter p = new Parameter(Tensor.zeros(g.length));
        p.data().setGrad(Tensor.of(g, g.length));
        return p;
    }

    @Test
    void aNonFiniteValueInAnyGradientShows() {
        Parameter a = withGrad(1f, -2f, 3e38f), b = withGrad(0.5f), none = new Parameter(Tensor.zeros(3));
        assertTrue(Float.isFinite(NonFinite.gradientProbe(List.of(a, none, b)).item()));
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            assertFalse(Float.isFinite(NonFinite.gradientProbe(List.of(a, none, withGrad(0f, bad))).item()), "holding " + bad);
        }
        assertNull(NonFinite.gradientProbe(List.of(none)));
    }
}
