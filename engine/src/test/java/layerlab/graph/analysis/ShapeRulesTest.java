package layerlab.graph.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.PortSpec;
import layerlab.graph.spec.Registry;
import layerlab.graph.spec.TensorType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shape rule against PyTorch: output shapes (batch as N) and parameter counts from
 * {@code fixtures/graph/shapes.json}, written by {@code engine/src/test/python/make_graph_fixtures.py}.
 */
class ShapeRulesTest {
    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = ShapeRulesTest.class.getResourceAsStream("/fixtures/graph/shapes.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Arguments> out = new ArrayList<>();
            for (JsonNode c : root) out.add(Arguments.of(c.get("kind").asText() + " " + c.get("params") + " on " + c.get("inputs"), c));
            return out.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name, JsonNode c) {
        String kind = c.get("kind").asText();
        LayerSpec spec = Registry.get(kind);
        Map<String, Object> params = new LinkedHashMap<>();
        c.get("params").fields().forEachRemaining(e -> params.put(e.getKey(), value(e.getValue(), spec.param(e.getKey()).type())));
        Graph g = Graph.empty().addNode(new Node("layer", "layer", kind, params, Position.ORIGIN)).after();
        List<PortSpec> ports = spec.inputs(spec.defaults());
        String dtype = c.get("input_dtype").asText();
        for (int i = 0; i < c.get("inputs").size(); i++) {
            List<Integer> shape = new ArrayList<>();
            c.get("inputs").get(i).forEach(d -> shape.add(d.asInt()));
            boolean ints = dtype.equals("int64") || dtype.equals("int64-target") && i == 1;
            String id = "in" + i;
            g = g.addNode(new Node(id, id, "Input", Map.of("shape", shape, "dtype", ints ? "int64" : "float32"), Position.ORIGIN)).after();
            g = g.connect(new Edge(id, "out", "layer", ports.get(i).name())).after();
        }
        Analysis a = Analysis.of(g);
        NodeInfo info = a.info("layer");
        assertEquals(Status.OK, info.status(), () -> a.problems().toString());
        assertEquals(List.of(), info.problems().stream().filter(Problem::isError).toList());
        List<TensorType> outs = new ArrayList<>(info.outputs().values());
        assertEquals(c.get("outputs").size(), outs.size(), "number of outputs");
        for (int i = 0; i < outs.size(); i++) {
            int[] want = new int[c.get("outputs").get(i).size()];
            for (int k = 0; k < want.length; k++) want[k] = c.get("outputs").get(i).get(k).asInt();
            assertArrayEquals(want, outs.get(i).dims(), "output " + i + ": " + outs.get(i));
        }
        assertEquals(c.get("param_count").asLong(), info.params(), "parameter count");
    }

    private static Object value(JsonNode v, layerlab.graph.spec.ParamType type) {
        if (v.isArray()) {
            List<Integer> l = new ArrayList<>();
            v.forEach(x -> l.add(x.asInt()));
            return l;
        }
        if (v.isBoolean()) return v.asBoolean();
        if (v.isTextual()) return v.asText();
        if (type == layerlab.graph.spec.ParamType.FLOAT) return v.asDouble();
        return v.isIntegralNumber() ? (Object) v.asInt() : v.asDouble();
    }
}
