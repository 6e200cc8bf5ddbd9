package layerlab.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.NodeInfo;
import layerlab.graph.analysis.Problem;
import layerlab.graph.analysis.Status;
import layerlab.graph.spec.Category;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.PortSpec;
import layerlab.graph.spec.PortType;
import layerlab.graph.spec.Registry;

/**
 * The drawing as the {@code nn.Module} a student would write, the one text of it: the editor's Code tab shows it, and
 * the exported script ({@code layerlab.io.PyTorchExport}) holds it. {@code __init__} creates each layer under its
 * node's name (the spec's PyTorch constructor text), {@code forward} takes the Input nodes as arguments, follows the
 * edges in topological order and returns what feeds the Output nodes; blocks become classes of their own.
 * <p>
 * {@link #of} is lenient, for a drawing still being made: a drawing with errors starts with a comment that names them
 * (the code will not run until they are fixed), a node whose shapes are not known (unconnected, or fed by such a node)
 * is a comment in {@code __init__} and {@code forward} rather than a call with {@code None} in it, losses are listed as
 * comments (a module's forward does not compute its loss), and without an Output forward returns what the losses read.
 * {@link #export} is strict: only what the Outputs need, and every node that cannot be part of a runnable module (a
 * loss an Output reads, padded-sequence lengths) is named in one {@link IllegalArgumentException}.
 */
public final class PyTorchSource {
    private static final Pattern WORD = Pattern.compile("(?<![.\\w])([A-Za-z_]\\w*)(?![\\w(])");
    /**
     * Names forward reads, or the script around it: a forward local (a node's output, an Input's argument) that would
     * shadow one gets a trailing underscore ({@code run_packed}, the function a packed RNN's call runs, is forward's own).
     */
    public static final Set<String> RESERVED = Set.of("self", "torch", "nn", "os", "sys", "json", "struct", "argparse", "ast", "main",
            "load_safetensors", "read_npy", "write_npy", "run_packed");
    /**
     * What the exported script defines at top level besides the model's classes: the file helpers, the names lists and CSV
     * reader, a text model's vocabulary and encode(), normalize(), the training's constants, functions and classes, the
     * command line's helpers. Forward reads none of them, so a node's local may take these names; a block's class may not
     * ({@link #blockClass}): a block named train was redefined by the script's train(), which the model then called.
     */
    private static final Set<String> TOP_LEVEL = Set.of("unicodedata", "save_safetensors", "_DTYPES", "_NPY", "CLASSES", "FEATURES", "read_csv",
            "TOKENIZE", "LOWERCASE", "LENGTH", "VOCABULARY", "_IDS", "_SPACES", "_letter", "tokenize", "encode", "read_texts", "read_labels",
            "NORMALIZE", "normalize", "label", "show", "EPOCHS", "BATCH_SIZE", "SHUFFLE", "DROP_LAST", "SEED", "LOSS", "EARLY_STOPPING", "PARAM_GROUPS",
            "make_optimizer", "make_scheduler", "make_loader", "score", "EarlyStopper", "target", "measure", "evaluate", "train");
    /**
     * Python's built-in functions and types: a class of that name hides the one the script calls ({@code class len} made
     * every {@code len(y)} a block; {@code class super} made every {@code super().__init__()} recurse).
     */
    private static final Set<String> BUILTINS = Set.of("abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool", "breakpoint",
            "bytearray", "bytes", "callable", "chr", "classmethod", "compile", "complex", "copyright", "credits", "delattr", "dict", "dir",
            "divmod", "enumerate", "eval", "exec", "exit", "filter", "float", "format", "frozenset", "getattr", "globals", "hasattr", "hash",
            "help", "hex", "id", "input", "int", "isinstance", "issubclass", "iter", "len", "license", "list", "locals", "map", "max",
            "memoryview", "min", "next", "object", "oct", "open", "ord", "pow", "print", "property", "quit", "range", "repr", "reversed",
            "round", "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple", "type", "vars", "zip",
            "Exception", "ValueError", "TypeError", "KeyError", "IndexError", "RuntimeError", "SystemExit");

    private final boolean strict;
    private final List<String> errors = new ArrayList<>();
    private final Set<String> emittedBlocks = new HashSet<>(), emittedKinds = new HashSet<>(), emittedFunctions = new HashSet<>();
    /** The block classes, each before the first class that uses it. */
    private final StringBuilder blockClasses = new StringBuilder();

    private PyTorchSource(boolean strict) {
        this.strict = strict;
    }

