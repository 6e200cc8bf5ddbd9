package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void writesAndReplacesLeavingNoTemporaryFile() throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicFiles.writeString(f, "one ✓");
        assertEquals("one ✓", Files.readString(f));
        AtomicFiles.writeBytes(f, new byte[] {1, 2, 3});
        assertEquals(3, Files.size(f));
        AtomicFiles.write(f, out -> {
            out.write('x');
            out.close();
        });
        assertEquals("x", Files.readString(f), "a body may close the stream");
        assertEquals(List.of("a.txt"), names());
    }

    @Test
    void createsMissingFolders() throws IOException {
        Path f = dir.resolve("x/y/z.txt");
        AtomicFiles.writeString(f, "deep");
        assertEquals("deep", Files.readString(f));
    }

    @Test
    void aFailingBodyLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("weights.safetensors");
        AtomicFiles.writeString(f, "the old file");
        // as the channel reports a full disk: no file named, so the message names the one not saved
        java.nio.file.FileSystemException boom = assertThrows(java.nio.file.FileSystemException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[3 << 20]);
            throw new IOException("No space left on device");
        }));
        assertEquals(f + ": No space left on device", boom.getMessage());
        assertEquals("No space left on device", boom.getReason());
        // a writer's own error, which says where already, is kept as it is
        FileFormatException own = new FileFormatException("weights.safetensors", "tensor 'w' is too large");
        assertEquals(own, assertThrows(FileFormatException.class, () -> AtomicFiles.write(f, out -> {
            throw own;
        })));
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[100]);
            throw new IllegalStateException("a bug in the writer");
        }));
        assertEquals("the old file", Files.readString(f));
        assertEquals(List.of("weights.safetensors"), names());
    }

    @Test
    void aFailingFirstSaveLeavesNothing() {
        assertThrows(IOException.class, () -> AtomicFiles.write(dir.resolve("new.bin"), out -> {
            throw new IOException("no");
        }));
        assertEquals(List.of(), names());
    }

    @Test
    void theFileGetsTheUsualPermissionsNotATempFilesOwnerOnlyOnes() throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) return;
        Path plain = Files.createFile(dir.resolve("plain"));
        Path saved = dir.resolve("saved");
        AtomicFiles.writeString(saved, "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(saved));
    }

    @Test
    void neverReplacesAFolderAndSaysWhyAPathCannotBeWritten() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("runs"));
        // A rename with REPLACE_EXISTING would swap an empty folder for the file: refused before anything is written.
        IOException folder = assertThrows(IOException.class, () -> AtomicFiles.writeString(empty, "x"));
        assertEquals(empty + " is a folder: give a file name", folder.getMessage());
        assertTrue(Files.isDirectory(empty));
        Path file = dir.resolve("model.json");
        AtomicFiles.writeString(file, "{}");
        IOException under = assertThrows(IOException.class, () -> AtomicFiles.checkWritable(file.resolve("deeper/x.llab")));
        assertEquals(file.resolve("deeper/x.llab") + " cannot be written: " + file + " is a file, not a folder", under.getMessage());
        AtomicFiles.checkWritable(dir.resolve("new/folders/x.llab")); // folders that do not exist yet are made
        assertEquals(List.of("model.json", "runs"), names());
    }

    /** A project reached through a symbolic link (a course folder linking to the class's copy) is saved where it lives. */
    @Test
    void savingThroughASymbolicLinkWritesTheFileItLeadsToAndKeepsTheLink() throws IOException {
        Path real = Files.createDirectory(dir.resolve("class")).resolve("iris.json");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("mine.json"), Path.of("class", "iris.json"));
        Path chained = Files.createSymbolicLink(dir.resolve("again.json"), link.getFileName());
        AtomicFiles.writeString(link, "new");
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertEquals("new", Files.readString(real));
        AtomicFiles.writeString(chained, "newer");
        assertTrue(Files.isSymbolicLink(chained) && Files.isSymbolicLink(link));
        assertEquals("newer", Files.readString(real));
        assertEquals(List.of("iris.json"), Files.list(real.getParent()).map(p -> p.getFileName().toString()).toList(), "no temporary file left");
        Path dangling = Files.createSymbolicLink(dir.resolve("later.json"), Path.of("class", "later.json"));
        AtomicFiles.writeString(dangling, "made");
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals("made", Files.readString(real.resolveSibling("later.json")));
    }

    /** A file written over keeps its permissions: a private project stays private, a group's shared one stays shared. */
    @Test
    void aFileWrittenOverKeepsItsPermissions() throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) return;
        for (String perms : List.of("rw-------", "rw-rw-r--")) {
            Path f = dir.resolve(perms + ".json");
            Files.writeString(f, "old");
            Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString(perms));
            AtomicFiles.writeString(f, "new");
            assertEquals(perms, java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
            assertEquals("new", Files.readString(f));
        }
    }
}
