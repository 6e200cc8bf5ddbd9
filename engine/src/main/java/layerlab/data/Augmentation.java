package layerlab.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import layerlab.graph.json.SettingsReader;
import layerlab.graph.spec.Spelling;
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
 * compute ({@link #hflip}, {@link #vflip}, {@link #padCrop}, {@link #affine}, {@link #erase}; tested against them). Samples are
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
            for (int k = 0; k < x.length; k++) x[k] = clamp01(x[k]);
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
    private static boolean fills(Transform t) {
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
        if (value == null) return NONE;
        String where = "dataset.augment";
        if (!(value instanceof List<?> list))
            throw new IllegalArgumentException(where + " must be a list of transforms such as [\"RandomHorizontalFlip\", {\"name\": \"RandomCrop\", "
                    + "\"padding\": 4}], got " + SettingsReader.show(value));
        List<Transform> out = new ArrayList<>();
        Float fill = null;
        for (int i = 0; i < list.size(); i++) {
            String at = where + "[" + i + "]";
            Object item = list.get(i);
            Map<?, ?> args;
            String name;
            if (item instanceof String s) {
                name = s;
                args = Map.of();
            } else if (item instanceof Map<?, ?> m && m.get("name") instanceof String s) {
                name = s;
                args = m;
            } else {
                throw new IllegalArgumentException(at + " must be a transform's name or an object with a \"name\", got " + SettingsReader.show(item));
            }
            Args a = new Args(args, at, name);
            Transform t = switch (name) {
                case "RandomHorizontalFlip", "RandomVerticalFlip" -> new Flip(name.equals("RandomHorizontalFlip"), a.number("p", 0.5, 0, 1));
                case "RandomCrop" -> new Crop((int) a.integer("padding", 4, 1, 64), a.choice("padding_mode", PaddingMode.CONSTANT, PaddingMode.class));
                case "RandomRotation" -> {
                    double[] d = a.degrees(15);
                    yield new Rotation(d[0], d[1], a.choice("interpolation", Interpolation.NEAREST, Interpolation.class));
                }
                case "RandomAffine" -> {
                    double[] d = a.degrees(0);
                    double[] translate = a.pair("translate", 0, 1);
                    double[] scale = a.pair("scale", Double.MIN_VALUE, 10);
                    if (scale != null && scale[0] > scale[1])
                        throw new IllegalArgumentException(at + ".scale must be [min, max] with min ≤ max, got " + SettingsReader.show(args.get("scale")));
                    yield new Affine(d[0], d[1], translate, scale, a.choice("interpolation", Interpolation.NEAREST, Interpolation.class));
                }
                case "RandomErasing" -> {
                    double[] scale = a.pair("scale", 0, 1), ratio = a.pair("ratio", Double.MIN_VALUE, 100);
                    Object erased = args.get("value");
                    if (erased != null && !(erased instanceof Number) && !"random".equals(erased))
                        throw new IllegalArgumentException(at + ".value must be a number (in the model's normalized units) or \"random\", got " + SettingsReader.show(erased));
                    for (double[] r : new double[][] {scale, ratio})
                        if (r != null && r[0] > r[1])
                            throw new IllegalArgumentException(at + "." + (r == scale ? "scale" : "ratio") + " must be [min, max] with min ≤ max, got "
                                    + SettingsReader.show(args.get(r == scale ? "scale" : "ratio")));
                    yield new Erasing(a.number("p", 0.5, 0, 1), scale == null ? new double[] {0.02, 0.33} : scale,
                            ratio == null ? new double[] {0.3, 3.3} : ratio, erased instanceof Number v ? v.doubleValue() : erased == null ? 0.0 : null);
                }
                case "RandomResizedCrop" -> {
                    double[] scale = a.pair("scale", Double.MIN_VALUE, 1), ratio = a.pair("ratio", Double.MIN_VALUE, 100);
                    for (double[] r : new double[][] {scale, ratio})
                        if (r != null && r[0] > r[1])
                            throw new IllegalArgumentException(at + "." + (r == scale ? "scale" : "ratio") + " must be [min, max] with min ≤ max, got "
                                    + SettingsReader.show(args.get(r == scale ? "scale" : "ratio")));
                    yield new ResizedCrop(scale == null ? new double[] {0.08, 1.0} : scale, ratio == null ? new double[] {3.0 / 4, 4.0 / 3} : ratio,
                            a.choice("interpolation", Interpolation.BILINEAR, Interpolation.class));
                }
                case "ColorJitter" -> {
                    ColorJitter j = new ColorJitter(a.jitter("brightness", 1, 0, 100), a.jitter("contrast", 1, 0, 100), a.jitter("saturation", 1, 0, 100),
                            a.jitter("hue", 0, -0.5, 0.5));
                    if (j.brightness() == null && j.contrast() == null && j.saturation() == null && j.hue() == null)
                        throw new IllegalArgumentException(at + ": ColorJitter changes nothing; give it brightness, contrast, saturation or hue "
                                + "(e.g. {\"name\": \"ColorJitter\", \"brightness\": 0.4})");
                    yield j;
                }
                default -> throw new IllegalArgumentException(at + ": unknown transform " + SettingsReader.show(name) + Spelling.suggestion(name, NAMES)
                        + "; expected one of " + String.join(", ", NAMES));
            };
            if (fills(t) && args.get("fill") != null) {
                float f = (float) a.number("fill", 0, -Double.MAX_VALUE, Double.MAX_VALUE);
                if (fill != null && fill != f)
                    throw new IllegalArgumentException(at + ".fill: every transform fills with one value; an earlier one gives " + show((double) fill));
                fill = f;
            }
            a.checkKeys(t);
            out.add(t);
        }
        return new Augmentation(out, fill == null ? 0f : fill);
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
            return new Batch(layerlab.tensor.Tensor.of(x, b.inputs().shape().clone()), b.targets());
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

    // ---- The transforms' arithmetic, as torchvision.transforms.functional computes it on tensors ----

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

    /** {@code F.vflip}: each channel's rows in reverse order. */
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

    private static float clamp01(float v) {
        return Math.min(1f, Math.max(0f, v));
    }

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

    private static String show(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e9) return String.valueOf(d.longValue());
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) parts.add(show(o));
            return "(" + String.join(", ", parts) + ")";
        }
        return String.valueOf(v);
    }

    /** One transform's arguments, checked: each message names the key as {@code dataset.augment[0].p}. */
    private record Args(Map<?, ?> map, String at, String name) {
        @SuppressWarnings("unchecked")
        SettingsReader reader() {
            return new SettingsReader((Map<String, ?>) map, at);
        }

        double number(String k, double fallback, double min, double max) {
            return reader().real(k, fallback, min, max);
        }

        long integer(String k, long fallback, long min, long max) {
            return reader().integer(k, fallback, min, max);
        }

        <E extends Enum<E>> E choice(String k, E fallback, Class<E> type) {
            return reader().choice(k, fallback.name().toLowerCase(Locale.ROOT), type);
        }

        /** {@code degrees}: d for [-d, d] (d ≥ 0), or [min, max]. */
        double[] degrees(double fallback) {
            Object v = map.get("degrees");
            if (v == null) return new double[] {-fallback, fallback};
            if (v instanceof Number x && x.doubleValue() >= 0 && x.doubleValue() <= 360) return new double[] {-x.doubleValue(), x.doubleValue()};
            double[] p = pair("degrees", -360, 360);
            if (p == null || p[0] > p[1])
                throw new IllegalArgumentException(at + ".degrees must be a number of degrees from 0 to 360 (turns from -d to d) or [min, max], got "
                        + SettingsReader.show(v));
            return p;
        }

        /**
         * A ColorJitter range: a number d for [centre − d, centre + d] (the low end at least 0 except for hue), or [min, max]
         * within [lo, hi]; null when absent or when it changes nothing (torchvision's {@code _check_input}).
         */
        double[] jitter(String k, double centre, double lo, double hi) {
            Object v = map.get(k);
            if (v == null) return null;
            double[] r;
            if (v instanceof Number x) {
                double d = x.doubleValue();
                if (!(d >= 0 && d <= (centre == 0 ? 0.5 : hi - centre)))
                    throw new IllegalArgumentException(at + "." + k + " must be a number from 0 to " + show(centre == 0 ? 0.5 : hi - centre)
                            + " (factors from " + (centre == 0 ? "-d" : "1 - d") + " to " + (centre == 0 ? "d" : "1 + d") + ") or [min, max], got " + SettingsReader.show(v));
                r = new double[] {centre == 0 ? -d : Math.max(0, centre - d), centre + d};
            } else {
                r = pair(k, lo, hi);
                if (r[0] > r[1]) throw new IllegalArgumentException(at + "." + k + " must be [min, max] with min ≤ max, got " + SettingsReader.show(v));
            }
            return r[0] == centre && r[1] == centre ? null : r;
        }

        /** A {@code [a, b]} of numbers within [min, max]; null when absent. */
        double[] pair(String k, double min, double max) {
            Object v = map.get(k);
            if (v == null) return null;
            if (v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b
                    && a.doubleValue() >= min && a.doubleValue() <= max && b.doubleValue() >= min && b.doubleValue() <= max)
                return new double[] {a.doubleValue(), b.doubleValue()};
            throw new IllegalArgumentException(at + "." + k + " must be two numbers [a, b]" + range(min, max) + ", got " + SettingsReader.show(v));
        }

        void checkKeys(Transform t) {
            List<String> allowed = new ArrayList<>(List.of("name"));
            allowed.addAll(arguments(t.name()));
            for (Object k : map.keySet())
                if (!allowed.contains(k))
                    throw new IllegalArgumentException(at + ": " + name + " has no argument " + SettingsReader.show(k) + Spelling.suggestion(String.valueOf(k), allowed)
                            + "; it takes " + String.join(", ", allowed.subList(1, allowed.size())));
        }

        private static String range(double min, double max) {
            if (min == -Double.MAX_VALUE) return "";
            String lo = min == Double.MIN_VALUE ? "above 0" : "from " + show(min);
            return " " + lo + " to " + show(max);
        }
    }
}
