package layerlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import layerlab.backend.cpu.HeapPages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM options ./layerlab starts Java with: run from a copy beside a built jar, on a stand-in java that prints its
 * arguments, so no build and no JVM are involved.
 */
class LauncherTest {
    @TempDir
    Path dir;

    private List<String> javaArgs(String extraOpts) throws Exception {
        Path copy = dir.resolve("layerlab");
        Files.copy(Path.of("..", "layerlab"), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(dir.resolve("app/target/lib"));
        Files.writeString(dir.resolve("app/target/layerlab-app.jar"), "");
        Path java = dir.resolve("jdk/bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\nif [ \"$1\" = -version ]; then echo 'openjdk version \"25.0.3\" 2026-04-21' >&2; exit 0; fi\n"
                + "for a in \"$@\"; do echo \"$a\"; done\n");
        assertTrue(java.toFile().setExecutable(true) && copy.toFile().setExecutable(true));
        ProcessBuilder b = new ProcessBuilder("bash", copy.toString(), "--version").redirectErrorStream(true);
        b.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        if (extraOpts == null) b.environment().remove("LAYERLAB_JAVA_OPTS");
        else b.environment().put("LAYERLAB_JAVA_OPTS", extraOpts);
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.lines().toList();
    }

    /** Huge pages are asked for exactly where the kernel offers them on request (elsewhere the JVM would warn on stdout). */
    @Test
    void asksForHugePagesWhereTheKernelOffersThem() throws Exception {
        List<String> args = javaArgs(null);
        assertEquals(List.of("--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"), args.subList(0, 3));
        String mode = HeapPages.kernelMode();
        assertEquals("madvise".equals(mode) || "always".equals(mode), args.contains("-XX:+UseTransparentHugePages"), mode + ": " + args);
        assertEquals(List.of("layerlab.app.Main", "--version"), args.subList(args.size() - 2, args.size()));
    }

    /** LAYERLAB_JAVA_OPTS go last among the JVM's options, so a larger heap there wins. */
    @Test
    void passesLayerLabJavaOptsLast() throws Exception {
        List<String> args = javaArgs("-Xmx16g  -Xlog:gc");
        int cp = args.indexOf("-cp");
        assertEquals(List.of("-Xmx16g", "-Xlog:gc"), args.subList(cp - 2, cp));
        assertTrue(args.stream().noneMatch(a -> a.startsWith("-Xmn")), "a heap sized by the user keeps the collector's own young generation: " + args);
    }

    /**
     * The young generation has a fixed size, a third of Java's default heap (a quarter of the memory), at most 1 GiB: a
     * young generation that grows stalls training steps on a VM (see the launcher).
     */
    @Test
    void fixesTheYoungGenerationsSize() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/meminfo")), "Linux's /proc/meminfo");
        long kib = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
        long mib = Math.min(1024, kib / 1024 / 12);
        List<String> args = javaArgs(null);
        assertTrue(args.contains("-Xmn" + mib + "m"), args.toString());
        assertTrue(args.indexOf("-Xmn" + mib + "m") < args.indexOf("-cp"));
        assertTrue(javaArgs("-Xlog:gc").contains("-Xmn" + mib + "m"), "other options leave it");
    }
}
