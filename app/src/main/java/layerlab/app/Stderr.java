package layerlab.app;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Java's {@code System.err} on the launcher's own stderr. {@code ./layerlab} passes the JVM's stderr (fd 2) through a
 * filter that drops the JVM's "WARNING: Using incubator modules" line, and its own stderr as another descriptor
 * ({@code -Dlayerlab.stderr.fd=4}): LayerLab's messages written there arrive in order with stdout and before the launcher's
 * process has ended, where through the filter the last line could come after the shell's prompt, or after a script
 * that reads a {@code 2>err.log} had looked. Without the property, or where the descriptor cannot be had, nothing changes.
 */
final class Stderr {
    private Stderr() {}

    /** Points {@code System.err} at the descriptor {@code layerlab.stderr.fd} names, when it is open. */
    static void takeFromLauncher() {
        String n = System.getProperty("layerlab.stderr.fd");
        if (n == null || !n.matches("[3-9]")) return;
        // Linux's /dev/fd lists this process's open descriptors, as macOS's does (on Linux each a link to what it is
        // open on, a pipe or a terminal, hence not followed).
        if (!Files.exists(Path.of("/dev/fd", n), java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try {
            FileDescriptor fd = new FileDescriptor();
            var field = FileDescriptor.class.getDeclaredField("fd");
            field.setAccessible(true);
            field.setInt(fd, Integer.parseInt(n));
            System.setErr(new PrintStream(new BufferedOutputStream(new FileOutputStream(fd), 8192), true, encoding()));
        } catch (ReflectiveOperationException | RuntimeException | UnsupportedEncodingException e) {
            // java.io not opened to us (a launch without the launcher's flags): messages go through fd 2 as before.
        }
    }

    /** The encoding Java chose for its stderr (JDK 19+ say it as stderr.encoding, 17 as sun.stderr.encoding when a console). */
    private static String encoding() {
        String e = System.getProperty("stderr.encoding", System.getProperty("sun.stderr.encoding"));
        return e != null && Charset.isSupported(e) ? e : Charset.defaultCharset().name();
    }
}
