package layerlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged settings file: Java puts it aside (IncorrectFormatPrefs.xml beside it) and starts from no settings, saying
 * nothing, so the user's theme, text size, window and recent files were gone without a word. LayerLab sees it put aside
 * in the run that read it, and the window says so ({@link MainWindow#sayWhatIsNotKept}).
 */
class UnreadableSettingsTest {
    @TempDir
    Path root;

    /** Java's own file store, in a Java of its own whose settings live under {@code root}: what a user's start reads. */
    private List<String> start(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.util.prefs.userRoot=" + root, "-cp", System.getProperty("java.class.path"), UiPrefsProbe.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        return out.lines().toList();
    }

    @Test
    void aDamagedSettingsFileIsSaidToBeSetAsideInTheRunThatFoundIt() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "Java keeps settings in files on Linux only");
        assertEquals(List.of("theme=LIGHT", "setAside=null"), start("DARK"));
        assertEquals(List.of("theme=DARK", "setAside=null"), start(), "kept between runs");
        Path dir = root.resolve(".java/.userPrefs/layerlab/ui"), file = dir.resolve("prefs.xml");
        assertTrue(Files.isRegularFile(file), "the store is where UiPrefs looks for it: " + file);
        Files.writeString(file, "<map><entry key=");
        Path aside = dir.resolve(UiPrefs.SET_ASIDE);
        assertEquals(List.of("theme=LIGHT", "setAside=" + aside), start(), "the defaults, and where the damaged file went");
        assertEquals("<map><entry key=", Files.readString(aside));
        assertEquals(List.of("theme=LIGHT", "setAside=null"), start(), "said in that run only");
    }

    @Test
    void aFileSetAsideBeforeIsNotThisRuns(@TempDir Path dir) throws Exception {
        Path aside = dir.resolve(UiPrefs.SET_ASIDE);
        assertNull(UiPrefs.setAside(dir, () -> { }));
        Path found = UiPrefs.setAside(dir, () -> write(aside, "first"));
        assertEquals(aside, found);
        assertNull(UiPrefs.setAside(dir, () -> { }), "the same file, left from before");
    }

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
