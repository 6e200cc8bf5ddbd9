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

    /** How a map is made: the plain gradient, SmoothGrad, integrated gradients from a black picture, or Grad-CAM / HiResCAM at a layer. */
    public enum Method {
        GRADIENT("Gradient", "the pixels where a small change moves that class's score the most (the size of ∂ score / ∂ pixel, the largest "
                + "over colours; Simonyan et al. 2014)"),
        SMOOTHGRAD("SmoothGrad", "the gradient's size averaged over " + SMOOTH_SAMPLES + " copies of the picture with noise added (Smilkov et al. "
                + "2017): less speckle, the shapes the model relies on"),
        INTEGRATED("Integrated gradients", "each pixel's share of the score, gathered along the way from a black picture to this one "
                + "(Sundararajan et al. 2017): the shares add up to the score's rise"),
        GRADCAM("Grad-CAM", "the regions whose features, at a layer with feature maps (the last one unless chosen), raise that class's score "
                + "(Selvaraju et al. 2017): coarse, at that layer's resolution, about parts of objects rather than single pixels"),
        HIRESCAM("HiResCAM", "the places where a layer's features, weighted by their own gradient position by position, raise that class's score "
                + "(Draelos & Carin 2020): Grad-CAM without its averaging, faithful to a Flatten → Linear head");

        /** Whether the method looks at a layer's feature maps (Grad-CAM, HiResCAM): a layer to choose. */
        public boolean atLayer() {
            return this == GRADCAM || this == HIRESCAM;
        }

        private final String title, explanation;

        Method(String title, String explanation) {
            this.title = title;
            this.explanation = explanation;
        }

        /** "gradient", "smoothgrad", "integrated": the command line's words. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public String title() {
            return title;
        }

        /** What its bright pixels mean, in a sentence's second half. */
        public String explanation() {
            return explanation;
        }

        @Override
        public String toString() {
            return title;
        }
    }

    /**
     * The map of class {@code cls} for {@code image} by {@code method}: {@link #of}, {@link #smooth} (noise drawn from
     * {@code seed}) or {@link #integrated} from {@code baseline} ({@link #black}; only integrated gradients read it), with
     * the constants above.
     */
    public static Saliency map(Method method, Evaluator evaluator, Tensor image, Tensor baseline, int cls, long seed) {
        return map(method, evaluator, image, baseline, cls, seed, null);
    }

    /** {@link #map(Method, Evaluator, Tensor, Tensor, int, long)}, Grad-CAM or HiResCAM at {@code layer} (null: the last with feature maps). */
    public static Saliency map(Method method, Evaluator evaluator, Tensor image, Tensor baseline, int cls, long seed, String layer) {
        return switch (method) {
            case GRADIENT -> of(evaluator, image, cls);
            case SMOOTHGRAD -> smooth(evaluator, image, cls, SMOOTH_SAMPLES, SMOOTH_NOISE, seed);
            case INTEGRATED -> integrated(evaluator, image, baseline, cls, INTEGRATED_STEPS);
            case GRADCAM -> gradCam(evaluator, image, cls, layer);
            case HIRESCAM -> hiResCam(evaluator, image, cls, layer);
        };
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
     * A black picture of {@code shape} (every pixel 0) as the model sees pixels: normalized by {@code norm} as its
     * training data were (null: as it is). Integrated gradients start from it.
     */
    public static Tensor black(layerlab.data.Normalization norm, int[] shape) {
        int per = 1;
        for (int d : shape) per *= d;
        Tensor zeros = Tensor.of(new float[per], shape.clone());
        return norm == null ? zeros : norm.apply(zeros.unsqueeze(0)).reshape(shape);
    }

    /** Steps of the path integral's Riemann sum. */
    public static final int INTEGRATED_STEPS = 32;

    /**
     * Integrated gradients (Sundararajan, Taly &amp; Yan 2017; Captum's {@code IntegratedGradients} with
     * {@code method="riemann_right"}): per input value, (x − baseline) times the gradient averaged along the straight path
     * from {@code baseline} to {@code image} ({@code steps} points, the image the last), signed, in the input's shape
     * (a picture's, or any sample's: {@link FeatureShares} takes a table row's).
     * They add up to about score(image) − score(baseline) (completeness), the more closely the more steps. (Measured
     * on the ConvBatchNormRGB sample, three classes, 32 points: this sum 1.004–1.016 of the rise, the trapezoid rule
     * 1.017–1.028, Gauss–Legendre 1.082–1.092: the gradient of a ReLU network jumps along the path, which favours no
     * higher-order rule. Texts' {@link TokenShares}, through a GRU, use Gauss–Legendre.)
     */
    public static float[] integratedAttributions(Evaluator evaluator, Tensor image, Tensor baseline, int cls, int steps) {
        float[] x = image.contiguous().toFloatArray(), b = baseline.contiguous().toFloatArray();
        if (x.length != b.length) throw new IllegalArgumentException("the baseline has " + b.length + " values, the image " + x.length);
        List<Tensor> path = new java.util.ArrayList<>();
        for (int k = 1; k <= steps; k++) {
            float[] p = new float[x.length];
            float alpha = (float) k / steps;
            for (int i = 0; i < p.length; i++) p[i] = b[i] + alpha * (x[i] - b[i]);
            path.add(Tensor.of(p, image.shape()));
        }
        float[] mean = gradients(evaluator, path, cls, false).values;
        float[] out = new float[x.length];
        for (int i = 0; i < out.length; i++) out[i] = (x[i] - b[i]) * mean[i];
        return out;
    }

    /**
     * {@link #integratedAttributions} as a map: at each pixel the size of the attributions' sum over the channels (as
     * Captum's {@code visualize_image_attr} with {@code sign="absolute_value"} shows them); the score is the image's.
     */
    public static Saliency integrated(Evaluator evaluator, Tensor image, Tensor baseline, int cls, int steps) {
        checkImage(image);
        float[] a = integratedAttributions(evaluator, image, baseline, cls, steps);
        int[] s = image.shape();
        int c = s.length == 3 ? s[0] : 1, h = s[s.length - 2], w = s[s.length - 1];
        float[] map = new float[h * w];
        for (int ch = 0; ch < c; ch++) for (int p = 0; p < h * w; p++) map[p] += a[ch * h * w + p];
        float max = 0;
        for (int p = 0; p < map.length; p++) {
            map[p] = Math.abs(map[p]);
            max = Math.max(max, map[p]);
        }
        // The image's own score: a forward pass (the path's last point is the image only up to float rounding).
        float[] out = evaluator.predict(image.contiguous().unsqueeze(0), 1).toFloatArray();
        return new Saliency(cls, h, w, map, max, out[cls]);
    }

    /**
     * The gradient's size of class {@code cls}'s score with respect to each of {@code images} (one batch, eval mode),
     * averaged over them, then its largest over the channels at each pixel; the score is their mean.
     */
    public static Saliency average(Evaluator evaluator, List<Tensor> images, int cls) {
        int[] s = images.get(0).shape();
        checkImage(images.get(0));
        Gradients g = gradients(evaluator, images, cls, true);
        int c = s.length == 3 ? s[0] : 1, h = s[s.length - 2], w = s[s.length - 1];
        float[] map = new float[h * w];
        float max = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < h * w; p++) map[p] = Math.max(map[p], g.values[ch * h * w + p]);
        }
        for (float v : map) max = Math.max(max, v);
        return new Saliency(cls, h, w, map, max, g.score);
    }

    /**
     * The layers Grad-CAM and HiResCAM can look at for {@code image}: the model's nodes (top level, blocks as one) that its first
     * Output depends on and whose output for it is feature maps {@code [C, H, W]} larger than one pixel, in the order
     * the model runs them; the last is the default (the paper's choice: the last convolutional features, the most
     * about objects while still spatial). Empty for a model without such a layer.
     */
    public static List<String> camLayers(Evaluator evaluator, Tensor image) {
        var model = evaluator.model();
        java.util.Set<String> ancestors = ancestors(model, evaluator.output());
        List<String> candidates = new java.util.ArrayList<>();
        for (String n : model.nodeNames()) if (ancestors.contains(n) && !model.inputNames().contains(n)) candidates.add(n);
        if (candidates.isEmpty()) return List.of();
        boolean wasTraining = model.isTraining();
        model.eval();
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            Map<String, Tensor> got = model.run(evaluator.feeds().inputs(batchOf(image, evaluator.device()), evaluator.device()), candidates);
            List<String> out = new java.util.ArrayList<>();
            for (String n : candidates) {
                Tensor a = got.get(n);
                if (a.dim() == 4 && a.size(2) * a.size(3) > 1 && a.dtype() == layerlab.tensor.DType.FLOAT32) out.add(n);
            }
            return out;
        } finally {
            model.train(wasTraining);
        }
    }

    /** The node of a source {@link layerlab.graph.compile.Model#inputsOf} names: {@code lstm} for {@code lstm.h_n}. */
    static String nodeOf(layerlab.graph.compile.Model model, String source) {
        return model.outputPorts(source) != null ? source : source.substring(0, source.lastIndexOf('.'));
    }

    /** The nodes (top level) that {@code node} depends on. */
    static java.util.Set<String> ancestors(layerlab.graph.compile.Model model, String node) {
        java.util.Set<String> ancestors = new java.util.HashSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(node));
        while (!todo.isEmpty()) {
            for (String in : model.inputsOf(todo.pop())) {
                if (in == null) continue;
                String n = nodeOf(model, in);
                if (ancestors.add(n)) todo.push(n);
            }
        }
        return ancestors;
    }

    /**
     * Grad-CAM (Selvaraju et al. 2017; Captum's {@code LayerGradCam}, then {@code LayerAttribution.interpolate} with
     * "bilinear"): at {@code layer}'s feature maps A ({@code [K, h, w]}; null: the last of {@link #camLayers}), each map
     * weighted by the mean over its positions of ∂ score / ∂ A<sub>k</sub>, summed over k, negatives cut to 0, then
     * stretched to the image's size (bilinear, {@code align_corners=False}).
     *
     * @throws IllegalArgumentException when the layer is not one of {@link #camLayers}, or the model has none
     */
    public static Saliency gradCam(Evaluator evaluator, Tensor image, int cls, String layer) {
        return cam(evaluator, image, cls, layer, false);
    }

    /**
     * HiResCAM (Draelos &amp; Carin 2020; pytorch-grad-cam's {@code HiResCAM}): as {@link #gradCam}, but each feature map
     * is multiplied by its gradient position by position, not by the gradient's mean, before the sum over maps: behind a
     * Flatten → Linear head, where every position has a weight of its own, it shows where those weights look, which
     * Grad-CAM's average forgets.
     */
    public static Saliency hiResCam(Evaluator evaluator, Tensor image, int cls, String layer) {
        return cam(evaluator, image, cls, layer, true);
    }

    private static Saliency cam(Evaluator evaluator, Tensor image, int cls, String layer, boolean elementwise) {
        int[] s = image.shape();
        if (s.length != 2 && s.length != 3) throw new IllegalArgumentException("saliency maps are for images [C, H, W]; got " + image.shapeString());
        int height = s[s.length - 2], width = s[s.length - 1];
        List<String> layers = camLayers(evaluator, image);
        String name = elementwise ? "HiResCAM" : "Grad-CAM";
        if (layers.isEmpty()) throw new IllegalArgumentException(name + " needs a layer with feature maps [C, H, W] before the Output, and this model "
                + "has none (a gradient map works for any model)");
        String at = layer == null ? layers.get(layers.size() - 1) : layer;
        if (!layers.contains(at)) throw new IllegalArgumentException(name + ": \"" + at + "\" is not a layer with feature maps the Output depends on; "
                + "those are " + String.join(", ", layers));
        var model = evaluator.model();
        boolean wasTraining = model.isTraining();
        model.eval();
        try (Autograd.Scope ignored = Autograd.enableGrad()) {
            Device device = evaluator.device();
            Map<String, Tensor> got = model.run(evaluator.feeds().inputs(batchOf(image, device), device), List.of(at, evaluator.output()));
            Tensor a = got.get(at), out = got.get(evaluator.output());
            checkScores(out, 1, cls);
            Tensor score = out.select(1, cls).sum();
            Tensor[] g = score.requiresGrad() ? Autograd.backward(score, Tensor.scalar(1f).reshape(score.shape()).to(device), a) : new Tensor[1];
            int k = a.size(1), h = a.size(2), w = a.size(3);
            float[] maps = a.to(Device.CPU).contiguous().toFloatArray();
            float[] grads = g[0] == null ? new float[maps.length] : g[0].to(Device.CPU).contiguous().toFloatArray();
            float[] cam = new float[h * w];
            for (int c = 0; c < k; c++) {
                if (elementwise) {
                    for (int p = 0; p < h * w; p++) cam[p] += grads[c * h * w + p] * maps[c * h * w + p];
                    continue;
                }
                double mean = 0;
                for (int p = 0; p < h * w; p++) mean += grads[c * h * w + p];
                float alpha = (float) (mean / (h * w));
                for (int p = 0; p < h * w; p++) cam[p] += alpha * maps[c * h * w + p];
            }
            for (int p = 0; p < cam.length; p++) cam[p] = Math.max(0, cam[p]);
            float[] map = upsample(cam, h, w, height, width);
            float max = 0;
            for (float v : map) max = Math.max(max, v);
            return new Saliency(cls, height, width, map, max, score.to(Device.CPU).item());
        } finally {
            model.train(wasTraining);
            model.zeroGrad();
        }
    }

    /**
     * {@code map} ({@code h × w}) stretched to {@code height × width} by bilinear interpolation with
     * {@code align_corners=False}, in float32 as PyTorch's {@code F.interpolate} computes it.
     */
    public static float[] upsample(float[] map, int h, int w, int height, int width) {
        return layerlab.data.ImageFunctions.resize(map, 1, h, w, height, width, layerlab.data.Interpolation.BILINEAR);
    }

    private static Tensor batchOf(Tensor image, Device device) {
        return image.contiguous().unsqueeze(0).to(device);
    }

    private static void checkImage(Tensor image) {
        if (image.dim() != 2 && image.dim() != 3) throw new IllegalArgumentException("saliency maps are for images [C, H, W]; got " + image.shapeString());
    }

    static void checkScores(Tensor out, int n, int cls) {
        if (out.dim() != 2 || out.size(0) != n)
            throw new IllegalArgumentException("saliency needs one score per class from the Output; it gives " + out.shapeString());
        if (cls < 0 || cls >= out.size(1))
            throw new IllegalArgumentException("class " + cls + " is not one of the Output's " + out.size(1));
    }

    /** The gradients' mean over a batch (of their sizes with {@code abs}), in the input's shape, and the scores' mean. */
    private record Gradients(float[] values, float score) {}

    private static Gradients gradients(Evaluator evaluator, List<Tensor> images, int cls, boolean abs) {
        int[] s = images.get(0).shape();
        int n = images.size(), per = images.get(0).numel();
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
            checkScores(out, n, cls);
            // Each sample's score depends on its own input only (eval mode), so one backward of their sum gives each gradient.
            Tensor score = out.select(1, cls).sum();
            score.backward();
            Tensor g = x.grad();
            float[] grad = g == null ? new float[n * per] : g.to(Device.CPU).contiguous().toFloatArray();
            // Summed in double: integrated gradients average thousands of points for a table's row.
            double[] sum = new double[per];
            for (int i = 0; i < n; i++) for (int j = 0; j < per; j++) sum[j] += abs ? Math.abs(grad[i * per + j]) : grad[i * per + j];
            float[] mean = new float[per];
            for (int j = 0; j < per; j++) mean[j] = (float) (sum[j] / n);
            return new Gradients(mean, score.to(Device.CPU).item() / n);
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
        return picture(image, c, h, w, lo, hi);
    }

    /** {@code image} as ARGB pixels, each value scaled from {@code [lo, hi]} (clipped). */
    public static int[] picture(float[] image, int c, int h, int w, float lo, float hi) {
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
