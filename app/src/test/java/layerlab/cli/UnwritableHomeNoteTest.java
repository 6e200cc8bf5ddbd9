package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import layerlab.io.AtomicFiles;
import org.junit.jupiter.api.Test;

/**
 * A school PC's home that a student may not write in: {@code train} still trains and says in a note that the run is not
 * kept for the window's runs table, and why. {@code Files.createDirectories} reports such a home with its path alone, and
 * the note said "(/home/ana: /home/ana)".
 */
class UnwritableHomeNoteTest {
    @Test
    void aFolderThatMayNotBeCreatedIsSaidToBeRefused() {
        assertEquals("permission denied", AtomicFiles.reason(new AccessDeniedException("/home/ana")));
        // A reason the system gave is kept.
        assertEquals("no permission to create files in /home", AtomicFiles.reason(new AccessDeniedException("/home/ana", null, "no permission to create files in /home")));
    }

    @Test
    void theNoteNamesTheFolderOnceAndWhy() {
        assertEquals("layerlab train: note: this run could not be kept for the window's runs table (/home/ana: permission denied)",
                KeptRun.notKept(new AccessDeniedException("/home/ana")));
        assertEquals("layerlab train: note: this run could not be kept for the window's runs table (disk full)",
                KeptRun.notKept(new java.io.UncheckedIOException(new java.io.IOException("disk full"))));
    }

    @Test
    void aFileWhereAFolderWouldGoIsSaid() {
        assertEquals("a file is there, where a folder would go", AtomicFiles.reason(new FileAlreadyExistsException("/home/ana/.layerlab")));
    }
}
