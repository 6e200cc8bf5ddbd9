package layerlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tools/newest-java, which picks the JDK ./layerlab runs on when JAVA_HOME is not set: the newest 17+ with the Vector API. */
class NewestJavaTest {
    @TempDir
    Path dir;

    private Path home(String name, String version, boolean vector, boolean hasJava) throws IOException {
        Path h = dir.resolve(name);
        Files.createDirectories(h.resolve("bin"));
        if (hasJava) {
            Path java = h.resolve("bin/java");
            Files.writeString(java, "#!/bin/sh\nexit 0\n");
            java.toFile().setExecutable(true);
        }
        Files.writeString(h.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\nMODULES=\"java.base java.desktop"
                + (vector ? " jdk.incubator.vector" : "") + " jdk.jfr\"\n");
        return h;
    }

    /** What the script prints for these homes, and its exit status. */
    private String pick(Path... homes) throws Exception {
        Path script = Path.of("..", "tools", "newest-java").toAbsolutePath().normalize();
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
        for (Path h : homes) cmd.add(h.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor() + ":" + out;
    }

    @Test
    void picksTheNewestJdkThatCanRunLayerLab() throws Exception {
        Path j17 = home("jdk-17", "17.0.15", true, true);
        Path j21 = home("jdk-21", "21.0.2", true, true);
        Path j25 = home("jdk-25", "25.0.3", true, true);
        Path j8 = home("jdk-8", "1.8.0_392", false, true);
        // Newer, but no Vector API (a future JDK that dropped the incubator module), or no java to run.
        Path noVector = home("jdk-30", "30", false, true);
        Path noJava = home("jre-28", "28.0.1", true, false);
        assertEquals("0:" + j25.resolve("bin/java"), pick(j17, j25, j21, j8, noVector, noJava));
        assertEquals("0:" + j21.resolve("bin/java"), pick(j17, j21));
        assertEquals("0:" + j17.resolve("bin/java"), pick(j8, j17, dir.resolve("missing")));
        // Nothing suitable: it says nothing and fails, and the launcher falls back to `java` on the PATH.
        assertEquals("1:", pick(j8, noVector, noJava));
    }
}
