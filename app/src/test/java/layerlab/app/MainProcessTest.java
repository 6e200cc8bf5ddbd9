package layerlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs {@code layerlab.app.Main} in its own JVM, as the launcher does: real exit codes, real class loading. */
class MainProcessTest {
    private record Result(int exit, String out) {}

    private static Result main(String... args) throws IOException, InterruptedException {
        return onDisplay(null, args);
    }

    private static Result onDisplay(String display, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-verbose:class", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (display != null) {
            b.environment().put("DISPLAY", display);
            b.environment().remove("WAYLAND_DISPLAY");
        }
        Process p = b.start();
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

    /** {@code layerlab irs.json} (a typo) says the file is not there, in one line, and exits 2 without loading JavaFX. */
    @Test
    void aMissingProjectFileIsOneLineAndExitTwo() throws Exception {
        Result r = main("sample-projects-not-here/irs.json");
        assertEquals(2, r.exit(), r.out());
        List<String> said = r.out().lines().filter(l -> !l.startsWith("[") && !l.startsWith("WARNING") && !l.startsWith("Picked up")).toList();
        assertEquals(List.of("sample-projects-not-here/irs.json: no such file (there is no folder sample-projects-not-here)"), said);
        assertTrue(r.out().lines().noneMatch(l -> l.contains(" javafx.")), "no window was tried");
    }

    /**
     * A window that cannot open says why in a line and exits 1, never with JavaFX's stack trace: on CI (no GTK 3) that
     * GTK is missing, where GTK is installed that nothing answers at the display.
     */
    @Test
    void anEditorThatCannotOpenSaysWhyInOneLine() throws Exception {
        String display = silentDisplay();
        Result r = onDisplay(display);
        assertEquals(1, r.exit(), r.out());
        List<String> said = r.out().lines().filter(l -> !l.startsWith("[") && !l.startsWith("WARNING") && !l.startsWith("Picked up")).toList();
        assertTrue(said.stream().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception in thread")), r.out());
        assertTrue(said.contains("layerlab: the editor needs GTK 3, which could not be loaded (Debian/Ubuntu: sudo apt install libgtk-3-0; Fedora: "
                + "sudo dnf install gtk3). The command line works without it: layerlab --help")
                || said.contains("layerlab: the editor cannot open: no display answers at DISPLAY=" + display + ". Run it from a desktop session, or see "
                + "layerlab --help for the command line"), String.join("\n", said));
    }

    /**
     * A display number no X server serves here (no socket, no lock file): a developer's Xvfb on a fixed number would
     * open the editor for real and the test would wait on it.
     */
    private static String silentDisplay() {
        for (int n = 97; ; n++) {
            if (!Files.exists(Path.of("/tmp/.X11-unix/X" + n)) && !Files.exists(Path.of("/tmp/.X" + n + "-lock"))) return ":" + n;
        }
    }

    /** Another failure is a bug: its causes in one line, its stack trace in the log that the line names. */
    @Test
    void theCausesOfAnotherFailureAreOneLineAndTheTraceIsLogged(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path log = dir.resolve("logs").resolve("errors.log");
        assertEquals("the editor could not start: Exception in Application start method: boom (the details are in " + log.toAbsolutePath() + ")",
                Gui.cannotStart(new RuntimeException("Exception in Application start method", new IllegalStateException("boom")), ":0", log));
        String logged = Files.readString(log);
        assertTrue(logged.contains("java.lang.RuntimeException: Exception in Application start method"), logged);
        assertTrue(logged.contains("Caused by: java.lang.IllegalStateException: boom"), logged);
        assertTrue(logged.contains("\tat layerlab.app.MainProcessTest."), logged);
    }

    @Test
    void aUsageErrorExitsTwo() throws Exception {
        Result r = main("frobnicate");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("layerlab: unknown command 'frobnicate'"), r.out());
    }
}
