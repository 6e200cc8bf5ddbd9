package layerlab.graph.spec;

import static layerlab.graph.TestGraphs.graph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import layerlab.autograd.Autograd;
import layerlab.graph.Graph;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@code Unflatten(dim, unflattened_size)}, typed as PyTorch names it (it was an unknown kind pointing to Reshape): the
 * shape it gives, with -1 inferred and from the end, the sizes that do not fit refused on the param with the numbers,
 * its PyTorch text, and the model it compiles to (PyTorch's outputs: LayerParityTest's unflatten_* fixtures).
 */
class UnflattenSpecTest {
    private static Analysis decoder(int dim, List<Integer> sizes) {
        Graph g = graph().node("x", "Input", "shape", List.of(12)).node("fc", "Linear", "out_features", 392)
                .node("maps", "Unflatten", "dim", dim, "unflattened_size", sizes).node("out", "Output").chain("x", "fc", "maps", "out").build();
        return Analysis.of(g);
    }

    @Test
    void aLinearsValuesBecomeFeatureMaps() {
        Analysis a = decoder(1, List.of(8, 7, 7));
        assertEquals(List.of(), a.problems());
        assertEquals("[N, 8, 7, 7]", a.info("maps").output("out").toString());
        assertEquals("out = [N, 8, 7, 7]: dim 1 of [N, 392] (392) split into [8, 7, 7]", a.info("maps").explanation().get(0));
        Analysis inferred = decoder(-1, List.of(8, -1, 7));
        assertEquals("[N, 8, 7, 7]", inferred.info("maps").output("out").toString());
        assertTrue(inferred.info("maps").explanation().get(0).endsWith("-1 → 392/56 = 7"), inferred.info("maps").explanation().toString());
    }

    @Test
    void sizesThatDoNotFitAreRefusedWithTheNumbers() {
        assertEquals("unflattened_size [8, 7, 8] holds 448 values, but dim 1 of [N, 392] has 392", message(decoder(1, List.of(8, 7, 8))));
        assertEquals("unflattened_size [5, -1] cannot split dim 1 of [N, 392] (392): 392 is not a multiple of 5", message(decoder(1, List.of(5, -1))));
        assertEquals("unflattened_size may hold -1 (\"the rest\") only once", message(decoder(1, List.of(-1, -1))));
        assertTrue(message(decoder(0, List.of(2, -1))).contains("is the batch dimension N"), message(decoder(0, List.of(2, -1))));
    }

    private static String message(Analysis a) {
        return a.problems().stream().filter(p -> "maps".equals(p.nodeId())).findFirst().orElseThrow(() -> new AssertionError(a.problems())).message();
    }

    @Test
    void pyTorchTextAndModel() throws Exception {
        LayerSpec s = Registry.get("Unflatten");
        assertEquals("nn.Unflatten(1, (8, 7, 7))", s.torch(new ResolvedParams(s, Map.of("dim", 1, "unflattened_size", List.of(8, 7, 7)), Map.of())));
        Graph g = graph().node("x", "Input", "shape", List.of(6)).node("maps", "Unflatten", "dim", 1, "unflattened_size", List.of(2, -1))
                .node("out", "Output").chain("x", "maps", "out").build();
        Model m = GraphCompiler.compile(g);
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 2, 6), y;
        try (var ng = Autograd.noGrad()) {
            y = m.forward(x);
        }
        assertEquals(List.of(2, 2, 3), java.util.Arrays.stream(y.shape()).boxed().toList());
        assertEquals(List.of(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f), toList(y.contiguous().toFloatArray()));
    }

    private static List<Float> toList(float[] v) {
        Float[] b = new Float[v.length];
        for (int i = 0; i < v.length; i++) b[i] = v[i];
        return List.of(b);
    }
}
