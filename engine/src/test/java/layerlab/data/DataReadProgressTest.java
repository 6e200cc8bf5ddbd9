package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import layerlab.io.Npy;
import layerlab.io.ReadProgress;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data set's read says how far it is, a whole percent at a time up to 100 %, and a cancel ends it with nothing left open. */
class DataReadProgressTest {
    @TempDir Path dir;

    /** A table of {@code rows} rows of four numbers and a class: about 40 bytes a row. */
    private Path csv(int rows) throws IOException {
        Path p = dir.resolve("big.csv");
        StringBuilder b = new StringBuilder("a,b,c,d,label\n");
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < rows; i++)
            b.append(r.nextFloat()).append(',').append(r.nextFloat()).append(',').append(r.nextFloat()).append(',').append(r.nextFloat())
                    .append(',').append(i % 3).append('\n');
        Files.writeString(p, b);
        return p;
    }

    private static Map<String, Object> csvSettings() {
        return Map.of("source", "csv", "path", "big.csv");
    }

    /** What the listener heard: the fractions, in order. */
    private static final class Heard implements ReadProgress.Listener {
        final List<Double> fractions = new ArrayList<>();
        final List<String> said = new ArrayList<>();

        @Override
        public void progress(ReadProgress p) {
            fractions.add(p.fraction());
            said.add(p.toString());
        }
    }

    @Test
    void aTablesReadIsToldRisingToOneHundredPercent() throws Exception {
        Path file = csv(50_000);
        Heard heard = new Heard();
        ReadProgress r = DataFiles.reading(csvSettings(), dir, heard);
        DataSplit d = r.run(() -> DataSources.open(csvSettings(), dir));
        assertEquals(50_000, d.train().size());
        assertEquals("big.csv", r.name());
        assertEquals(Files.size(file), r.total());
        assertTrue(heard.fractions.size() > 20, "told a percent at a time: " + heard.fractions.size());
        // Rising a percent at a time; told once more at the end, when the data set is made.
        for (int i = 1; i < heard.fractions.size() - 1; i++)
            assertTrue(heard.fractions.get(i) > heard.fractions.get(i - 1), "rising: " + heard.fractions);
        assertEquals(1.0, heard.fractions.get(heard.fractions.size() - 1));
        assertTrue(heard.said.get(heard.said.size() - 1).matches("Reading big\\.csv — 100 % \\(\\d+ of \\d+ MB\\)"), heard.said.toString());
        assertTrue(heard.said.stream().anyMatch(s -> s.contains(" — 4") && s.contains(" % (")), heard.said.toString());
        assertTrue(heard.said.get(heard.said.size() - 2).matches("Reading big\\.csv — 100 % \\(\\d+ of \\d+ MB\\), making the samples…"),
                "the bytes in, the samples still to make: " + heard.said);
    }

    @Test
    void cancelledMidReadEndsAsCancelledWithTheFileClosed() throws Exception {
        Path file = csv(50_000);
        ReadProgress[] read = new ReadProgress[1];
        List<Double> heard = new ArrayList<>();
        read[0] = DataFiles.reading(csvSettings(), dir, p -> {
            heard.add(p.fraction());
            if (p.fraction() >= 0.3) p.cancel();
        });
        ReadProgress.Cancelled c = assertThrows(ReadProgress.Cancelled.class, () -> read[0].run(() -> DataSources.open(csvSettings(), dir)));
        assertEquals("Reading big.csv cancelled", c.getMessage());
        assertTrue(heard.get(heard.size() - 1) < 0.5, "stopped at the next chunk, not read to the end: " + heard);
        assertFalse(openHere(file), "the file is closed");
        assertTrue(read[0].cancelledNow());
        assertEquals(null, ReadProgress.current(), "the thread is left without a read");
    }

    @Test
    void anInterruptedReadingThreadEndsTheReadAsCancelled() throws Exception {
        Path file = csv(50_000);
        ReadProgress r = DataFiles.reading(csvSettings(), dir, p -> {
            if (p.fraction() >= 0.2) Thread.currentThread().interrupt();
        });
        try {
            assertThrows(ReadProgress.Cancelled.class, () -> r.run(() -> DataSources.open(csvSettings(), dir)));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is left for the thread's owner to see");
        }
        assertFalse(openHere(file));
    }

    @Test
    void arraysAreCountedAcrossBothFiles() throws Exception {
        int n = 20_000;
        float[] x = new float[n * 8];
        float[] y = new float[n];
        for (int i = 0; i < x.length; i++) x[i] = i % 7;
        Npy.write(dir.resolve("x.npy"), Tensor.of(x, n, 8));
        Npy.write(dir.resolve("y.npy"), Tensor.of(y, n));
        Map<String, Object> settings = Map.of("source", "npy", "features", "x.npy", "labels", "y.npy");
        Heard heard = new Heard();
        ReadProgress r = DataFiles.reading(settings, dir, heard);
        r.run(() -> DataSources.open(settings, dir));
        assertEquals("x.npy and y.npy", r.name());
        assertEquals(Files.size(dir.resolve("x.npy")) + Files.size(dir.resolve("y.npy")), r.total());
        assertTrue(heard.fractions.size() > 5, heard.fractions.toString());
        assertEquals(1.0, heard.fractions.get(heard.fractions.size() - 1));
    }

    @Test
    void aFolderOfPicturesIsCountedAPictureAtATimeAndCancelledBetweenThem() throws Exception {
        for (String c : List.of("cats", "dogs")) {
            Files.createDirectories(dir.resolve("photos").resolve(c));
            for (int i = 0; i < 40; i++) {
                BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                img.setRGB(i % 8, 0, 0xffffff);
                ImageIO.write(img, "png", dir.resolve("photos").resolve(c).resolve(i + ".png").toFile());
            }
        }
        Map<String, Object> settings = Map.of("source", "images", "path", "photos");
        Heard heard = new Heard();
        ReadProgress r = DataFiles.reading(settings, dir, heard);
        assertEquals(80, r.run(() -> DataSources.open(settings, dir)).train().size());
        assertEquals("photos", r.name());
        assertTrue(heard.fractions.size() > 10, heard.fractions.toString());
        assertEquals(1.0, heard.fractions.get(heard.fractions.size() - 1));

        ReadProgress stopped = DataFiles.reading(settings, dir, p -> {
            if (p.fraction() > 0.1) p.cancel();
        });
        assertThrows(ReadProgress.Cancelled.class, () -> stopped.run(() -> DataSources.open(settings, dir)));
    }

    @Test
    void aCancelBeforeTheReadStartsReadsNothing() {
        ReadProgress r = new ReadProgress("big.csv", 100, null);
        r.cancel();
        int[] calls = {0};
        assertThrows(ReadProgress.Cancelled.class, () -> r.run(() -> ++calls[0]));
        assertEquals(0, calls[0]);
    }

    /** The work after the bytes are in (cells made numbers) hears a cancel too; outside a read the check is nothing. */
    @Test
    void theWorkAfterTheBytesHearsACancel() {
        ReadProgress.checkCurrent();
        ReadProgress r = new ReadProgress("big.csv", 100, null);
        assertThrows(ReadProgress.Cancelled.class, () -> r.run(() -> {
            r.advance(100);
            r.cancel();
            ReadProgress.checkCurrent();
            throw new AssertionError("not reached");
        }));
    }

    /** Whether this process holds {@code file} open (Linux's /proc; elsewhere nothing can be said, and false). */
    private static boolean openHere(Path file) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) return false;
        Path real = file.toRealPath();
        try (Stream<Path> s = Files.list(fds)) {
            return s.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException | UnsupportedOperationException e) {
                    // An fd closed between the listing and this read (the listing's own directory handle): not the file.
                    return false;
                }
            });
        }
    }
}
