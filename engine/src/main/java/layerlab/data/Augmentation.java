package layerlab.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import layerlab.tensor.Generator;

/**
 * Random transforms of the training images, drawn afresh each time a sample is batched, as a
 * {@code torchvision.transforms.Compose} of them in a training {@code Dataset}: the project's {@code "dataset"}
 * object lists them under {@code "augment"}, by torchvision's names and arguments,
 * <pre>"augment": [{"name": "RandomCrop", "padding": 2}, {"name": "RandomRotation", "degrees": 10}, "RandomHorizontalFlip"]</pre>
 * (a name alone takes the defaults below). They apply to the training split only, never to validation samples or
 * to predictions, and keep an image's shape (RandomCrop crops back to the image's own size), so the model's input
 * is what it was.
 *
 * <p>The amounts are drawn from LayerLab's generator (not torch's), seeded by the data set's seed, the batch's
 * number and the sample's place in it; given them, each transform computes what torchvision's tensor functions
 * compute ({@link ImageFunctions}: {@link #hflip}, {@link #vflip}, {@link #padCrop}, {@link #affine}, {@link #erase}; tested against
 * them); {@link AugmentationReader} reads the {@code "augment"} list ({@link #parse}). Samples are
 * augmented after normalization, so a {@code fill} (a raw pixel value, 0 by default, as torchvision's) is
 * normalized as the pixels were, channel by channel.
 */
public record Augmentation(List<Transform> transforms, float fill) {
    public static final Augmentation NONE = new Augmentation(List.of(), 0f);

    public Augmentation {
        transforms = List.copyOf(transforms);
    }

    /** The transforms' names, in the order the Data tab offers them. */
    public static final List<String> NAMES = List.of("RandomHorizontalFlip", "RandomVerticalFlip", "RandomCrop", "RandomResizedCrop", "RandomRotation",
            "RandomAffine", "ColorJitter", "RandomErasing");

    /** The arguments transform {@code name} takes, by torchvision's names. */
    public static List<String> arguments(String name) {
        return switch (name) {
            case "RandomHorizontalFlip", "RandomVerticalFlip" -> List.of("p");
            case "RandomCrop" -> List.of("padding", "padding_mode", "fill");
            case "RandomRotation" -> List.of("degrees", "interpolation", "fill");
            case "RandomAffine" -> List.of("degrees", "translate", "scale", "interpolation", "fill");
            case "RandomErasing" -> List.of("p", "scale", "ratio", "value");
            case "RandomResizedCrop" -> List.of("scale", "ratio", "interpolation");
            case "ColorJitter" -> List.of("brightness", "contrast", "saturation", "hue");
            default -> throw new IllegalArgumentException("unknown transform \"" + name + "\"");
        };
    }

    /** What argument {@code key} of transform {@code name} is when it is not given ("0.5", "none"). */
    public static String defaultText(String name, String key) {
        return switch (key) {
            case "p" -> "0.5";
            case "padding" -> "4";
            case "padding_mode" -> "constant";
            case "fill" -> "0";
            case "degrees" -> "RandomRotation".equals(name) ? "15" : "0";
            case "interpolation" -> "RandomResizedCrop".equals(name) ? "bilinear" : "nearest";
            case "translate" -> "none";
            case "scale" -> "RandomErasing".equals(name) ? "[0.02, 0.33]" : "RandomResizedCrop".equals(name) ? "[0.08, 1.0]" : "none";
            case "ratio" -> "RandomResizedCrop".equals(name) ? "[0.75, 1.3333]" : "[0.3, 3.3]";
            case "value" -> "0";
            case "brightness", "contrast", "saturation", "hue" -> "0";
            default -> throw new IllegalArgumentException(name + " has no argument \"" + key + "\"");
        };
    }

    /** The words argument {@code key} takes, when it takes a few (else empty). */
    public static List<String> choices(String key) {
        List<String> out = new ArrayList<>();
        if (key.equals("padding_mode")) for (PaddingMode m : PaddingMode.values()) out.add(m.key());
        if (key.equals("interpolation")) for (Interpolation m : Interpolation.values()) out.add(m.key());
        return out;
    }

