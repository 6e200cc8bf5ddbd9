package layerlab.ui.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import layerlab.ui.MemoryPreferences;
import layerlab.ui.editor.EditorModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where Save As and Export propose to write: the project's folder, or the home folder when the project's cannot be written
 * (a sample opened from a read-only course folder), where the file dialog opened on a folder every save into would fail.
 */
class FolderToWriteTest {
    @TempDir
    Path dir;

    private ProjectFiles opened(Path project) throws Exception {
        ProjectFiles files = new ProjectFiles(new EditorModel(Runnable::run), new MemoryPreferences(), dir.resolve("home").resolve("recovery.json"));
        if (project != null) files.open(project);
        return files;
    }

    @Test
    void theProjectsFolderWhenItCanBeWritten() throws Exception {
        Path project = Files.createDirectories(dir.resolve("Übung 3")).resolve("iris.json");
        Files.copy(Path.of("..", "sample-projects", "iris.json"), project);
        ProjectFiles files = opened(project);
        try {
            assertEquals(project.toAbsolutePath().getParent(), files.folderToWrite());
        } finally {
            files.close();
        }
        ProjectFiles none = opened(null);
        try {
            assertNull(none.folderToWrite(), "no file yet: the file dialog's own");
        } finally {
            none.close();
        }
    }

    @Test
    void theHomeFolderWhenTheProjectsIsReadOnly() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("Kurs (nur lesen)"));
        Path project = folder.resolve("iris.json");
        Files.copy(Path.of("..", "sample-projects", "iris.json"), project);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // Root writes anywhere: there the folder's permissions prove nothing.
            assumeFalse(Files.isWritable(folder), "running as a user that ignores folder permissions (root)");
            ProjectFiles files = opened(project);
            try {
                assertEquals(Path.of(System.getProperty("user.home")), files.folderToWrite());
            } finally {
                files.close();
            }
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
