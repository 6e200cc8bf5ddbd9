package layerlab.ui.editor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import layerlab.graph.AutoLayout;
import layerlab.graph.Block;
import layerlab.graph.CanvasView;
import layerlab.graph.Edge;
import layerlab.graph.Edit;
import layerlab.graph.Graph;
import layerlab.graph.Names;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.spec.Category;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.Registry;

/**
 * Group into block (Ctrl+G): the selected nodes become a block definition and one placement of it. Every tensor
 * that enters the selection from outside becomes an {@code Input} of the block, every one that leaves it an
 * {@code Output}, so the placement is wired exactly as the nodes were. Ungroup (Ctrl+Shift+G) undoes that for one
 * placement: its block's layers come back in its place, wired as the placement was.
 */
public final class Blocks {
    private Blocks() {
    }

    /**
     * The command, or null when the selection holds no node that a block can take. {@code instanceOut[0]} gets the
     * placement's id. The network's Inputs, Outputs and losses stay outside ({@link #leftOut}): a block is a sub-module,
     * and taking them in would leave the network without its data and its training target (Select All, then Ctrl+G).
     */
    public static Command group(Graph g, Collection<String> ids, String[] instanceOut) {
        Set<String> sel = new HashSet<>(Commands.nodesIn(g, ids));
        sel.removeIf(id -> staysOutside(g.requireNode(id)));
        if (sel.isEmpty()) return null;
        String blockName = Names.fresh("Block", n -> g.block(n) != null);
        return new Command("Group " + sel.size() + " nodes into " + blockName, x -> build(x, sel, blockName, instanceOut));
    }

    /** The names of the selected nodes that Group leaves outside the block: the Inputs, Outputs and losses. */
    public static List<String> leftOut(Graph g, Collection<String> ids) {
        return Commands.nodesIn(g, ids).stream().map(g::requireNode).filter(Blocks::staysOutside).map(Node::name).toList();
    }

    /** For the status bar: "input and loss stay outside (a block holds no Inputs, Outputs or losses)". */
    public static String outsideNote(List<String> names) {
        String list = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        return list + (names.size() == 1 ? " stays" : " stay") + " outside (a block holds no Inputs, Outputs or losses)";
    }

    private static boolean staysOutside(Node n) {
        LayerSpec s = Registry.find(n.kind());
        return s != null && (s.category() == Category.DATA || s.category() == Category.LOSS);
    }

    /**
     * Ungroup: placement {@code id} becomes a copy of its block's layers (named as in the block where the name is free,
     * else after the placement: {@code res1_conv1}), wired as the placement was, and laid out by Auto-layout when the
     * drawing was, else as in the block where the placement stood, moved the least that keeps them clear of the other cards; the definition stays while
     * other placements use it. Null when {@code id} places no block. {@code idsOut} gets the new nodes' ids.
     */
    public static Command ungroup(Graph g, String id, List<String> idsOut) {
        Node p = g.node(id);
        if (p == null || !Registry.BLOCK.equals(p.kind()) || !(p.param("block") instanceof String name) || g.block(name) == null) return null;
        return new Command("Ungroup " + p.name(), x -> unbuild(x, id, idsOut));
    }