    public static String of(Graph g) {
        return of(g, Analysis.of(g));
    }

    /**
     * The node's initialisers as torch.nn.init calls right after its construction: on {@code self.fc.weight} for a layer
     * with one tensor a role, in a loop over the parameters whose names start with the role for a recurrent layer
     * ({@code weight_ih_l0}, {@code weight_hh_l0}…), as {@link layerlab.graph.compile.GraphCompiler} applies them.
     */
    private static void initCalls(StringBuilder sb, LayerSpec s, Node n) {
        n.init().forEach((role, c) -> {
            if (s.category() == Category.RECURRENT) {
                sb.append("        for name, p in self.").append(n.name()).append(".named_parameters():\n")
                        .append("            if name.startswith('").append(role).append("'):\n")
                        .append("                ").append(c.pythonCall("p")).append('\n');
            } else {
                sb.append("        ").append(c.pythonCall("self." + n.name() + "." + role)).append('\n');
            }
        });
    }

    /**
     * The Code tab's text: imports, then a class per block and the model's class; for a drawing without errors, the two
     * lines that make the model with the weights LayerLab's training starts from ({@code torch.manual_seed(seed)}).
     */
    public static String of(Graph g, Analysis a) {
        PyTorchSource w = new PyTorchSource(false);
        String cls = topClass(g);
        Module top = w.module(cls, a);
        String text = "import torch\nfrom torch import nn\n" + w.blockClasses + top.text;
        if (a.hasErrors()) return notRunnable(a) + text;
        if (!makesEveryLayerWithWeights(a, top.layers)) return text;
        return text + "\n\n# The model training starts from (LayerLab draws its weights as PyTorch does):\n"
                + "torch.manual_seed(" + trainingSeed(g) + ")\nmodel = " + cls + "()\n";
    }

    /**
     * The model's class name: the drawing's name as a class name ({@link Names#className}), with {@code Model} added while
     * a block, a class the script defines or a name it uses itself ({@link #TOP_LEVEL}: a drawing named LOSS) has that name;
     * a block "BasicBlock" in a drawing named "BasicBlock" would otherwise be redefined by the model's class, which would
     * then make itself for ever (RecursionError).
     */
    public static String topClass(Graph g) {
        String cls = Names.className(g.name());
        while (g.block(cls) != null || RESERVED.contains(cls) || TOP_LEVEL.contains(cls) || Registry.find(cls) != null && Registry.find(cls).torchClass() != null) {
            cls += "Model";
        }
        return cls;
    }

    /**
     * The Python class of block {@code block} in {@code g}: its name, with a trailing underscore while that is a name the
     * script uses itself ({@link #RESERVED}, {@link #TOP_LEVEL}, a built-in, a class the script defines for a kind torch.nn
     * lacks) or another block's: the drawing keeps its names, the code stays runnable.
     */
    public static String blockClass(Graph g, String block) {
        String cls = block;
        while (RESERVED.contains(cls) || TOP_LEVEL.contains(cls) || BUILTINS.contains(cls) || Registry.find(cls) != null && Registry.find(cls).torchClass() != null
                || !cls.equals(block) && g.block(cls) != null) {
            cls += "_";
        }
        return cls;
    }

    /** At most this many errors are named at the top of the code; the Problems list has them all. */
    private static final int NAMED_ERRORS = 8;

    /**
     * The comment that opens the code of a drawing with errors: that it will not run until they are fixed, and which they
     * are, one a line (the Code tab wraps long comments to its width).
     */
    private static String notRunnable(Analysis a) {
        List<Problem> errors = a.errors();
        StringBuilder sb = new StringBuilder("# NOT RUNNABLE YET: the drawing has ").append(errors.size()).append(errors.size() == 1 ? " error" : " errors")
                .append(", so this code will not run until ").append(errors.size() == 1 ? "it is" : "they are")
                .append(" fixed (see Problems). Layers whose shapes are not known are left out as comments.\n");
        for (int i = 0; i < Math.min(NAMED_ERRORS, errors.size()); i++) sb.append("# - ").append(errors.get(i)).append('\n');
        if (errors.size() > NAMED_ERRORS) sb.append("# - and ").append(errors.size() - NAMED_ERRORS).append(" more\n");
        return sb.append('\n').toString();
    }

    /**
     * Whether node {@code n} is left out of the lenient code: its shapes are not known (its input unconnected, or fed by a
     * node whose shapes are not known), so its constructor would hold {@code None} and its call no input.
     */
    private boolean leftOut(Analysis a, Node n) {
        if (strict) return false;
        NodeInfo info = a.info(n.id());
        return info != null && info.status() != Status.OK;
    }

