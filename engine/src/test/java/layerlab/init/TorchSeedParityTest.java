package layerlab.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import layerlab.graph.Graph;
import layerlab.graph.TestGraphs;
import layerlab.graph.compile.GraphCompiler;
import layerlab.tensor.DType;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * A seed gives PyTorch's numbers (make_init_fixtures.py): the generator's draws after {@code torch.manual_seed}, each
 * {@code torch.nn.init} function, and every layer kind's default weights, made in a graph's order as the exported script
 * makes them, with the nodes' own initialisers.
 *
 * <p>Uniform draws and the permutation are exact. Normals of fewer than 16 values are computed in double as torch's and
 * agree to float rounding; those of 16 or more go through float {@code log}/{@code cos}/{@code sin}, where torch's vector
 * maths and Java's may differ in the last bit, so normals are held to 1e-6 relative (and 1e-7 absolute near zero). The
 * orthogonal matrices come from a QR decomposition, in double here and in float by LAPACK in torch: 1e-5.
 */
class TorchSeedParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> functionCases() {
        return names("init/functions.json");
    }

    static List<String> layerCases() {
        return names("init/layers.json");
    }

    private static List<String> names(String path) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : Fixtures.load(path).json().get("cases")) out.add(c.get("name").asText());
        return out;
    }

    private static JsonNode named(String path, String name) {
        for (JsonNode c : Fixtures.load(path).json().get("cases")) if (c.get("name").asText().equals(name)) return c;
        throw new IllegalArgumentException("no case " + name + " in " + path);
    }

    private static float[] floats(JsonNode tensor) {
        return Fixtures.tensor(tensor).toFloatArray();
    }

    private static void assertExact(JsonNode expected, float[] actual, String what) {
        assertArrayEquals(floats(expected), actual, what);
    }

    @Test
    void drawsWhatTorchsGeneratorDraws() {
        for (JsonNode c : Fixtures.load("init/generator.json").json().get("cases")) {
            long seed = c.get("seed").asLong();
            Generator g = new Generator(seed);
            String at = "seed " + seed + ": ";
            float[] rand = new float[40];
            g.uniform(rand, 0, 40, 0f, 1f);
            assertExact(c.get("rand"), rand, at + "torch.rand(40)");
            float[] small = new float[7];
            g.normal(small, 0, 7, 0f, 1f);
            Fixtures.assertClose(Fixtures.tensor(c.get("randn_small")), Tensor.of(small, 7), 1e-7, 0, at + "torch.randn(7)");
            float[] randn = new float[37];
            g.normal(randn, 0, 37, 0f, 1f);
            Fixtures.assertClose(Fixtures.tensor(c.get("randn")), Tensor.of(randn, 37), 1e-6, 1e-7, at + "torch.randn(37)");
            JsonNode doubles = c.get("rand_double").get("data");
            for (int i = 0; i < 5; i++) assertEquals(doubles.get(i).asDouble(), g.nextDouble(), 0.0, at + "torch.rand(5, float64)[" + i + "]");
            JsonNode normals = c.get("randn_double").get("data");
            for (int i = 0; i < 5; i++) assertEquals(normals.get(i).asDouble(), g.nextGaussian(), 1e-15, at + "torch.randn(5, float64)[" + i + "]");
            float[] uniform = new float[100];
            g.uniform(uniform, 0, 100, -0.3f, 0.7f);
            assertExact(c.get("uniform"), uniform, at + "uniform_(-0.3, 0.7)");
            int[] perm = g.permutation(12);
            JsonNode p = c.get("randperm").get("data");
            for (int i = 0; i < 12; i++) assertEquals(p.get(i).asInt(), perm[i], at + "torch.randperm(12)[" + i + "]");
            float[] after = new float[3];
            g.normal(after, 0, 3, 0f, 1f);
            Fixtures.assertClose(Fixtures.tensor(c.get("randn_after")), Tensor.of(after, 3), 1e-7, 0, at + "torch.randn(3) after the float64 normals");
        }
    }

    @Test
    void aCheckpointedPositionDrawsOnAsTheGeneratorWould() {
        Generator a = new Generator(3);
        a.nextGaussian(); // leaves a normal waiting
        for (int i = 0; i < 700; i++) a.nextInt(); // past a twist
        Generator b = new Generator(99);
        b.setState(a.state());
        for (int i = 0; i < 1000; i++) assertEquals(a.nextGaussian(), b.nextGaussian(), 0.0, "draw " + i);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functionCases")
    void initFunctionsGiveTorchsTensors(String name) {
        JsonNode c = named("init/functions.json", name);
        Tensor expected = Fixtures.tensor(c.get("tensor"));
        Map<String, Object> args = JSON.convertValue(c.get("args"), JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
        Tensor actual = Tensor.zeros(expected.shape());
        Init.byName(c.get("function").asText(), args).apply(actual, new Generator(c.get("seed").asLong()));
        String fn = c.get("function").asText();
        if (fn.startsWith("orthogonal")) Fixtures.assertClose(expected, actual, 1e-5, 1e-6, name);
        else if (fn.contains("normal")) Fixtures.assertClose(expected, actual, 1e-6, 1e-7, name);
        else assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layerCases")
    void layersStartFromPyTorchsWeightsForTheSameSeed(String name) {
        JsonNode c = named("init/layers.json", name);
        TestGraphs b = TestGraphs.graph();
        for (JsonNode n : c.get("nodes")) {
            Map<String, Object> params = JSON.convertValue(n.get(2), JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
            List<Object> kv = new ArrayList<>();
            params.forEach((k, v) -> {
                kv.add(k);
                kv.add(v);
            });
            b.node(n.get(0).asText(), n.get(1).asText(), kv.toArray());
        }
        for (JsonNode e : c.get("edges")) b.edge(e.get(0).asText(), e.get(1).asText());
        Graph g = b.build();
        for (JsonNode i : c.get("init")) {
            Map<String, Object> args = JSON.convertValue(i.get(3), JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
            g = g.setInit(g.nodeByName(i.get(0).asText()).id(), i.get(1).asText(), new InitChoice(i.get(2).asText(), args)).after();
        }
        Map<String, Tensor> state;
        try (var seeded = Generator.use(new Generator(c.get("seed").asLong()))) {
            state = GraphCompiler.compile(g).stateDict();
        }
        JsonNode expected = c.get("state");
        TreeSet<String> torchKeys = new TreeSet<>();
        expected.fieldNames().forEachRemaining(torchKeys::add);
        assertEquals(torchKeys, new TreeSet<>(state.keySet()), name + ": the state dict's names");
        boolean orthogonal = false;
        for (JsonNode i : c.get("init")) orthogonal |= i.get(2).asText().startsWith("orthogonal");
        for (String key : torchKeys) {
            Tensor want = Fixtures.tensor(expected.get(key));
            Tensor got = state.get(key);
            assertTrue(got != null, name + ": no " + key);
            if (want.dtype() == DType.INT64) {
                assertArrayEquals(want.toLongArray(), got.toLongArray(), name + " " + key);
                continue;
            }
            Fixtures.assertClose(want, got, orthogonal ? 1e-5 : 1e-6, 1e-7, name + " " + key);
        }
    }
}