    private static Edit unbuild(Graph g, String id, List<String> idsOut) {
        Node placement = g.requireNode(id);
        Graph body = g.block((String) placement.param("block")).body();
        List<Node> layers = body.nodes().stream().filter(n -> !n.kind().equals("Input") && !n.kind().equals("Output")).toList();
        double minX = layers.stream().mapToDouble(n -> n.position().x()).min().orElse(0);
        double minY = layers.stream().mapToDouble(n -> n.position().y()).min().orElse(0);
        // What fed the placement's ports and what its ports fed.
        Map<String, Edge> fed = new LinkedHashMap<>();
        Map<String, List<Edge>> feeds = new LinkedHashMap<>();
        for (Edge e : g.incoming(id)) fed.put(e.toPort(), e);
        for (Edge e : g.outgoing(id)) feeds.computeIfAbsent(e.fromPort(), k -> new ArrayList<>()).add(e);

        Edit edit = g.removeNodes(Set.of(id));
        Map<String, String> copyOf = new LinkedHashMap<>();
        Map<String, Position> laid = new LinkedHashMap<>();
        for (Node n : layers) {
            Graph now = edit.after();
            String nid = now.freshId();
            String prefixed = placement.name() + "_" + n.name();
            String name = now.nodeByName(n.name()) == null ? n.name() : now.nodeByName(prefixed) == null ? prefixed : now.freshName(prefixed + "_");
            Position at = new Position(placement.position().x() + n.position().x() - minX, placement.position().y() + n.position().y() - minY);
            copyOf.put(n.id(), nid);
            laid.put(nid, at);
            Node copy = new Node(nid, name, n.kind(), n.params(), at, n.frozen() || placement.frozen(), n.init());
            edit = edit.then(x -> x.addNode(copy));
        }
        Set<Edge> wires = new LinkedHashSet<>();
        for (Edge e : body.edges()) {
            Node from = body.requireNode(e.fromNode()), to = body.requireNode(e.toNode());
            // The source: what fed the block's Input, or the copy of the layer.
            Edge in = from.kind().equals("Input") ? fed.get(from.name()) : null;
            if (from.kind().equals("Input") && in == null) continue;
            String srcNode = in != null ? in.fromNode() : copyOf.get(from.id()), srcPort = in != null ? in.fromPort() : e.fromPort();
            // The targets: what the block's Output fed, or the copy of the layer.
            List<Edge> outs = to.kind().equals("Output") ? feeds.getOrDefault(to.name(), List.of()) : List.of(new Edge(srcNode, srcPort, copyOf.get(to.id()), e.toPort()));
            for (Edge o : outs) wires.add(new Edge(srcNode, srcPort, o.toNode(), o.toPort()));
        }
        for (Edge w : wires) edit = edit.then(x -> x.connect(w));
        // A drawing as Auto-layout lays it out (every sample, an imported model) stays so; one the user arranged keeps
        // its places, the new layers set down clear of its cards.
        Map<String, Position> moves = AutoLayout.layout(g, List.of()).equals(positions(g)) ? AutoLayout.layout(edit.after(), List.of())
                : nearestFree(edit.after(), laid);
        for (Map.Entry<String, Position> m : moves.entrySet()) edit = edit.then(x -> x.moveNode(m.getKey(), m.getValue()));
        // The last placement ungrouped takes its definition with it (undo brings both back).
        String name = (String) placement.param("block");
        if (!placed(edit.after(), name)) edit = edit.then(x -> x.removeBlock(name));
        if (idsOut != null) {
            idsOut.clear();
            idsOut.addAll(copyOf.values());
        }
        return edit;
    }

    /**
     * {@code laid} (the new layers, set out as in the block where the placement stood), moved together the least that
     * keeps them clear of the other cards: where the placement was, or as near it as there is room, never a long way off.
     */
    private static Map<String, Position> nearestFree(Graph g, Map<String, Position> laid) {
        Position by = Placement.freeOffset(g, laid.keySet(), Placement.rects(g, laid.keySet()), 0, 0, null);
        Map<String, Position> out = new LinkedHashMap<>();
        laid.forEach((id, p) -> out.put(id, p.translate(by.x(), by.y())));
        return out;
    }

    /** Whether any node of the project, or of a block's body, places block {@code name}. */
    public static boolean placed(Graph g, String name) {
        for (Node n : g.nodes()) if (name.equals(n.param("block"))) return true;
        for (Block b : g.blocks()) for (Node n : b.body().nodes()) if (name.equals(n.param("block"))) return true;
        return false;
    }

    private static Map<String, Position> positions(Graph g) {
        Map<String, Position> at = new LinkedHashMap<>();
        for (Node n : g.nodes()) at.put(n.id(), n.position());
        return at;
    }

