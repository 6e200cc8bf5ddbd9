package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files a data set reads, named and sized, as the command line says them before a long read and when memory runs out. */
class DataFilesTest {
    @TempDir Path dir;

    @Test
    void namesAndSizesTheFilesAndFoldersADataSetReads() throws IOException {
        Files.write(dir.resolve("big.csv"), new byte[2_500_000]);
        assertEquals(new DataFiles.Named("big.csv", 2_500_000), DataFiles.named(Map.of("source", "csv", "path", "big.csv"), dir));
        assertEquals("big.csv (3 MB)", DataFiles.named(Map.of("source", "csv", "path", dir.resolve("big.csv").toString()), Path.of("/elsewhere")).toString());

        Files.write(dir.resolve("x.npy"), new byte[1_000]);
        Files.write(dir.resolve("y.npy"), new byte[24]);
        assertEquals("x.npy and y.npy (1 MB)", DataFiles.named(Map.of("source", "npy", "features", "x.npy", "labels", "y.npy"), dir).toString());

        Files.createDirectories(dir.resolve("photos/cat/more"));
        Files.createDirectories(dir.resolve("photos/dog"));
        Files.write(dir.resolve("photos/cat/more/a.png"), new byte[700_000_000 / 1000]);
        Files.write(dir.resolve("photos/dog/b.png"), new byte[300]);
        assertEquals(new DataFiles.Named("photos", 700_300), DataFiles.named(Map.of("source", "images", "path", "photos"), dir));
        assertEquals("x (1.5 GB)", new DataFiles.Named("x", 1_500_000_000L).toString());

        // A missing file counts nothing (the loader says it is missing); a generated or bundled set reads no file.
        assertEquals(new DataFiles.Named("nope.csv", 0), DataFiles.named(Map.of("source", "csv", "path", "nope.csv"), dir));
        assertNull(DataFiles.named(Map.of("source", "spirals"), dir));
        assertNull(DataFiles.named(Map.of("source", "csv"), dir));
    }
}
