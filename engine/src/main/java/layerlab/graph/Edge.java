package layerlab.graph;

import java.util.Objects;

/**
 * A connection from one node's output port to another node's input port, by stable node ids (so renaming a
 * node touches no edge). The project file writes it with node names: {@code {"from": "conv1.out", "to": "relu1.in"}}.
 */
public record Edge(String fromNode, String fromPort, String toNode, String toPort) {
    public Edge {
        Objects.requireNonNull(fromNode, "fromNode");
        Objects.requireNonNull(fromPort, "fromPort");
        Objects.requireNonNull(toNode, "toNode");
        Objects.requireNonNull(toPort, "toPort");
    }

    /** The edge from {@code from} ("id.port") to {@code to} ("id.port"). */
    public static Edge of(String from, String to) {
        int a = from.lastIndexOf('.'), b = to.lastIndexOf('.');
        if (a <= 0 || b <= 0) throw new IllegalArgumentException("an edge end is written node.port, got '" + (a <= 0 ? from : to) + "'");
        return new Edge(from.substring(0, a), from.substring(a + 1), to.substring(0, b), to.substring(b + 1));
    }

    public boolean touches(String nodeId) {
        return fromNode.equals(nodeId) || toNode.equals(nodeId);
    }

    @Override
    public String toString() {
        return fromNode + "." + fromPort + " -> " + toNode + "." + toPort;
    }
}