    private static Edit build(Graph g, Set<String> sel, String blockName, String[] instanceOut) {
        List<Node> inner = g.nodes().stream().filter(n -> sel.contains(n.id())).toList();
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, sumX = 0, sumY = 0, minY = Double.MAX_VALUE;
        for (Node n : inner) {
            minX = Math.min(minX, n.position().x());
            maxX = Math.max(maxX, n.position().x());
            minY = Math.min(minY, n.position().y());
            sumX += n.position().x();
            sumY += n.position().y();
        }
        List<Node> bodyNodes = new ArrayList<>(inner);
        List<Edge> bodyEdges = new ArrayList<>();
        List<Edge> outsideIn = new ArrayList<>(), outsideOut = new ArrayList<>();
        for (Edge e : g.edges()) {
            boolean a = sel.contains(e.fromNode()), b = sel.contains(e.toNode());
            if (a && b) bodyEdges.add(e);
            else if (b) outsideIn.add(e);
            else if (a) outsideOut.add(e);
        }
        // One block input per distinct source outside; one output per distinct inner source read outside.
        Map<String, String> inputFor = new LinkedHashMap<>(), outputFor = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        inner.forEach(n -> names.add(n.name()));
        int row = 0;
        for (Edge e : outsideIn) {
            String key = e.fromNode() + "." + e.fromPort();
            if (!inputFor.containsKey(key)) {
                String name = Names.fresh("x", names::contains);
                names.add(name);
                inputFor.put(key, name);
                bodyNodes.add(new Node("in_" + name, name, "Input", Map.of(), new Position(minX - AutoLayout.COLUMN, minY + AutoLayout.ROW * row++)));
            }
            bodyEdges.add(new Edge("in_" + inputFor.get(key), "out", e.toNode(), e.toPort()));
        }
        row = 0;
        // A selection whose results nothing outside reads yet (the end of a chain): its sinks are the block's outputs.
        if (outsideOut.isEmpty()) {
            for (Node n : inner) {
                if (bodyEdges.stream().noneMatch(e -> e.fromNode().equals(n.id())) && g.outgoing(n.id()).isEmpty()) {
                    String name = Names.fresh("y", names::contains);
                    names.add(name);
                    bodyNodes.add(new Node("out_" + name, name, "Output", Map.of(), new Position(maxX + AutoLayout.COLUMN, minY + AutoLayout.ROW * row++)));
                    bodyEdges.add(new Edge(n.id(), "out", "out_" + name, "in"));
                }
            }
        }
        for (Edge e : outsideOut) {
            String key = e.fromNode() + "." + e.fromPort();
            if (!outputFor.containsKey(key)) {
                String name = Names.fresh("y", names::contains);
                names.add(name);
                outputFor.put(key, name);
                bodyNodes.add(new Node("out_" + name, name, "Output", Map.of(), new Position(maxX + AutoLayout.COLUMN, minY + AutoLayout.ROW * row++)));
                bodyEdges.add(new Edge(e.fromNode(), e.fromPort(), "out_" + name, "in"));
            }
        }
        Graph body = Graph.of(blockName, "", bodyNodes, bodyEdges, List.of(), List.of(), CanvasView.DEFAULT, Map.of(), Map.of());
        Block block = new Block(blockName, "", body);
        Edit edit = g.removeNodes(sel).then(x -> x.addBlock(block));
        String id = edit.after().freshId();
        if (instanceOut != null) instanceOut[0] = id;
        Node instance = new Node(id, edit.after().freshName(blockName.toLowerCase(Locale.ROOT).replaceAll("\\d+$", "")), Registry.BLOCK, Map.of("block", blockName),
                new Position(sumX / inner.size(), sumY / inner.size()));
        edit = edit.then(x -> x.addNode(instance));
        Set<Edge> added = new HashSet<>();
        for (Edge e : outsideIn) {
            Edge now = new Edge(e.fromNode(), e.fromPort(), id, inputFor.get(e.fromNode() + "." + e.fromPort()));
            if (added.add(now)) edit = edit.then(x -> x.connect(now));
        }
        for (Edge e : outsideOut) {
            Edge now = new Edge(id, outputFor.get(e.fromNode() + "." + e.fromPort()), e.toNode(), e.toPort());
            if (added.add(now)) edit = edit.then(x -> x.connect(now));
        }
        return edit;
    }
}
