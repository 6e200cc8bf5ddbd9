package layerlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import layerlab.backend.PoolGeometry;
import org.junit.jupiter.api.Test;

/**
 * Max pooling's long windows (the Vector API path of {@link CpuPool#maxForward}) against PyTorch's rule written out
 * plainly: scanning the window in order, a later element wins if it is greater than the running maximum or NaN; the
 * winner itself is the output (−0.0 stays −0.0) and its position the index.
 */
class CpuPoolTest {
    /** The reference: one window at a time, PyTorch's CPU loop. */
    private static void reference(PoolGeometry g, float[] x, float[] y, long[] idx) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.stride(), p = g.padding(), d = g.dilation();
        for (int pl = 0; pl < g.planes(); pl++) {
            int o = 0;
            for (int od = 0; od < out[0]; od++) {
                for (int oh = 0; oh < out[1]; oh++) {
                    for (int ow = 0; ow < out[2]; ow++, o++) {
                        int best = -1;
                        float max = Float.NEGATIVE_INFINITY;
                        for (int a = 0; a < k[0]; a++) {
                            for (int b = 0; b < k[1]; b++) {
                                for (int c = 0; c < k[2]; c++) {
                                    int id = od * s[0] - p[0] + a * d[0], ih = oh * s[1] - p[1] + b * d[1], iw = ow * s[2] - p[2] + c * d[2];
                                    if (id < 0 || id >= in[0] || ih < 0 || ih >= in[1] || iw < 0 || iw >= in[2]) continue;
                                    int at = (id * in[1] + ih) * in[2] + iw;
                                    float v = x[pl * g.inVolume() + at];
                                    if (best < 0 || v > max || Float.isNaN(v)) {
                                        best = at;
                                        max = v;
                                    }
                                }
                            }
                        }
                        y[pl * g.outVolume() + o] = x[pl * g.inVolume() + best];
                        idx[pl * g.outVolume() + o] = best;
                    }
                }
            }
        }
    }

    private static void check(String name, PoolGeometry g, float[] x) {
        float[] y = new float[g.planes() * g.outVolume()], ry = y.clone();
        long[] idx = new long[y.length], ridx = idx.clone();
        CpuPool.maxForward(g, x, 0, y, 0, idx, 0);
        reference(g, x, ry, ridx);
        for (int i = 0; i < y.length; i++) {
            assertEquals(ridx[i], idx[i], name + ": index of window " + i);
            assertEquals(Float.floatToRawIntBits(ry[i]), Float.floatToRawIntBits(y[i]), name + ": value of window " + i);
        }
    }

    private static float[] data(SplittableRandom r, int n, int levels) {
        float[] x = new float[n];
        // Few distinct values, so windows hold ties; some −0.0 and +0.0 among them.
        for (int i = 0; i < n; i++) x[i] = levels > 0 ? (r.nextInt(levels) - levels / 2) * 0.5f : (float) r.nextGaussian();
        for (int i = 0; i < n; i++) if (x[i] == 0f && r.nextBoolean()) x[i] = -0f;
        return x;
    }

    @Test
    void longWindowsPickPyTorchsWinner() {
        SplittableRandom r = new SplittableRandom(7);
        // Max over time (MaxPool1d(50) over 50 positions), a window of 37 sliding by 5 with padding, 2-D windows whose
        // rows hold one vector and a tail, and a dilated one (left to the scalar loop).
        PoolGeometry[] gs = {
            new PoolGeometry(12, new int[] {1, 1, 50}, new int[] {1, 1, 1}, new int[] {1, 1, 50}, new int[] {1, 1, 50}, new int[3], new int[] {1, 1, 1}),
            new PoolGeometry(5, new int[] {1, 1, 90}, new int[] {1, 1, 13}, new int[] {1, 1, 37}, new int[] {1, 1, 5}, new int[] {0, 0, 3}, new int[] {1, 1, 1}),
            new PoolGeometry(3, new int[] {1, 6, 41}, new int[] {1, 2, 2}, new int[] {1, 3, 21}, new int[] {1, 3, 20}, new int[3], new int[] {1, 1, 1}),
            new PoolGeometry(2, new int[] {2, 3, 40}, new int[] {1, 1, 2}, new int[] {2, 3, 17}, new int[] {1, 1, 20}, new int[3], new int[] {1, 1, 2}),
        };
        for (PoolGeometry g : gs) {
            int n = g.planes() * g.inVolume();
            for (int levels : new int[] {0, 3, 9}) check("levels " + levels, g, data(r, n, levels));
            float[] x = data(r, n, 5);
            for (int i = 0; i < n; i += 23) x[i] = Float.NaN; // NaN at many places: the last NaN of a window wins
            check("NaN", g, x);
            float[] inf = new float[n];
            java.util.Arrays.fill(inf, Float.NEGATIVE_INFINITY); // every element ties: the first wins
            check("all −∞", g, inf);
            float[] zeros = new float[n];
            for (int i = 0; i < n; i++) zeros[i] = r.nextBoolean() ? 0f : -0f; // the first zero wins, with its sign
            check("±0", g, zeros);
        }
    }
}
