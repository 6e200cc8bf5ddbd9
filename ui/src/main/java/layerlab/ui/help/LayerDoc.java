package layerlab.ui.help;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.ParamSpec;
import layerlab.graph.spec.ParamType;
import layerlab.graph.spec.PortSpec;
import layerlab.graph.spec.Registry;
import layerlab.graph.spec.ResolvedParams;
import layerlab.ui.editor.ParamText;

/**
 * A layer kind's help page, read off its {@link LayerSpec} (so a new kind documents itself): its name and group,
 * the doc paragraph, the shape formula in it, its ports, its params and a PyTorch example.
 *
 * @param shape   the doc's sentence with the shape formula ({@code [N, *, in_features] → [N, *, out_features]}), or ""
 * @param example the PyTorch text for the defaults, shape-filled params given a sample value ({@code nn.Linear(16, 64)})
 */
public record LayerDoc(String kind, String displayName, String category, String doc, String shape,
                       List<Port> inputs, List<Port> outputs, List<Param> params, String example) {
    /** A port: its name and the tensor it takes or gives. */
    public record Port(String name, String type, boolean optional) {}

    /**
     * A param as the help page lists it.
     *
     * @param name        the PyTorch name (LayerLab uses PyTorch's names throughout)
     * @param type        in words ("int", "int or tuple of 2")
     * @param defaultText the default ("64", "None", "from the input shape")
     * @param range       the allowed values ("at least 1"), or ""
     */
    public record Param(String name, String type, String defaultText, String range, String doc) {}

    /** The page for a registered kind; throws for an unknown one. */
    public static LayerDoc of(String kind) {
        return of(Registry.get(kind));
    }

    public static LayerDoc of(LayerSpec spec) {
        List<Param> params = spec.params().stream()
                .map(p -> new Param(p.name(), typeText(p), defaultText(p), p.rangeText(), p.doc())).toList();
        return new LayerDoc(spec.kind(), spec.displayName(), spec.category().displayName(), spec.doc(), shapeSentence(spec.doc()),
                ports(spec.defaultInputs()), ports(spec.defaultOutputs()), params, example(spec));
    }

    private static List<Port> ports(List<PortSpec> ports) {
        return ports.stream().map(p -> new Port(p.name(), p.type().toString().toLowerCase(Locale.ROOT), p.optional())).toList();
    }

    static String typeText(ParamSpec p) {
        String t = switch (p.type()) {
            case INT -> "int";
            case FLOAT -> p.arity() > 1 ? "float or tuple of " + p.arity() : "float";
            case BOOL -> "bool";
            case CHOICE -> "str";
            case STRING -> "str";
            case SIZE -> p.arity() > 1 ? "int or tuple of " + p.arity() : "int";
            case PADDING -> (p.arity() > 1 ? "int, tuple of " + p.arity() : "int") + " or str";
            case SHAPE -> "list of int";
            case FLOATS -> "list of float (a tensor)";
        };
        return p.nullable() ? t + " or None" : t;
    }

    static String defaultText(ParamSpec p) {
        if (p.auto() && p.defaultValue() == null) return "from the input shape";
        return p.defaultValue() == null ? "None" : ParamText.format(p.defaultValue());
    }

    /**
     * The shape formula: the first sentence that maps shapes ("… → …"), where the descriptors keep it, from the
     * colon that introduces it ("applied to the last dimension: [N, *, in] → [N, *, out]").
     */
    static String shapeSentence(String doc) {
        for (String s : doc.split("(?<=\\.)\\s+(?=[A-Z])")) {
            int arrow = s.indexOf('→');
            if (arrow < 0) continue;
            int colon = s.lastIndexOf(": ", arrow);
            String f = (colon >= 0 ? s.substring(colon + 2) : s).strip();
            return f.endsWith(".") ? f.substring(0, f.length() - 1) : f;
        }
        return "";
    }

    /**
     * The PyTorch constructor for the defaults. Params filled from the incoming shape have no default, so they get
     * a small sample value here, the way an example in PyTorch's docs would write them.
     */
    private static String example(LayerSpec spec) {
        Map<String, Object> sample = new LinkedHashMap<>();
        for (ParamSpec p : spec.params()) {
            if (!p.auto() || p.defaultValue() != null) continue;
            Object v = switch (p.type()) {
                case INT, SIZE -> 16;
                case SHAPE -> List.of(16);
                case FLOAT -> 1.0;
                default -> null;
            };
            if (v != null && p.type() != ParamType.BOOL) sample.put(p.name(), v);
        }
        try {
            return spec.torch(new ResolvedParams(spec, Map.of(), sample));
        } catch (RuntimeException e) {
            return "nn." + spec.kind() + "(…)";
        }
    }
}
