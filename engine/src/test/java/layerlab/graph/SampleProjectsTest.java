package layerlab.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.graph.json.ProjectJson;
import layerlab.graph.spec.TensorType;
import layerlab.tensor.DType;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample projects are golden tests: each reads, writes back byte for byte, validates clean, compiles and runs;
 * the classroom guide's projects validate clean, compile and run.
 */
class SampleProjectsTest {
    static final Path DIR = Path.of("..", "sample-projects");

    static Stream<Path> samples() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            List<Path> all = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertEquals(SampleProjectsGenerator.all().size(), all.size(), "one file per generated sample");
            return all.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void roundTripsByteForByte(Path file) throws IOException {
        String text = Files.readString(file);
        Graph g = ProjectJson.read(text, file.getFileName().toString());
        assertEquals(text, ProjectJson.write(g));
        assertEquals(g, ProjectJson.read(ProjectJson.write(g), "again"));
        String name = file.getFileName().toString().replace(".json", "");
        assertEquals(SampleProjectsGenerator.all().get(name), g, "the file is what SampleProjectsGenerator writes; regenerate it");
    }

    /** The classroom guide's projects (docs/classroom), which the lessons open and train. */
    static Stream<Path> samplesAndLessons() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("..", "docs", "classroom"))) {
            return Stream.concat(samples(), s.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samplesAndLessons")
    void passesCheckCompilesAndRuns(Path file) throws IOException {
        Graph g = ProjectJson.load(file);
        Analysis a = Analysis.of(g);
        assertEquals(List.of(), a.problems());
        Model m = GraphCompiler.compile(a);
        Map<String, Tensor> feeds = new HashMap<>();
        Generator gen = new Generator(7);
        for (Node n : g.nodes()) {
            if (!n.kind().equals("Input")) continue;
            TensorType t = a.info(n.id()).output("out");
            int[] shape = t.dims();
            shape[0] = 3;
            feeds.put(n.name(), t.dtype() == DType.INT64 ? randomIds(gen, shape, 2) : Tensor.randn(gen, shape));
        }
        Map<String, Tensor> out = m.run(feeds);
        assertEquals(m.outputNames().size() + m.lossNames().size(), out.size());
        for (var e : out.entrySet()) {
            for (float v : e.getValue().toFloatArray()) assertFalse(Float.isNaN(v), e.getKey());
        }
        for (String o : m.outputNames()) {
            int[] want = a.info(g.nodeByName(o).id()).inputTypes().get(0).dims();
            int[] got = out.get(o).shape();
            for (int i = 0; i < want.length; i++) if (want[i] == TensorType.N) want[i] = 3;
            assertEquals(java.util.Arrays.toString(want), java.util.Arrays.toString(got), o + ": inferred shape = actual shape");
        }
        assertEquals(a.totalParams(), m.parameterCount(), "inferred parameter count = built one");
    }

    static Tensor randomIds(Generator gen, int[] shape, int bound) {
        Tensor r = Tensor.rand(gen, shape);
        float[] f = r.toFloatArray();
        long[] ids = new long[f.length];
        for (int i = 0; i < f.length; i++) ids[i] = Math.min(bound - 1, (long) (f[i] * bound));
        return Tensor.ofLongs(ids, shape);
    }
}
