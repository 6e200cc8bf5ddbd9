package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import layerlab.data.DataFiles;
import org.junit.jupiter.api.Test;

/** A data set that does not fit Java's heap is said naming its files and what to do, not as Java's "Java heap space". */
class DataMemoryTest {
    @Test
    void outOfMemoryNamesTheFilesAndTheHeapOption() {
        String m = RunOptions.outOfMemory(new DataFiles.Named("big.csv", 245_000_000));
        assertTrue(m.startsWith("out of memory reading the data set, big.csv (245 MB): give Java more than its "), m);
        assertTrue(m.contains("LAYERLAB_JAVA_OPTS=-Xmx16g") && m.endsWith("or train on a part of it (fewer rows or samples)"), m);
        assertTrue(RunOptions.outOfMemory(null).startsWith("out of memory reading the data set: give Java more"), RunOptions.outOfMemory(null));
    }
}
