package layerlab.backend.cpu;

import java.util.Arrays;
import layerlab.backend.UpsampleGeometry;

/** 2-D nearest and bilinear upsampling on the CPU, one plane ({@code N·C}) per task like the pools. */
final class CpuUpsample {
    private CpuUpsample() {}

    static void forward(UpsampleGeometry g, float[] x, int xo, float[] y, int yo) {
        int inH = g.inH(), inW = g.inW(), outH = g.outH(), outW = g.outW();
        int inVol = inH * inW, outVol = outH * outW;
        if (!g.bilinear()) {
            int[] ih = nearest(inH, outH, g.scaleH()), iw = nearest(inW, outW, g.scaleW());
            Parallel.forRange(g.planes(), outVol, (from, to) -> {
                for (int pl = from; pl < to; pl++) {
                    int xp = xo + pl * inVol, o = yo + pl * outVol;
                    for (int oh = 0; oh < outH; oh++) {
                        int row = xp + ih[oh] * inW;
                        for (int ow = 0; ow < outW; ow++) y[o++] = x[row + iw[ow]];
                    }
                }
            });
            return;
        }
        int[] ih = new int[2 * outH], iw = new int[2 * outW];
        float[] wh = new float[2 * outH], ww = new float[2 * outW];
        UpsampleGeometry.linear(inH, outH, g.alignCorners(), g.scaleH(), ih, wh);
        UpsampleGeometry.linear(inW, outW, g.alignCorners(), g.scaleW(), iw, ww);
        Parallel.forRange(g.planes(), 4L * outVol, (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int xp = xo + pl * inVol, o = yo + pl * outVol;
                for (int oh = 0; oh < outH; oh++) {
                    int r0 = xp + ih[2 * oh] * inW, r1 = xp + ih[2 * oh + 1] * inW;
                    float h0 = wh[2 * oh], h1 = wh[2 * oh + 1];
                    for (int ow = 0; ow < outW; ow++) {
                        int c0 = iw[2 * ow], c1 = iw[2 * ow + 1];
                        float w0 = ww[2 * ow], w1 = ww[2 * ow + 1];
                        // PyTorch's order: h0·(w0·x00 + w1·x01) + h1·(w0·x10 + w1·x11).
                        y[o++] = h0 * (w0 * x[r0 + c0] + w1 * x[r0 + c1]) + h1 * (w0 * x[r1 + c0] + w1 * x[r1 + c1]);
                    }
                }
            }
        });
    }

    static void backward(UpsampleGeometry g, float[] gy, int go, float[] gx, int gxo) {
        int inH = g.inH(), inW = g.inW(), outH = g.outH(), outW = g.outW();
        int inVol = inH * inW, outVol = outH * outW;
        if (!g.bilinear()) {
            int[] ih = nearest(inH, outH, g.scaleH()), iw = nearest(inW, outW, g.scaleW());
            Parallel.forRange(g.planes(), inVol + outVol, (from, to) -> {
                Arrays.fill(gx, gxo + from * inVol, gxo + to * inVol, 0f);
                for (int pl = from; pl < to; pl++) {
                    int xp = gxo + pl * inVol, o = go + pl * outVol;
                    for (int oh = 0; oh < outH; oh++) {
                        int row = xp + ih[oh] * inW;
                        for (int ow = 0; ow < outW; ow++) gx[row + iw[ow]] += gy[o++];
                    }
                }
            });
            return;
        }
        int[] ih = new int[2 * outH], iw = new int[2 * outW];
        float[] wh = new float[2 * outH], ww = new float[2 * outW];
        UpsampleGeometry.linear(inH, outH, g.alignCorners(), g.scaleH(), ih, wh);
        UpsampleGeometry.linear(inW, outW, g.alignCorners(), g.scaleW(), iw, ww);
        Parallel.forRange(g.planes(), inVol + 4L * outVol, (from, to) -> {
            Arrays.fill(gx, gxo + from * inVol, gxo + to * inVol, 0f);
            for (int pl = from; pl < to; pl++) {
                int xp = gxo + pl * inVol, o = go + pl * outVol;
                for (int oh = 0; oh < outH; oh++) {
                    int r0 = xp + ih[2 * oh] * inW, r1 = xp + ih[2 * oh + 1] * inW;
                    float h0 = wh[2 * oh], h1 = wh[2 * oh + 1];
                    for (int ow = 0; ow < outW; ow++) {
                        int c0 = iw[2 * ow], c1 = iw[2 * ow + 1];
                        float w0 = ww[2 * ow], w1 = ww[2 * ow + 1], v = gy[o++];
                        gx[r0 + c0] += h0 * w0 * v;
                        gx[r0 + c1] += h0 * w1 * v;
                        gx[r1 + c0] += h1 * w0 * v;
                        gx[r1 + c1] += h1 * w1 * v;
                    }
                }
            }
        });
    }

    private static int[] nearest(int in, int out, double scale) {
        int[] idx = new int[out];
        for (int o = 0; o < out; o++) idx[o] = UpsampleGeometry.nearest(o, in, out, scale);
        return idx;
    }
}
