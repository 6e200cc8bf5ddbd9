package layerlab.train;

import java.util.List;
import java.util.Map;
import layerlab.autograd.Autograd;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;

/**
 * Which pixels sway a prediction: the gradient of one class's score with respect to the input image, its absolute
 * value, the largest over the channels at each pixel ("vanilla gradient" saliency: Simonyan, Vedaldi &amp; Zisserman
 * 2014; what Captum's {@code Saliency} computes). The score is the model's first Output for that class, computed in
 * eval mode: a logit when the Output takes the raw scores.
 *
 * @param values the map, {@code [height, width]} row by row
 * @param max    its largest value (0 when the score does not depend on the image)
 * @param score  the class's score for this image
 */
public record Saliency(int cls, int height, int width, float[] values, float max, float score) {
    /**
     * The saliency of class {@code cls} for {@code image} ({@code [C, H, W]} or {@code [H, W]}, as the model's data
     * Input takes it, normalized as in training) under {@code evaluator}'s model, on its device.
     *
     * @throws IllegalArgumentException when the model's Output is not one score per class, or {@code cls} is not one
     */
    public static Saliency of(Evaluator evaluator, Tensor image, int cls) {
        return average(evaluator, List.of(image), cls);
    }

    /** Noisy copies SmoothGrad averages over, and the noise's standard deviation as a share of the image's range (Smilkov et al.'s). */
    public static final int SMOOTH_SAMPLES = 25;
    public static final double SMOOTH_NOISE = 0.15;

    /**
     * SmoothGrad (Smilkov et al. 2017; Captum's {@code NoiseTunnel(Saliency)} with {@code nt_type="smoothgrad"}): the
     * gradient's size averaged over {@code samples} copies of {@code image} with Gaussian noise of standard deviation
     * {@code noise}·(max − min of the image) added, drawn from {@code seed}. The noise washes out the pixel-to-pixel
     * jitter of a single gradient and leaves the shapes the model relies on.
     */
    public static Saliency smooth(Evaluator evaluator, Tensor image, int cls, int samples, double noise, long seed) {
        float[] x = image.contiguous().toFloatArray();
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double sigma = noise * (hi > lo ? hi - lo : 1);
        layerlab.tensor.Generator rng = new layerlab.tensor.Generator(seed);
        List<Tensor> copies = new java.util.ArrayList<>();
        for (int k = 0; k < samples; k++) {
            float[] noisy = x.clone();
            for (int i = 0; i < noisy.length; i++) noisy[i] += (float) (sigma * rng.nextGaussian());
            copies.add(Tensor.of(noisy, image.shape()));
        }
        return average(evaluator, copies, cls);
    }

