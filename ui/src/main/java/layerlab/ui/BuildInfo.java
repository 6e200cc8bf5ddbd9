package layerlab.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import layerlab.backend.Backends;

/**
 * What this LayerLab is and what it runs on, for {@code layerlab --version} and the About box. It must stay free
 * of JavaFX: the command line prints it without loading the toolkit (an architecture test holds it to that).
 */
public final class BuildInfo {
    private static final String VERSION = readVersion();

    private BuildInfo() {}

    /** The Maven project version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return VERSION;
    }

    /** The running JDK: version, vendor and home, which is what a bug report needs. */
    public static String jdk() {
        return "JDK " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") at "
                + System.getProperty("java.home");
    }

    /** "LayerLab &lt;version&gt;", the JDK, then the engine's own lines (the GEMM in use, the devices found). */
    public static List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("LayerLab " + version());
        lines.add(jdk());
        lines.addAll(Backends.describe());
        return lines;
    }

    private static String readVersion() {
        // Written by Maven resource filtering from the pom, so the version has one source.
        try (InputStream in = BuildInfo.class.getResourceAsStream("/layerlab/ui/build.properties")) {
            if (in == null) throw new IllegalStateException("layerlab/ui/build.properties is missing from the class path");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
