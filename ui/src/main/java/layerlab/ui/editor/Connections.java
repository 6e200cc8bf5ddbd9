package layerlab.ui.editor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.spec.PortSpec;
import layerlab.graph.spec.PortType;
import layerlab.graph.spec.TensorType;

/**
 * Whether a wire may go from an output port to an input port, and if not, why, in a student's words: the
 * canvas highlights the ports this allows while a wire is dragged and shows the reason when a drop is refused.
 */
public final class Connections {
    private Connections() {
    }

    /** Why {@code e} cannot be added to {@code g}, or null when it can. */
    public static String refusal(Graph g, Analysis a, Edge e) {
        Node from = g.node(e.fromNode()), to = g.node(e.toNode());
        if (from == null || to == null) return "one end of the connection no longer exists";
        if (from.id().equals(to.id())) return "a layer cannot feed itself";
        PortSpec in = Ports.find(Ports.inputs(g, a, to), e.toPort());
        if (in == null) return to.name() + " has no input \"" + e.toPort() + "\"";
        for (Edge x : g.incoming(to.id())) {
            if (x.toPort().equals(e.toPort())) {
                return to.name() + "." + e.toPort() + " is already fed by " + g.node(x.fromNode()).name() + "." + x.fromPort()
                        + "; an input takes one connection (to combine two, feed them into an Add or a Concat)";
            }
        }
        List<String> loop = path(g, to.id(), from.id());
        if (loop != null) {
            List<String> names = new ArrayList<>();
            names.add(from.name());
            for (String id : loop) names.add(g.node(id).name());
            return "it would make a loop: " + String.join(" → ", names);
        }
        String type = typeProblem(g, a, from, e.fromPort(), in);
        return type;
    }

    /**
     * Every wire {@code fromNode.fromPort} may start (Connect To…, the keyboard's way to draw a wire): one per input of
     * another node that takes it, in the graph's order of nodes and their ports.
     */
    public static List<Edge> targets(Graph g, Analysis a, String fromNode, String fromPort) {
        List<Edge> out = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (n.id().equals(fromNode)) continue;
            for (PortSpec in : Ports.inputs(g, a, n)) {
                Edge e = new Edge(fromNode, fromPort, n.id(), in.name());
                if (refusal(g, a, e) == null) out.add(e);
            }
        }
        return out;
    }

    /** Why the output's tensor cannot enter {@code in} (int64 indices into a Linear, floats into an Embedding), or null. */
    static String typeProblem(Graph g, Analysis a, Node from, String fromPort, PortSpec in) {
        TensorType t = a.graph() == g && a.graph().node(from.id()) != null ? a.info(from.id()).output(fromPort) : null;
        if (t != null) {
            return in.type().accepts(t.dtype()) ? null
                    : "its input \"" + in.name() + "\" takes " + in.type().description() + ", but " + from.name() + "." + fromPort + " gives " + t.describe()
                    + dtypeHint(from, in);
        }
        PortSpec out = Ports.find(Ports.outputs(g, a, from), fromPort);
        if (out == null || out.type() == PortType.ANY || in.type() == PortType.ANY) return null;
        boolean outIdx = out.type() == PortType.INDICES, inIdx = in.type() == PortType.INDICES;
        return outIdx == inIdx ? null
                : "its input \"" + in.name() + "\" takes " + in.type().description() + ", but " + from.name() + "." + fromPort + " gives " + out.type().description();
    }

    /** What to set when an Input's dtype is what stands in the way: the prototyper's float Input wired into an Embedding. */
    private static String dtypeHint(Node from, PortSpec in) {
        if (!from.kind().equals("Input")) return "";
        if (in.type() == PortType.INDICES) return "; set the dtype of " + from.name() + " to int64 in Properties first";
        if (in.type() == PortType.FLOAT || in.type() == PortType.SEQUENCE) {
            return "; int64 ids go through an Embedding first (or set the dtype of " + from.name() + " to float32 for values)";
        }
        return "";
    }

    /** The node ids on a path of edges from {@code start} to {@code goal} (both included), or null when none. */
    static List<String> path(Graph g, String start, String goal) {
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        parent.put(start, null);
        queue.add(start);
        while (!queue.isEmpty()) {
            String at = queue.poll();
            if (at.equals(goal)) {
                List<String> p = new ArrayList<>();
                for (String x = goal; x != null; x = parent.get(x)) p.add(x);
                Collections.reverse(p);
                return p;
            }
            for (Edge e : g.outgoing(at)) {
                if (!parent.containsKey(e.toNode())) {
                    parent.put(e.toNode(), at);
                    queue.add(e.toNode());
                }
            }
        }
        return null;
    }
}