    /**
     * The gradient's size of class {@code cls}'s score with respect to each of {@code images} (one batch, eval mode),
     * averaged over them, then its largest over the channels at each pixel; the score is their mean.
     */
    public static Saliency average(Evaluator evaluator, List<Tensor> images, int cls) {
        int[] s = images.get(0).shape();
        if (s.length != 2 && s.length != 3) throw new IllegalArgumentException("saliency maps are for images [C, H, W]; got " + images.get(0).shapeString());
        int c = s.length == 3 ? s[0] : 1, h = s[s.length - 2], w = s[s.length - 1], n = images.size(), per = c * h * w;
        var model = evaluator.model();
        boolean wasTraining = model.isTraining();
        model.eval();
        try (Autograd.Scope ignored = Autograd.enableGrad()) {
            float[] stacked = new float[n * per];
            for (int i = 0; i < n; i++) System.arraycopy(images.get(i).contiguous().toFloatArray(), 0, stacked, i * per, per);
            int[] batched = new int[s.length + 1];
            batched[0] = n;
            System.arraycopy(s, 0, batched, 1, s.length);
            Device device = evaluator.device();
            Tensor x = Tensor.of(stacked, batched).to(device).detach().requiresGrad(true);
            Map<String, Tensor> feeds = evaluator.feeds().inputs(x, device);
            Tensor out = model.run(feeds, List.of(evaluator.output())).get(evaluator.output());
            if (out.dim() != 2 || out.size(0) != n)
                throw new IllegalArgumentException("saliency needs one score per class from the Output; it gives " + out.shapeString());
            if (cls < 0 || cls >= out.size(1))
                throw new IllegalArgumentException("class " + cls + " is not one of the Output's " + out.size(1));
            // Each sample's score depends on its own input only (eval mode), so one backward of their sum gives each gradient.
            Tensor score = out.select(1, cls).sum();
            score.backward();
            Tensor g = x.grad();
            float[] grad = g == null ? new float[n * per] : g.to(Device.CPU).contiguous().toFloatArray();
            float[] mean = new float[per];
            for (int i = 0; i < n; i++) for (int j = 0; j < per; j++) mean[j] += Math.abs(grad[i * per + j]) / n;
            float[] map = new float[h * w];
            float max = 0;
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < h * w; p++) map[p] = Math.max(map[p], mean[ch * h * w + p]);
            }
            for (float v : map) max = Math.max(max, v);
            return new Saliency(cls, h, w, map, max, score.to(Device.CPU).item() / n);
        } finally {
            model.train(wasTraining);
            model.zeroGrad();
        }
    }

    /**
     * The picture ({@code image}: {@code c} channels of this map's size, as the model took it, shown scaled to its own
     * range) dimmed to grey, with the map over it from transparent through red to yellow, as ARGB pixels row by row: each
     * pixel's share of the map's 99th percentile (gradients are heavy-tailed: scaled to the largest alone, a few pixels
     * would hide the rest).
     */
    public int[] overlay(float[] image, int c) {
        int n = height * width;
        float[] grey = new float[n];
        int[] picture = picture(image, c, height, width);
        for (int p = 0; p < n; p++) {
            int rgb = picture[p];
            grey[p] = (0.21f * ((rgb >> 16) & 255) + 0.72f * ((rgb >> 8) & 255) + 0.07f * (rgb & 255)) / 255f;
        }
        float[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        double top = n == 0 ? 0 : sorted[Math.min(n - 1, (int) Math.floor(0.99 * n))];
        if (!(top > 0)) top = max;
        int[] out = new int[n];
        for (int p = 0; p < n; p++) {
            double g = grey[p] * 0.45, t = top > 0 ? Math.min(1, values[p] / top) : 0, a = Math.min(1, t * 1.4);
            // Red at half the scale and below, turning yellow towards the top.
            double hr = 1, hg = t < 0.5 ? 0.1 : 0.1 + 0.9 * (t - 0.5) / 0.5, hb = t < 0.5 ? 0 : 0.6 * (t - 0.5) / 0.5;
            out[p] = argb(g + (hr - g) * a, g + (hg - g) * a, g + (hb - g) * a);
        }
        return out;
    }

    /** {@code image} ({@code c} channels: 1 grey, 3 RGB, of h × w) as ARGB pixels, each value scaled from the image's own range. */
    public static int[] picture(float[] image, int c, int h, int w) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < c * h * w; i++) {
            if (!Float.isFinite(image[i])) continue;
            lo = Math.min(lo, image[i]);
            hi = Math.max(hi, image[i]);
        }
        if (!(hi > lo)) hi = lo + 1;
        int[] out = new int[h * w];
        for (int p = 0; p < h * w; p++) {
            double r = unit(image[p], lo, hi);
            out[p] = c == 3 ? argb(r, unit(image[h * w + p], lo, hi), unit(image[2 * h * w + p], lo, hi)) : argb(r, r, r);
        }
        return out;
    }

    private static double unit(float v, float lo, float hi) {
        return Float.isFinite(v) ? Math.max(0, Math.min(1, (v - lo) / (hi - lo))) : 0;
    }

    private static int argb(double r, double g, double b) {
        return 0xFF000000 | (int) Math.round(r * 255) << 16 | (int) Math.round(g * 255) << 8 | (int) Math.round(b * 255);
    }
}
