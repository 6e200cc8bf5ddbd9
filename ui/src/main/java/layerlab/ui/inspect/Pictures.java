package layerlab.ui.inspect;

import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;

/** Float arrays as pictures: a sample or a feature map as a grey (or RGB) image, scaled to its own range. */
public final class Pictures {
    private Pictures() {
    }

    /** Whether samples of {@code shape} are images: {@code [1|3, H, W]} or {@code [H, W]} with H, W ≥ 4. */
    public static boolean isImage(int[] shape) {
        if (shape.length == 3) return (shape[0] == 1 || shape[0] == 3) && shape[1] >= 4 && shape[2] >= 4;
        return shape.length == 2 && shape[0] >= 4 && shape[1] >= 4;
    }

    /**
     * The image at {@code offset} in {@code v}: {@code c} channels (1 grey, 3 RGB) of {@code h × w}, each value mapped
     * from [lo, hi] to [0, 1] (the image's own range when lo ≥ hi).
     */
    public static WritableImage image(float[] v, int offset, int c, int h, int w, double lo, double hi) {
        int n = c * h * w;
        if (lo >= hi) {
            lo = Double.POSITIVE_INFINITY;
            hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                float x = v[offset + i];
                if (!Float.isFinite(x)) continue;
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            if (!(hi > lo)) {
                hi = lo + 1;
            }
        }
        WritableImage img = new WritableImage(w, h);
        PixelWriter pw = img.getPixelWriter();
        double span = hi - lo;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int at = offset + y * w + x;
                if (c == 3) {
                    pw.setColor(x, y, Color.color(unit(v[at], lo, span), unit(v[at + h * w], lo, span), unit(v[at + 2 * h * w], lo, span)));
                } else {
                    double g = unit(v[at], lo, span);
                    pw.setColor(x, y, Color.gray(g));
                }
            }
        }
        return img;
    }

    private static double unit(float x, double lo, double span) {
        if (!Float.isFinite(x)) return 0;
        return Math.max(0, Math.min(1, (x - lo) / span));
    }

    /** A blue–white–red colour for {@code t} in [-1, 1] (negative blue, positive red). */
    public static Color diverging(double t) {
        t = Math.max(-1, Math.min(1, t));
        return t < 0 ? Color.color(1 + t, 1 + t, 1) : Color.color(1, 1 - t, 1 - t);
    }
}
