package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A picture already of the model's size skips the resampling; its values are the very floats the resampling gave: a
 * picture resized to its own size through a 2x detour is no check, so the check is against what the taps of an identity
 * resize compute, weights 1 and 0 in double, each value (float) (v / 255).
 */
class SameSizePixelsTest {
    @Test
    void sameSizeIsEachValueOver255() {
        Random r = new Random(3);
        int iw = 7, ih = 5;
        int[] argb = new int[iw * ih];
        for (int i = 0; i < argb.length; i++) argb[i] = 0xff000000 | r.nextInt(1 << 24);
        float[] rgb = new float[3 * iw * ih], grey = new float[iw * ih];
        Images.pixels(argb, iw, ih, 3, ih, iw, rgb, 0);
        Images.pixels(argb, iw, ih, 1, ih, iw, grey, 0);
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            // As the resampling made it: a row pass (1.0 * v + 0.0 * next) / 255, then a column pass of the float.
            float[] c = new float[3];
            for (int ch = 0; ch < 3; ch++) {
                double v = 1.0 * ((p >>> (16 - 8 * ch)) & 0xff) + 0.0 * 255;
                c[ch] = (float) (1.0 * (float) (v / 255) + 0.0);
                assertEquals(Float.floatToIntBits(c[ch]), Float.floatToIntBits(rgb[ch * iw * ih + i]), "pixel " + i + " channel " + ch);
            }
            assertEquals(Float.floatToIntBits(0.299f * c[0] + 0.587f * c[1] + 0.114f * c[2]), Float.floatToIntBits(grey[i]), "pixel " + i);
        }
    }
}
