package layerlab.data;

import java.util.ArrayList;
import java.util.List;
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
 * number and the sample's place in it; given them, each {@link Transform} computes what torchvision's tensor functions
 * compute ({@link ImageFunctions}, tested against them) on an {@link AugmentedImage}; {@link AugmentationReader} reads
 * the {@code "augment"} list ({@link #parse}); {@link AugmentedDataset} is the training set they apply to. Samples are
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

    /**
     * What argument {@code key} of transform {@code name} is when it is not given, torchvision's default as the JSON
     * form would hold it: a number, a {@code [min, max]} list, a word, or null for none. {@link AugmentationReader} reads
     * an absent argument as this and the Data tab shows it ({@link #defaultText}): one table for both.
     */
    static Object defaultValue(String name, String key) {
        return switch (key) {
            case "p" -> 0.5;
            case "padding" -> 4.0;
            case "padding_mode" -> PaddingMode.CONSTANT.key();
            case "fill", "value" -> 0.0;
            case "degrees" -> "RandomRotation".equals(name) ? 15.0 : 0.0;
            case "interpolation" -> ("RandomResizedCrop".equals(name) ? Interpolation.BILINEAR : Interpolation.NEAREST).key();
            case "translate" -> null;
            case "scale" -> "RandomErasing".equals(name) ? List.of(0.02, 0.33) : "RandomResizedCrop".equals(name) ? List.of(0.08, 1.0) : null;
            case "ratio" -> "RandomResizedCrop".equals(name) ? List.of(3.0 / 4, 4.0 / 3) : List.of(0.3, 3.3);
            case "brightness", "contrast", "saturation", "hue" -> 0.0;
            default -> throw new IllegalArgumentException(name + " has no argument \"" + key + "\"");
        };
    }

    /** {@link #defaultValue} as the Data tab shows it in an empty field: "0.5", "[0.75, 1.3333]", "none". */
    public static String defaultText(String name, String key) {
        Object v = defaultValue(name, key);
        if (v == null) return "none";
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) parts.add(java.math.BigDecimal.valueOf((Double) o).setScale(4, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString());
            return "[" + String.join(", ", parts) + "]";
        }
        return show(v);
    }

    /** The words argument {@code key} takes, when it takes a few (else empty). */
    public static List<String> choices(String key) {
        List<String> out = new ArrayList<>();
        if (key.equals("padding_mode")) for (PaddingMode m : PaddingMode.values()) out.add(m.key());
        if (key.equals("interpolation")) for (Interpolation m : Interpolation.values()) out.add(m.key());
        return out;
    }

    /** Whether transform {@code t} reads outside the image, so takes a {@code fill}. */
    static boolean fills(Transform t) {
        return t instanceof Transform.Crop || t instanceof Transform.Rotation || t instanceof Transform.Affine;
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
            if (t instanceof Transform.Crop c && c.mode() != PaddingMode.CONSTANT && c.mode() != PaddingMode.EDGE && c.padding() >= Math.min(s[1], s[2]))
                throw new IllegalArgumentException("dataset.augment: RandomCrop's " + c.mode().key() + " padding must be smaller than the image ("
                        + s[1] + "×" + s[2] + "), got " + c.padding());
        }
        for (Transform t : transforms) {
            if (t instanceof Transform.ColorJitter && s[0] != 1 && s[0] != 3)
                throw new IllegalArgumentException("dataset.augment: ColorJitter works on grey or RGB pictures (1 or 3 channels); these have " + s[0]);
        }
        return new AugmentedDataset(train, this, fills(norm, s[0]), units(norm, s, true), units(norm, s, false), seed);
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
    public void apply(AugmentedImage img, Generator rng) {
        for (Transform t : transforms) t.apply(img, rng);
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
