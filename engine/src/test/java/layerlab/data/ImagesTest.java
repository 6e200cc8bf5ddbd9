package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import layerlab.io.FileFormatException;
import layerlab.io.Npy;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pictures to inputs against F.interpolate(bilinear, antialias=True) (make_image_fixtures.py). */
class ImagesTest {
    @TempDir Path dir;

    private static Tensor fixture(String name) throws IOException {
        return Npy.read(new ByteArrayInputStream(Fixtures.bytes("data/" + name + ".npy")), name + ".npy");
    }

    /** The fixture's random RGB bytes [13, 17, 3] as ARGB pixels. */
    private static int[] source() throws IOException {
        long[] rgb = fixture("resize_src").toLongArray();
        int[] argb = new int[13 * 17];
        for (int i = 0; i < argb.length; i++) argb[i] = 0xff000000 | (int) rgb[3 * i] << 16 | (int) rgb[3 * i + 1] << 8 | (int) rgb[3 * i + 2];
        return argb;
    }

    @ParameterizedTest
    @ValueSource(strings = {"shrink", "stretch", "mixed"})
    void resizesAsPyTorchsAntialiasedBilinear(String name) throws IOException {
        Tensor expected = fixture("resize_" + name);
        int h = expected.size(1), w = expected.size(2);
        float[] out = new float[3 * h * w];
        Images.pixels(source(), 17, 13, 3, h, w, out, 0);
        Fixtures.assertClose(expected, Tensor.of(out, 3, h, w), 1e-5, 1e-6, "resize to " + h + "x" + w);
    }

    /** torchvision's Resize(resize) then CenterCrop((h, w)): crops inside the scaled picture, at an odd offset, and larger than it. */
    @ParameterizedTest
    @ValueSource(strings = {"16_12x12", "16_13x15", "10_12x11", "26_20x9"})
    void framesAsTorchvisionsResizeThenCenterCrop(String name) throws IOException {
        Tensor expected = fixture("frame_" + name);
        int resize = Integer.parseInt(name.substring(0, name.indexOf('_'))), h = expected.size(1), w = expected.size(2);
        float[] out = new float[3 * h * w];
        Images.framed(source(), 17, 13, 3, h, w, resize, out, 0);
        Fixtures.assertClose(expected, Tensor.of(out, 3, h, w), 1e-5, 1e-6, "Resize(" + resize + ") then CenterCrop(" + h + ", " + w + ")");
    }

    @Test
    void resizeSetsTheShorterSideAndKeepsTheProportions() {
        assertArrayEquals(new int[] {256, 341}, Images.resized(640, 480, 256), "4:3 landscape: 256 × 341 (341.33 rounded down)");
        assertArrayEquals(new int[] {341, 256}, Images.resized(480, 640, 256), "portrait");
        assertArrayEquals(new int[] {256, 256}, Images.resized(100, 100, 256), "a square stays square, scaled up too");
        assertEquals("resize must be a positive number of pixels, got 0", assertThrows(IllegalArgumentException.class, () -> Images.resized(4, 4, 0)).getMessage());
        float[] whole = new float[3 * 4 * 5], framed = new float[3 * 4 * 5];
        Images.pixels(new int[] {0xff102030, 0xff405060, 0xff708090, 0xffa0b0c0}, 2, 2, 3, 4, 5, whole, 0);
        Images.framed(new int[] {0xff102030, 0xff405060, 0xff708090, 0xffa0b0c0}, 2, 2, 3, 4, 5, 0, framed, 0);
        assertArrayEquals(whole, framed, "resize 0: the whole picture stretched, as before");
    }

    @Test
    void grayIsTheLumaOfTheResizedColours() throws IOException {
        Tensor rgb = fixture("resize_shrink");
        float[] grey = new float[4 * 5];
        Images.pixels(source(), 17, 13, 1, 4, 5, grey, 0);
        float[] c = rgb.toFloatArray();
        for (int i = 0; i < 20; i++) assertEquals(0.299f * c[i] + 0.587f * c[20 + i] + 0.114f * c[40 + i], grey[i], 1e-5f);
    }