    /** The seed the project's training settings give (the settings' default, 0, where they name none or not a whole number). */
    public static long trainingSeed(Graph g) {
        Object seed = g.training().get("seed");
        return seed instanceof Number n && !(seed instanceof Double || seed instanceof Float) ? n.longValue() : 0;
    }

    /**
     * Whether a class making {@code layers} makes every layer with weights that LayerLab's model makes, so that after the
     * same seed it draws the same numbers (a layer left out, one whose output goes nowhere, would shift the later ones).
     */
    public static boolean makesEveryLayerWithWeights(Analysis a, Set<String> layers) {
        for (Node n : a.graph().nodes()) {
            NodeInfo info = a.info(n.id());
            if (info != null && info.params() > 0 && !layers.contains(n.name())) return false;
        }
        return true;
    }

    /**
     * The classes of the exported script: the block classes and the model's ({@code topClass}), the model's forward
     * arguments ({@code inputs}, Python names) with the Input nodes they stand for, and the Outputs it returns, in order.
     */
    public record Exported(String blockClasses, String topClass, List<String> inputs, List<String> inputNodes, List<String> outputs,
                           Set<String> layers) {}

    /**
     * The classes as the exported script holds them (the same text as {@link #of} for a drawing without problems).
     *
     * @throws IllegalArgumentException when the drawing has errors, no Output, or nodes a runnable module cannot hold
     */
    public static Exported export(Graph g, Analysis a) {
        if (a.hasErrors()) {
            throw new IllegalArgumentException("\"" + g.name() + "\" has errors: " + String.join("; ", a.errors().stream().map(Problem::toString).toList()));
        }
        PyTorchSource w = new PyTorchSource(true);
        Module top = w.module(topClass(g), a);
        if (!w.errors.isEmpty()) throw new IllegalArgumentException("cannot export \"" + g.name() + "\" to PyTorch: " + String.join("; ", w.errors));
        if (top.outputs.isEmpty()) throw new IllegalArgumentException("\"" + g.name() + "\" has no Output node, so there is nothing to export");
        return new Exported(w.blockClasses.toString(), top.text, top.inputs, top.inputNodes, top.outputs, top.layers);
    }

    /**
     * A class's text ({@code "\n\nclass …"}), its forward's arguments, the Input nodes they stand for, the Outputs it
     * returns, and the attributes ({@code self.<name>}) its {@code __init__} creates: the state dict's first names.
     */
    private record Module(String text, List<String> inputs, List<String> inputNodes, List<String> outputs, Set<String> layers) {}

