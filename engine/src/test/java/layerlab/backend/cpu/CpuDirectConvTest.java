package layerlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import layerlab.backend.ConvGeometry;
import org.junit.jupiter.api.Test;

/**
 * The direct convolution against plain loops, over the shapes its branches tell apart: small planes with flat
 * positions, rows of one vector taken in pairs (an odd number of them: the last has no partner), wide rows of two vectors
 * with a partial second one or none, channel blocks of 8, 5 and 4 with fewer left in the last, groups, dilation, padding on one
 * axis only, with and without bias; the flipped weights of the input gradient; and the weight gradient. The sums go
 * straight into the output, so every element beside the output (a guard before and after it) must stay as it was.
 */
class CpuDirectConvTest {
    private static final float GUARD = 12345f;

    record Case(int batch, int cin, int cout, int groups, int h, int w, int kh, int kw, int padH, int padW, int dil, boolean bias) {}

    @Test
    void equalsAPlainConvolution() {
        Case[] cases = {
            new Case(2, 3, 5, 1, 7, 9, 3, 3, 1, 1, 1, true),      // 7×9: flat positions (63: a partial last call); 5 channels of 8
            new Case(2, 3, 4, 1, 9, 9, 3, 3, 0, 0, 1, true),      // 7×7 from 9×9: flat, rows narrower than the input's
            new Case(2, 3, 4, 1, 9, 12, 3, 3, 1, 1, 1, true),     // 9×12: narrow rows in pairs, 9 of them: the last alone
            new Case(3, 4, 8, 1, 6, 16, 3, 3, 1, 1, 1, false),    // rows of exactly one vector, an even count
            new Case(2, 6, 12, 2, 5, 28, 3, 3, 1, 1, 1, true),     // wide rows: 28 = one whole vector and 12 lanes; groups
            new Case(1, 3, 9, 1, 4, 40, 3, 3, 1, 1, 1, true),      // 40: a block of 32, then 8 lanes and no second vector
            new Case(2, 2, 17, 1, 9, 33, 5, 3, 2, 0, 1, true),     // 17 channels: blocks of 8, 8 and 1; no padding across
            new Case(2, 4, 4, 4, 8, 21, 3, 3, 2, 2, 2, false),     // depthwise, dilation 2
            new Case(1, 5, 3, 1, 1, 50, 1, 5, 0, 2, 1, true),      // one row (Conv1d's shape)
        };
        Random rnd = new Random(7);
        for (Case c : cases) {
            for (boolean flipped : new boolean[] {false, true}) {
                int oh = c.h + 2 * c.padH - c.dil * (c.kh - 1), ow = c.w + 2 * c.padW - c.dil * (c.kw - 1);
                ConvGeometry g = new ConvGeometry(c.batch, c.cin, c.cout, c.groups, new int[] {1, c.h, c.w}, new int[] {1, oh, ow},
                        new int[] {1, c.kh, c.kw}, new int[] {1, 1, 1}, new int[] {0, c.padH, c.padW}, new int[] {1, c.dil, c.dil});
                assertTrue(CpuDirectConv.applies(g), c.toString());
                int cinG = c.cin / c.groups, coutG = c.cout / c.groups, taps = c.kh * c.kw;
                float[] x = random(rnd, c.batch * c.cin * c.h * c.w), w = random(rnd, c.cout * cinG * taps);
                float[] b = c.bias ? random(rnd, c.cout) : null;
                int yo = 4, size = c.batch * c.cout * oh * ow;
                float[] y = null;
                // Every block size of output channels (8 for AVX-512, 5 and 4 for AVX2), whatever this CPU picks: the same
                // sums in the same order, so the same bits.
                for (int cb : new int[] {8, 5, 4}) {
                    float[] yb = new float[size + 8];
                    java.util.Arrays.fill(yb, GUARD);
                    // Flipped: w is read as the weight of the convolution this one is the input gradient of, [in, out/groups, kh, kw].
                    CpuDirectConv.forward(g, shifted(x, 3), 3, shifted(w, 2), 2, flipped, b == null ? null : shifted(b, 1), 1, yb, yo, cb);
                    for (int i = 0; i < yo; i++) assertEquals(GUARD, yb[i], "before the output, " + c + ", blocks of " + cb);
                    for (int i = yo + size; i < yb.length; i++) assertEquals(GUARD, yb[i], "after the output, " + c + ", blocks of " + cb);
                    if (y == null) y = yb;
                    else assertArrayEquals(y, yb, c + (flipped ? " flipped" : "") + ": blocks of " + cb + " against 8");
                }
                for (int n = 0; n < c.batch; n++) {
                    for (int co = 0; co < c.cout; co++) {
                        int gi = co / coutG;
                        for (int r = 0; r < oh; r++) {
                            for (int q = 0; q < ow; q++) {
                                double sum = b == null ? 0 : b[co];
                                for (int ci = 0; ci < cinG; ci++) {
                                    for (int i = 0; i < c.kh; i++) {
                                        for (int j = 0; j < c.kw; j++) {
                                            int ir = r - c.padH + i * c.dil, iq = q - c.padW + j * c.dil;
                                            if (ir < 0 || ir >= c.h || iq < 0 || iq >= c.w) continue;
                                            float wv = flipped
                                                    ? w[((gi * cinG + ci) * coutG + co % coutG) * taps + (taps - 1 - (i * c.kw + j))]
                                                    : w[(co * cinG + ci) * taps + i * c.kw + j];
                                            sum += (double) wv * x[((n * c.cin + gi * cinG + ci) * c.h + ir) * c.w + iq];
                                        }
                                    }
                                }
                                float got = y[yo + ((n * c.cout + co) * oh + r) * ow + q];
                                assertEquals(sum, got, 1e-4 * (1 + Math.abs(sum)), c + (flipped ? " flipped" : "") + " at " + n + "," + co + "," + r + "," + q);
                            }
                        }
                    }
                }
            }
        }
    }

