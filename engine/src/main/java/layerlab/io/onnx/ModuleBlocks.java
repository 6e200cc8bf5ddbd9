package layerlab.io.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import layerlab.graph.AutoLayout;
import layerlab.graph.Block;
import layerlab.graph.CanvasView;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Names;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.spec.Registry;
import layerlab.tensor.Tensor;

/**
 * An imported model's repeated modules as blocks, as PyTorch's {@code nn.Module} nesting drew them: torch.onnx.export
 * names every op by the modules it ran in ({@code /features/features.1/features.1.0/block/block.0/Conv}), so the layers of
 * one module instance are known. Modules whose layers, settings and wiring are the same (ConvNeXt's blocks of a stage,
 * ResNet's BasicBlocks without a downsample) become one block definition, placed once for each; the outermost such
 * modules are taken, one tensor in and one out, of {@link #MIN_LAYERS} layers or more. ConvNeXt-Tiny's 166 layers are then
 * 38 nodes: its 18 CNBlocks placements of 4 blocks (one a stage), 2 of a LayerNorm2d's, and 18 others. A module that
 * occurs once stays as its layers.
 */
final class ModuleBlocks {
    private ModuleBlocks() {}

    /** The graph's parts with the repeated modules grouped; the state dict keyed anew ({@code features_1_0.block_0.weight}). */
    record Grouped(List<Node> nodes, List<Edge> edges, List<Block> blocks, Map<String, Tensor> state) {}

    /** The fewest layers a module has to be a block: a convolution and its activation stay as they are. */
    static final int MIN_LAYERS = 3;

    /** A node's output port. */
    private record Port(String node, String port) {}

    /** One module instance: its scope, its layers (in the graph's order) and the one tensor that enters and leaves it. */
    private record Instance(String scope, List<Node> members, Port in, Port out) {}

