package layerlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data archive made for real (its choices of when are {@code LauncherTest}'s): the editor's warm-up
 * start ({@code -Dlayerlab.warmUp=true}) opens the window on Monocle's headless screen with settings held in memory and
 * exits by itself with 0, Java writes the archive at that exit, and the JVM finds it fit for a start with that class
 * path, holding the editor's classes (JavaFX's, JFreeChart's, LayerLab's). A class-data archive takes classes from jars
 * only, so the class path's folders (the module's compiled classes) are put in a jar first, as the launcher's class path
 * is.
 */
class ClassArchiveTest {
    @TempDir
    Path dir;

    @Test
    void theWarmUpRecordsAnArchiveTheEditorsClassesComeFrom() throws Exception {
        // A dynamic archive sits on the JDK's own (every JDK package here ships it; a JDK built without has none to extend).
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(Path.of(System.getProperty("java.home"), "lib", "server", "classes.jsa")),
                "this JDK has no base class-data archive (lib/server/classes.jsa)");
        String classpath = jarsOnly(System.getProperty("java.class.path"));
        Path home = Files.createDirectories(dir.resolve("home")), archive = dir.resolve("layerlab.jsa");

        Run warmUp = java(home, classpath, "-XX:ArchiveClassesAtExit=" + archive);
        assertEquals(0, warmUp.exit(), warmUp.out());
        assertTrue(Files.size(archive) > 1_000_000, "archive of " + Files.size(archive) + " bytes");
        // Its settings were its own, in memory: nothing of Java's preferences under the home (on Linux they live there;
        // an installer's build runs the warm-up on Windows and macOS too, where they would be the builder's own).
        assertFalse(Files.exists(home.resolve(".java")), "the warm-up left settings in " + home.resolve(".java"));

        // The JVM's own check that a start with this class path maps it (as -Xshare:on would), and the classes in it.
        Run listed = java(home, classpath, "-XX:SharedArchiveFile=" + archive, "-XX:+PrintSharedArchiveAndExit");
        assertEquals(0, listed.exit(), listed.out());
        assertTrue(listed.out().contains("archive is valid"), listed.out());
        for (String c : List.of("layerlab.ui.shell.MainWindow", "layerlab.ui.canvas.NodeCard", "javafx.scene.control.Button", "org.jfree.chart.JFreeChart")) {
            assertTrue(listed.out().lines().anyMatch(l -> l.matches(" *\\d+: " + java.util.regex.Pattern.quote(c) + " app_loader")), c + " in the archive");
        }
        long fromTheApp = listed.out().lines().filter(l -> l.endsWith(" app_loader")).count();
        assertTrue(fromTheApp > 3_000, fromTheApp + " classes of the class path in the archive");
    }

    private record Run(int exit, String out) {}

    /** The editor's warm-up start in a JVM of its own, as the launcher starts it, with {@code options}. */
    private static Run java(Path home, String classpath, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC", "-Duser.home=" + home, "-Dlayerlab.warmUp=true"));
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", classpath, Main.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the warm-up ended by itself");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** {@code classpath} with each folder on it (compiled classes) replaced by a jar of its files; the tests' own left out. */
    private String jarsOnly(String classpath) throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String e : classpath.split(java.io.File.pathSeparator)) {
            Path p = Path.of(e);
            if (!Files.isDirectory(p)) {
                if (Files.isRegularFile(p)) entries.add(e);
                continue;
            }
            if (p.endsWith("test-classes")) continue;
            Path jar = dir.resolve("classes-" + n++ + ".jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(p)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new JarEntry(p.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            entries.add(jar.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }
}