    private static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian();
        return a;
    }

    /** {@code a} at offset {@code by} of a longer array, so that the kernels' offsets are exercised. */
    private static float[] shifted(float[] a, int by) {
        float[] s = new float[a.length + by];
        System.arraycopy(a, 0, s, by, a.length);
        return s;
    }

    /**
     * The weight gradient {@code gw[co][ci][tap] = Σ gy[n,co,p]·x[n,ci,p+tap]} against the plain sum: images large
     * enough to go one at a time (positions flat: whole vectors or a tail, rows as wide as the input's or not), small
     * ones taken several together; groups, dilation, kernels that are not square.
     */
    @Test
    void weightGradientEqualsThePlainSum() {
        Case[] cases = {
            new Case(3, 4, 8, 1, 28, 28, 3, 3, 1, 1, 1, false),    // one image at a time, 784 positions: gy read in place
            new Case(2, 4, 6, 2, 30, 30, 3, 3, 0, 0, 1, false),    // one at a time, rows narrower than the input's; groups
            new Case(2, 3, 5, 1, 27, 27, 3, 3, 1, 1, 1, false),    // one at a time, 729 positions: gy copied with a tail
            new Case(2, 2, 4, 1, 30, 26, 5, 3, 4, 2, 2, false),    // one at a time, dilation 2, a 5×3 kernel
            new Case(5, 3, 6, 1, 6, 7, 3, 3, 1, 1, 1, false),      // 6×7: several images together
            new Case(4, 6, 4, 2, 12, 20, 3, 5, 1, 2, 1, false),    // groups, 3×5 kernel
            new Case(2, 2, 5, 1, 17, 19, 3, 3, 2, 2, 2, false),    // dilation 2
            new Case(2, 3, 3, 1, 9, 33, 2, 3, 0, 1, 1, false),     // no padding across, 33 columns
        };
        Random rnd = new Random(11);
        for (Case c : cases) {
            int oh = c.h + 2 * c.padH - c.dil * (c.kh - 1), ow = c.w + 2 * c.padW - c.dil * (c.kw - 1);
            ConvGeometry g = new ConvGeometry(c.batch, c.cin, c.cout, c.groups, new int[] {1, c.h, c.w}, new int[] {1, oh, ow},
                    new int[] {1, c.kh, c.kw}, new int[] {1, 1, 1}, new int[] {0, c.padH, c.padW}, new int[] {1, c.dil, c.dil});
            assertTrue(CpuDirectConv.appliesToWeightGrad(g), c.toString());
            int cinG = c.cin / c.groups, coutG = c.cout / c.groups, taps = c.kh * c.kw;
            float[] x = random(rnd, c.batch * c.cin * c.h * c.w), gy = random(rnd, c.batch * c.cout * oh * ow);
            int size = c.cout * cinG * taps;
            float[] gw = new float[size + 5];
            java.util.Arrays.fill(gw, GUARD);
            CpuDirectConv.weightGrad(g, shifted(x, 2), 2, shifted(gy, 3), 3, gw, 1, true);
            assertEquals(GUARD, gw[0]);
            for (int i = 1 + size; i < gw.length; i++) assertEquals(GUARD, gw[i], "after the gradient, " + c);
            // Two taps at a time (AVX2's kernel) gives the same bits as four (AVX-512's), whatever this CPU picks.
            float[] gw2 = new float[size + 5];
            java.util.Arrays.fill(gw2, GUARD);
            CpuDirectConv.weightGrad(g, shifted(x, 2), 2, shifted(gy, 3), 3, gw2, 1, false);
            assertArrayEquals(gw, gw2, c + ": two taps at a time against four");
            for (int co = 0; co < c.cout; co++) {
                int gi = co / coutG;
                for (int ci = 0; ci < cinG; ci++) {
                    for (int i = 0; i < c.kh; i++) {
                        for (int j = 0; j < c.kw; j++) {
                            double sum = 0;
                            for (int n = 0; n < c.batch; n++) {
                                for (int r = 0; r < oh; r++) {
                                    for (int q = 0; q < ow; q++) {
                                        int ir = r - c.padH + i * c.dil, iq = q - c.padW + j * c.dil;
                                        if (ir < 0 || ir >= c.h || iq < 0 || iq >= c.w) continue;
                                        sum += (double) gy[((n * c.cout + co) * oh + r) * ow + q] * x[((n * c.cin + gi * cinG + ci) * c.h + ir) * c.w + iq];
                                    }
                                }
                            }
                            float got = gw[1 + (co * cinG + ci) * taps + i * c.kw + j];
                            assertEquals(sum, got, 1e-4 * (1 + Math.abs(sum)), c + " at " + co + "," + ci + "," + i + "," + j);
                        }
                    }
                }
            }
        }
    }
}
