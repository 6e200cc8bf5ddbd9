package layerlab.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The one way LayerLab saves a file: the content goes to a temporary file in the target's folder
 * ({@code .name.tmp-<random>}), is forced to disk, and is then renamed over the target in one step. A crash, a
 * {@code kill -9} or a full disk at any moment leaves either the old file or the new one, never half of one;
 * a failing writer leaves the old file and no temporary file, and a failure the system reports without a file name (a full
 * disk) names the target. A kill leaves its temporary file behind (the target is never touched): the next save of that
 * target, or opening it as a project, deletes it ({@link #cleanStale}).
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {
    }

    /** Writes what {@code body} writes to {@code target}, atomically. The stream is buffered; {@code body} may close it. */
    public static void write(Path target, IOConsumer<OutputStream> body) throws IOException {
        Path file = followLinks(target.toAbsolutePath());
        Path dir = file.getParent();
        // Named as given (a relative path stays relative in the message) unless a link led elsewhere.
        checkWritable(file.equals(target.toAbsolutePath()) ? target : file);
        Files.createDirectories(dir);
        cleanStale(file);
        Path tmp = null;
        try {
            try {
                tmp = createTemp(dir, file.getFileName().toString());
            } catch (AccessDeniedException e) {
                throw new AccessDeniedException(target.toString(), null, readOnlyFolder(dir));
            }
            keepPermissions(file, tmp);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                // Held while the file is written, so that another LayerLab cleaning stale temporary files leaves it alone.
                lockQuietly(channel);
                OutputStream out = new BufferedOutputStream(new KeepOpen(Channels.newOutputStream(channel)), 1 << 16);
                body.accept(out);
                out.flush();
                // Without this, a power cut after the rename may leave the new name pointing at unwritten blocks.
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // A file system without atomic rename (rare: some network shares); the best it allows.
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            syncDirectory(dir);
        } catch (IOException | RuntimeException | Error e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            // The system's own words name no file ("No space left on device"): the message says which one was not saved.
            if (e.getClass() == IOException.class) {
                FileSystemException named = new FileSystemException(target.toString(), null, e.getMessage());
                named.initCause(e);
                throw named;
            }
            throw e;
        }
    }

    /**
     * The file a symbolic link leads to (through a chain of them), else {@code file} itself. Renaming over the link would
     * replace the link with a file of its own: the project a link in a course folder points at would stay as it was, and
     * the link would be gone. A link to nothing yet leads to the file it names, which the save creates.
     */
    static Path followLinks(Path file) throws IOException {
        Path f = file;
        for (int hops = 0; Files.isSymbolicLink(f); hops++) {
            if (hops == 40) throw new FileSystemException(file.toString(), null, "too many symbolic links on the way to the file");
            f = f.toAbsolutePath().getParent().resolve(Files.readSymbolicLink(f)).normalize();
        }
        return f;
    }

    /**
     * A file written over keeps who may read and write it (a project kept private, {@code rw-------}, or shared with a
     * group, {@code rw-rw-r--}): the new file is otherwise created with the process's usual permissions.
     */
    private static void keepPermissions(Path file, Path tmp) {
        try {
            if (Files.isRegularFile(file)) Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
        } catch (IOException | UnsupportedOperationException e) {
            // Not a POSIX file system (Windows keeps a folder's inherited rights), or not ours to change: the usual ones.
        }
    }

    /**
     * Whether {@link #write} could write {@code target}, found before any work that would be lost when it cannot: refused,
     * saying why, when it is a folder, when a folder on its way is a file, or when the folder it would go in (or the
     * nearest one that exists, the others being created) does not let this user create files. A missing folder is fine.
     */
    public static void checkWritable(Path target) throws IOException {
        Path file = target.toAbsolutePath().normalize();
        if (Files.isDirectory(file)) throw new IOException(target + " is a folder: give a file name");
        Path dir = file.getParent();
        while (dir != null && !Files.exists(dir)) dir = dir.getParent();
        if (dir != null && !Files.isDirectory(dir)) throw new IOException(target + " cannot be written: " + dir + " is a file, not a folder");
        // The folder first: a project in a read-only course folder is read-only too, and Save As in the same folder would fail
        // as well; "the file is read-only" sent the student there.
        if (dir != null && !Files.isWritable(dir)) throw new AccessDeniedException(target.toString(), null, readOnlyFolder(dir));
        if (Files.exists(file) && !Files.isWritable(file)) throw new AccessDeniedException(target.toString(), null, "the file is read-only");
    }

    /** Why nothing can be saved in {@code dir}: said as the student sees it. */
    /**
     * Why writing a file failed, without the file's name, for a message that names it already: a {@link
     * FileSystemException}'s reason ({@code No space left on device}), else the message.
     */
    public static String reason(Throwable e) {
        Throwable t = e instanceof java.io.UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        if (t instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        if (t instanceof java.nio.file.NoSuchFileException) return "a folder on its way is gone";
        // Files.createDirectories gives only the path: a note said "(/home/ana: /home/ana)" for a home it may not write in.
        if (t instanceof AccessDeniedException) return "permission denied";
        if (t instanceof FileAlreadyExistsException) return "a file is there, where a folder would go";
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** {@link #reason} after the file it concerns where the failure names one: {@code /home/ana/.layerlab: permission denied}. */
    public static String problem(Throwable e) {
        Throwable t = e instanceof java.io.UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        String where = t instanceof FileSystemException f && f.getFile() != null ? f.getFile() + ": " : "";
        return where + reason(t);
    }

    private static String readOnlyFolder(Path dir) {
        return "the folder " + dir + " is read-only: no file can be created in it";
    }

    public static void writeString(Path target, String text) throws IOException {
        writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** A fresh file created with the process's usual permissions (not {@code createTempFile}'s owner-only ones). */
    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            byte[] r = new byte[6];
            RANDOM.nextBytes(r);
            Path tmp = dir.resolve("." + name + ".tmp-" + HexFormat.of().formatHex(r));
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) throw e;
            }
        }
    }

    /**
     * Deletes the temporary files a killed save of {@code target} left beside it ({@code .name.tmp-} and 12 hex digits,
     * this class's naming, nothing else): those last written before this process started, more than a minute ago, and
     * not locked by a save still going on in another process. Called before each save of {@code target} and when a
     * project is opened; failures are ignored (the file stays, as it did before).
     */
    public static void cleanStale(Path target) {
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir)) return;
        Pattern ours = Pattern.compile(Pattern.quote("." + file.getFileName() + ".tmp-") + "[0-9a-f]{12}");
        long before = Math.min(ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(0L),
                System.currentTimeMillis() - STALE_AFTER_MS);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> ours.matcher(p.getFileName().toString()).matches())) {
            for (Path p : entries) {
                try {
                    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() >= before) continue;
                    if (unlocked(p)) Files.deleteIfExists(p);
                } catch (IOException | RuntimeException skipped) {
                    // left as it is
                }
            }
        } catch (IOException | RuntimeException unlisted) {
            // a folder that cannot be listed: nothing cleaned
        }
    }

    /** How long a temporary file must have been left alone before it counts as a killed save's. */
    static final long STALE_AFTER_MS = 60_000;

    /** Whether no live process holds {@code p}'s lock (a save of its own in progress). */
    private static boolean unlocked(Path p) throws IOException {
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE)) {
            FileLock l = c.tryLock();
            if (l == null) return false;
            l.release();
            return true;
        } catch (OverlappingFileLockException heldHere) {
            return false;
        }
    }

    private static void lockQuietly(FileChannel channel) {
        try {
            channel.tryLock();
        } catch (IOException | OverlappingFileLockException | UnsupportedOperationException e) {
            // A file system without locks (some network shares): the age alone then protects a save in progress.
        }
    }

    /** Makes the rename itself durable. Only POSIX systems can open a folder; elsewhere the move is already durable. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not possible here (Windows); the file itself is on disk and the rename is the system's to keep.
        }
    }

    /** The channel is forced and closed by {@link #write}, after the body, whatever the body does with the stream. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
