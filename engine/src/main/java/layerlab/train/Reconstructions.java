package layerlab.train;

import java.util.Arrays;
import layerlab.data.Augmentation;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/**
 * An autoencoder's pictures beside what it makes of them: each sample as the model took it and its Output, a picture of
 * the same shape, with the mean absolute error between the two. What {@code layerlab predict --reconstructions} writes and
 * the Results tab shows; an autoencoder is judged by looking.
 *
 * @param c, h, w  a picture's channels (1 grey, 3 RGB), height and width
 * @param originals the samples as the model took them (normalized as it was trained), {@code [n, c, h, w]} flat
 * @param outputs   the model's Output for each, the same shape
 * @param corrupted for a denoising autoencoder, each sample as its training corrupts it (what the model took to make
 *                  {@code outputs}, the originals being what it is to remake), the same shape; else null
 */
public record Reconstructions(int c, int h, int w, float[] originals, float[] outputs, float[] corrupted) {
    public Reconstructions(int c, int h, int w, float[] originals, float[] outputs) {
        this(c, h, w, originals, outputs, null);
    }

    /**
     * Whether {@code ev}'s model remakes its pictures: its loss compares with its own data Input and its Output has the
     * samples' picture shape ({@code [1|3, H, W]} or {@code [H, W]}).
     */
    public static boolean drawable(Evaluator ev, int[] sampleShape, int[] outputShape) {
        int[] chw = Augmentation.chw(sampleShape);
        return ev.reconstructs() && chw != null && (chw[0] == 1 || chw[0] == 3) && Arrays.equals(sampleShape, outputShape);
    }

    /** The model's Output {@code y} for the samples {@code x} (as it took them); null when they are no pictures it remakes. */
    public static Reconstructions of(Evaluator ev, Tensor x, Tensor y) {
        if (x.dtype() != DType.FLOAT32 || x.dim() < 3) return null;
        int[] sample = Arrays.copyOfRange(x.shape(), 1, x.dim()), out = Arrays.copyOfRange(y.shape(), 1, y.dim());
        if (!drawable(ev, sample, out)) return null;
        int[] chw = Augmentation.chw(sample);
        return new Reconstructions(chw[0], chw[1], chw[2], x.contiguous().toFloatArray(), y.contiguous().toFloatArray());
    }

    /** The first {@code n} samples of {@code x} through {@code ev}'s model; null as for {@link #of(Evaluator, Tensor, Tensor)}. */
    public static Reconstructions of(Evaluator ev, Tensor x, int n) {
        Tensor first = x.size(0) > n ? x.narrow(0, 0, n).contiguous() : x;
        return of(ev, first, ev.predict(first, 256));
    }

    /**
     * What a denoising autoencoder makes of the pictures {@code clean} once corrupted as its training corrupts them
     * ({@code corrupted}, the same shape): its Output for the corrupted ones, its error against the clean ones, the
     * picture it had to undo beside them. Null as for {@link #of(Evaluator, Tensor, Tensor)}.
     */
    public static Reconstructions denoised(Evaluator ev, Tensor clean, Tensor corrupted) {
        Reconstructions r = of(ev, clean, ev.predict(corrupted, 256));
        return r == null ? null : new Reconstructions(r.c, r.h, r.w, r.originals, r.outputs, corrupted.contiguous().toFloatArray());
    }

    /** The errors as CSV: {@code sample,reconstruction_mae}, a row per sample named by {@code names}. */
    public String csv(java.util.List<String> names) {
        StringBuilder b = new StringBuilder("sample,reconstruction_mae\n");
        for (int i = 0; i < count(); i++) b.append(PredictionTable.field(names.get(i))).append(',').append((float) mae(i)).append('\n');
        return b.toString();
    }

    public int count() {
        return originals.length / (c * h * w);
    }

    /** Sample {@code i}'s mean absolute error: |output − original| over its values. */
    public double mae(int i) {
        int per = c * h * w;
        double s = 0;
        for (int k = i * per; k < (i + 1) * per; k++) s += Math.abs((double) outputs[k] - originals[k]);
        return s / per;
    }

    /** The mean absolute error over every sample's values. */
    public double mae() {
        double s = 0;
        for (int i = 0; i < count(); i++) s += mae(i);
        return count() == 0 ? Double.NaN : s / count();
    }

    /**
     * The range that draws sample {@code i}, its original's {@code [lo, hi]}: the reconstruction is drawn in the same range,
     * so a faint one looks faint rather than stretched to full contrast.
     */
    public float[] range(int i) {
        int per = c * h * w;
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (int k = i * per; k < (i + 1) * per; k++) {
            if (!Float.isFinite(originals[k])) continue;
            lo = Math.min(lo, originals[k]);
            hi = Math.max(hi, originals[k]);
        }
        if (!(hi > lo)) hi = lo + 1;
        return new float[] {lo, hi};
    }

    /** Sample {@code i} as its training corrupts it as ARGB pixels, drawn in {@link #range}; null without {@link #corrupted}. */
    public int[] corruptedPixels(int i) {
        if (corrupted == null) return null;
        int per = c * h * w;
        float[] r = range(i);
        return Saliency.picture(Arrays.copyOfRange(corrupted, i * per, (i + 1) * per), c, h, w, r[0], r[1]);
    }

    /** Sample {@code i}'s original (or its reconstruction) as ARGB pixels, drawn in {@link #range}. */
    public int[] pixels(int i, boolean reconstruction) {
        int per = c * h * w;
        float[] r = range(i);
        return Saliency.picture(Arrays.copyOfRange(reconstruction ? outputs : originals, i * per, (i + 1) * per), c, h, w, r[0], r[1]);
    }
}
