package layerlab.graph;

import java.util.LinkedHashMap;
import java.util.Map;

/** Test graphs written compactly; node ids equal node names so tests can address either. */
public final class TestGraphs {
    private Graph g = Graph.empty();

    private TestGraphs() {
    }

    public static TestGraphs graph() {
        return new TestGraphs();
    }

    /** Adds a node with params given as name, value pairs. */
    public TestGraphs node(String name, String kind, Object... kv) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) params.put((String) kv[i], kv[i + 1]);
        g = g.addNode(new Node(name, name, kind, params, new Position(g.nodes().size() * 180, 0))).after();
        return this;
    }

    /** Connects {@code "a.out"} to {@code "b.in"}. */
    public TestGraphs edge(String from, String to) {
        g = g.connect(from, to).after();
        return this;
    }

    /** Connects each node's {@code out} to the next one's {@code in}. */
    public TestGraphs chain(String... names) {
        for (int i = 0; i + 1 < names.length; i++) edge(names[i] + ".out", names[i + 1] + ".in");
        return this;
    }

    public TestGraphs block(Block b) {
        g = g.addBlock(b).after();
        return this;
    }

    public Graph build() {
        return g;
    }
}
