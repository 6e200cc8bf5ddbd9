package layerlab.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opening a file a person named, for every reader: a folder named where a file belongs is a {@link NotAFileException}
 * ("data is a folder, not a file"), where the JDK says only "Is a directory", or, memory-mapping it, "No such device".
 */
public final class InputFiles {
    private InputFiles() {}

    /** {@code path}, checked not to be a folder. */
    public static Path file(Path path) throws NotAFileException {
        if (Files.isDirectory(path)) throw new NotAFileException(path);
        return path;
    }

    public static InputStream open(Path path) throws IOException {
        // Counted into the thread's data read, when there is one (ReadProgress: "Reading big.csv — 45 %", Cancel).
        return ReadProgress.counted(Files.newInputStream(file(path)));
    }

    public static byte[] readAllBytes(Path path) throws IOException {
        if (ReadProgress.current() == null) return Files.readAllBytes(file(path));
        try (InputStream in = open(path)) {
            return in.readAllBytes();
        }
    }

    /**
     * The file's bytes, or null when it holds more than {@code limit}: read no further than that, so a file named by
     * mistake (a 10 GB log, {@code /dev/zero}) is refused at once, where reading it all ended in an OutOfMemoryError.
     */
    public static byte[] readAtMost(Path path, int limit) throws IOException {
        try (InputStream in = open(path)) {
            byte[] bytes = in.readNBytes(limit);
            return bytes.length == limit && in.read() >= 0 ? null : bytes;
        }
    }
}