    @Test
    void stretchingIsPlainBilinearWithAlignedPixelCentres() {
        // torch.nn.functional.interpolate(mode="bilinear", align_corners=False) gives the same, with or without antialias.
        float[] out = new float[4];
        Images.pixels(new int[] {0xff000000, 0xffffffff}, 2, 1, 1, 1, 4, out, 0);
        assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, out, 1e-6f);
    }

    @Test
    void thinStrokesSurviveAShrinkByTen() {
        // A one-pixel white line on black, 280 wide: plain bilinear sampling can miss it entirely; the average cannot.
        int[] argb = new int[280 * 280];
        Arrays.fill(argb, 0xff000000);
        for (int y = 0; y < 280; y++) argb[y * 280 + 143] = 0xffffffff;
        float[] out = new float[28 * 28];
        Images.pixels(argb, 280, 280, 1, 28, 28, out, 0);
        float column = 0;
        for (int y = 0; y < 28; y++) for (int x = 0; x < 28; x++) column += out[y * 28 + x];
        assertEquals(28 * 28 / 280f, column, 1e-3, "the line's brightness is kept on average: one pixel in 280 of each row");
        assertTrue(out[14 * 28 + 14] > 0.05f, "and it is where it was, in column 14: " + out[14 * 28 + 14]);
    }

    @Test
    void readsFilesAndNamesTheOnesItCannot() throws IOException {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 1, 0xff0000);
        Path png = dir.resolve("red.png");
        ImageIO.write(img, "png", png.toFile());
        float[] x = Images.load(png, 3, 2, 2);
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}, x, 1e-6f);
        assertTrue(Images.isImage(png) && Images.isImage(Path.of("A.JPEG")) && !Images.isImage(Path.of("notes.txt")));

        Path fake = Files.writeString(dir.resolve("fake.png"), "text");
        String msg = assertThrows(FileFormatException.class, () -> Images.load(fake, 1, 2, 2)).getMessage();
        assertEquals(fake + ": not an image in a format Java can read (PNG, JPEG, BMP, GIF, TIFF): save it as one, or delete it", msg);

        // A camera's or a copy's damaged file, and an empty one, say so and what to do (they said only the decoder's words,
        // "Bogus Huffman table definition", and that an empty .jpg was in no format Java reads).
        ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "jpg", dir.resolve("whole.jpg").toFile());
        Path cut = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(Files.readAllBytes(dir.resolve("whole.jpg")), 300));
        String damaged = assertThrows(FileFormatException.class, () -> Images.load(cut, 3, 2, 2)).getMessage();
        assertTrue(damaged.startsWith(cut + ": cannot decode the image (") && damaged.endsWith("): the file is damaged or cut short; replace it, or delete it"),
                damaged);
        Path empty = Files.write(dir.resolve("empty.jpg"), new byte[0]);
        assertEquals(empty + ": an empty file (0 bytes), no picture: a copy that did not finish? Replace it, or delete it",
                assertThrows(FileFormatException.class, () -> Images.load(empty, 3, 2, 2)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Images.pixels(img, 2, 2, 2));
    }

    @Test
    void aDrawingIsFramedAsMnistFramedItsDigits() {
        // A short thick stroke in the top-left corner of a 196-pixel pad.
        int[] argb = new int[196 * 196];
        Arrays.fill(argb, 0xff000000);
        for (int y = 10; y < 70; y++) for (int x = 20; x < 34; x++) argb[y * 196 + x] = 0xffffffff;
        float[] out = new float[28 * 28];
        Images.drawing(argb, 196, 196, 1, 28, 28, out, 0);
        int top = 28, bottom = -1;
        double mass = 0, my = 0, mx = 0;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                float v = out[y * 28 + x];
                if (v > 0) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
                mass += v;
                my += v * y;
                mx += v * x;
            }
        }
        assertEquals(20, bottom - top + 1, "its height fills 20 of the 28 pixels");
        assertEquals(13.5, my / mass, 0.5, "centred by its mass, down");
        assertEquals(13.5, mx / mass, 0.5, "and across");

        float[] blank = new float[28 * 28];
        Arrays.fill(blank, 7f);
        int[] black = new int[196 * 196];
        Arrays.fill(black, 0xff000000);
        Images.drawing(black, 196, 196, 1, 28, 28, blank, 0);
        for (float v : blank) assertEquals(0f, v, "a blank drawing is a blank input");
    }

    /** torchvision's ToTensor gives a grey PNG's or JPEG's level 128 as 128/255; Java's getRGB would give 188/255 (sRGB of linear grey). */
    @ParameterizedTest
    @ValueSource(strings = {"png8", "png16", "jpg"})
    void greyPicturesKeepTheirStoredLevels(String kind) throws IOException {
        boolean wide = kind.equals("png16");
        BufferedImage grey = new BufferedImage(4, 3, wide ? BufferedImage.TYPE_USHORT_GRAY : BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 3; y++) for (int x = 0; x < 4; x++) grey.getRaster().setSample(x, y, 0, wide ? 128 * 257 : 128);
        Path file = dir.resolve("grey." + kind.substring(0, 3));
        assertTrue(ImageIO.write(grey, kind.substring(0, 3), file.toFile()));
        for (int channels : new int[] {1, 3}) {
            float[] x = Images.load(file, channels, 3, 4);
            for (float v : x) assertEquals(128 / 255f, v, 1e-6, kind + " as " + channels + " channel(s)");
        }
    }
}
