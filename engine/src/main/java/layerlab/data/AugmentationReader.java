package layerlab.data;

import static layerlab.data.Augmentation.NAMES;
import static layerlab.data.Augmentation.NONE;
import static layerlab.data.Augmentation.arguments;
import static layerlab.data.Augmentation.show;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.data.Transform.ColorJitter;
import layerlab.data.Transform.Crop;
import layerlab.data.Transform.Erasing;
import layerlab.data.Transform.Affine;
import layerlab.data.Transform.Flip;
import layerlab.data.Transform.ResizedCrop;
import layerlab.data.Transform.Rotation;
import layerlab.graph.json.SettingsReader;
import layerlab.graph.spec.Spelling;

/**
 * Reads a data set's {@code "augment"} list into an {@link Augmentation}: each transform's name and arguments checked,
 * with torchvision's defaults, every problem naming where it is ({@code dataset.augment[1].p}).
 */
final class AugmentationReader {
    private AugmentationReader() {
    }

    /** See {@link Augmentation#parse}. */
    static Augmentation read(Object value) {
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
                case "RandomHorizontalFlip", "RandomVerticalFlip" -> new Flip(name.equals("RandomHorizontalFlip"), a.number("p", 0, 1));
                case "RandomCrop" -> new Crop((int) a.integer("padding", 1, 64), a.choice("padding_mode", PaddingMode.class));
                case "RandomRotation" -> {
                    double[] d = a.degrees();
                    yield new Rotation(d[0], d[1], a.choice("interpolation", Interpolation.class));
                }
                case "RandomAffine" -> {
                    double[] d = a.degrees();
                    double[] translate = a.pair("translate", 0, 1);
                    double[] scale = a.pair("scale", Double.MIN_VALUE, 10);
                    if (scale != null && scale[0] > scale[1])
                        throw new IllegalArgumentException(at + ".scale must be [min, max] with min ≤ max, got " + SettingsReader.show(args.get("scale")));
                    yield new Affine(d[0], d[1], translate, scale, a.choice("interpolation", Interpolation.class));
                }
                case "RandomErasing" -> {
                    double[] scale = a.pair("scale", 0, 1), ratio = a.pair("ratio", Double.MIN_VALUE, 100);
                    Object erased = args.containsKey("value") ? args.get("value") : Augmentation.defaultValue(name, "value");
                    if (erased != null && !(erased instanceof Number) && !"random".equals(erased))
                        throw new IllegalArgumentException(at + ".value must be a number (in the model's normalized units) or \"random\", got " + SettingsReader.show(erased));
                    for (double[] r : new double[][] {scale, ratio})
                        if (r != null && r[0] > r[1])
                            throw new IllegalArgumentException(at + "." + (r == scale ? "scale" : "ratio") + " must be [min, max] with min ≤ max, got "
                                    + SettingsReader.show(args.get(r == scale ? "scale" : "ratio")));
                    yield new Erasing(a.number("p", 0, 1), scale, ratio, erased instanceof Number v ? v.doubleValue() : null);
                }
                case "RandomResizedCrop" -> {
                    double[] scale = a.pair("scale", Double.MIN_VALUE, 1), ratio = a.pair("ratio", Double.MIN_VALUE, 100);
                    for (double[] r : new double[][] {scale, ratio})
                        if (r != null && r[0] > r[1])
                            throw new IllegalArgumentException(at + "." + (r == scale ? "scale" : "ratio") + " must be [min, max] with min ≤ max, got "
                                    + SettingsReader.show(args.get(r == scale ? "scale" : "ratio")));
                    yield new ResizedCrop(scale, ratio, a.choice("interpolation", Interpolation.class));
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
            if (Augmentation.fills(t) && args.get("fill") != null) {
                float f = (float) a.number("fill", -Double.MAX_VALUE, Double.MAX_VALUE);
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
     * One transform's arguments, checked: each message names the key as {@code dataset.augment[0].p}; an absent one is
     * {@link Augmentation#defaultValue}.
     */
    private record Args(Map<?, ?> map, String at, String name) {
        @SuppressWarnings("unchecked")
        SettingsReader reader() {
            return new SettingsReader((Map<String, ?>) map, at);
        }

        private Object fallback(String k) {
            return Augmentation.defaultValue(name, k);
        }

        double number(String k, double min, double max) {
            return reader().real(k, ((Number) fallback(k)).doubleValue(), min, max);
        }

        long integer(String k, long min, long max) {
            return reader().integer(k, ((Number) fallback(k)).longValue(), min, max);
        }

        <E extends Enum<E>> E choice(String k, Class<E> type) {
            return reader().choice(k, (String) fallback(k), type);
        }

        /** {@code degrees}: d for [-d, d] (d ≥ 0), or [min, max]. */
        double[] degrees() {
            Object v = map.get("degrees");
            if (v == null) {
                double d = ((Number) fallback("degrees")).doubleValue();
                return new double[] {-d, d};
            }
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

        /** A {@code [a, b]} of numbers within [min, max]; when absent, the default (null for none). */
        double[] pair(String k, double min, double max) {
            Object v = map.get(k);
            if (v == null) return fallback(k) instanceof List<?> d ? new double[] {((Number) d.get(0)).doubleValue(), ((Number) d.get(1)).doubleValue()} : null;
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
