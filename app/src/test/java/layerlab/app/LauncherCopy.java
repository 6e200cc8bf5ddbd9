package layerlab.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The launcher tests' stage: a copy of {@code ./layerlab} in a folder, beside an (empty) built jar and a stand-in java. */
final class LauncherCopy {
    private LauncherCopy() {
    }

    /** Puts the copy in {@code dir} and {@code javaScript} (a {@code /bin/sh} script's text) as {@code dir/jdk/bin/java}. */
    static void prepare(Path dir, String javaScript) throws Exception {
        Path copy = dir.resolve("layerlab");
        Files.copy(Path.of("..", "layerlab"), copy, StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(dir.resolve("app/target/lib"));
        Files.writeString(dir.resolve("app/target/layerlab-app.jar"), "");
        Path java = dir.resolve("jdk/bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, javaScript);
        assertTrue(java.toFile().setExecutable(true) && copy.toFile().setExecutable(true));
    }
}
