package layerlab.data;

/**
 * The transforms' arithmetic, as torchvision.transforms.functional computes it on tensors: flips, crops, resizing,
 * rotation and affine maps, erasing and the colour adjustments, on one picture of {@code c} planes of {@code h × w}
 * floats. {@link Augmentation}'s transforms draw their parameters and call these.
 */
public final class ImageFunctions {
    private ImageFunctions() {
    }

    /** {@code F.hflip}: each row reversed. */
    public static float[] hflip(float[] x, int c, int h, int w) {
        float[] y = new float[x.length];
        for (int r = 0; r < c * h; r++) for (int j = 0; j < w; j++) y[r * w + j] = x[r * w + w - 1 - j];
        return y;
    }

    /**
     * {@code F.erase(x, top, left, eh, ew, v)}: the eh×ew rectangle at (top, left) of every channel set to {@code v}
     * ({@code [c, eh, ew]}, flat).
     */
    public static float[] erase(float[] x, int c, int h, int w, int top, int left, int eh, int ew, float[] v) {
        float[] y = x.clone();
        for (int ch = 0; ch < c; ch++)
            for (int i = 0; i < eh; i++) System.arraycopy(v, (ch * eh + i) * ew, y, (ch * h + top + i) * w + left, ew);
        return y;
    }

    /**
     * RandomResizedCrop's deterministic part, torchvision's {@code resized_crop}: the {@code ch × cw} part at (top, left)
     * stretched to the whole {@code h × w} (its crops are never larger, so there is nothing to antialias).
     */
    public static float[] resizedCrop(float[] x, int c, int h, int w, int top, int left, int ch, int cw, Interpolation mode) {
        float[] part = new float[c * ch * cw];
        for (int k = 0; k < c; k++)
            for (int y = 0; y < ch; y++) System.arraycopy(x, (k * h + top + y) * w + left, part, (k * ch + y) * cw, cw);
        return resize(part, c, ch, cw, h, w, mode);
    }

    /**
     * Each of {@code c} planes of {@code h × w} stretched to {@code height × width} as PyTorch's {@code F.interpolate} does
     * in float32: bilinear with {@code align_corners=False}, or nearest (the source pixel ⌊i·in/out⌋).
     */
    public static float[] resize(float[] x, int c, int h, int w, int height, int width, Interpolation mode) {
        float[] out = new float[c * height * width];
        float sy = (float) h / height, sx = (float) w / width;
        for (int k = 0; k < c; k++) {
            int in = k * h * w, at = k * height * width;
            for (int y = 0; y < height; y++) {
                if (mode == Interpolation.NEAREST) {
                    int sy0 = Math.min((int) Math.floor(y * sy), h - 1);
                    for (int xo = 0; xo < width; xo++) out[at + y * width + xo] = x[in + sy0 * w + Math.min((int) Math.floor(xo * sx), w - 1)];
                    continue;
                }
                float fy = Math.max(0f, sy * (y + 0.5f) - 0.5f);
                int y0 = (int) fy, y1 = y0 + (y0 < h - 1 ? 1 : 0);
                float ly = fy - y0, hy = 1f - ly;
                for (int xo = 0; xo < width; xo++) {
                    float fx = Math.max(0f, sx * (xo + 0.5f) - 0.5f);
                    int x0 = (int) fx, x1 = x0 + (x0 < w - 1 ? 1 : 0);
                    float lx = fx - x0, hx = 1f - lx;
                    out[at + y * width + xo] = hy * (hx * x[in + y0 * w + x0] + lx * x[in + y0 * w + x1]) + ly * (hx * x[in + y1 * w + x0] + lx * x[in + y1 * w + x1]);
                }
            }
        }
        return out;
    }

    /** torchvision's {@code adjust_brightness} of pixels in [0, 1]: each times the factor, clamped to [0, 1]. */
    public static float[] brightness(float[] x, int c, int h, int w, double factor) {
        float[] out = new float[x.length];
        for (int k = 0; k < x.length; k++) out[k] = blend(x[k], 0f, factor);
        return out;
    }

    /** torchvision's {@code adjust_contrast}: blended with the mean of the picture's grey (its own mean for one channel). */
    public static float[] contrast(float[] x, int c, int h, int w, double factor) {
        float[] grey = c == 3 ? grey(x, h, w) : x;
        double sum = 0;
        for (float v : grey) sum += v;
        float mean = (float) (sum / grey.length);
        float[] out = new float[x.length];
        for (int k = 0; k < x.length; k++) out[k] = blend(x[k], mean, factor);
        return out;
    }

