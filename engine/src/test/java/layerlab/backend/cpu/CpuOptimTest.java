package layerlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The Vector API paths of {@link CpuOptim#sgd} against the scalar update, bit for bit, over vector and tail lengths. */
class CpuOptimTest {
    private static float[] random(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) rnd.nextGaussian();
        return x;
    }

    @Test
    void sgdPlainWithDecayAndWithMomentumEqualsTheScalarUpdate() {
        SplittableRandom rnd = new SplittableRandom(3);
        float lr = 0.037f, wd = 0.01f, momentum = 0.9f, dampening = 0.1f;
        for (int n = 1; n <= 50; n++) {
            float[] p0 = random(rnd, n), g = random(rnd, n), b0 = random(rnd, n);
            for (int mode = 0; mode < 3; mode++) {
                Tensor p = Tensor.of(p0.clone(), n), grad = Tensor.of(g.clone(), n);
                Tensor buf = mode == 2 ? Tensor.of(b0.clone(), n) : null;
                float decay = mode == 1 ? wd : 0f;
                CpuOptim.INSTANCE.sgd(p, grad, buf, lr, momentum, dampening, decay, false, false, false);
                float[] pv = CpuBackend.f(p);
                for (int i = 0; i < n; i++) {
                    float expected = switch (mode) {
                        case 0 -> p0[i] - lr * g[i];
                        case 1 -> p0[i] - lr * (g[i] + decay * p0[i]);
                        default -> p0[i] - lr * (momentum * b0[i] + (1f - dampening) * g[i]);
                    };
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(pv[i]), "mode " + mode + " n=" + n + " i=" + i);
                }
            }
        }
    }
}
