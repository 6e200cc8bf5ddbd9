package layerlab.ui.inspect;

import java.util.ArrayList;
import java.util.List;

/**
 * A convolution's filters as small pictures, one per output channel, whatever the layer's weight layout: Conv1d
 * {@code [out, in/g, k]} a strip of k cells; Conv2d {@code [out, in/g, kh, kw]} kh × kw; Conv3d
 * {@code [out, in/g, kd, kh, kw]} its kd depth slices side by side (a blank column between them); ConvTranspose2d
 * {@code [in, out/g, kh, kw]} (PyTorch keeps its input channels first) per output channel all the same. Each cell is
 * the filter's mean over its input channels, or red, green and blue when there are exactly three (an RGB image's first
 * layer). Values are divided by the largest |weight| of the layer, so every tile shares one scale.
 */
record FilterTiles(List<Tile> tiles, int outChannels, boolean rgb) {
    /** The most filters drawn (the rest are counted in the label). */
    static final int MOST = 64;

    /** One filter: {@code rows × cols} cells, each {@code channels} (1 or 3) values in [-1, 1]; NaN is a gap. */
    record Tile(int rows, int cols, float[][] cells) {}

    /** The filters of a weight of {@code shape}, or null when it is not a convolution's (a Linear's, a BatchNorm's). */
    static FilterTiles of(String kind, int[] shape, float[] w, int groups) {
        boolean transposed = kind.startsWith("ConvTranspose");
        if (!kind.startsWith("Conv") || shape.length < 3 || shape.length > 5) return null;
        int spatial = shape.length - 2;
        int kd = spatial == 3 ? shape[2] : 1, kh = spatial >= 2 ? shape[shape.length - 2] : 1, kw = shape[shape.length - 1];
        int taps = kd * kh * kw;
        int g = Math.max(1, groups);
        int out = transposed ? shape[1] * g : shape[0];
        int inPer = transposed ? shape[0] / g : shape[1];
        int outPer = transposed ? shape[1] : shape[0] / g;
        double lim = 1e-30;
        for (float f : w) lim = Math.max(lim, Math.abs(f));
        boolean rgb = inPer == 3;
        int rows = kh, cols = kd * kw + (kd - 1);
        List<Tile> tiles = new ArrayList<>();
        for (int o = 0; o < Math.min(out, MOST); o++) {
            int group = o / outPer, local = o % outPer;
            float[][] cells = new float[rows * cols][];
            for (int z = 0; z < kd; z++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        int tap = (z * kh + y) * kw + x;
                        float[] v = new float[rgb ? 3 : 1];
                        for (int c = 0; c < inPer; c++) {
                            int at = transposed ? ((group * inPer + c) * outPer + local) * taps + tap : (o * inPer + c) * taps + tap;
                            float s = (float) (w[at] / lim);
                            if (rgb) v[c] = s;
                            else v[0] += s / inPer;
                        }
                        cells[y * cols + z * (kw + 1) + x] = v;
                    }
                }
            }
            for (int i = 0; i < cells.length; i++) if (cells[i] == null) cells[i] = new float[] {Float.NaN};
            tiles.add(new Tile(rows, cols, cells));
        }
        return new FilterTiles(tiles, out, rgb);
    }
}