    /** torchvision's {@code adjust_saturation}: blended with the picture's grey; a one-channel picture stays as it is. */
    public static float[] saturation(float[] x, int c, int h, int w, double factor) {
        if (c != 3) return x.clone();
        float[] grey = grey(x, h, w), out = new float[x.length];
        int plane = h * w;
        for (int k = 0; k < x.length; k++) out[k] = blend(x[k], grey[k % plane], factor);
        return out;
    }

    /**
     * torchvision's {@code adjust_hue}: the hue turned by {@code factor} (of a full turn, from -0.5 to 0.5) in HSV, by its
     * float32 conversions; a one-channel picture stays as it is.
     */
    public static float[] hue(float[] x, int c, int h, int w, double factor) {
        if (c != 3) return x.clone();
        int plane = h * w;
        float[] out = new float[x.length];
        for (int k = 0; k < plane; k++) {
            float r = x[k], g = x[plane + k], b = x[2 * plane + k];
            float maxc = Math.max(r, Math.max(g, b)), minc = Math.min(r, Math.min(g, b));
            boolean eqc = maxc == minc;
            float cr = maxc - minc;
            float sat = cr / (eqc ? 1f : maxc);
            float div = eqc ? 1f : cr;
            float rc = (maxc - r) / div, gc = (maxc - g) / div, bc = (maxc - b) / div;
            float hr = maxc == r ? bc - gc : 0f;
            float hg = maxc == g && maxc != r ? 2.0f + rc - bc : 0f;
            float hb = maxc != g && maxc != r ? 4.0f + gc - rc : 0f;
            float hh = ((hr + hg + hb) / 6.0f + 1.0f) % 1.0f;
            // (h + factor) % 1.0 as Python's modulo: the result takes the divisor's sign.
            float hs = (float) (hh + factor);
            hs = hs - (float) Math.floor(hs);
            float v = maxc;
            float i = (float) Math.floor(hs * 6.0f), f = hs * 6.0f - i;
            int sector = Math.floorMod((int) i, 6);
            float p = clamp01(v * (1.0f - sat)), q = clamp01(v * (1.0f - sat * f)), t = clamp01(v * (1.0f - sat * (1.0f - f)));
            float[] rgb = switch (sector) {
                case 0 -> new float[] {v, t, p};
                case 1 -> new float[] {q, v, p};
                case 2 -> new float[] {p, v, t};
                case 3 -> new float[] {p, q, v};
                case 4 -> new float[] {t, p, v};
                default -> new float[] {v, p, q};
            };
            out[k] = rgb[0];
            out[plane + k] = rgb[1];
            out[2 * plane + k] = rgb[2];
        }
        return out;
    }

    /** torchvision's {@code rgb_to_grayscale}: 0.2989 r + 0.587 g + 0.114 b, one plane. */
    private static float[] grey(float[] x, int h, int w) {
        int plane = h * w;
        float[] out = new float[plane];
        for (int k = 0; k < plane; k++) out[k] = 0.2989f * x[k] + 0.587f * x[plane + k] + 0.114f * x[2 * plane + k];
        return out;
    }

    /** torchvision's {@code _blend} of float pictures: ratio·a + (1 − ratio)·b, clamped to [0, 1]. */
    private static float blend(float a, float b, double ratio) {
        return clamp01((float) ratio * a + (float) (1.0 - ratio) * b);
    }

    static float clamp01(float v) {
        return Math.min(1f, Math.max(0f, v));
    }

    /** {@code F.vflip}: each channel's rows in reverse order. */
    public static float[] vflip(float[] x, int c, int h, int w) {
        float[] y = new float[x.length];
        for (int ch = 0; ch < c; ch++)
            for (int i = 0; i < h; i++) System.arraycopy(x, (ch * h + h - 1 - i) * w, y, (ch * h + i) * w, w);
        return y;
    }

