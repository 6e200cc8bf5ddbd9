package layerlab.graph.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import layerlab.graph.Block;
import layerlab.graph.CanvasView;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Names;
import layerlab.graph.Node;
import layerlab.graph.Note;
import layerlab.graph.Position;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.ParamSpec;
import layerlab.graph.spec.PortSpec;
import layerlab.graph.spec.Registry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Property: any document (every kind, any valid param values, notes, blocks, settings) survives write → read unchanged. */
class RoundTripPropertiesTest {
    @Property(tries = 300)
    void randomDocumentsRoundTrip(@ForAll("documents") Graph g) throws Exception {
        String text = ProjectJson.write(g);
        Graph back = ProjectJson.read(text, "random.json");
        assertEquals(g, back);
        assertEquals(text, ProjectJson.write(back));
    }

    @Provide
    Arbitrary<Graph> documents() {
        return Arbitraries.randomValue(RoundTripPropertiesTest::document);
    }

    private static final String TEXT = "abcxyz ÄéΣ→⌊⌋ \"quoted\" back\\slash\nnew line\ttab {}[],:";

    static Graph document(Random r) {
        Graph body = nodes(r, Graph.empty(), 1 + r.nextInt(4));
        Graph g = Graph.empty().addBlock(new Block("B" + r.nextInt(100), text(r), body)).after();
        g = nodes(r, g, r.nextInt(25));
        for (int i = 0; i < r.nextInt(3); i++) {
            g = g.addNote(new Note(g.freshId(), text(r), position(r), 1 + r.nextInt(400), 0.5 + r.nextDouble() * 300)).after();
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("epochs", r.nextInt(100));
        settings.put("lr", r.nextDouble());
        settings.put("name", text(r));
        settings.put("flags", List.of(true, false, r.nextBoolean()));
        settings.put("nested", Map.of("betas", List.of(0.9, 0.999), "none", "x"));
        g = g.set(layerlab.graph.GraphChange.Setting.TRAINING, settings).after().set(layerlab.graph.GraphChange.Setting.NAME, text(r)).after();
        return g.setView(new CanvasView(r.nextGaussian() * 1000, r.nextInt(500), 0.1 + r.nextDouble() * 4)).after();
    }

    /** {@code n} nodes of random kinds with random valid params, each input port fed by an earlier node's output (or left open). */
    private static Graph nodes(Random r, Graph g, int n) {
        List<LayerSpec> specs = Registry.all();
        for (int i = 0; i < n; i++) {
            LayerSpec s = specs.get(r.nextInt(specs.size()));
            Map<String, Object> params = new LinkedHashMap<>();
            for (ParamSpec p : s.params()) if (r.nextBoolean()) params.put(p.name(), value(r, p));
            Node node = new Node(g.freshId(), g.freshName(Names.prefixFor(s.kind())), s.kind(), params, position(r));
            List<Node> earlier = g.nodes();
            g = g.addNode(node).after();
            if (earlier.isEmpty()) continue;
            for (PortSpec port : s.defaultInputs()) {
                if (r.nextInt(4) == 0) continue;
                Edge e = new Edge(earlier.get(r.nextInt(earlier.size())).id(), r.nextInt(5) == 0 ? "h_n" : "out", node.id(), port.name());
                if (!g.edges().contains(e)) g = g.connect(e).after();
            }
        }
        return g;
    }

    private static Object value(Random r, ParamSpec p) {
        switch (p.type()) {
            case INT:
                return (int) Math.max(p.min() == null ? -1000 : p.min(), Math.min(p.max() == null ? 1000 : p.max(), r.nextInt(2001) - 1000));
            case FLOAT: {
                if (p.arity() > 1 && r.nextBoolean()) { // a number per dim (Upsample's scale_factor=(2.0, 3.0))
                    List<Double> l = new ArrayList<>();
                    for (int i = 0; i < p.arity(); i++) l.add(real(r, p));
                    return l;
                }
                return real(r, p);
            }
            case FLOATS: { // a loss's class weights: whole numbers and fractions
                List<Double> l = new ArrayList<>();
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) l.add(r.nextBoolean() ? (double) r.nextInt(10) : r.nextDouble() * 10);
                return l;
            }
            case BOOL:
                return r.nextBoolean();
            case CHOICE:
                return p.choices().get(r.nextInt(p.choices().size()));
            case STRING:
                return "Block" + r.nextInt(9);
            case SIZE:
            case PADDING: {
                if (!p.choices().isEmpty() && r.nextInt(3) == 0) return p.choices().get(r.nextInt(p.choices().size()));
                int lo = p.min().intValue();
                if (r.nextBoolean()) return lo + r.nextInt(7);
                List<Integer> l = new ArrayList<>();
                for (int i = 0; i < p.arity(); i++) l.add(lo + r.nextInt(7));
                return l;
            }
            case SHAPE: {
                List<Integer> l = new ArrayList<>();
                for (int i = 0; i < r.nextInt(5); i++) l.add(1 + r.nextInt(64));
                return l;
            }
            default:
                throw new AssertionError(p.type());
        }
    }

    /** A number in the param's range where it has both ends, else of any size. */
    private static double real(Random r, ParamSpec p) {
        return p.min() != null && p.max() != null ? p.min() + r.nextDouble() * (p.max() - p.min()) : r.nextGaussian() * Math.pow(10, r.nextInt(9) - 6);
    }

    private static Position position(Random r) {
        return r.nextBoolean() ? new Position(r.nextInt(2000) - 1000, r.nextInt(2000)) : new Position(r.nextGaussian() * 500, r.nextDouble() * 1e-3);
    }

    private static String text(Random r) {
        int a = r.nextInt(TEXT.length()), b = r.nextInt(TEXT.length());
        return TEXT.substring(Math.min(a, b), Math.max(a, b));
    }
}
