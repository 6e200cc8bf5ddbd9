package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import layerlab.io.Npy;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bundles written by older LayerLab builds (engine's {@code src/test/resources/golden/<commit>/}, see its README.md) predict
 * in this build what they predicted in the build that wrote them: {@code layerlab predict OLD.llab --input inputs.csv
 * --output y.npy} gives the raw outputs the old build wrote for the same rows (a two-headed model's further head beside
 * them, {@code y.bill_depth_mm.npy}), within 1e-5 relative, for the bundle train wrote and for the exported model alone.
 */
class OldBundlesPredictTest {
    static final Path GOLDEN = Path.of("..", "engine", "src", "test", "resources", "golden");
    final CliRunner cli = new CliRunner();

    static Stream<String[]> bundles() throws IOException {
        List<String[]> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(d)) {
                    for (Path f : files.filter(p -> p.toString().endsWith("-project.json")).sorted().toList()) {
                        String model = f.getFileName().toString().replace("-project.json", "");
                        out.add(new String[] {d.getFileName().toString(), model, model + ".llab"});
                        out.add(new String[] {d.getFileName().toString(), model, model + "-model.llab"});
                    }
                }
            }
        }
        assertFalse(out.isEmpty(), "no golden files under " + GOLDEN.toAbsolutePath());
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("bundles")
    void predictsTheOldBuildsNumbers(String commit, String model, String bundle, @TempDir Path tmp) throws IOException {
        Path dir = GOLDEN.resolve(commit);
        Path y = tmp.resolve("y.npy");
        assertEquals(0, cli.run("predict", dir.resolve(bundle).toString(), "--input", dir.resolve(model + "-inputs.csv").toString(),
                "--output", y.toString()), cli.err.toString());
        int compared = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path old : files.filter(p -> p.getFileName().toString().startsWith(model + "-predicted") && p.toString().endsWith(".npy")).toList()) {
                String suffix = old.getFileName().toString().substring((model + "-predicted").length()); // ".npy", ".bill_depth_mm.npy"
                Path now = tmp.resolve("y" + suffix);
                assertTrue(Files.exists(now), "this build wrote no " + now.getFileName() + ": " + cli.out + cli.err);
                Tensor expected = Npy.read(old), actual = Npy.read(now);
                assertArrayEquals(expected.shape(), actual.shape(), old.getFileName().toString());
                float[] e = expected.toFloatArray(), a = actual.toFloatArray();
                for (int i = 0; i < e.length; i++)
                    assertEquals(e[i], a[i], 1e-5 * Math.max(1, Math.abs(e[i])), old.getFileName() + " value " + i);
                compared++;
            }
        }
        assertTrue(compared > 0, "no old predictions for " + model);
    }
}
