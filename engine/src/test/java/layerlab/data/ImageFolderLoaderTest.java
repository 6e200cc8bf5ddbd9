package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import layerlab.io.FileFormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderLoaderTest {
    @TempDir Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
        assertTrue(GraphicsEnvironment.isHeadless());
    }

    static void image(Path file, int w, int h, int rgb) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, rgb);
        Files.createDirectories(file.getParent());
        String name = file.getFileName().toString();
        ImageIO.write(img, name.endsWith(".bmp") ? "bmp" : name.endsWith(".tif") ? "tiff" : "png", file.toFile());
    }

    /**
     * Decoded in parallel, each picture lands in its own place, the stretched ones are counted, and of several broken
     * files the first in file order is the one reported, as when they were read one after another.
     */
    @Test
    void picturesDecodedInParallelKeepTheirPlacesAndTheFirstBrokenOneIsSaid() throws IOException {
        for (int i = 0; i < 300; i++) image(dir.resolve((i % 3 == 0 ? "a" : "b") + String.format("/%03d.png", i)), i == 7 ? 5 : 4, 4, i * 0x010203);
        TensorDataset d = ImageFolderLoader.load(dir, 0, 0, false);
        List<Path> order = new java.util.ArrayList<>(DataFiles.below(dir.resolve("a"), Images::isImage));
        order.addAll(DataFiles.below(dir.resolve("b"), Images::isImage));
        for (int k = 0; k < order.size(); k++) {
            float[] want = Images.load(order.get(k), 3, 4, 4);
            assertArrayEquals(want, java.util.Arrays.copyOfRange(d.features(), k * 48, (k + 1) * 48), order.get(k).toString());
            assertEquals(k < 100 ? 0 : 1, d.classTargets()[k]);
        }
        assertTrue(d.name().contains("(1 of 300 pictures of other sizes than the first, 4×4, stretched to it"), d.name());

        Files.writeString(dir.resolve("b/150.png"), "not a picture");
        Files.writeString(dir.resolve("b/290.png"), "");
        Files.writeString(dir.resolve("b/020.png"), "");
        for (int run = 0; run < 5; run++) {
            String said = assertThrows(FileFormatException.class, () -> ImageFolderLoader.load(dir, 0, 0, false)).getMessage();
            assertTrue(said.startsWith(dir.resolve("b/020.png") + ": an empty file"), said);
        }
    }

    /**
     * {@code "resize"}: each picture framed as torchvision's Resize then CenterCrop frame it ({@link Images#framed}), through
     * the data set's settings; the trained model's names carry it, and a resize without a size or of 0 pixels is refused.
     */
    @Test
    void resizeFramesEachPictureAndTravelsWithTheModel() throws IOException {
        BufferedImage wide = new BufferedImage(12, 6, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 6; y++) for (int x = 0; x < 12; x++) wide.setRGB(x, y, x < 6 ? 0xff0000 : (x * 20) << 8 | y * 40);
        Files.createDirectories(dir.resolve("a"));
        ImageIO.write(wide, "png", dir.resolve("a/wide.png").toFile());
        image(dir.resolve("b/square.png"), 5, 5, 0x0000ff);
        java.util.Map<String, Object> config = new java.util.LinkedHashMap<>(java.util.Map.of("source", "images", "path", dir.toString(),
                "size", List.of(4, 4), "resize", 4));
        TensorDataset d = (TensorDataset) DataSources.open(config, dir).train();
        float[] want = new float[3 * 16];
        Images.framed(wide.getRGB(0, 0, 12, 6, null, 0, 12), 12, 6, 3, 4, 4, 4, want, 0);
        assertArrayEquals(want, java.util.Arrays.copyOf(d.features(), 48), "the middle 4×4 of the picture scaled to 4×8");
        float[] stretched = new float[3 * 16];
        Images.pixels(wide.getRGB(0, 0, 12, 6, null, 0, 12), 12, 6, 3, 4, 4, stretched, 0);
        assertTrue(!java.util.Arrays.equals(want, stretched), "not the whole picture stretched");
        assertEquals(4, DataNames.of(d, config).resize(), "a trained model frames new pictures so");
        assertEquals(0, DataNames.of(d, java.util.Map.of("source", "images", "path", "x", "size", 4)).resize());

        config.remove("size");
        assertEquals("dataset.resize: frames each picture to dataset.size (Resize, then CenterCrop): give size too",
                assertThrows(IllegalArgumentException.class, () -> DataSources.check(config)).getMessage());
        config.put("size", 4);
        config.put("resize", 0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DataSources.check(config)).getMessage().startsWith("dataset.resize"));
    }

    @Test
    void classesAreSubfoldersInSortedOrderAndImagesAreResized() throws IOException {
        image(dir.resolve("dog/b.png"), 8, 6, 0x0000ff);
        image(dir.resolve("dog/a.bmp"), 4, 4, 0x00ff00);
        image(dir.resolve("cat/x.png"), 4, 4, 0xff0000);
        Files.writeString(dir.resolve("cat/notes.txt"), "not an image");
        image(dir.resolve("cat/.hidden.png"), 4, 4, 0xffffff);
        TensorDataset d = ImageFolderLoader.load(dir, 2, 3, false);
        assertEquals(List.of("cat", "dog"), d.classNames());
        assertArrayEquals(new long[] {0, 1, 1}, d.classTargets());
        assertArrayEquals(new int[] {3, 2, 3}, d.sampleShape());
        float[] x = d.features();
        int plane = 6, sample = 18;
        for (int i = 0; i < plane; i++) {
            assertEquals(1f, x[i]);                       // cat/x.png: red
            assertEquals(0f, x[plane + i]);
            assertEquals(1f, x[sample + plane + i]);      // dog/a.bmp: green
            assertEquals(1f, x[2 * sample + 2 * plane + i]); // dog/b.png: blue
        }

        TensorDataset gray = ImageFolderLoader.load(dir, 0, 0, true);
        assertArrayEquals(new int[] {1, 4, 4}, gray.sampleShape(), "the first image's size");
        assertEquals(0.299f, gray.features()[0], 1e-6);
        assertEquals(0.587f, gray.features()[16], 1e-6);
        assertEquals(0.114f, gray.features()[32], 1e-6);
    }

    @Test
    void explainsEmptyAndUnreadableFolders() throws IOException {
        String none = assertThrows(FileFormatException.class, () -> ImageFolderLoader.load(dir, 4, 4, true)).getMessage();
        assertEquals(dir + ": no class folders; expected one subfolder of images per class", none);

        image(dir.resolve("cat/x.png"), 4, 4, 0);
        Files.createDirectories(dir.resolve("dog"));
        Files.writeString(dir.resolve("dog/readme.txt"), "empty");
        String empty = assertThrows(FileFormatException.class, () -> ImageFolderLoader.load(dir, 4, 4, true)).getMessage();
        assertEquals(dir.resolve("dog") + ": no images (.png, .jpg, .jpeg, .bmp, .gif, .tif, .tiff) in this class folder", empty);

        Files.writeString(dir.resolve("dog/fake.png"), "this is text");
        String fake = assertThrows(FileFormatException.class, () -> ImageFolderLoader.load(dir, 4, 4, true)).getMessage();
        assertTrue(fake.startsWith(dir.resolve("dog/fake.png") + ": "), fake);

        Path notADir = dir.resolve("cat/x.png");
        assertEquals(notADir + ": not a folder",
                assertThrows(FileFormatException.class, () -> ImageFolderLoader.load(notADir, 4, 4, true)).getMessage());
    }

    /**
     * As torchvision's ImageFolder: a class folder's subfolders hold its pictures too, and TIFF files are pictures; a file
     * that is not one (a WebP LayerLab cannot read, notes) is left out, and the data set's name says so.
     */
    @Test
    void readsSubfoldersAndTiffAndNamesTheFilesLeftOut() throws IOException {
        image(dir.resolve("cat/a.png"), 4, 4, 0xff0000);
        image(dir.resolve("cat/scans/b.tif"), 4, 4, 0x00ff00);
        image(dir.resolve("dog/2024/june/c.png"), 4, 4, 0x0000ff);
        Files.writeString(dir.resolve("cat/d.webp"), "RIFF");
        Files.writeString(dir.resolve("dog/notes.txt"), "notes");
        Files.writeString(dir.resolve("dog/.DS_Store"), "hidden");
        image(dir.resolve("__MACOSX/cat/._a.png"), 4, 4, 0); // a Mac's zip archive: no class
        Files.writeString(dir.resolve("__MACOSX/cat/notes.txt"), "AppleDouble");
        TensorDataset d = ImageFolderLoader.load(dir, 0, 0, false);
        assertArrayEquals(new long[] {0, 0, 1}, d.classTargets());
        assertEquals(1f, d.features()[48 + 16], "cat/scans/b.tif: green");
        assertEquals(1f, d.features()[96 + 32], "dog/2024/june/c.png: blue");
        assertEquals(dir.getFileName() + " (2 files not .png, .jpg, .jpeg, .bmp, .gif, .tif, .tiff left out: cat/d.webp, dog/notes.txt): "
                + "3 samples of [3, 4, 4], 2 classes (cat, dog)", d.describe());
    }

    /** Pictures too many or too large for one array say so, with the size to change (it was Java's "integer overflow"). */
    @Test
    void tooManyValuesAreExplained() throws IOException {
        image(dir.resolve("cat/a.png"), 4, 4, 0);
        image(dir.resolve("dog/b.png"), 4, 4, 0);
        String m = assertThrows(IllegalArgumentException.class, () -> ImageFolderLoader.load(dir, 20_000, 20_000, false)).getMessage();
        assertEquals(dir + ": 2 pictures of [3, 20000, 20000] are 2,400,000,000 values, more than LayerLab holds in one data set (2,147,483,639): "
                + "give a smaller size, or fewer pictures", m);
    }

    /** Without a size, pictures of other sizes than the first are stretched to it, and the description says how many. */
    @Test
    void picturesStretchedToTheFirstOnesSizeAreCounted() throws IOException {
        image(dir.resolve("cat/a.png"), 4, 4, 0);
        image(dir.resolve("cat/b.png"), 8, 6, 0);
        image(dir.resolve("dog/c.png"), 4, 4, 0);
        assertEquals(dir.getFileName() + " (1 of 3 pictures of other sizes than the first, 4×4, stretched to it; give \"size\" to choose): "
                + "3 samples of [3, 4, 4], 2 classes (cat, dog)", ImageFolderLoader.load(dir, 0, 0, false).describe());
        assertEquals(dir.getFileName() + ": 3 samples of [3, 2, 2], 2 classes (cat, dog)", ImageFolderLoader.load(dir, 2, 2, false).describe(),
                "a size given is every picture's");
    }
}
