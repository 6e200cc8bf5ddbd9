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
        prepare();
        Process p = launch(extraOpts);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.lines().toList();
    }

    /** A copy of the launcher beside an (empty) built jar and a stand-in java. */
    private void prepare() throws Exception {
        LauncherCopy.prepare(dir, "#!/bin/sh\nif [ \"$1\" = -version ]; then echo 'openjdk version \"25.0.3\" 2026-04-21' >&2; exit 0; fi\n"
                + "for a in \"$@\"; do echo \"$a\"; done\n");
    }

    private Process launch(String extraOpts) throws Exception {
        ProcessBuilder b = new ProcessBuilder("bash", dir.resolve("layerlab").toString(), "--version").redirectErrorStream(true);
        b.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        if (extraOpts == null) b.environment().remove("LAYERLAB_JAVA_OPTS");
        else b.environment().put("LAYERLAB_JAVA_OPTS", extraOpts);
        return b.start();
    }

    private int builds() throws Exception {
        Path log = dir.resolve("builds.log");
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    private void launchAndWait() throws Exception {
        Process p = launch(null);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    /**
     * Sources newer than the jar are built first, by one launcher at a time: a second one started meanwhile waits and
     * finds the jar fresh (two Mavens in one tree delete each other's classes). A source saved while Maven runs makes
     * the next start build again (the jar dates from the build's start, not its end).
     */
    @Test
    void buildsOneAtATimeAndAgainForASourceSavedDuringTheBuild() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("sh", "-c", "command -v flock").start().waitFor() == 0, "flock (util-linux)");
        prepare();
        Path jar = dir.resolve("app/target/layerlab-app.jar"), source = dir.resolve("app/src/Main.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Main {}");
        assertTrue(jar.toFile().setLastModified(System.currentTimeMillis() - 60_000));
        Path mvnw = dir.resolve("mvnw");
        Files.writeString(mvnw, "#!/bin/sh\necho build >> builds.log\nsleep 2\n"
                + "if [ -f save-during-build ]; then rm save-during-build; touch app/src/Main.java; fi\n");
        assertTrue(mvnw.toFile().setExecutable(true));

        Process first = launch(null), second = launch(null);
        for (Process p : List.of(first, second)) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
        }
        assertEquals(1, builds(), "two launchers at once build once");
        launchAndWait();
        assertEquals(1, builds(), "a fresh jar is not built again");

        Files.writeString(dir.resolve("save-during-build"), "");
        assertTrue(source.toFile().setLastModified(System.currentTimeMillis()));
        launchAndWait();
        assertEquals(2, builds());
        launchAndWait();
        assertEquals(3, builds(), "the source saved during the last build is built now");
        launchAndWait();
        assertEquals(3, builds());
    }

    /**
     * The first start after a rebuild still shows Java's messages: the launcher closed the build lock with
     * {@code exec 9>&- 2>/dev/null}, which sent its own stderr, and so Java's, to /dev/null for the rest of that run.
     */
    @Test
    void javasMessagesShowOnTheStartThatRebuilt() throws Exception {
        prepare();
        Path jar = dir.resolve("app/target/layerlab-app.jar"), source = dir.resolve("app/src/Main.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Main {}");
        assertTrue(jar.toFile().setLastModified(System.currentTimeMillis() - 60_000));
        Path mvnw = dir.resolve("mvnw");
        Files.writeString(mvnw, "#!/bin/sh\nexit 0\n");
        Path java = dir.resolve("jdk/bin/java");
        Files.writeString(java, "#!/bin/sh\nif [ \"$1\" = -version ]; then echo 'openjdk version \"25.0.3\" 2026-04-21' >&2; exit 0; fi\n"
                + "echo 'layerlab eval: x.llab: no such file' >&2\nexit 2\n");
        assertTrue(mvnw.toFile().setExecutable(true) && java.toFile().setExecutable(true));
        Process p = launch(null);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), out);
        assertTrue(out.startsWith("Rebuilding LayerLab (sources changed)"), out);
        assertTrue(out.contains("layerlab eval: x.llab: no such file"), out);
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

    /**
     * A stand-in java that records a class-data archive (the warm-up) as {@code warmUp} says, else prints its arguments,
     * beside a jar built a minute ago; returns the jar. Skips the test off Linux, where the launcher records nothing.
     */
    private Path prepareArchiving(String warmUp) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"), "Linux");
        LauncherCopy.prepare(dir, "#!/bin/sh\nif [ \"$1\" = -version ]; then echo 'openjdk version \"25.0.3\" 2026-04-21' >&2; exit 0; fi\n"
                + "for a in \"$@\"; do case \"$a\" in -XX:ArchiveClassesAtExit=*) " + warmUp + ";; esac; done\n"
                + "for a in \"$@\"; do echo \"$a\"; done\n");
        Path jar = dir.resolve("app/target/layerlab-app.jar");
        assertTrue(jar.toFile().setLastModified(System.currentTimeMillis() - 60_000));
        return jar;
    }

    /** The launcher's run of the editor ({@code args}) with a display; its output, after it ended with 0. */
    private String startOnDisplay(String display, String cds, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", dir.resolve("layerlab").toString()));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
        b.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        b.environment().remove("LAYERLAB_JAVA_OPTS");
        b.environment().remove("WAYLAND_DISPLAY");
        if (display == null) b.environment().remove("DISPLAY");
        else b.environment().put("DISPLAY", display);
        if (cds == null) b.environment().remove("LAYERLAB_CDS");
        else b.environment().put("LAYERLAB_CDS", cds);
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    private long warmUps() throws Exception {
        Path log = dir.resolve("warm-ups.log");
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    /**
     * The editor's first start after a build records the class-data archive (a warm-up start of the editor, headless,
     * with a home of its own, into a temporary file moved into place), and every start after it maps the archive, the
     * command line's too, without recording again; a rebuilt jar makes the next editor start record a new one, and a
     * command before it runs without the outdated one. Nothing is recorded without a display or with LAYERLAB_CDS=off.
     */
    @Test
    void recordsTheClassArchiveBeforeTheEditorsFirstStartAfterABuild() throws Exception {
        Path jar = prepareArchiving("echo \"$*\" >> warm-ups.log; echo archive > \"${a#*=}\"");
        Path cds = dir.resolve("target/cds");

        assertTrue(startOnDisplay(null, null).lines().noneMatch(l -> l.startsWith("-XX:SharedArchiveFile")), "no display, no warm-up");
        assertTrue(startOnDisplay(":9", "off").lines().noneMatch(l -> l.startsWith("-XX:SharedArchiveFile")));
        assertEquals(0, warmUps());

        String first = startOnDisplay(":9", null);
        assertTrue(first.startsWith("Preparing a faster start (once after each build)"), first);
        assertEquals(1, warmUps());
        String warmUp = Files.readString(dir.resolve("warm-ups.log"));
        assertTrue(warmUp.contains("-Dlayerlab.warmUp=true") && warmUp.contains("-Duser.home=/") && !warmUp.contains("-Duser.home=" + System.getProperty("user.home") + " "),
                warmUp);
        List<Path> archives;
        try (var files = Files.list(cds)) {
            archives = files.filter(f -> f.toString().endsWith(".jsa")).toList();
        }
        assertEquals(1, archives.size(), archives.toString());
        Path archive = archives.get(0);
        assertEquals("archive\n", Files.readString(archive));
        assertTrue(first.lines().toList().contains("-XX:SharedArchiveFile=" + archive), first);
        assertTrue(first.lines().toList().contains("-Xlog:aot*=off"), "Java 25's messages about it are off too: " + first);
        try (var files = Files.list(cds)) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".tmp")).toList(), "the temporary file is gone");
        }

        String project = startOnDisplay(":9", null, "net.json");
        assertEquals(1, warmUps(), "recorded once");
        assertTrue(project.lines().toList().contains("-XX:SharedArchiveFile=" + archive), project);
        List<String> command = startOnDisplay(":9", null, "--version").lines().toList();
        assertTrue(command.contains("-XX:SharedArchiveFile=" + archive), "the command line maps it too: " + command);
        assertTrue(command.indexOf("-XX:SharedArchiveFile=" + archive) < command.indexOf("-cp"));

        // Rebuilt: a command runs without the outdated archive and does not record; the editor's next start does.
        assertTrue(archive.toFile().setLastModified(System.currentTimeMillis() - 40_000) && jar.toFile().setLastModified(System.currentTimeMillis() - 20_000));
        assertTrue(startOnDisplay(":9", null, "--version").lines().noneMatch(l -> l.startsWith("-XX:SharedArchiveFile")));
        assertEquals(1, warmUps());
        assertTrue(startOnDisplay(":9", null).lines().toList().contains("-XX:SharedArchiveFile=" + archive));
        assertEquals(2, warmUps());
    }

    /** A warm-up that fails leaves the start as it was, without an archive, and is not tried again until the next build. */
    @Test
    void aFailedWarmUpIsNotTriedAgainUntilTheNextBuild() throws Exception {
        Path jar = prepareArchiving("echo \"$*\" >> warm-ups.log; exit 1");
        String first = startOnDisplay(":9", null);
        assertTrue(first.lines().toList().contains("layerlab.app.Main") && first.lines().noneMatch(l -> l.startsWith("-XX:SharedArchiveFile")), first);
        assertEquals(1, warmUps());
        String second = startOnDisplay(":9", null);
        assertEquals(1, warmUps(), second);
        assertTrue(!second.contains("Preparing a faster start"), second);
        Path failed;
        try (var files = Files.list(dir.resolve("target/cds"))) {
            failed = files.filter(f -> f.toString().endsWith(".jsa.failed")).findFirst().orElseThrow();
        }
        assertTrue(failed.toFile().setLastModified(System.currentTimeMillis() - 40_000) && jar.toFile().setLastModified(System.currentTimeMillis() - 20_000));
        startOnDisplay(":9", null);
        assertEquals(2, warmUps(), "tried again after a build");
    }
}
