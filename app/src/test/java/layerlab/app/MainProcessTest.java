package layerlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs {@code layerlab.app.Main} in its own JVM, as the launcher does: real exit codes, real class loading. */
class MainProcessTest {
    private record Result(int exit, String out) {}

    private static Result main(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-verbose:class", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }

    @Test
    void versionExitsZeroWithoutLoadingJavaFx() throws Exception {
        Result r = main("--version");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("LayerLab 0.1.0-SNAPSHOT"), r.out());
        assertTrue(r.out().contains(" layerlab.cli.LayerLabCommand "), "class loading is logged: " + r.out());
        List<String> javafx = r.out().lines().filter(l -> l.contains(" javafx.") || l.contains(" com.sun.javafx.")).toList();
        assertEquals(List.of(), javafx, "the command line loaded JavaFX classes");
    }

    @Test
    void aUsageErrorExitsTwo() throws Exception {
        Result r = main("frobnicate");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("layerlab: unknown command 'frobnicate'"), r.out());
    }
}
