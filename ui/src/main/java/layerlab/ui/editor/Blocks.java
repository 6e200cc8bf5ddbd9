package layerlab.ui.editor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
import layerlab.graph.spec.Registry;

/**
 * Group into block (Ctrl+G): the selected nodes become a block definition and one placement of it. Every tensor
 * that enters the selection from outside becomes an {@code Input} of the block, every one that leaves it an
 * {@code Output}, so the placement is wired exactly as the nodes were.
 */
public final class Blocks {
    private Blocks() {
    }

    /** The command, or null when the selection holds no node. {@code instanceOut[0]} gets the placement's id. */
    public static Command group(Graph g, Collection<String> ids, String[] instanceOut) {
        Set<String> sel = new HashSet<>(Commands.nodesIn(g, ids));
        if (sel.isEmpty()) return null;
        String blockName = Names.fresh("Block", n -> g.block(n) != null);
        return new Command("Group " + sel.size() + " nodes into " + blockName, x -> build(x, sel, blockName, instanceOut));
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