    /**
     * {@code F.crop(F.pad(x, padding, fill, padding_mode), top, left, h, w)}: the h×w window at (top, left) of the image
     * padded by {@code padding} on every side; {@code fill[channel]} in a constant padding.
     */
    public static float[] padCrop(float[] x, int c, int h, int w, int padding, PaddingMode mode, float[] fill, int top, int left) {
        float[] y = new float[x.length];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < h; i++) {
                int si = source(top + i - padding, h, mode);
                for (int j = 0; j < w; j++) {
                    int sj = source(left + j - padding, w, mode);
                    y[(ch * h + i) * w + j] = si < 0 || sj < 0 ? fill[ch] : x[(ch * h + si) * w + sj];
                }
            }
        }
        return y;
    }

    /** Where padding {@code mode} reads position {@code p} of a side {@code n} long; -1: the constant fill. */
    private static int source(int p, int n, PaddingMode mode) {
        if (p >= 0 && p < n) return p;
        return switch (mode) {
            case CONSTANT -> -1;
            case EDGE -> p < 0 ? 0 : n - 1;
            case REFLECT -> p < 0 ? -p : 2 * (n - 1) - p;
            case SYMMETRIC -> p < 0 ? -p - 1 : 2 * n - 1 - p;
        };
    }

    /**
     * {@code F.affine(x, angle, [tx, ty], scale, shear=0, interpolation, fill)} on a tensor: each output pixel reads the
     * input where the inverse map sends it (about the image's centre, angle in degrees clockwise as torchvision's
     * affine takes it), by {@code grid_sample(..., padding_mode="zeros", align_corners=False)}; pixels the input does
     * not cover take {@code fill[channel]} (nearest) or blend towards it by the share of the sample that fell outside
     * (bilinear), as torchvision's mask channel does. The grid is computed in float32 in torch's order, so a nearest
     * pixel rounds the same way.
     */
    public static float[] affine(float[] x, int c, int h, int w, double angle, double tx, double ty, double scale, Interpolation mode, float[] fill) {
        // _get_inverse_affine_matrix(center=[0, 0], angle, [tx, ty], scale, shear=[0, 0]).
        double rot = Math.toRadians(angle);
        double a = Math.cos(rot), b = -Math.sin(rot), cc = Math.sin(rot), d = Math.cos(rot);
        double[] m = {d / scale, -b / scale, 0, -cc / scale, a / scale, 0};
        m[2] += m[0] * -tx + m[1] * -ty;
        m[5] += m[3] * -tx + m[4] * -ty;
        // _gen_affine_grid: theta (float32) transposed and divided by [w/2, h/2], then base · theta.
        float t00 = (float) m[0] / (0.5f * w), t10 = (float) m[1] / (0.5f * w), t20 = (float) m[2] / (0.5f * w);
        float t01 = (float) m[3] / (0.5f * h), t11 = (float) m[4] / (0.5f * h), t21 = (float) m[5] / (0.5f * h);
        float[] y = new float[x.length];
        int plane = h * w;
        for (int i = 0; i < h; i++) {
            float by = linspace(-h * 0.5f + 0.5f, h * 0.5f + 0.5f - 1, h, i);
            for (int j = 0; j < w; j++) {
                float bx = linspace(-w * 0.5f + 0.5f, w * 0.5f + 0.5f - 1, w, j);
                float gx = bx * t00 + by * t10 + t20, gy = bx * t01 + by * t11 + t21;
                // grid_sample's unnormalize with align_corners=False.
                float ix = ((gx + 1) * w - 1) / 2, iy = ((gy + 1) * h - 1) / 2;
                int o = i * w + j;
                if (mode == Interpolation.NEAREST) {
                    int sx = (int) Math.rint(ix), sy = (int) Math.rint(iy);
                    boolean in = sx >= 0 && sx < w && sy >= 0 && sy < h;
                    for (int ch = 0; ch < c; ch++) y[ch * plane + o] = in ? x[ch * plane + sy * w + sx] : fill[ch];
                } else {
                    int x0 = (int) Math.floor(ix), y0 = (int) Math.floor(iy);
                    float fx = ix - x0, fy = iy - y0;
                    float wNW = (1 - fx) * (1 - fy), wNE = fx * (1 - fy), wSW = (1 - fx) * fy, wSE = fx * fy;
                    boolean nw = inside(x0, y0, w, h), ne = inside(x0 + 1, y0, w, h), sw = inside(x0, y0 + 1, w, h), se = inside(x0 + 1, y0 + 1, w, h);
                    float mask = (nw ? wNW : 0) + (ne ? wNE : 0) + (sw ? wSW : 0) + (se ? wSE : 0);
                    for (int ch = 0; ch < c; ch++) {
                        int p = ch * plane;
                        float v = 0;
                        if (nw) v += x[p + y0 * w + x0] * wNW;
                        if (ne) v += x[p + y0 * w + x0 + 1] * wNE;
                        if (sw) v += x[p + (y0 + 1) * w + x0] * wSW;
                        if (se) v += x[p + (y0 + 1) * w + x0 + 1] * wSE;
                        y[p + o] = v * mask + (1 - mask) * fill[ch];
                    }
                }
            }
        }
        return y;
    }

    private static boolean inside(int x, int y, int w, int h) {
        return x >= 0 && x < w && y >= 0 && y < h;
    }

    /** Point {@code i} of {@code torch.linspace(start, end, steps)} in float32 (its two-sided formula). */
    private static float linspace(float start, float end, int steps, int i) {
        if (steps == 1) return start;
        float step = (end - start) / (steps - 1);
        int half = steps / 2;
        return i < half ? start + step * i : end - step * (steps - i - 1);
    }
}
