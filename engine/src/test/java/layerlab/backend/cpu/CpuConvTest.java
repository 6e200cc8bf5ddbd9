package layerlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import layerlab.backend.ConvGeometry;
import org.junit.jupiter.api.Test;

/**
 * The im2col + GEMM convolution where images with few output positions share one GEMM (a ResNet's last stages): forward,
 * input, weight and bias gradients against plain loops in double, over blocks with a remainder, groups, stride 2, a 1×1
 * kernel, one output position per image, weights both taller and wider than their column matrix, and batches whose
 * backward each thread runs in blocks of its own images.
 */
class CpuConvTest {
    record Case(int batch, int cin, int cout, int groups, int h, int w, int k, int stride, int pad, boolean bias) {}

    @Test
    void imagesSideBySideEqualAPlainConvolution() {
        Case[] cases = {
            new Case(6, 8, 12, 1, 1, 1, 3, 1, 1, true),    // one position per image (512 channels at 1×1 in a ResNet): the centre tap alone
            new Case(7, 6, 4, 2, 2, 2, 3, 2, 1, true),     // 1×1 out of 2×2, stride 2, groups: four taps of nine meet the input
            new Case(5, 3, 5, 1, 2, 3, 5, 1, 2, false),    // 5×5 kernel on 2×3, padding 2: its middle three rows of taps meet the input
            new Case(5, 6, 4, 2, 4, 4, 3, 2, 1, false),    // 2×2 out of 4×4, groups, stride 2; 5 images: a short last block
            new Case(7, 3, 20, 1, 3, 3, 1, 1, 0, true),    // a 1×1 kernel (pointwise image by image); weight wider than tall
            new Case(9, 4, 6, 1, 5, 5, 3, 1, 0, true),     // 3×3 out of 5×5
            new Case(40, 2, 3, 1, 3, 2, 2, 1, 0, true),    // 2×1 positions: blocks of many images
            // Above BLOCKED_BACKWARD_COLUMNS in the batch: each thread's images in blocks of their own. 4×4 out of 4×4 with
            // 64 channels: 17 images a block (CHUNK_BLOCK_FLOATS), so a thread's 20 (or 40) end in a short one; groups, and
            // a weight gradient summed transposed (taller column matrix than weight).
            new Case(40, 64, 6, 2, 4, 4, 3, 1, 1, true),
            new Case(30, 4, 40, 1, 7, 7, 3, 1, 1, false),  // 7×7 (a ResNet's first stage at 28×28 input), weight taller than its columns
        };
        Random rnd = new Random(11);
        for (Case c : cases) {
            int oh = (c.h + 2 * c.pad - c.k) / c.stride + 1, ow = (c.w + 2 * c.pad - c.k) / c.stride + 1;
            ConvGeometry g = new ConvGeometry(c.batch, c.cin, c.cout, c.groups, new int[] {1, c.h, c.w}, new int[] {1, oh, ow},
                    new int[] {1, c.k, c.k}, new int[] {1, c.stride, c.stride}, new int[] {0, c.pad, c.pad}, new int[] {1, 1, 1});
            int per = CpuConv.imagesPerBlock(g);
            assertTrue(per > 1 || Parallel.threads() >= c.batch, c + ": images per block " + per);
            int cinG = c.cin / c.groups, coutG = c.cout / c.groups, taps = c.k * c.k, l = oh * ow;
            float[] x = random(rnd, c.batch * c.cin * c.h * c.w), w = random(rnd, c.cout * cinG * taps), b = c.bias ? random(rnd, c.cout) : null;
            float[] gy = random(rnd, c.batch * c.cout * l);
            float[] y = new float[c.batch * c.cout * l], gx = new float[x.length], gw = new float[w.length], gb = c.bias ? new float[c.cout] : null;
            CpuConv.gemmForward(g, x, 0, w, 0, b, 0, y, 0);
            CpuConv.gemmBackward(g, x, 0, w, 0, gy, 0, gx, 0, gw, 0, gb, 0);
            double[][] r = reference(c, x, w, b, gy);
            double[] ry = r[0], rgx = r[1], rgw = r[2], rgb = r[3];
            close(ry, y, c + " output");
            close(rgx, gx, c + " input gradient");
            close(rgw, gw, c + " weight gradient");
            if (c.bias) close(rgb, gb, c + " bias gradient");
        }
    }

