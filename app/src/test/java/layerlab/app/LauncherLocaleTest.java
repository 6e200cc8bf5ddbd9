package layerlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The character set ./layerlab starts Java under: Java names files in it, so under plain ASCII (LC_ALL=C, or a LANG
 * whose locale is not installed) a project in "Übungen/" could not be opened at all. Run from a copy beside an empty
 * jar, on a stand-in java that prints the character set it was started under.
 */
class LauncherLocaleTest {
    @TempDir
    Path dir;

    private String localeJavaSees(Map<String, String> env) throws Exception {
        LauncherCopy.prepare(dir, "#!/bin/sh\nif [ \"$1\" = -version ]; then echo 'openjdk version \"17.0.15\" 2025-04-15' >&2; exit 0; fi\n"
                + "echo \"$LC_ALL $(locale charmap 2>/dev/null)\"\n");
        ProcessBuilder b = new ProcessBuilder("bash", dir.resolve("layerlab").toString(), "--version");
        b.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        b.environment().remove("LAYERLAB_JAVA_OPTS");
        for (String k : new String[] {"LANG", "LC_ALL", "LC_CTYPE"}) b.environment().remove(k);
        b.environment().putAll(env);
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    private static boolean utf8CLocaleInstalled() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "locale -a 2>/dev/null | grep -i -x -E 'C\\.utf-?8'").start();
        return p.waitFor() == 0 && System.getProperty("os.name").startsWith("Linux");
    }

    /** LC_ALL=C and an uninstalled LANG (ASCII both) start Java under UTF-8, so that "Übungen/Netz ç 日本.json" can be named. */
    @Test
    void asciiLocalesStartJavaUnderUtf8() throws Exception {
        Assumptions.assumeTrue(utf8CLocaleInstalled(), "Linux with a C.UTF-8 locale");
        assertTrue(localeJavaSees(Map.of("LC_ALL", "C")).endsWith(" UTF-8"));
        assertTrue(localeJavaSees(Map.of("LANG", "xx_NOWHERE.UTF-8")).endsWith(" UTF-8"));
        assertTrue(localeJavaSees(Map.of("LANG", "de_DE.UTF-8", "LC_ALL", "POSIX")).endsWith(" UTF-8"));
    }

    /** A UTF-8 locale is left as it is (as would be a legacy one, whose file names are in its own character set). */
    @Test
    void utf8LocalesAreLeftAlone() throws Exception {
        Assumptions.assumeTrue(utf8CLocaleInstalled(), "Linux with a C.UTF-8 locale");
        assertEquals("C.UTF-8 UTF-8", localeJavaSees(Map.of("LC_ALL", "C.UTF-8")));
    }
}
