package layerlab.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.spec.Category;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.PortSpec;
import layerlab.graph.spec.Registry;

/**
 * The drawing as the {@code nn.Module} a student would write: {@code __init__} creates each layer under its node's
 * name (the spec's PyTorch constructor text), {@code forward} takes the Input nodes as arguments, follows the
 * edges in topological order and returns what feeds the Output nodes. Blocks become classes of their own. Pure
 * text; losses are listed as comments, since a module's forward does not compute its loss.
 */
public final class PyTorchSource {
    private static final Pattern WORD = Pattern.compile("(?<![.\\w])([A-Za-z_]\\w*)(?![\\w(])");

    private PyTorchSource() {
    }

    public static String of(Graph g) {
        return of(g, Analysis.of(g));
    }

    public static String of(Graph g, Analysis a) {
        StringBuilder sb = new StringBuilder("import torch\nfrom torch import nn\n");
        Set<String> used = new LinkedHashSet<>();
        for (Node n : g.nodes()) if (n.kind().equals(Registry.BLOCK) && n.param("block") instanceof String b) used.add(b);
        for (Block b : g.blocks()) {
            if (!used.contains(b.name())) continue;
            sb.append("\n\n");
            module(sb, b.name(), b.body(), Analysis.of(b.body()));
        }
        sb.append("\n\n");
        module(sb, Names.className(g.name()), g, a);
        return sb.toString();
    }

    private static void module(StringBuilder sb, String cls, Graph g, Analysis a) {
        sb.append("class ").append(cls).append("(nn.Module):\n");
        sb.append("    def __init__(self):\n        super().__init__()\n");
        List<String> losses = new ArrayList<>();
        int layers = 0;
        for (Node n : g.nodes()) {
            LayerSpec s = Registry.find(n.kind());
            if (s == null || n.kind().equals("Input") || n.kind().equals("Output")) continue;
            String text = torch(s, a, n);
            if (s.category() == Category.LOSS) {
                losses.add(n.name() + " = " + (text == null ? n.kind() + "(...)" : text));
            } else if (text != null && (text.startsWith("nn.") || n.kind().equals(Registry.BLOCK))) {
                sb.append("        self.").append(n.name()).append(" = ").append(text).append('\n');
                layers++;
            } else if (text == null) {
                sb.append("        # ").append(n.name()).append(": ").append(n.kind()).append(" has problems to fix first\n");
            }
        }
        if (layers == 0) sb.append("        pass\n");

        List<String> args = new ArrayList<>();
        for (Node n : g.nodes()) if (n.kind().equals("Input") && !feedsOnlyLosses(g, n)) args.add(n.name());
        sb.append("\n    def forward(self").append(args.isEmpty() ? "" : ", " + String.join(", ", args)).append("):\n");
        Map<String, List<String>> outputs = new HashMap<>();
        for (String id : a.order()) {
            Node n = g.node(id);
            LayerSpec s = Registry.find(n.kind());
            if (s == null || n.kind().equals("Input") || s.category() == Category.LOSS) continue;
            List<String> inputs = new ArrayList<>();
            List<PortSpec> ins = inPorts(g, a, n, s);
            for (PortSpec p : ins) {
                String v = null;
                for (Edge e : g.incoming(id)) if (e.toPort().equals(p.name())) v = variable(g, a, e.fromNode(), e.fromPort());
                if (v != null) inputs.add(v);
            }
            if (n.kind().equals("Output")) {
                outputs.put(id, inputs);
                continue;
            }
            String text = torch(s, a, n);
            if (text == null) continue;
            String call;
            if (text.startsWith("nn.") || n.kind().equals(Registry.BLOCK)) {
                call = "self." + n.name() + "(" + String.join(", ", inputs) + ")";
            } else {
                call = substitute(text, ins, inputs);
            }
            sb.append("        ").append(targets(g, a, n)).append(" = ").append(call).append('\n');
        }
        // The Outputs in document order, as the model (Model.outputNames) and the exported script return them.
        List<String> results = new ArrayList<>();
        for (Node n : g.nodes()) if (outputs.containsKey(n.id())) results.addAll(outputs.get(n.id()));
        String note = "";
        if (results.isEmpty()) {
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
        sb.append("        return ").append(results.isEmpty() ? "None" : String.join(", ", results)).append(note).append('\n');
        if (!losses.isEmpty()) {
            sb.append("\n\n# Losses (used by the training loop, not by forward):\n");
            for (String l : losses) sb.append("# ").append(l).append('\n');
        }
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
            if (b != null) for (Node x : b.body().nodes()) if (x.kind().equals("Input")) out.add(PortSpec.of(x.name(), layerlab.graph.spec.PortType.ANY));
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

    /** The Python variable holding a node's output port: the node's name, or name_port for a node with several outputs. */
    static String variable(Graph g, Analysis a, String nodeId, String port) {
        Node n = g.node(nodeId);
        if (n.kind().equals("Input")) return n.name();
        return outPorts(g, a, n).size() <= 1 ? n.name() : n.name() + "_" + port;
    }

    /** {@code out, (h_n, c_n)} for an LSTM, as PyTorch returns them. */
    private static String targets(Graph g, Analysis a, Node n) {
        List<String> ports = outPorts(g, a, n);
        if (ports.size() <= 1) return n.name();
        List<String> v = ports.stream().map(p -> n.name() + "_" + p).toList();
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