    /**
     * The kernel taps that meet the input somewhere: all on a plane the kernel fits, the centre alone of a 3×3 on a 1×1
     * plane, the lower right four of a stride-2 3×3 from 2×2 to 1×1; the others' weight gradient is 0, not skipped.
     */
    @Test
    void onlyTapsThatMeetTheInputTakePart() {
        ConvGeometry onePosition = geometry(4, 8, 1, 1, 1, 3, 1, 1);
        assertArrayEquals(new int[] {4}, CpuConv.liveTaps(onePosition, CpuConv.tapMap(onePosition)));
        ConvGeometry strided = geometry(4, 8, 2, 2, 1, 3, 2, 1);
        assertArrayEquals(new int[] {4, 5, 7, 8}, CpuConv.liveTaps(strided, CpuConv.tapMap(strided)));
        ConvGeometry plane = geometry(4, 8, 4, 4, 4, 3, 1, 1);
        assertEquals(9, CpuConv.liveTaps(plane, CpuConv.tapMap(plane)).length);
        // A weight gradient holding stale values: the dead taps' entries come out 0.
        Random rnd = new Random(13);
        float[] x = random(rnd, 4 * 8), w = random(rnd, 8 * 8 * 9), gy = random(rnd, 4 * 8), gw = random(rnd, w.length), gx = new float[x.length];
        CpuConv.gemmBackward(onePosition, x, 0, w, 0, gy, 0, gx, 0, gw, 0, null, 0);
        for (int i = 0; i < gw.length; i++) {
            if (i % 9 != 4) assertEquals(0f, gw[i], "dead tap's gradient at " + i);
            else assertTrue(gw[i] != 0f, "centre tap's gradient at " + i);
        }
    }

    private static ConvGeometry geometry(int batch, int channels, int h, int w, int out, int k, int stride, int pad) {
        return new ConvGeometry(batch, channels, channels, 1, new int[] {1, h, w}, new int[] {1, out, out},
                new int[] {1, k, k}, new int[] {1, stride, stride}, new int[] {0, pad, pad}, new int[] {1, 1, 1});
    }

