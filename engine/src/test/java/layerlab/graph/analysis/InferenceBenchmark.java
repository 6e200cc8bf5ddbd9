package layerlab.graph.analysis;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import layerlab.graph.Edge;
import layerlab.graph.Edit;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;

/**
 * How long re-inference takes after one edit on a 1,000-node graph (the budget: 20 ms). Not a unit test
 * (timings belong to runs, not to assertions); run it with the test class path:
 * {@code java -cp engine/target/classes:engine/target/test-classes:<jackson> layerlab.graph.analysis.InferenceBenchmark}.
 */
public final class InferenceBenchmark {
    private InferenceBenchmark() {
    }

    /** Input [64], then blocks of Linear → LayerNorm → ReLU → Add (residual over the block) until {@code n} nodes, then an Output. */
    static Graph bigGraph(int n) {
        Graph g = Graph.empty().addNode(new Node("n0", "x", "Input", Map.of("shape", List.of(64)), Position.ORIGIN)).after();
        String prev = "n0";
        int i = 1;
        while (i < n - 5) {
            String blockIn = prev;
            String[] kinds = {"Linear", "LayerNorm", "ReLU"};
            for (String kind : kinds) {
                String id = "n" + i++;
                Map<String, Object> params = kind.equals("Linear") ? Map.of("out_features", 64) : Map.of();
                g = g.addNode(new Node(id, kind.toLowerCase() + id.substring(1), kind, params, new Position(i * 20, 0))).after();
                g = g.connect(new Edge(prev, "out", id, "in")).after();
                prev = id;
            }
            String add = "n" + i++;
            g = g.addNode(new Node(add, "add" + add.substring(1), "Add", Map.of(), new Position(i * 20, 0))).after();
            g = g.connect(new Edge(prev, "out", add, "in1")).after().connect(new Edge(blockIn, "out", add, "in2")).after();
            prev = add;
        }
        while (i < n - 1) {
            String id = "n" + i++;
            g = g.addNode(new Node(id, "tanh" + id.substring(1), "Tanh", Map.of(), Position.ORIGIN)).after().connect(new Edge(prev, "out", id, "in")).after();
            prev = id;
        }
        return g.addNode(new Node("out", "y", "Output", Map.of(), Position.ORIGIN)).after().connect(new Edge(prev, "out", "out", "in")).after();
    }

    public static void main(String[] args) {
        Graph g = bigGraph(1000);
        System.out.println(g.nodes().size() + " nodes, " + g.edges().size() + " edges");
        Analysis base = Analysis.of(g);
        if (base.hasErrors()) throw new IllegalStateException(base.errors().toString());
        time("full analysis (for comparison)", 200, () -> Analysis.of(g).problems());
        bench("param change at the end (out_features of the last Linear)", base, x -> x.setParam(lastLinear(x), "out_features", 64 + 0));
        bench("edit at the top that leaves its output shape alone (bias of the first Linear)", base, x -> x.setParam("n1", "bias", false));
        bench("rename of the first Linear (messages downstream quote it)", base, x -> x.rename("n1", "first"));
        bench("move a node (no re-inference needed)", base, x -> x.moveNode("n500", new Position(1, 2)));
        bench("add a node at the end", base, x -> x.addNode(new Node("extra", "extra", "ReLU", Map.of(), Position.ORIGIN))
                .then(y -> y.connect(new Edge("n990", "out", "extra", "in"))));
        bench("shape change at the top that reaches every node: Input [64] → [1, 64]", base, x -> x.setParam("n0", "shape", List.of(1, 64)));
    }

    private static String lastLinear(Graph g) {
        String id = null;
        for (Node n : g.nodes()) if (n.kind().equals("Linear")) id = n.id();
        return id;
    }

    private static void bench(String what, Analysis base, Function<Graph, Edit> edit) {
        Edit e = edit.apply(base.graph());
        if (base.update(e).hasErrors()) throw new IllegalStateException(what + ": " + base.update(e).errors());
        time(what, 500, () -> base.update(e).problems());
    }

    private static void time(String what, int reps, Runnable r) {
        for (int i = 0; i < reps; i++) r.run(); // warm-up
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%-70s median %7.3f ms   p95 %7.3f ms   max %7.3f ms%n", what, ms[reps / 2], ms[(int) (reps * 0.95)], ms[reps - 1]);
    }
}
