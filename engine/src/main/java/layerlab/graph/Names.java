package layerlab.graph;

import java.util.Set;
import java.util.function.Predicate;

/** Node and block names: they become Python attribute and class names in the exported PyTorch code. */
public final class Names {
    private static final Set<String> PYTHON_KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async",
            "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
            "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
            "while", "with", "yield");
    /**
     * What every {@code nn.Module} has itself (torch 1.13's {@code dir(nn.Module())} less the dunders, which are
     * not names a drawing gives): a layer under one
     * of these names breaks the exported code. {@code self.forward = nn.Linear(…)} makes forward call itself for ever,
     * {@code self.float(x)} calls {@code Module.float}, and a layer named {@code training} makes {@code model.eval()}
     * fail. So a new node cannot take such a name, and a node of an older file that has one shows an error until renamed.
     */
    private static final Set<String> MODULE_ATTRIBUTES = Set.of("T_destination", "add_module", "apply", "bfloat16", "buffers",
            "children", "cpu", "cuda", "double", "dump_patches", "eval", "extra_repr", "float", "forward", "get_buffer",
            "get_extra_state", "get_parameter", "get_submodule", "half", "ipu", "load_state_dict", "modules", "named_buffers",
            "named_children", "named_modules", "named_parameters", "parameters", "register_backward_hook", "register_buffer",
            "register_forward_hook", "register_forward_pre_hook", "register_full_backward_hook",
            "register_load_state_dict_post_hook", "register_module", "register_parameter", "requires_grad_",
            "set_extra_state", "share_memory", "state_dict", "to", "to_empty", "train", "training", "type", "xpu", "zero_grad",
            "_apply", "_backward_hooks", "_buffers", "_call_impl", "_forward_hooks", "_forward_pre_hooks", "_get_backward_hooks",
            "_get_name", "_is_full_backward_hook", "_load_from_state_dict", "_load_state_dict_post_hooks",
            "_load_state_dict_pre_hooks", "_maybe_warn_non_full_backward_hook", "_modules", "_named_members",
            "_non_persistent_buffers_set", "_parameters", "_register_load_state_dict_pre_hook", "_register_state_dict_hook",
            "_replicate_for_data_parallel", "_save_to_state_dict", "_slow_forward", "_state_dict_hooks", "_version");

    private Names() {
    }

    /** A Python identifier that is not a keyword: {@code conv1}, {@code fc_out}; never {@code 1conv}, {@code in}. */
    public static boolean isIdentifier(String s) {
        if (s == null || s.isEmpty() || PYTHON_KEYWORDS.contains(s)) return false;
        if (!(Character.isLetter(s.charAt(0)) && s.charAt(0) < 128 || s.charAt(0) == '_')) return false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_'))) return false;
        }
        return true;
    }

    /** Whether {@code s} can name a node: an identifier that is neither a keyword nor a name nn.Module uses itself. */
    public static boolean isNodeName(String s) {
        return problem(s) == null;
    }

    /** Why {@code name} cannot name a new node, or null when it can: {@link #documentProblem}, then {@link #moduleAttribute}. */
    public static String problem(String name) {
        String why = documentProblem(name);
        return why != null ? why : moduleAttribute(name);
    }

    /**
     * Why a project cannot hold a node named {@code name} at all (empty, a Python keyword, not an identifier), or null.
     * A name nn.Module uses itself is not among these: a file that has one still opens, and the node shows the problem
     * ({@link #moduleAttribute}) until it is renamed.
     */
    public static String documentProblem(String name) {
        if (name == null || name.isEmpty()) return "a name cannot be empty";
        if (PYTHON_KEYWORDS.contains(name)) return "'" + name + "' is a Python keyword, so it cannot name a layer";
        if (!isIdentifier(name)) {
            // "letters" alone read as allowing 'résumé' (é is a letter, and Python would take it): the names are ASCII.
            return "'" + name + "' is not a valid name: use the letters a-z and A-Z (no accents or spaces), digits and _ (not starting "
                    + "with a digit), as in conv1 or fc_out";
        }
        return null;
    }

    /** Why {@code name}, a name every nn.Module uses itself, cannot name a layer; null for any other name. */
    public static String moduleAttribute(String name) {
        return moduleAttribute(name, name + "_1");
    }

    /** As {@link #moduleAttribute(String)}, suggesting {@code instead} (the first free forward_N in a graph that has forward_1). */
    public static String moduleAttribute(String name, String instead) {
        if (!MODULE_ATTRIBUTES.contains(name)) return null;
        return "'" + name + "' is a name every PyTorch nn.Module uses itself (self." + name + "), so it cannot name a layer: try "
                + instead;
    }

    /** {@code prefix1}, {@code prefix2}, … : the first that {@code taken} refuses. */
    public static String fresh(String prefix, Predicate<String> taken) {
        for (int i = 1; ; i++) {
            String n = prefix + i;
            if (!taken.test(n)) return n;
        }
    }

    /** The name prefix for a new node of {@code kind}: {@code Conv2d} → {@code conv}, {@code BatchNorm2d} → {@code bn}. */
    public static String prefixFor(String kind) {
        return switch (kind) {
            case "Conv1d", "Conv2d", "Conv3d" -> "conv";
            case "ConvTranspose2d" -> "deconv";
            case "Linear" -> "fc";
            case "BatchNorm1d", "BatchNorm2d" -> "bn";
            case "LayerNorm" -> "ln";
            case "MaxPool1d", "MaxPool2d", "AdaptiveMaxPool2d" -> "maxpool";
            case "AvgPool1d", "AvgPool2d", "AdaptiveAvgPool2d" -> "avgpool";
            case "Embedding" -> "embedding";
            default -> kind.endsWith("Loss") ? "loss" : kind.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "");
        };
    }

    /**
     * A drawing's name as a Python class name, for the live code view and the exported script alike: letters and
     * digits kept, each run after a separator capitalised ({@code "Simple CNN"} → {@code SimpleCNN}, {@code "my net"}
     * → {@code MyNet}); {@code Model} when nothing usable is left.
     */
    public static String className(String name) {
        StringBuilder sb = new StringBuilder();
        boolean up = true;
        for (char c : name.toCharArray()) {
            if (c < 128 && Character.isLetterOrDigit(c)) {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            } else up = true;
        }
        String s = sb.toString();
        return s.isEmpty() || !isIdentifier(s) ? "Model" : s;
    }
}
