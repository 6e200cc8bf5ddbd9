package layerlab.graph.spec;

import java.util.List;
import java.util.Objects;

/**
 * One param of a layer kind, named as in PyTorch's constructor.
 *
 * @param defaultValue the value when unset; null means PyTorch's {@code None} (or "auto" when {@code auto})
 * @param min          inclusive lower bound for numbers and sizes, or null
 * @param max          inclusive upper bound, or null
 * @param choices      the allowed strings of a CHOICE or PADDING
 * @param arity        how many numbers a SIZE or PADDING tuple has (its spatial dims)
 * @param nullable     whether {@code None} is allowed: with a null default it is what "unset" means; otherwise it is
 *                     set explicitly, as {@link PyNone#NONE} (BatchNorm's {@code momentum=None})
 * @param auto         shape-determined: filled from the incoming shape when unset ({@code in_features})
 * @param positional   written positionally in the PyTorch constructor ({@code nn.Linear(784, 512)})
 * @param torchDefault PyTorch's default, where LayerLab's differs (RNN {@code batch_first}: LayerLab's batch is
 *                     always first); the PyTorch text writes a param only when it differs from this
 */
public record ParamSpec(String name, ParamType type, Object defaultValue, Double min, Double max, List<String> choices,
                        int arity, boolean nullable, boolean auto, boolean positional, String doc, Object torchDefault) {
    public ParamSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        choices = List.copyOf(choices);
        Objects.requireNonNull(doc, "doc");
    }

    public static ParamSpec integer(String name, Integer def, Integer min, Integer max, String doc) {
        return new ParamSpec(name, ParamType.INT, def, min == null ? null : min.doubleValue(), max == null ? null : max.doubleValue(),
                List.of(), 1, false, false, false, doc, def);
    }

    public static ParamSpec real(String name, double def, Double min, Double max, String doc) {
        return new ParamSpec(name, ParamType.FLOAT, def, min, max, List.of(), 1, false, false, false, doc, def);
    }

    /** A free name (a Block instance's {@code block}). */
    public static ParamSpec string(String name, String def, String doc) {
        return new ParamSpec(name, ParamType.STRING, def, null, null, List.of(), 1, false, false, false, doc, def);
    }

    public static ParamSpec bool(String name, boolean def, String doc) {
        return new ParamSpec(name, ParamType.BOOL, def, null, null, List.of(), 1, false, false, false, doc, def);
    }

    public static ParamSpec choice(String name, String def, List<String> choices, String doc) {
        return new ParamSpec(name, ParamType.CHOICE, def, null, null, choices, 1, false, false, false, doc, def);
    }

    /** An int or an {@code arity}-tuple, each at least {@code min}. */
    public static ParamSpec size(String name, Integer def, int arity, int min, String doc) {
        return new ParamSpec(name, ParamType.SIZE, def, (double) min, null, List.of(), arity, false, false, false, doc, def);
    }

    /** Convolution padding: an int or tuple (at least 0), or {@code 'same'} / {@code 'valid'}. */
    public static ParamSpec padding(int arity, boolean strings) {
        return new ParamSpec("padding", ParamType.PADDING, 0, 0.0, null, strings ? List.of("same", "valid") : List.of(), arity,
                false, false, false, "zeros added on both sides of each spatial dimension"
                        + (strings ? "; 'same' keeps the size (stride 1 only), 'valid' adds none" : ""), 0);
    }

    /** A list of whole numbers, each at least {@code min}; {@code -1} once when {@code min} is -1 (Reshape's "the rest"). */
    public static ParamSpec shape(String name, List<Integer> def, int min, String doc) {
        return new ParamSpec(name, ParamType.SHAPE, def, (double) min, null, List.of(), 0, false, false, false, doc, def);
    }

    /**
     * A list of finite numbers, unset (PyTorch's {@code None}) by default: a loss's class {@code weight} or {@code pos_weight}.
     * How many it must hold depends on the input's shape, so the loss's shape rule counts them.
     */
    public static ParamSpec floats(String name, String doc) {
        return new ParamSpec(name, ParamType.FLOATS, null, null, null, List.of(), 0, true, false, false, doc, null);
    }

    /** A number or a list of {@code arity} numbers, one per spatial dim (Upsample's {@code scale_factor=(2.0, 3.0)}). */
    public ParamSpec orPerDim(int arity) {
        return new ParamSpec(name, type, defaultValue, min, max, choices, arity, nullable, auto, positional, doc, torchDefault);
    }

    /** This param shape-determined: unset means "take it from the incoming shape". */
    public ParamSpec fromShape() {
        return new ParamSpec(name, type, null, min, max, choices, arity, nullable, true, positional, doc, null);
    }

    public ParamSpec positionalArg() {
        return new ParamSpec(name, type, defaultValue, min, max, choices, arity, nullable, auto, true, doc, torchDefault);
    }

    /** PyTorch's default where LayerLab's differs; only the PyTorch text reads it. */
    public ParamSpec torchDefault(Object value) {
        return new ParamSpec(name, type, defaultValue, min, max, choices, arity, nullable, auto, positional, doc, value);
    }

    /** {@code None} allowed, and the default. */
    public ParamSpec orNone() {
        return new ParamSpec(name, type, null, min, max, choices, arity, true, auto, positional, doc, null);
    }

    /** {@code None} allowed besides the default, meaning something of its own ({@code momentum=None}: a cumulative average). */
    public ParamSpec orExplicitNone() {
        return new ParamSpec(name, type, defaultValue, min, max, choices, arity, true, auto, positional, doc, torchDefault);
    }

    /** Whether {@code None} must be set explicitly ({@link PyNone#NONE}) because unset means the default, something else. */
    public boolean explicitNone() {
        return nullable && defaultValue != null;
    }

    /** Why {@code v} is not a valid value, in a student's words, or null when it is. */
    public String check(Object v) {
        String t = typeProblem(v);
        return t != null ? t : rangeProblem(v);
    }

    /** Why {@code v} is not even of this param's type (a string for a number, a tuple of the wrong length), or null. */
    public String typeProblem(Object v) {
        if (v == null) return nullable || auto || defaultValue != null ? null : name + " must be set";
        if (v == PyNone.NONE) return explicitNone() ? null : name + " cannot be None" + (nullable ? "; leave it unset for None" : "");
        switch (type) {
            case INT:
                return v instanceof Integer ? null : name + " must be a whole number, got " + show(v);
            case FLOAT:
                if (arity > 1 && v instanceof List<?> list) {
                    boolean numbers = list.size() == arity && list.stream().allMatch(o -> (o instanceof Double || o instanceof Integer) && !Double.isNaN(((Number) o).doubleValue()));
                    return numbers ? null : name + " must be a number or a list of " + arity + ", got " + show(v);
                }
                if (!(v instanceof Double || v instanceof Integer)) return name + " must be a number" + (arity > 1 ? " or a list of " + arity : "") + ", got " + show(v);
                return Double.isNaN(((Number) v).doubleValue()) ? name + " must be a number, got NaN" : null;
            case BOOL:
                return v instanceof Boolean ? null : name + " must be true or false, got " + show(v);
            case CHOICE:
                return v instanceof String s && choices.contains(s) ? null : name + " must be one of " + choiceList() + ", got " + show(v);
            case STRING:
                return v instanceof String s && !s.isEmpty() ? null : name + " must be a name, got " + show(v);
            case PADDING:
                if (v instanceof String s) {
                    return choices.contains(s) ? null : name + " must be a whole number" + (choices.isEmpty() ? "" : ", " + choiceList()) + " or a list of " + arity + ", got " + show(v);
                }
                return sizeType(v);
            case SIZE:
                return sizeType(v);
            case SHAPE:
                if (!(v instanceof List<?> list)) return name + " must be a list of whole numbers, got " + show(v);
                for (Object o : list) if (!(o instanceof Integer)) return name + " must be a list of whole numbers, got " + show(v);
                return null;
            case FLOATS:
                if (!(v instanceof List<?> list) || list.isEmpty()) return name + " must be a list of numbers such as [1.0, 9.0], got " + show(v);
                for (Object o : list) {
                    if (!(o instanceof Double || o instanceof Integer)) return name + " must be a list of numbers such as [1.0, 9.0], got " + show(v);
                    if (!Double.isFinite(((Number) o).doubleValue())) return name + " holds " + show(o) + "; each entry must be a finite number";
                }
                return null;
            default:
                throw new AssertionError(type);
        }
    }

    /** Why a value of the right type is out of range ({@code p is 1.5 but must be between 0 and 1}), or null. */
    public String rangeProblem(Object v) {
        if (v instanceof Number n && (type == ParamType.INT || type == ParamType.FLOAT || type == ParamType.SIZE || type == ParamType.PADDING)) {
            return range(n.doubleValue());
        }
        if (v instanceof List<?> list && type == ParamType.SHAPE) {
            int minusOnes = 0;
            for (Object o : list) {
                int i = (Integer) o;
                if (i == -1 && min != null && min == -1) minusOnes++;
                else if (min != null && i < Math.max(min, 0)) return name + " holds " + i + ", but its sizes must be at least " + (int) Math.max(min, 0);
            }
            return minusOnes > 1 ? name + " may hold -1 (\"the rest\") only once" : null;
        }
        if (type == ParamType.FLOATS) return null;
        if (v instanceof List<?> list) {
            for (Object o : list) {
                String r = range(((Number) o).doubleValue());
                if (r != null) return r;
            }
        }
        return null;
    }

    private String sizeType(Object v) {
        if (v instanceof Integer) return null;
        if (v instanceof List<?> list && list.size() == arity && list.stream().allMatch(o -> o instanceof Integer)) return null;
        return name + " must be a whole number" + (arity > 1 ? " or a list of " + arity : "") + ", got " + show(v);
    }

    private String range(double v) {
        boolean low = min != null && v < min, high = max != null && v > max;
        if (!low && !high) return null;
        String shown = show(v);
        if (min != null && max != null) return name + " is " + shown + " but must be between " + show(min) + " and " + show(max);
        return low ? name + " is " + shown + " but must be at least " + show(min) : name + " is " + shown + " but must be at most " + show(max);
    }

    private String choiceList() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < choices.size(); i++) {
            if (i > 0) sb.append(i == choices.size() - 1 ? " or " : ", ");
            sb.append('\'').append(choices.get(i)).append('\'');
        }
        return sb.toString();
    }

    /** The default as a project file writes it ({@code 0.1}, {@code 'zeros'}, {@code true}). */
    public String defaultText() {
        return show(defaultValue);
    }

    private static String show(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
        if (v instanceof String s) return "'" + s + "'";
        return String.valueOf(v);
    }

    /** The allowed values in a few words ("at least 1", "0 … 1", "'zeros' or 'reflect'"), for docs and tooltips. */
    public String rangeText() {
        if (!choices.isEmpty() && type == ParamType.CHOICE) return choiceList();
        String r = min != null && max != null ? show(min) + " … " + show(max) : min != null ? "at least " + show(min) : max != null ? "at most " + show(max) : "";
        if (type == ParamType.PADDING && !choices.isEmpty()) r = r + ", or " + choiceList();
        return r;
    }
}
