package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project in a read-only folder (a course folder IT installed, {@code chmod -R a-w}): the save is refused saying the
 * folder is read-only, the file left as it was. It said "the file is read-only", and the student tried Save As in the
 * same folder. Root writes anywhere, so there the permissions prove nothing and the test is skipped (as OutputFilesTest's).
 */
class ReadOnlyFolderSaveTest {
    @TempDir
    Path dir;

    @Test
    void aReadOnlyFolderIsNamedBeforeTheReadOnlyFile() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("Übung 3 – Kurs"));
        Path project = folder.resolve("模型 #1.json");
        Files.writeString(project, "{\"mine\": true}");
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(folder), "running as a user that ignores folder permissions (root)");
            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> AtomicFiles.writeString(project, "{}"));
            assertEquals(project + ": the folder " + folder + " is read-only: no file can be created in it", e.getMessage());
            assertEquals("{\"mine\": true}", Files.readString(project), "the file is as it was");
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