    private Module module(String cls, Analysis a) {
        Graph g = a.graph();
        Set<String> in = strict ? g.neededByOutputs() : null;
        StringBuilder sb = new StringBuilder("\n\nclass ").append(cls).append("(nn.Module):\n");
        sb.append("    def __init__(self):\n        super().__init__()\n");
        List<String> losses = new ArrayList<>();
        Set<String> layers = new LinkedHashSet<>();
        // The layers in the order the data meets them (as forward uses them, and as print(model) then lists them),
        // then any a loop leaves out of that order.
        Set<String> flow = new LinkedHashSet<>(a.order());
        for (Node n : g.nodes()) flow.add(n.id());
        for (String id : flow) {
            Node n = g.node(id);
            LayerSpec s = Registry.find(n.kind());
            if (s == null || n.kind().equals("Input") || n.kind().equals("Output") || in != null && !in.contains(n.id())) continue;
            NodeInfo info = a.info(n.id());
            if (n.kind().equals(Registry.BLOCK) && n.param("block") instanceof String block && g.block(block) != null && emittedBlocks.add(block)) {
                // The block's class comes first, once, however often the block is placed (analysed where it is placed).
                blockClasses.append(module(blockClass(g, block), info.body() != null ? info.body() : Analysis.of(g.block(block).body())).text);
            }
            String text = torch(s, a, n);
            if (text != null && n.kind().equals(Registry.BLOCK) && n.param("block") instanceof String block) text = blockClass(g, block) + "()";
            // A kind torch.nn lacks (PositionalEncoding): its class first, once, before the class that uses it.
            if (s.torchClass() != null && emittedKinds.add(n.kind())) blockClasses.append(s.torchClass());
            if (s.category() != Category.LOSS && leftOut(a, n)) {
                sb.append("        # self.").append(n.name()).append(" (").append(n.kind()).append("): left out until its problems are fixed\n");
                continue;
            }
            if (s.category() == Category.LOSS) {
                if (strict) errors.add("node \"" + n.name() + "\" (" + n.kind() + "): a loss cannot be part of the exported model");
                losses.add(n.name() + " = " + (text == null ? n.kind() + "(...)" : text));
            } else if (text != null && isModule(s, n, text)) {
                sb.append("        self.").append(n.name()).append(" = ").append(text).append('\n');
                // Frozen on the canvas: its weights stay as loaded while the rest trains.
                if (n.frozen()) sb.append("        self.").append(n.name()).append(".requires_grad_(False)\n");
                initCalls(sb, s, n);
                layers.add(n.name());
            } else if (text == null) {
                if (strict) errors.add("node \"" + n.name() + "\" (" + n.kind() + "): its settings do not make a PyTorch layer");
                sb.append("        # ").append(n.name()).append(": ").append(n.kind()).append(" has problems to fix first\n");
            }
        }
        if (layers.isEmpty()) sb.append("        pass\n");

        List<String> args = new ArrayList<>(), argNodes = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (!n.kind().equals("Input") || (in != null ? !in.contains(n.id()) : feedsOnlyLosses(g, n))) continue;
            args.add(local(n.name()));
            argNodes.add(n.name());
        }
        sb.append("\n    def forward(self").append(args.isEmpty() ? "" : ", " + String.join(", ", args)).append("):\n");
        Map<String, List<String>> outputs = new LinkedHashMap<>();
        for (String id : a.order()) {
            Node n = g.node(id);
            LayerSpec s = Registry.find(n.kind());
            if (s == null || n.kind().equals("Input") || s.category() == Category.LOSS || in != null && !in.contains(id)) continue;
            if (leftOut(a, n)) {
                if (!n.kind().equals("Output")) sb.append("        # ").append(local(n.name())).append(" = self.").append(n.name()).append("(…): left out\n");
                continue;
            }
            List<String> inputs = new ArrayList<>();
            Map<String, String> byPort = new LinkedHashMap<>();
            List<PortSpec> ins = inPorts(g, a, n, s);
            for (PortSpec p : ins) {
                String v = null;
                for (Edge e : g.incoming(id)) if (e.toPort().equals(p.name())) v = variable(g, a, e.fromNode(), e.fromPort());
                byPort.put(p.name(), v);
                if (v != null) inputs.add(v);
            }
            if (n.kind().equals("Output")) {
                outputs.put(id, inputs);
                continue;
            }
            String text = torch(s, a, n);
            if (text == null) continue;
            String call = s.torchCall() != null ? s.torchCall().call(a.params(n.id()), "self." + n.name(), byPort) : null;
            // (A layer with a call of its own writes its lengths itself: MultiheadAttention's key_padding_mask, a packed LSTM.)
            if (strict && call == null && byPort.get("lengths") != null) {
                errors.add("node \"" + n.name() + "\" (" + n.kind() + "): its lengths input (padded sequences) cannot be exported to PyTorch yet");
            }
            if (call == null) call = isModule(s, n, text) ? "self." + n.name() + "(" + String.join(", ", inputs) + ")" : substitute(text, ins, inputs);
            // A function the call uses (run_packed): defined once, before the classes.
            if (s.torchFunction() != null && call.contains(s.torchFunctionName() + "(") && emittedFunctions.add(s.torchFunctionName())) {
                blockClasses.append(s.torchFunction());
            }
            sb.append("        ").append(targets(g, a, n)).append(" = ").append(call).append('\n');
        }
        // The Outputs in document order, as the model (Model.outputNames) and the exported script return them.
        List<String> results = new ArrayList<>(), outNames = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (!outputs.containsKey(n.id())) continue;
            results.addAll(outputs.get(n.id()));
            outNames.add(n.name());
        }
        String note = "";
        if (results.isEmpty() && !strict) {
            // No Output: forward returns what the losses read (the training loop passes it to them), not None.
            for (Node n : g.nodes()) {
                LayerSpec s = Registry.find(n.kind());
                if (s == null || s.category() != Category.LOSS) continue;
                for (Edge e : g.incoming(n.id())) {
                    String v = e.toPort().equals("input") ? variable(g, a, e.fromNode(), e.fromPort()) : null;
                    if (v != null && !results.contains(v)) results.add(v);
                }
            }
            if (!results.isEmpty()) note = "  # what the loss reads; an Output node names what the model returns";
        }
        if (results.isEmpty() && !strict) note = "  # nothing yet: connect the last layer to an Output";
        sb.append("        return ").append(results.isEmpty() ? "None" : String.join(", ", results)).append(note).append('\n');
        if (!losses.isEmpty() && !strict) {
            sb.append("\n\n# Losses (used by the training loop, not by forward):\n");
            for (String l : losses) sb.append("# ").append(l).append('\n');
        }
        return new Module(sb.toString(), args, argNodes, outNames, layers);
    }

    /**
     * Whether node {@code n} is a module the model's {@code __init__} makes ({@code self.conv1 = nn.Conv2d(…)}, a block's
     * class, a class the script defines) rather than an expression forward writes ({@code torch.cat(…)}).
     */
    private static boolean isModule(LayerSpec s, Node n, String text) {
        return text.startsWith("nn.") || s.torchClass() != null || n.kind().equals(Registry.BLOCK);
    }

    /** An Input read only by losses (the labels) is the training loop's, not forward's. */
    private static boolean feedsOnlyLosses(Graph g, Node input) {
        List<Edge> out = g.outgoing(input.id());
        if (out.isEmpty()) return false;
        for (Edge e : out) {
            LayerSpec s = Registry.find(g.node(e.toNode()).kind());
            if (s == null || s.category() != Category.LOSS) return false;
        }
        return true;
    }

    private static List<PortSpec> inPorts(Graph g, Analysis a, Node n, LayerSpec s) {
        if (n.kind().equals(Registry.BLOCK)) {
            Block b = n.param("block") instanceof String name ? g.block(name) : null;
            List<PortSpec> out = new ArrayList<>();
            if (b != null) for (Node x : b.body().nodes()) if (x.kind().equals("Input")) out.add(PortSpec.of(x.name(), PortType.ANY));
            return out;
        }
        try {
            return s.inputs(a.params(n.id()));
        } catch (RuntimeException e) {
            return s.defaultInputs();
        }
    }

    private static List<String> outPorts(Graph g, Analysis a, Node n) {
        LayerSpec s = Registry.find(n.kind());
        if (s == null) return List.of("out");
        if (n.kind().equals(Registry.BLOCK)) {
            Block b = n.param("block") instanceof String name ? g.block(name) : null;
            List<String> out = new ArrayList<>();
            if (b != null) for (Node x : b.body().nodes()) if (x.kind().equals("Output")) out.add(x.name());
            return out.isEmpty() ? List.of("out") : out;
        }
        try {
            return s.outputs(a.params(n.id())).stream().map(PortSpec::name).toList();
        } catch (RuntimeException e) {
            return s.defaultOutputs().stream().map(PortSpec::name).toList();
        }
    }

    /** A Python local for a node's name, clear of the names the script uses itself ({@code torch}, {@code self}, …). */
    private static String local(String name) {
        return RESERVED.contains(name) ? name + "_" : name;
    }

    /** The Python variable holding a node's output port: the node's name, or name_port for a node with several outputs. */
    static String variable(Graph g, Analysis a, String nodeId, String port) {
        Node n = g.node(nodeId);
        if (n.kind().equals("Input")) return local(n.name());
        return outPorts(g, a, n).size() <= 1 ? local(n.name()) : local(n.name() + "_" + port);
    }

    /** {@code out, (h_n, c_n)} for an LSTM, as PyTorch returns them. */
    private static String targets(Graph g, Analysis a, Node n) {
        List<String> ports = outPorts(g, a, n);
        if (ports.size() <= 1) return local(n.name());
        List<String> v = ports.stream().map(p -> local(n.name() + "_" + p)).toList();
        if (n.kind().toUpperCase(Locale.ROOT).equals("LSTM") && v.size() == 3) return v.get(0) + ", (" + v.get(1) + ", " + v.get(2) + ")";
        return String.join(", ", v);
    }

    private static String torch(LayerSpec s, Analysis a, Node n) {
        try {
            return s.torch(a.params(n.id()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The op's text with its port names (and {@code x}, {@code out}, {@code h_n} for a one-input op) replaced by the variables fed in. */
    public static String substitute(String text, List<PortSpec> ports, List<String> vars) {
        Matcher m = WORD.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String w = m.group(1);
            String v = null;
            for (int i = 0; i < ports.size() && i < vars.size(); i++) if (ports.get(i).name().equals(w)) v = vars.get(i);
            if (v == null && vars.size() == 1 && (w.equals("x") || w.equals("out") || w.equals("h_n") || w.equals("in"))) v = vars.get(0);
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? w : v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