    /**
     * Depthwise convolutions (a filter per channel, stride 1: MobileNet's, ConvNeXt's 7×7) take a kernel of their own, through
     * CpuConv's forward and backward as a layer calls them: planes from 1×1 to wider than a vector, padding from none to
     * k − 1, kernels square and not, with and without bias, grids of one vector to many (four, two and one at a time).
     */
    @Test
    void depthwiseConvolutionsEqualAPlainConvolution() {
        Case[] cases = {
            new Case(3, 8, 8, 8, 7, 7, 7, 1, 3, true),     // ConvNeXt's block at 7×7
            new Case(2, 4, 4, 4, 8, 8, 7, 1, 3, false),    // at 8×8: an odd number of vectors on the grid (the last one alone)
            new Case(2, 6, 6, 6, 4, 4, 7, 1, 3, true),     // at 4×4: fewer than four vectors on the grid
            new Case(2, 5, 5, 5, 9, 13, 3, 1, 1, false),   // MobileNet's 3×3, a plane wider than a vector
            new Case(4, 3, 3, 3, 1, 1, 3, 1, 1, true),     // 1×1 planes: only the centre tap counts
            new Case(2, 4, 4, 4, 6, 5, 5, 1, 0, true),     // no padding: 2×1 out
            new Case(2, 6, 6, 6, 20, 17, 5, 1, 4, true),   // padding k − 1 (a 'full' convolution), the adjoint with none
        };
        Random rnd = new Random(12);
        for (Case c : cases) {
            int oh = c.h + 2 * c.pad - c.k + 1, ow = c.w + 2 * c.pad - c.k + 1;
            ConvGeometry g = new ConvGeometry(c.batch, c.cin, c.cout, c.groups, new int[] {1, c.h, c.w}, new int[] {1, oh, ow},
                    new int[] {1, c.k, c.k}, new int[] {1, 1, 1}, new int[] {0, c.pad, c.pad}, new int[] {1, 1, 1});
            assertTrue(CpuDepthwiseConv.applies(g), c.toString());
            int taps = c.k * c.k, l = oh * ow;
            float[] x = random(rnd, c.batch * c.cin * c.h * c.w), w = random(rnd, c.cout * taps), b = c.bias ? random(rnd, c.cout) : null;
            float[] gy = random(rnd, c.batch * c.cout * l);
            float[] y = new float[c.batch * c.cout * l], gx = new float[x.length], gw = new float[w.length], gb = c.bias ? new float[c.cout] : null;
            CpuConv.forward(g, x, 0, w, 0, b, 0, y, 0);
            CpuConv.backward(g, x, 0, w, 0, gy, 0, gx, 0, gw, 0, gb, 0);
            double[][] r = reference(c, x, w, b, gy);
            close(r[0], y, c + " output");
            close(r[1], gx, c + " input gradient");
            close(r[2], gw, c + " weight gradient");
            if (c.bias) close(r[3], gb, c + " bias gradient");
        }
        // Not depthwise: a channel multiplier of 2, stride 2, one channel.
        assertTrue(!CpuDepthwiseConv.applies(new ConvGeometry(1, 4, 8, 4, new int[] {1, 5, 5}, new int[] {1, 5, 5}, new int[] {1, 3, 3},
                new int[] {1, 1, 1}, new int[] {0, 1, 1}, new int[] {1, 1, 1})));
        assertTrue(!CpuDepthwiseConv.applies(new ConvGeometry(1, 4, 4, 4, new int[] {1, 6, 6}, new int[] {1, 3, 3}, new int[] {1, 3, 3},
                new int[] {1, 2, 2}, new int[] {0, 1, 1}, new int[] {1, 1, 1})));
    }

    /** Output, input, weight and bias gradients of case {@code c} as plain loops in double. */
    private static double[][] reference(Case c, float[] x, float[] w, float[] b, float[] gy) {
        int oh = (c.h + 2 * c.pad - c.k) / c.stride + 1, ow = (c.w + 2 * c.pad - c.k) / c.stride + 1;
        int cinG = c.cin / c.groups, coutG = c.cout / c.groups, taps = c.k * c.k, l = oh * ow;
        double[] ry = new double[c.batch * c.cout * l], rgx = new double[x.length], rgw = new double[w.length], rgb = new double[c.cout];
        for (int n = 0; n < c.batch; n++) {
            for (int co = 0; co < c.cout; co++) {
                int gi = co / coutG;
                for (int p = 0; p < l; p++) {
                    int yi = (n * c.cout + co) * l + p;
                    double sum = b == null ? 0 : b[co];
                    rgb[co] += gy[yi];
                    for (int ci = 0; ci < cinG; ci++) {
                        for (int t = 0; t < taps; t++) {
                            int ir = p / ow * c.stride - c.pad + t / c.k, iq = p % ow * c.stride - c.pad + t % c.k;
                            if (ir < 0 || ir >= c.h || iq < 0 || iq >= c.w) continue;
                            int xi = ((n * c.cin + gi * cinG + ci) * c.h + ir) * c.w + iq, wi = (co * cinG + ci) * taps + t;
                            sum += (double) w[wi] * x[xi];
                            rgx[xi] += (double) w[wi] * gy[yi];
                            rgw[wi] += (double) x[xi] * gy[yi];
                        }
                    }
                    ry[yi] = sum;
                }
            }
        }
        return new double[][] {ry, rgx, rgw, rgb};
    }

    private static void close(double[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-4 * (1 + Math.abs(want[i])), what + " at " + i);
    }

    private static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian();
        return a;
    }
}
