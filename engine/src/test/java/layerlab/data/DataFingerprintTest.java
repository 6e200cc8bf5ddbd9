package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data set's fingerprint changes when its files do (an edited value, a picture moved to another class's folder) and
 * only then; generated sets have none; past the content limit, paths and sizes alone, said in its name.
 */
class DataFingerprintTest {
    @Test
    void aCsvFilesFingerprintFollowsItsBytes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("d.csv"), "a,b\n1,2\n");
        Map<String, Object> csv = Map.of("source", "csv", "path", "d.csv");
        String before = DataFingerprint.of(csv, dir);
        assertTrue(before.matches("sha256:[0-9a-f]{64}"), before);
        assertEquals(before, DataFingerprint.of(Map.of("source", "csv", "path", dir.resolve("d.csv").toString()), null), "an absolute path: the same file");
        Files.writeString(dir.resolve("d.csv"), "a,b\n1,3\n");
        assertNotEquals(before, DataFingerprint.of(csv, dir), "one value edited");
        assertNull(DataFingerprint.of(Map.of("source", "csv", "path", "missing.csv"), dir), "unreadable: the loader says why");
        assertNull(DataFingerprint.of(Map.of("source", "spirals", "n", 100), dir), "a generated set reads no files");
        assertEquals("sha256:" + before.substring(7, 15) + "…", DataFingerprint.shortForm(before));
    }

    @Test
    void aFolderCountsWhereEachPictureIs(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("pics/cat"));
        Files.createDirectories(dir.resolve("pics/dog"));
        Files.write(dir.resolve("pics/cat/1.png"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("pics/dog/2.png"), new byte[] {4, 5});
        Map<String, Object> images = Map.of("source", "images", "path", "pics");
        String before = DataFingerprint.of(images, dir);
        Files.move(dir.resolve("pics/cat/1.png"), dir.resolve("pics/dog/1.png"));
        assertNotEquals(before, DataFingerprint.of(images, dir), "a picture moved to another class");
        String big = DataFingerprint.of(images, dir, 1);
        assertTrue(big.startsWith("sizes-sha256:"), big);
        Files.write(dir.resolve("pics/dog/2.png"), new byte[] {9, 9});
        assertEquals(big, DataFingerprint.of(images, dir, 1), "past the limit an edit of the same size does not show");
        Files.write(dir.resolve("pics/dog/2.png"), new byte[] {9, 9, 9});
        assertNotEquals(big, DataFingerprint.of(images, dir, 1), "another size does");
    }
}
