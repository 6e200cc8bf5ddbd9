package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import layerlab.io.ReadProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read of a folder of class folders counts the pictures it reads, not every file: a README, a .DS_Store, a notes file in a
 * class folder and a file beside the class folders made the total larger than what was read, and the percent stopped short of
 * 100 (the bar sat at 40 % until the samples were made). Likewise for {@code predict --input FOLDER}'s pictures.
 */
class PictureFolderReadTotalTest {
    @TempDir Path dir;

    private long picture(Path file, int rgb) throws Exception {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) img.setRGB(x, y, rgb * (x + 1) * (y + 3));
        ImageIO.write(img, "png", file.toFile());
        return Files.size(file);
    }

    private Path pictures() throws Exception {
        Path root = dir.resolve("flowers");
        long bytes = picture(root.resolve("rose/a.png"), 0x10203) + picture(root.resolve("rose/b.png"), 0x30201) + picture(root.resolve("tulip/c.png"), 0x20103);
        // What the loader leaves out, three times the pictures' bytes.
        Files.write(root.resolve("README.txt"), new byte[(int) bytes]);
        Files.write(root.resolve("rose/notes.txt"), new byte[(int) bytes]);
        Files.write(root.resolve("tulip/.DS_Store"), new byte[(int) bytes]);
        Files.writeString(dir.resolve("pictures-bytes"), Long.toString(bytes));
        return root;
    }

    @Test
    void theTotalIsThePicturesAndTheReadReaches100PercentBeforeTheSamples() throws Exception {
        Path root = pictures();
        long bytes = Long.parseLong(Files.readString(dir.resolve("pictures-bytes")));
        Map<String, Object> config = Map.of("source", "images", "path", "flowers", "size", List.of(8, 8));
        List<Double> seen = new ArrayList<>();
        ReadProgress r = DataFiles.reading(config, dir, p -> seen.add(p.fraction()));
        assertEquals(bytes, r.total());
        r.run(() -> {
            DataSplit s = DataSources.open(config, dir);
            // Before the read is told it ended: every byte it counted was one of the total.
            assertEquals(bytes, ReadProgress.current().done());
            return s;
        });
        assertEquals(3, root.toFile().list().length, "README.txt beside rose and tulip");
        assertTrue(seen.contains(1.0), seen.toString());
    }

    @Test
    void predictsFolderIsSizedByItsPictures() throws Exception {
        Path root = pictures();
        long bytes = Long.parseLong(Files.readString(dir.resolve("pictures-bytes")));
        // predict reads every picture below the folder, a README beside them not.
        assertEquals(new DataFiles.Named("flowers", bytes), DataFiles.namedInput(root));
    }
}
