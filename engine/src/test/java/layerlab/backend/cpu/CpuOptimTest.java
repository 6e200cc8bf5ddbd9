package layerlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The Vector API paths of {@link CpuOptim#sgd} and {@link CpuOptim#adam} against the scalar update, bit for bit, over
 * vector and tail lengths.
 */
class CpuOptimTest {
    private static float[] random(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) rnd.nextGaussian();
        return x;
    }

    @Test
    void sgdPlainWithDecayAndWithMomentumEqualsTheScalarUpdate() {
        SplittableRandom rnd = new SplittableRandom(3);
        double lr = 0.037, wd = 0.01, momentum = 0.9, dampening = 0.1;
        // torch's rounding: -lr and 1 - dampening from the doubles; add_(t, alpha=a) fused, fma(t, a, self).
        float negLr = (float) -lr, keep = (float) (1 - dampening), mom = (float) momentum, wdF = (float) wd;
        for (int n = 1; n <= 50; n++) {
            float[] p0 = random(rnd, n), g = random(rnd, n), b0 = random(rnd, n);
            for (int mode = 0; mode < 3; mode++) {
                Tensor p = Tensor.of(p0.clone(), n), grad = Tensor.of(g.clone(), n);
                Tensor buf = mode == 2 ? Tensor.of(b0.clone(), n) : null;
                double decay = mode == 1 ? wd : 0;
                CpuOptim.INSTANCE.sgd(p, grad, buf, lr, momentum, dampening, decay, false, false, false);
                float[] pv = CpuBackend.f(p);
                for (int i = 0; i < n; i++) {
                    float expected = switch (mode) {
                        case 0 -> Math.fma(g[i], negLr, p0[i]);
                        case 1 -> Math.fma(Math.fma(p0[i], wdF, g[i]), negLr, p0[i]);
                        default -> Math.fma(Math.fma(g[i], keep, b0[i] * mom), negLr, p0[i]);
                    };
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(pv[i]), "mode " + mode + " n=" + n + " i=" + i);
                }
            }
        }
    }

    @Test
    void adamAndAdamWEqualTheScalarUpdate() {
        // maximize = true takes the scalar loop: maximising with -g is minimising with g, the same arithmetic.
        SplittableRandom rnd = new SplittableRandom(5);
        double lr = 0.003, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        for (int n = 1; n <= 70; n += 3) {
            float[] p0 = random(rnd, n), g = random(rnd, n), m0 = random(rnd, n), v0 = random(rnd, n);
            for (int i = 0; i < n; i++) v0[i] = v0[i] * v0[i];
            for (int mode = 0; mode < 3; mode++) {
                double wd = mode == 0 ? 0 : 0.01;
                boolean decoupled = mode == 2;
                int step = 1 + mode * 7;
                Tensor pv = Tensor.of(p0.clone(), n), mv = Tensor.of(m0.clone(), n), vv = Tensor.of(v0.clone(), n);
                CpuOptim.INSTANCE.adam(pv, Tensor.of(g.clone(), n), mv, vv, null, lr, beta1, beta2, eps, wd, decoupled, step, false);
                float[] neg = g.clone();
                for (int i = 0; i < n; i++) neg[i] = -neg[i];
                Tensor ps = Tensor.of(p0.clone(), n), ms = Tensor.of(m0.clone(), n), vs = Tensor.of(v0.clone(), n);
                CpuOptim.INSTANCE.adam(ps, Tensor.of(neg, n), ms, vs, null, lr, beta1, beta2, eps, wd, decoupled, step, true);
                for (Tensor[] pair : new Tensor[][] {{pv, ps}, {mv, ms}, {vv, vs}}) {
                    float[] a = CpuBackend.f(pair[0]), b = CpuBackend.f(pair[1]);
                    for (int i = 0; i < n; i++) {
                        assertEquals(Float.floatToRawIntBits(b[i]), Float.floatToRawIntBits(a[i]), "mode " + mode + " n=" + n + " i=" + i);
                    }
                }
            }
        }
    }
}