    /**
     * Groups {@code nodes}; {@code scopes} gives each node's module path as PyTorch wrote it ({@code /layer1/layer1.0},
     * empty for none), {@code state} the weights by {@code <node name>.<param>}.
     */
    static Grouped group(List<Node> nodes, List<Edge> edges, Map<String, String> scopes, Map<String, Tensor> state) {
        // Every module (each prefix of a node's scope) and its layers, outer modules first.
        Map<String, List<Node>> members = new LinkedHashMap<>();
        TreeMap<Integer, List<String>> byDepth = new TreeMap<>();
        for (Node n : nodes) {
            List<String> parts = parts(scopes.getOrDefault(n.id(), ""));
            for (int d = 1; d <= parts.size(); d++) {
                String key = "/" + String.join("/", parts.subList(0, d));
                if (!members.containsKey(key)) byDepth.computeIfAbsent(d, k -> new ArrayList<>()).add(key);
                members.computeIfAbsent(key, k -> new ArrayList<>()).add(n);
            }
        }
        Set<String> taken = new HashSet<>();
        List<List<Instance>> chosen = new ArrayList<>();
        for (List<String> keys : byDepth.values()) {
            Map<String, List<Instance>> alike = new LinkedHashMap<>();
            for (String key : keys) {
                List<Node> m = members.get(key);
                if (m.size() < MIN_LAYERS || m.stream().anyMatch(n -> taken.contains(n.id()))) continue;
                Instance inst = instance(key, m, edges);
                if (inst != null) alike.computeIfAbsent(signature(inst, edges), k -> new ArrayList<>()).add(inst);
            }
            for (List<Instance> same : alike.values()) {
                if (same.size() < 2) continue;
                chosen.add(same);
                for (Instance i : same) i.members().forEach(n -> taken.add(n.id()));
            }
        }
        if (chosen.isEmpty()) return new Grouped(nodes, edges, List.of(), state);

        Set<String> names = new HashSet<>();
        for (Node n : nodes) if (!taken.contains(n.id())) names.add(n.name());
        Set<String> blockNames = new HashSet<>(Registry.kinds());
        List<Block> blocks = new ArrayList<>();
        Map<String, Tensor> newState = new LinkedHashMap<>(state);
        Map<String, Node> placementOf = new HashMap<>();
        Map<String, Instance> instanceOf = new HashMap<>();
        Map<String, Integer> groupsIn = new HashMap<>();
        for (List<Instance> same : chosen) groupsIn.merge(String.valueOf(holder(same)), 1, Integer::sum);
        for (List<Instance> same : chosen) {
            Instance first = same.get(0);
            String blockName = blockName(same, groupsIn.get(String.valueOf(holder(same))) > 1, blockNames, state);
            blockNames.add(blockName);
            // The body: the first instance's layers, named without the instance's prefix.
            String prefix = identifier(first.scope()) + "_";
            List<String> inner = new ArrayList<>();
            Set<String> innerTaken = new HashSet<>(List.of("x", "y"));
            for (Node n : first.members()) {
                // features_1_0_block_0 → block_0; the op named by its module alone (the residual Add: features_1_0) by its kind.
                String name = n.name().startsWith(prefix) ? n.name().substring(prefix.length()) : n.name().equals(identifier(first.scope())) ? "" : n.name();
                if (!Names.isNodeName(name) || innerTaken.contains(name)) name = Names.fresh(Names.prefixFor(n.kind()), innerTaken::contains);
                innerTaken.add(name);
                inner.add(name);
            }
            List<Node> body = new ArrayList<>();
            List<Edge> bodyEdges = new ArrayList<>();
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < first.members().size(); i++) {
                Node n = first.members().get(i);
                index.put(n.id(), i);
                body.add(new Node("b" + (i + 1), inner.get(i), n.kind(), n.params(), new Position(0, 0)));
            }
            body.add(new Node("in_x", "x", "Input", Map.of(), new Position(0, 0)));
            body.add(new Node("out_y", "y", "Output", Map.of(), new Position(0, 0)));
            for (Edge e : edges) {
                Integer to = index.get(e.toNode()), from = index.get(e.fromNode());
                if (to != null && from != null) bodyEdges.add(new Edge("b" + (from + 1), e.fromPort(), "b" + (to + 1), e.toPort()));
                else if (to != null) bodyEdges.add(new Edge("in_x", "out", "b" + (to + 1), e.toPort()));
            }
            bodyEdges.add(new Edge("b" + (index.get(first.out().node()) + 1), first.out().port(), "out_y", "in"));
            Graph unplaced = Graph.of(blockName, "", body, bodyEdges, List.of(), List.of(), CanvasView.DEFAULT, Map.of(), Map.of());
            Map<String, Position> at = AutoLayout.layout(unplaced, List.of());
            body.replaceAll(n -> n.withPosition(at.get(n.id())));
            blocks.add(new Block(blockName, "Made of PyTorch's module " + moduleName(first.scope()) + (same.size() > 1 ? " and " + (same.size() - 1)
                    + " more alike" : "") + ".", Graph.of(blockName, "", body, bodyEdges, List.of(), List.of(), CanvasView.DEFAULT, Map.of(), Map.of())));
            // A placement for each instance, named as its module, its layers' weights under that name.
            for (Instance inst : same) {
                String name = identifier(inst.scope());
                if (name == null || names.contains(name)) name = Names.fresh(blockName.toLowerCase(Locale.ROOT) + "_", names::contains);
                names.add(name);
                String id = inst.members().get(0).id();
                Node placement = new Node(id, name, Registry.BLOCK, Map.of("block", blockName), new Position(0, 0));
                for (int i = 0; i < inst.members().size(); i++) {
                    Node m = inst.members().get(i);
                    placementOf.put(m.id(), placement);
                    instanceOf.put(m.id(), inst);
                    for (Map.Entry<String, Tensor> w : state.entrySet()) {
                        if (!w.getKey().startsWith(m.name() + ".")) continue;
                        newState.remove(w.getKey());
                        newState.put(name + "." + inner.get(i) + w.getKey().substring(m.name().length()), w.getValue());
                    }
                }
            }
        }
        List<Node> outNodes = new ArrayList<>();
        for (Node n : nodes) {
            Node p = placementOf.get(n.id());
            if (p == null) outNodes.add(n);
            else if (p.id().equals(n.id())) outNodes.add(p);
        }
        List<Edge> outEdges = new ArrayList<>();
        Set<Edge> seen = new HashSet<>();
        for (Edge e : edges) {
            Node from = placementOf.get(e.fromNode()), to = placementOf.get(e.toNode());
            Instance fi = instanceOf.get(e.fromNode()), ti = instanceOf.get(e.toNode());
            if (fi != null && fi == ti) continue; // inside one instance
            Edge w = new Edge(from != null ? from.id() : e.fromNode(), from != null ? "y" : e.fromPort(), to != null ? to.id() : e.toNode(), to != null ? "x" : e.toPort());
            if (seen.add(w)) outEdges.add(w);
        }
        return new Grouped(outNodes, outEdges, blocks, newState);
    }

    /** {@code /features/features.1/features.1.0} → [features, features.1, features.1.0]. */
    private static List<String> parts(String scope) {
        List<String> out = new ArrayList<>();
        for (String s : scope.split("/")) if (!s.isEmpty()) out.add(s);
        return out;
    }

    /**
     * The module {@code key} with its layers {@code m}, when one tensor enters it (read by any of them) and one leaves it
     * (read outside, not a graph output of its own); else null.
     */
    private static Instance instance(String key, List<Node> m, List<Edge> edges) {
        Set<String> ids = new HashSet<>();
        for (Node n : m) {
            if (n.kind().equals("Input") || n.kind().equals("Output") || n.kind().equals(Registry.BLOCK)) return null;
            ids.add(n.id());
        }
        Port in = null, out = null;
        for (Edge e : edges) {
            boolean a = ids.contains(e.fromNode()), b = ids.contains(e.toNode());
            if (b && !a) {
                Port p = new Port(e.fromNode(), e.fromPort());
                if (in != null && !in.equals(p)) return null;
                in = p;
            } else if (a && !b) {
                Port p = new Port(e.fromNode(), e.fromPort());
                if (out != null && !out.equals(p)) return null;
                out = p;
            }
        }
        return in == null || out == null ? null : new Instance(key, m, in, out);
    }

    /** The layers' kinds and settings in order and their wiring, by index: alike for two instances of one module. */
    private static String signature(Instance inst, List<Edge> edges) {
        Map<String, Integer> index = new HashMap<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < inst.members().size(); i++) {
            Node n = inst.members().get(i);
            index.put(n.id(), i);
            sb.append(n.kind()).append(new TreeMap<>(n.params())).append(n.frozen()).append(';');
        }
        List<String> wires = new ArrayList<>();
        for (Edge e : edges) {
            Integer from = index.get(e.fromNode()), to = index.get(e.toNode());
            if (to != null) wires.add((from == null ? "in" : from + "." + e.fromPort()) + ">" + to + "." + e.toPort());
        }
        wires.sort(null);
        sb.append(wires).append("out=").append(index.get(inst.out().node())).append('.').append(inst.out().port());
        return sb.toString();
    }

    /** A node name for module {@code scope}: {@code /layer1/layer1.0} → layer1_0. */
    private static String identifier(String scope) {
        return OnnxImporter.identifier(scope + "/op");
    }

    /** The module's dotted name, as in the state dict: {@code /features/features.1/features.1.0} → features.1.0. */
    private static String moduleName(String scope) {
        List<String> parts = parts(scope);
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (sb.length() > 0 && p.startsWith(sb + ".")) sb.setLength(0);
            else if (sb.length() > 0) sb.append('.');
            sb.append(p);
        }
        return sb.toString();
    }

    /** The module that holds all of {@code same} ({@code /features/features.1} for its blocks), or null. */
    private static String holder(List<Instance> same) {
        List<String> parts = parts(same.get(0).scope());
        String holder = parts.size() >= 2 ? "/" + String.join("/", parts.subList(0, parts.size() - 1)) : null;
        for (Instance i : same) if (holder != null && !i.scope().startsWith(holder + "/")) holder = null;
        return holder;
    }

    /**
     * A class name for the block of modules alike, after the module that holds them all ({@code features.1} → Features1,
     * {@code layer1} → Layer1), and the first one's own name when that module holds other kinds too (MobileNetV2's
     * {@code features.8} → Features8); else after its layer with the most weights ({@code LayerNormBlock}); unique
     * among {@code taken}.
     */
    private static String blockName(List<Instance> same, boolean holdsOthers, Set<String> taken, Map<String, Tensor> state) {
        String holder = holder(same);
        StringBuilder sb = new StringBuilder();
        if (holder != null) {
            String name = moduleName(holdsOthers ? same.get(0).scope() : holder);
            for (String w : name.split("[^A-Za-z0-9]+")) {
                if (w.isEmpty()) continue;
                sb.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
            }
        } else {
            Node biggest = null;
            long most = -1;
            for (Node n : same.get(0).members()) {
                long size = 0;
                for (Map.Entry<String, Tensor> w : state.entrySet()) if (w.getKey().startsWith(n.name() + ".")) size += w.getValue().numel();
                if (size > most) {
                    most = size;
                    biggest = n;
                }
            }
            sb.append(biggest.kind()).append("Block");
        }
        String name = sb.length() == 0 || !Names.isIdentifier(sb.toString()) ? "Block" : sb.toString();
        if (!taken.contains(name)) return name;
        return Names.fresh(name + "_", taken::contains);
    }
}
