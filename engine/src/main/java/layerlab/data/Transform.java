package layerlab.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.tensor.Generator;

/**
 * One random transform of an {@link Augmentation}, as torchvision's class of that name: {@link #name()} is torchvision's
 * class name, {@link #toMap()} its JSON form; each draws its amounts from LayerLab's generator and computes what
 * torchvision's tensor functions compute ({@link ImageFunctions}).
 */
public sealed interface Transform {
    String name();

    /** The arguments, by torchvision's names. */
    Map<String, Object> arguments();

    /** Transforms {@code img} (in place or into a new array), its amounts drawn from {@code rng}. */
    void apply(AugmentedImage img, Generator rng);

    default Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name());
        m.putAll(arguments());
        return m;
    }

    /** "RandomCrop(padding=4)". */
    default String describe() {
        List<String> args = new ArrayList<>();
        for (Map.Entry<String, Object> e : arguments().entrySet()) args.add(e.getKey() + "=" + Augmentation.show(e.getValue()));
        return name() + "(" + String.join(", ", args) + ")";
    }

    /** {@code RandomHorizontalFlip(p)} (left to right) or {@code RandomVerticalFlip(p)} (top to bottom): mirrors with probability p. */
    public record Flip(boolean horizontal, double p) implements Transform {
        public String name() {
            return horizontal ? "RandomHorizontalFlip" : "RandomVerticalFlip";
        }

        public Map<String, Object> arguments() {
            return Map.of("p", p);
        }

        public void apply(AugmentedImage img, Generator rng) {
            if (rng.nextDouble() < p)
                img.data = horizontal ? ImageFunctions.hflip(img.data, img.c, img.h, img.w) : ImageFunctions.vflip(img.data, img.c, img.h, img.w);
        }
    }

    /**
     * {@code RandomCrop(size, padding, padding_mode)} with the image's own size: pads every side by {@code padding}
     * pixels, then crops the image's size at a place drawn uniformly, so the content moves by up to padding pixels.
     */
    public record Crop(int padding, PaddingMode mode) implements Transform {
        public String name() {
            return "RandomCrop";
        }

        public Map<String, Object> arguments() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("padding", padding);
            if (mode != PaddingMode.CONSTANT) m.put("padding_mode", mode.key());
            return m;
        }

        public void apply(AugmentedImage img, Generator rng) {
            int top = rng.nextInt(2 * padding + 1), left = rng.nextInt(2 * padding + 1);
            img.data = ImageFunctions.padCrop(img.data, img.c, img.h, img.w, padding, mode, img.fill, top, left);
        }
    }

    /** {@code RandomRotation(degrees)}: turns the image about its centre by an angle drawn uniformly from [min, max]. */
    public record Rotation(double min, double max, Interpolation interpolation) implements Transform {
        public String name() {
            return "RandomRotation";
        }

        public Map<String, Object> arguments() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("degrees", min == -max ? (Object) max : List.of(min, max));
            if (interpolation != Interpolation.NEAREST) m.put("interpolation", interpolation.key());
            return m;
        }

        public void apply(AugmentedImage img, Generator rng) {
            double angle = uniform(rng, min, max);
            // torchvision's rotate turns counter-clockwise, its affine clockwise: rotate(a) is ImageFunctions.affine(-a).
            img.data = ImageFunctions.affine(img.data, img.c, img.h, img.w, -angle, 0, 0, 1, interpolation, img.fill);
        }
    }

    /**
     * {@code RandomAffine(degrees, translate, scale)}: an angle drawn from [min, max], a shift of up to
     * {@code translate[0]}·width and {@code translate[1]}·height pixels (whole pixels, as torchvision rounds it), and
     * a scale drawn from [{@code scale[0]}, {@code scale[1]}]; null translate or scale: none.
     */
    public record Affine(double min, double max, double[] translate, double[] scale, Interpolation interpolation) implements Transform {
        public String name() {
            return "RandomAffine";
        }

        public Map<String, Object> arguments() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("degrees", min == -max ? (Object) max : List.of(min, max));
            if (translate != null) m.put("translate", List.of(translate[0], translate[1]));
            if (scale != null) m.put("scale", List.of(scale[0], scale[1]));
            if (interpolation != Interpolation.NEAREST) m.put("interpolation", interpolation.key());
            return m;
        }

        public void apply(AugmentedImage img, Generator rng) {
            double angle = uniform(rng, min, max);
            double tx = 0, ty = 0;
            if (translate != null) {
                double dx = translate[0] * img.w, dy = translate[1] * img.h;
                tx = Math.rint(uniform(rng, -dx, dx));
                ty = Math.rint(uniform(rng, -dy, dy));
            }
            double s = scale == null ? 1 : uniform(rng, scale[0], scale[1]);
            img.data = ImageFunctions.affine(img.data, img.c, img.h, img.w, angle, tx, ty, s, interpolation, img.fill);
        }
    }

    /**
     * {@code RandomResizedCrop(size, scale, ratio, interpolation)} with the image's own size: a part of a share of the
     * area drawn from {@code scale} and of an aspect ratio (width/height) drawn log-uniformly from {@code ratio}, at a place
     * drawn uniformly, stretched back to the whole image (bilinear by default, as torchvision's); after 10 draws that do
     * not fit, the centre crop of the ratio nearest the image's.
     */
    public record ResizedCrop(double[] scale, double[] ratio, Interpolation interpolation) implements Transform {
        public String name() {
            return "RandomResizedCrop";
        }

        public Map<String, Object> arguments() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scale", List.of(scale[0], scale[1]));
            // torchvision's default ratio, (3/4, 4/3), is not written out: its 1.3333333333333333 helps no one.
            if (ratio[0] != 3.0 / 4 || ratio[1] != 4.0 / 3) m.put("ratio", List.of(ratio[0], ratio[1]));
            if (interpolation != Interpolation.BILINEAR) m.put("interpolation", interpolation.key());
            return m;
        }

        public void apply(AugmentedImage img, Generator rng) {
            int[] box = box(img.h, img.w, scale, ratio, rng);
            img.data = ImageFunctions.resizedCrop(img.data, img.c, img.h, img.w, box[0], box[1], box[2], box[3], interpolation);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ResizedCrop r && java.util.Arrays.equals(scale, r.scale) && java.util.Arrays.equals(ratio, r.ratio)
                    && interpolation == r.interpolation;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(java.util.Arrays.hashCode(scale), java.util.Arrays.hashCode(ratio), interpolation);
        }

        /** torchvision's {@code RandomResizedCrop.get_params}: {top, left, height, width} of the part to stretch. */
        static int[] box(int height, int width, double[] scale, double[] ratio, Generator rng) {
            double area = (double) height * width, lo = Math.log(ratio[0]), hi = Math.log(ratio[1]);
            for (int attempt = 0; attempt < 10; attempt++) {
                double target = area * uniform(rng, scale[0], scale[1]), aspect = Math.exp(uniform(rng, lo, hi));
                int w = (int) Math.rint(Math.sqrt(target * aspect)), h = (int) Math.rint(Math.sqrt(target / aspect));
                if (0 < w && w <= width && 0 < h && h <= height) return new int[] {rng.nextInt(height - h + 1), rng.nextInt(width - w + 1), h, w};
            }
            double in = (double) width / height;
            int w = width, h = height;
            if (in < Math.min(ratio[0], ratio[1])) h = (int) Math.rint(w / Math.min(ratio[0], ratio[1]));
            else if (in > Math.max(ratio[0], ratio[1])) w = (int) Math.rint(h * Math.max(ratio[0], ratio[1]));
            return new int[] {(height - h) / 2, (width - w) / 2, h, w};
        }
    }

    /**
     * {@code ColorJitter(brightness, contrast, saturation, hue)}: each factor (null: left alone) drawn uniformly from its
     * range, the four adjustments in an order drawn at random, as torchvision's. They act on the picture's pixels in [0, 1]
     * (an image source's scale): normalized samples are taken back to pixels first and normalized again after. Saturation
     * and hue leave one-channel pictures as they are, as torchvision does.
     */
    public record ColorJitter(double[] brightness, double[] contrast, double[] saturation, double[] hue) implements Transform {
        public String name() {
            return "ColorJitter";
        }

        public Map<String, Object> arguments() {
            Map<String, Object> m = new LinkedHashMap<>();
            String[] keys = {"brightness", "contrast", "saturation", "hue"};
            double[][] ranges = {brightness, contrast, saturation, hue};
            for (int k = 0; k < 4; k++) {
                double[] r = ranges[k];
                if (r == null) continue;
                double centre = k == 3 ? 0 : 1;
                // A symmetric range as its one number, as it was most likely written.
                boolean symmetric = k == 3 ? r[0] == -r[1] : Math.abs((centre - r[0]) - (r[1] - centre)) < 1e-12 && r[0] > 0;
                m.put(keys[k], symmetric ? (Object) (k == 3 ? r[1] : centre - r[0]) : List.of(r[0], r[1]));
            }
            return m;
        }

        public void apply(AugmentedImage img, Generator rng) {
            int[] order = {0, 1, 2, 3};
            for (int i = 3; i > 0; i--) {
                int j = rng.nextInt(i + 1), t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double[][] ranges = {brightness, contrast, saturation, hue};
            double[] factor = new double[4];
            for (int k = 0; k < 4; k++) factor[k] = ranges[k] == null ? Double.NaN : uniform(rng, ranges[k][0], ranges[k][1]);
            float[] x = img.pixels();
            // Pixels back from normalized units may stray past [0, 1] by a rounding (-1e-8): HSV would divide by a 0 maximum.
            for (int k = 0; k < x.length; k++) x[k] = ImageFunctions.clamp01(x[k]);
            for (int k : order) {
                if (Double.isNaN(factor[k])) continue;
                x = switch (k) {
                    case 0 -> ImageFunctions.brightness(x, img.c, img.h, img.w, factor[k]);
                    case 1 -> ImageFunctions.contrast(x, img.c, img.h, img.w, factor[k]);
                    case 2 -> ImageFunctions.saturation(x, img.c, img.h, img.w, factor[k]);
                    default -> ImageFunctions.hue(x, img.c, img.h, img.w, factor[k]);
                };
            }
            img.setPixels(x);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ColorJitter j && java.util.Arrays.equals(brightness, j.brightness) && java.util.Arrays.equals(contrast, j.contrast)
                    && java.util.Arrays.equals(saturation, j.saturation) && java.util.Arrays.equals(hue, j.hue);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(java.util.Arrays.hashCode(brightness), java.util.Arrays.hashCode(contrast),
                    java.util.Arrays.hashCode(saturation), java.util.Arrays.hashCode(hue));
        }
    }

    /**
     * {@code RandomErasing(p, scale, ratio, value)}: with probability p, a rectangle of a share of the image's area
     * drawn from {@code scale} and of an aspect ratio (height/width) drawn log-uniformly from {@code ratio} is set to
     * {@code value} (null: standard normal noise, torchvision's {@code "random"}), at a place drawn uniformly; after
     * 10 draws that do not fit, the image stays as it is. Erasing acts where the samples are normalized, as
     * torchvision's after {@code Normalize}: value 0 is the training mean of a standardized channel.
     */
    public record Erasing(double p, double[] scale, double[] ratio, Double value) implements Transform {
        public String name() {
            return "RandomErasing";
        }

        public Map<String, Object> arguments() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("p", p);
            m.put("scale", List.of(scale[0], scale[1]));
            m.put("ratio", List.of(ratio[0], ratio[1]));
            if (value == null || value != 0) m.put("value", value == null ? "random" : value);
            return m;
        }

        public void apply(AugmentedImage img, Generator rng) {
            if (rng.nextDouble() >= p) return;
            int area = img.h * img.w;
            double lo = Math.log(ratio[0]), hi = Math.log(ratio[1]);
            for (int attempt = 0; attempt < 10; attempt++) {
                double erase = area * uniform(rng, scale[0], scale[1]), aspect = Math.exp(uniform(rng, lo, hi));
                int eh = (int) Math.rint(Math.sqrt(erase * aspect)), ew = (int) Math.rint(Math.sqrt(erase / aspect));
                if (!(eh < img.h && ew < img.w)) continue;
                int top = rng.nextInt(img.h - eh + 1), left = rng.nextInt(img.w - ew + 1);
                float[] v = new float[img.c * eh * ew];
                for (int k = 0; k < v.length; k++) v[k] = value == null ? (float) rng.nextGaussian() : value.floatValue();
                img.data = ImageFunctions.erase(img.data, img.c, img.h, img.w, top, left, eh, ew, v);
                return;
            }
        }
    }

    private static double uniform(Generator rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }
}