    /** One random transform; {@link #name()} is torchvision's class name, {@link #toMap()} its JSON form. */
    public sealed interface Transform permits Flip, Crop, ResizedCrop, Rotation, Affine, ColorJitter, Erasing {
        String name();

        /** The arguments, by torchvision's names. */
        Map<String, Object> arguments();

        /** Transforms {@code img} (in place or into a new array), its amounts drawn from {@code rng}. */
        void apply(Image img, Generator rng);

        default Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name());
            m.putAll(arguments());
            return m;
        }

        /** "RandomCrop(padding=4)". */
        default String describe() {
            List<String> args = new ArrayList<>();
            for (Map.Entry<String, Object> e : arguments().entrySet()) args.add(e.getKey() + "=" + show(e.getValue()));
            return name() + "(" + String.join(", ", args) + ")";
        }
    }

    /** How a transform reads pixels between pixels: the nearest one (torchvision's default) or bilinear. */
    public enum Interpolation {
        NEAREST, BILINEAR;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What RandomCrop's padding holds: {@code fill}, the edge pixel repeated, or the image mirrored without or with its edge. */
    public enum PaddingMode {
        CONSTANT, EDGE, REFLECT, SYMMETRIC;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code RandomHorizontalFlip(p)} (left to right) or {@code RandomVerticalFlip(p)} (top to bottom): mirrors with probability p. */
    public record Flip(boolean horizontal, double p) implements Transform {
        public String name() {
            return horizontal ? "RandomHorizontalFlip" : "RandomVerticalFlip";
        }

        public Map<String, Object> arguments() {
            return Map.of("p", p);
        }

        public void apply(Image img, Generator rng) {
            if (rng.nextDouble() < p) img.data = horizontal ? hflip(img.data, img.c, img.h, img.w) : vflip(img.data, img.c, img.h, img.w);
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

        public void apply(Image img, Generator rng) {
            int top = rng.nextInt(2 * padding + 1), left = rng.nextInt(2 * padding + 1);
            img.data = padCrop(img.data, img.c, img.h, img.w, padding, mode, img.fill, top, left);
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

        public void apply(Image img, Generator rng) {
            double angle = uniform(rng, min, max);
            // torchvision's rotate turns counter-clockwise, its affine clockwise: rotate(a) is affine(-a).
            img.data = affine(img.data, img.c, img.h, img.w, -angle, 0, 0, 1, interpolation, img.fill);
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

        public void apply(Image img, Generator rng) {
            double angle = uniform(rng, min, max);
            double tx = 0, ty = 0;
            if (translate != null) {
                double dx = translate[0] * img.w, dy = translate[1] * img.h;
                tx = Math.rint(uniform(rng, -dx, dx));
                ty = Math.rint(uniform(rng, -dy, dy));
            }
            double s = scale == null ? 1 : uniform(rng, scale[0], scale[1]);
            img.data = affine(img.data, img.c, img.h, img.w, angle, tx, ty, s, interpolation, img.fill);
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

        public void apply(Image img, Generator rng) {
            int[] box = resizedCropBox(img.h, img.w, scale, ratio, rng);
            img.data = resizedCrop(img.data, img.c, img.h, img.w, box[0], box[1], box[2], box[3], interpolation);
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
    }

    /** torchvision's {@code RandomResizedCrop.get_params}: {top, left, height, width} of the part to stretch. */
    static int[] resizedCropBox(int height, int width, double[] scale, double[] ratio, Generator rng) {
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

        public void apply(Image img, Generator rng) {
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
                    case 0 -> Augmentation.brightness(x, img.c, img.h, img.w, factor[k]);
                    case 1 -> Augmentation.contrast(x, img.c, img.h, img.w, factor[k]);
                    case 2 -> Augmentation.saturation(x, img.c, img.h, img.w, factor[k]);
                    default -> Augmentation.hue(x, img.c, img.h, img.w, factor[k]);
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

        public void apply(Image img, Generator rng) {
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
                img.data = erase(img.data, img.c, img.h, img.w, top, left, eh, ew, v);
                return;
            }
        }
    }

    /** Whether transform {@code t} reads outside the image, so takes a {@code fill}. */
    static boolean fills(Transform t) {
        return t instanceof Crop || t instanceof Rotation || t instanceof Affine;
    }

    /**
     * One image on its way through the transforms: {@code [c, h, w]} floats as the model sees them, the value per channel
     * that fills, and per channel the {@code offset} and {@code scale} that normalized them (pixel = x·scale + offset).
     */
    public static final class Image {
        float[] data;
        final int c, h, w;
        final float[] fill, offset, scale;

        public Image(float[] data, int c, int h, int w, float[] fill) {
            this(data, c, h, w, fill, null, null);
        }

        public Image(float[] data, int c, int h, int w, float[] fill, float[] offset, float[] scale) {
            this.data = data;
            this.c = c;
            this.h = h;
            this.w = w;
            this.fill = fill;
            this.offset = offset;
            this.scale = scale;
        }

        /** The pixels as the picture had them, before normalization (a copy). */
        float[] pixels() {
            float[] x = data.clone();
            if (offset == null) return x;
            for (int k = 0; k < x.length; k++) x[k] = x[k] * scale[unit(k)] + offset[unit(k)];
            return x;
        }

        /** Takes pixels back to the model's units (normalized as the samples are). */
        void setPixels(float[] x) {
            if (offset != null) for (int k = 0; k < x.length; k++) x[k] = (x[k] - offset[unit(k)]) / scale[unit(k)];
            data = x;
        }

        /** Which offset and scale value {@code k} was normalized with: its channel's, or its own. */
        private int unit(int k) {
            return offset.length == c ? k / (h * w) : k;
        }

        public float[] data() {
            return data;
        }
    }

    public boolean isEmpty() {
        return transforms.isEmpty();
    }

    /** The JSON form: the list that {@link #parse} reads. */
    public List<Object> toList() {
        List<Object> out = new ArrayList<>();
        for (Transform t : transforms) {
            Map<String, Object> m = t.toMap();
            if (fill != 0 && fills(t)) m.put("fill", (double) fill);
            out.add(m);
        }
        return out;
    }

    /** "RandomCrop(padding=4), RandomHorizontalFlip(p=0.5)", or "none". */
    public String describe() {
        if (transforms.isEmpty()) return "none";
        List<String> parts = new ArrayList<>();
        for (Transform t : transforms) parts.add(t.describe());
        return String.join(", ", parts) + (fill != 0 ? " (fill " + show((double) fill) + ")" : "");
    }

    /**
     * Reads the {@code "augment"} value of a project's data set: null (none), or a list of transforms, each a name or an
     * object with {@code "name"} and its arguments. Every problem names where it is ({@code dataset.augment[1].p}).
     */
    public static Augmentation parse(Object value) {
        return AugmentationReader.read(value);
    }

    /**
     * This augmentation over the samples of {@code train} (normalized by {@code norm}), drawn from {@code seed}; the
     * set itself when there is nothing to do.
     *
     * @throws IllegalArgumentException when the samples are not images {@code [C, H, W]}
     */
    public Dataset over(Dataset train, Normalization norm, long seed) {
        if (transforms.isEmpty()) return train;
        int[] s = chw(train.sampleShape());
        if (s == null || train.vocabulary() != null)
            throw new IllegalArgumentException("dataset.augment: the transforms work on images [channels, height, width] or [height, width]; this data "
                    + "set's samples are " + java.util.Arrays.toString(train.sampleShape()) + (train.vocabulary() != null ? " token ids" : ""));
        for (Transform t : transforms) {
            if (t instanceof Crop c && c.mode() != PaddingMode.CONSTANT && c.mode() != PaddingMode.EDGE && c.padding() >= Math.min(s[1], s[2]))
                throw new IllegalArgumentException("dataset.augment: RandomCrop's " + c.mode().key() + " padding must be smaller than the image ("
                        + s[1] + "×" + s[2] + "), got " + c.padding());
        }
        for (Transform t : transforms) {
            if (t instanceof ColorJitter && s[0] != 1 && s[0] != 3)
                throw new IllegalArgumentException("dataset.augment: ColorJitter works on grey or RGB pictures (1 or 3 channels); these have " + s[0]);
        }
        return new Augmented(train, this, fills(norm, s[0]), units(norm, s, true), units(norm, s, false), seed);
    }

    /** {@code [C, H, W]} of an image sample: as it is, or {@code [1, H, W]} for a grey {@code [H, W]}; null for anything else. */
    public static int[] chw(int[] shape) {
        if (shape.length == 3) return shape;
        if (shape.length == 2) return new int[] {1, shape[0], shape[1]};
        return null;
    }

    /** {@link #fill} per channel as the model sees pixels: normalized as they were. */
    float[] fills(Normalization norm, int channels) {
        float[] out = new float[channels];
        for (int ch = 0; ch < channels; ch++) {
            if (norm == null || norm.kind() == Normalization.Kind.NONE) out[ch] = fill;
            else {
                int k = norm.per() == Normalization.Per.CHANNEL ? ch : 0;
                out[ch] = (fill - norm.offset()[k]) / norm.scale()[k];
            }
        }
        return out;
    }

    /**
     * What normalized samples of shape {@code chw}: the offsets ({@code offsets}) or the scales, one per channel, or one
     * per value where each value had its own; null when they are not normalized.
     */
    static float[] units(Normalization norm, int[] chw, boolean offsets) {
        if (norm == null || norm.kind() == Normalization.Kind.NONE) return null;
        float[] from = offsets ? norm.offset() : norm.scale();
        int values = chw[0] * chw[1] * chw[2];
        if (norm.per() == Normalization.Per.FEATURE && from.length == values) return from.clone();
        float[] out = new float[chw[0]];
        for (int ch = 0; ch < chw[0]; ch++) out[ch] = from[norm.per() == Normalization.Per.CHANNEL ? ch : 0];
        return out;
    }

    /** Applies every transform, in order, to one image. */
    public void apply(Image img, Generator rng) {
        for (Transform t : transforms) t.apply(img, rng);
    }

    /** The training samples, augmented each time they are batched. */
    public static final class Augmented implements Dataset {
        private final Dataset base;
        private final Augmentation augmentation;
        private final float[] fill, offset, scale;
        private final long seed;
        private final java.util.concurrent.atomic.AtomicLong draws = new java.util.concurrent.atomic.AtomicLong();

        Augmented(Dataset base, Augmentation augmentation, float[] fill, float[] offset, float[] scale, long seed) {
            this.base = base;
            this.augmentation = augmentation;
            this.fill = fill;
            this.offset = offset;
            this.scale = scale;
            this.seed = seed;
        }

        @Override
        public void continueAt(long batch) {
            if (batch < 0) throw new IllegalArgumentException("a batch number cannot be negative, got " + batch);
            draws.set(batch);
        }

        /** The samples as they are, without augmentation. */
        public Dataset original() {
            return base;
        }

        public Augmentation augmentation() {
            return augmentation;
        }

        @Override
        public int size() {
            return base.size();
        }

        @Override
        public int[] sampleShape() {
            return base.sampleShape();
        }

        @Override
        public int[] targetShape() {
            return base.targetShape();
        }

        @Override
        public List<String> classNames() {
            return base.classNames();
        }

        @Override
        public List<String> featureNames() {
            return base.featureNames();
        }

        /**
         * The samples at {@code indices}, each augmented with amounts of its own: batch number {@code d} of this set
         * (counted from 0, in the order they are asked for) draws sample {@code i}'s from {@code (seed, d, i)}, so a run
         * sees the same augmented batches every time.
         */
        @Override
        public Batch batch(int[] indices) {
            Batch b = base.batch(indices);
            long d = draws.getAndIncrement();
            int[] s = chw(base.sampleShape());
            int per = s[0] * s[1] * s[2];
            // A copy of the batch's pixels; each sample's transformed pixels go back in its place.
            float[] x = b.inputs().toFloatArray();
            for (int i = 0; i < indices.length; i++) {
                Image img = new Image(java.util.Arrays.copyOfRange(x, i * per, (i + 1) * per), s[0], s[1], s[2], fill, offset, scale);
                augmentation.apply(img, new Generator(mix(seed, d, i)));
                System.arraycopy(img.data, 0, x, i * per, per);
            }
            return new Batch(layerlab.tensor.Tensor.of(x, b.inputs().shape().clone()), b.targets(), b.inputs());
        }

        /**
         * The sample whose pixels ({@code [C, H, W]}, as batched) start at {@code offset} of {@code samples}, augmented with
         * amounts drawn from {@code seed}: a variant to show. {@code samples} is left as it is.
         */
        public float[] draw(float[] samples, int offset, long seed) {
            int[] s = chw(base.sampleShape());
            Image img = new Image(java.util.Arrays.copyOfRange(samples, offset, offset + s[0] * s[1] * s[2]), s[0], s[1], s[2], fill, this.offset, scale);
            augmentation.apply(img, new Generator(mix(this.seed, -1 - seed, 0)));
            return img.data;
        }

        @Override
        public String describe() {
            return base.describe() + "; augmented: " + augmentation.describe();
        }
    }

    /** A seed for sample {@code i} of draw {@code d}: SplitMix64's finalizer over the three. */
    static long mix(long seed, long d, int i) {
        long z = seed * 0x9E3779B97F4A7C15L + d * 0xBF58476D1CE4E5B9L + i * 0x94D049BB133111EBL + 0x2545F4914F6CDD1DL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double uniform(Generator rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    // ---- The transforms' arithmetic, torchvision.transforms.functional's: ImageFunctions has it ----

    /** {@link ImageFunctions#hflip}. */
    public static float[] hflip(float[] x, int c, int h, int w) {
        return ImageFunctions.hflip(x, c, h, w);
    }

    /** {@link ImageFunctions#erase}. */
    public static float[] erase(float[] x, int c, int h, int w, int top, int left, int eh, int ew, float[] v) {
        return ImageFunctions.erase(x, c, h, w, top, left, eh, ew, v);
    }

    /** {@link ImageFunctions#resizedCrop}. */
    public static float[] resizedCrop(float[] x, int c, int h, int w, int top, int left, int ch, int cw, Interpolation mode) {
        return ImageFunctions.resizedCrop(x, c, h, w, top, left, ch, cw, mode);
    }

    /** {@link ImageFunctions#resize}. */
    public static float[] resize(float[] x, int c, int h, int w, int height, int width, Interpolation mode) {
        return ImageFunctions.resize(x, c, h, w, height, width, mode);
    }

    /** {@link ImageFunctions#brightness}. */
    public static float[] brightness(float[] x, int c, int h, int w, double factor) {
        return ImageFunctions.brightness(x, c, h, w, factor);
    }

    /** {@link ImageFunctions#contrast}. */
    public static float[] contrast(float[] x, int c, int h, int w, double factor) {
        return ImageFunctions.contrast(x, c, h, w, factor);
    }

    /** {@link ImageFunctions#saturation}. */
    public static float[] saturation(float[] x, int c, int h, int w, double factor) {
        return ImageFunctions.saturation(x, c, h, w, factor);
    }

    /** {@link ImageFunctions#hue}. */
    public static float[] hue(float[] x, int c, int h, int w, double factor) {
        return ImageFunctions.hue(x, c, h, w, factor);
    }

    /** {@link ImageFunctions#vflip}. */
    public static float[] vflip(float[] x, int c, int h, int w) {
        return ImageFunctions.vflip(x, c, h, w);
    }

    /** {@link ImageFunctions#padCrop}. */
    public static float[] padCrop(float[] x, int c, int h, int w, int padding, PaddingMode mode, float[] fill, int top, int left) {
        return ImageFunctions.padCrop(x, c, h, w, padding, mode, fill, top, left);
    }

    /** {@link ImageFunctions#affine}. */
    public static float[] affine(float[] x, int c, int h, int w, double angle, double tx, double ty, double scale, Interpolation mode, float[] fill) {
        return ImageFunctions.affine(x, c, h, w, angle, tx, ty, scale, mode, fill);
    }

    /** A number as written ("4", "0.5"), a list as a tuple ("(0.1, 0.2)"): for messages and {@link #describe}. */
    static String show(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e9) return String.valueOf(d.longValue());
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) parts.add(show(o));
            return "(" + String.join(", ", parts) + ")";
        }
        return String.valueOf(v);
    }
}
