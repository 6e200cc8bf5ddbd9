package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * The transforms' arithmetic against torchvision's tensor functions (fixtures/data/augment.json,
 * make_augment_fixtures.py), and how a project's {@code "augment"} list is read and applied.
 */
class AugmentationTest {
    static final Fixtures FIXTURE = Fixtures.load("data/augment.json");

    @Test
    void everyTransformComputesWhatTorchvisionComputes() {
        JsonNode images = FIXTURE.json().get("images");
        int checked = 0;
        for (JsonNode c : FIXTURE.json().get("cases")) {
            JsonNode image = images.get(c.get("image").asText());
            int ch = image.get("shape").get(0).asInt(), h = image.get("shape").get(1).asInt(), w = image.get("shape").get(2).asInt();
            float[] x = floats(image.get("data"));
            JsonNode a = c.get("args");
            String op = c.get("op").asText();
            float[] got = switch (op) {
                case "hflip" -> ImageFunctions.hflip(x, ch, h, w);
                case "vflip" -> ImageFunctions.vflip(x, ch, h, w);
                case "crop" -> {
                    float[] fill = new float[ch];
                    Arrays.fill(fill, (float) a.get("fill").asDouble());
                    yield ImageFunctions.padCrop(x, ch, h, w, a.get("padding").asInt(), PaddingMode.valueOf(a.get("padding_mode").asText().toUpperCase()),
                            fill, a.get("top").asInt(), a.get("left").asInt());
                }
                case "affine" -> ImageFunctions.affine(x, ch, h, w, a.get("angle").asDouble(), a.get("translate").get(0).asDouble(),
                        a.get("translate").get(1).asDouble(), a.get("scale").asDouble(), interpolation(a), floats(a.get("fill")));
                // torchvision's rotate turns the other way from its affine.
                case "rotate" -> ImageFunctions.affine(x, ch, h, w, -a.get("angle").asDouble(), 0, 0, 1, interpolation(a), floats(a.get("fill")));
                case "erase" -> {
                    int eh = a.get("h").asInt(), ew = a.get("w").asInt();
                    float[] v = new float[ch * eh * ew];
                    for (int k = 0; k < v.length; k++) v[k] = (float) a.get("value").get(k / (eh * ew)).asDouble();
                    yield ImageFunctions.erase(x, ch, h, w, a.get("top").asInt(), a.get("left").asInt(), eh, ew, v);
                }
                case "resized_crop" -> ImageFunctions.resizedCrop(x, ch, h, w, a.get("top").asInt(), a.get("left").asInt(), a.get("h").asInt(),
                        a.get("w").asInt(), interpolation(a));
                case "brightness" -> ImageFunctions.brightness(x, ch, h, w, a.get("factor").asDouble());
                case "contrast" -> ImageFunctions.contrast(x, ch, h, w, a.get("factor").asDouble());
                case "saturation" -> ImageFunctions.saturation(x, ch, h, w, a.get("factor").asDouble());
                case "hue" -> ImageFunctions.hue(x, ch, h, w, a.get("factor").asDouble());
                case "jitter" -> {
                    float[] y = x;
                    for (JsonNode k : a.get("order")) {
                        double f = a.get("factors").get(k.asInt()).asDouble();
                        y = switch (k.asInt()) {
                            case 0 -> ImageFunctions.brightness(y, ch, h, w, f);
                            case 1 -> ImageFunctions.contrast(y, ch, h, w, f);
                            case 2 -> ImageFunctions.saturation(y, ch, h, w, f);
                            default -> ImageFunctions.hue(y, ch, h, w, f);
                        };
                    }
                    yield y;
                }
                default -> throw new AssertionError(op);
            };
            float[] want = floats(c.get("out"));
            String what = op + " " + a + " of " + c.get("image").asText();
            assertEquals(want.length, got.length, what);
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-5 * Math.max(1, Math.abs(want[i])), what + " at " + i);
            }
            checked++;
        }
        assertEquals(52, checked);
    }

    @Test
    void aProjectsListIsReadByTorchvisionsNamesAndWrittenBackAlike() {
        Augmentation a = Augmentation.parse(List.of("RandomHorizontalFlip", Map.of("name", "RandomCrop", "padding", 2, "padding_mode", "reflect"),
                Map.of("name", "RandomRotation", "degrees", 10), Map.of("name", "RandomAffine", "degrees", List.of(-5, 20),
                        "translate", List.of(0.1, 0.2), "scale", List.of(0.9, 1.1), "interpolation", "bilinear")));
        assertEquals(4, a.transforms().size());
        assertEquals(new Transform.Flip(true, 0.5), a.transforms().get(0));
        assertEquals(new Transform.Crop(2, PaddingMode.REFLECT), a.transforms().get(1));
        assertEquals(new Transform.Rotation(-10, 10, Interpolation.NEAREST), a.transforms().get(2));
        assertEquals("RandomHorizontalFlip(p=0.5), RandomCrop(padding=2, padding_mode=reflect), RandomRotation(degrees=10), "
                + "RandomAffine(degrees=(-5, 20), translate=(0.1, 0.2), scale=(0.9, 1.1), interpolation=bilinear)", a.describe());
        Augmentation again = Augmentation.parse(a.toList());
        assertEquals(a.describe(), again.describe());
        assertTrue(Augmentation.parse(null).isEmpty());
    }

    @Test
    void aMistakeSaysWhereItIs() {
        assertMessage("dataset.augment[1].p must be a number from 0 to 1, got 2",
                List.of("RandomVerticalFlip", Map.of("name", "RandomHorizontalFlip", "p", 2)));
        assertMessage("dataset.augment[0]: unknown transform \"RandomFlip\"", List.of("RandomFlip"));
        assertMessage("(did you mean RandomRotation?)", List.of("RandomRotaton"));
        assertMessage("dataset.augment[0]: RandomCrop has no argument \"size\"", List.of(Map.of("name", "RandomCrop", "size", 28)));
        assertMessage("dataset.augment[0].padding_mode is \"wrap\"", List.of(Map.of("name", "RandomCrop", "padding_mode", "wrap")));
        assertMessage("dataset.augment[0].degrees must be a number of degrees", List.of(Map.of("name", "RandomRotation", "degrees", List.of(30, 10))));
        assertMessage("dataset.augment[0].scale must be [min, max]", List.of(Map.of("name", "RandomAffine", "scale", List.of(1.2, 0.8))));
        assertMessage("dataset.augment must be a list of transforms", "RandomCrop");
        assertMessage("every transform fills with one value", List.of(Map.of("name", "RandomCrop", "fill", 1), Map.of("name", "RandomRotation", "fill", 0.5)));
    }

    private static void assertMessage(String part, Object value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Augmentation.parse(value));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    /** ColorJitter clamps pixels to [0, 1]: pictures of bytes 0..255 (an .npy array read as it is) are refused, not turned black and white. */
    @Test
    void colorJitterRefusesPicturesOutsideZeroToOne(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        layerlab.io.Npy.write(dir.resolve("x.npy"), layerlab.tensor.Tensor.of(new float[] {0, 128, 255, 7, 0, 1, 2, 3}, 2, 1, 2, 2));
        layerlab.io.Npy.write(dir.resolve("y.npy"), layerlab.tensor.Tensor.ofLongs(new long[] {0, 1}, 2));
        Map<String, Object> config = new LinkedHashMap<>(Map.of("source", "npy", "features", "x.npy", "labels", "y.npy",
                "augment", List.of(Map.of("name", "ColorJitter", "brightness", 0.5))));
        assertEquals("dataset.augment: ColorJitter works on pixels in [0, 1], as torchvision's on float pictures, but x.npy holds values from 0.0 "
                + "to 255.0: save the pictures scaled to [0, 1] (X / 255 for bytes)",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> DataSources.open(config, dir)).getMessage());
        config.put("augment", List.of(Map.of("name", "RandomHorizontalFlip")));
        assertEquals(2, DataSources.open(config, dir).train().size(), "a flip takes any values");
    }

    @Test
    void trainingSamplesAreAugmentedAfreshEachBatchAndValidationSamplesNever() throws Exception {
        Map<String, Object> config = new LinkedHashMap<>(Map.of("source", "color_mnist", "n", 200, "normalize", "standardize",
                "validation_split", 0.25, "seed", 3));
        DataSplit plain = DataSources.open(config, Path.of("."));
        config.put("augment", List.of(Map.of("name", "RandomCrop", "padding", 3), "RandomHorizontalFlip"));
        DataSplit augmented = DataSources.open(config, Path.of("."));
        AugmentedDataset train = assertInstanceOf(AugmentedDataset.class, augmented.train());
        assertTrue(augmented.description().endsWith("augment: RandomCrop(padding=3), RandomHorizontalFlip(p=0.5)"), augmented.description());
        // Validation samples, the original training samples and the statistics are those of the plain split.
        assertArrayEquals(plain.validation().batch(new int[] {0, 1, 2}).inputs().toFloatArray(),
                augmented.validation().batch(new int[] {0, 1, 2}).inputs().toFloatArray());
        int[] idx = {0, 1, 2, 3, 4, 5, 6, 7};
        float[] original = plain.train().batch(idx).inputs().toFloatArray();
        assertArrayEquals(original, train.original().batch(idx).inputs().toFloatArray());
        float[] first = train.batch(idx).inputs().toFloatArray(), second = train.batch(idx).inputs().toFloatArray();
        assertFalse(Arrays.equals(original, first));
        assertFalse(Arrays.equals(first, second), "the second epoch's draw is another");
        assertArrayEquals(plain.train().batch(idx).targets().toLongArray(), train.batch(idx).targets().toLongArray());
        // A fresh run draws the same amounts: the same batches, in the same order.
        AugmentedDataset rerun = (AugmentedDataset) DataSources.open(config, Path.of(".")).train();
        assertArrayEquals(first, rerun.batch(idx).inputs().toFloatArray());
        assertArrayEquals(second, rerun.batch(idx).inputs().toFloatArray());
        // A trained model's view of its data is never augmented.
        assertSame(plain.train().getClass(), DataSources.open(config, Path.of("."), augmented.normalization()).train().getClass());
    }

    @Test
    void paddingFillsWithBlackAsTheModelSeesIt() {
        // Standardized pixels: a padded border is raw 0 normalized, not normalized 0.
        Normalization norm = new Normalization(Normalization.Kind.STANDARDIZE, Normalization.Per.CHANNEL, new float[] {0.5f, 0.25f},
                new float[] {0.2f, 0.5f}, new float[0], null);
        float[] fill = Augmentation.parse(List.of(Map.of("name", "RandomCrop", "padding", 1))).fills(norm, 2);
        assertArrayEquals(new float[] {-2.5f, -0.5f}, fill, 1e-6f);
        assertArrayEquals(new float[] {(1 - 0.5f) / 0.2f, (1 - 0.25f) / 0.5f},
                Augmentation.parse(List.of(Map.of("name", "RandomCrop", "padding", 1, "fill", 1))).fills(norm, 2), 1e-6f);
    }

    @Test
    void aFlipHappensAboutAsOftenAsItsProbabilitySays() {
        Augmentation a = Augmentation.parse(List.of(Map.of("name", "RandomHorizontalFlip", "p", 0.3)));
        float[] x = {1, 2};
        int flipped = 0, n = 4000;
        for (int i = 0; i < n; i++) {
            AugmentedImage img = new AugmentedImage(x.clone(), 1, 1, 2, new float[] {0});
            a.apply(img, new layerlab.tensor.Generator(AugmentedDataset.mix(11, i, 0)));
            if (img.data()[0] == 2) flipped++;
        }
        // Binomial(4000, 0.3): sd 29; 5 sd either side.
        assertTrue(Math.abs(flipped - 0.3 * n) < 145, "flipped " + flipped + " of " + n);
    }

    @Test
    void aCropMovesTheContentByAtMostItsPaddingAndRotationsStayInTheirRange() {
        float[] x = new float[9 * 9];
        x[4 * 9 + 4] = 1;
        Augmentation crop = Augmentation.parse(List.of(Map.of("name", "RandomCrop", "padding", 2)));
        boolean[][] seen = new boolean[5][5];
        for (int i = 0; i < 500; i++) {
            AugmentedImage img = new AugmentedImage(x.clone(), 1, 9, 9, new float[] {0});
            crop.apply(img, new layerlab.tensor.Generator(AugmentedDataset.mix(5, i, 0)));
            int at = 0;
            while (img.data()[at] != 1) at++;
            int dy = at / 9 - 4, dx = at % 9 - 4;
            assertTrue(Math.abs(dy) <= 2 && Math.abs(dx) <= 2, dy + "," + dx);
            seen[dy + 2][dx + 2] = true;
        }
        for (boolean[] row : seen) for (boolean s : row) assertTrue(s, "every shift from -2 to 2 is drawn");
        Transform.Rotation r = (Transform.Rotation) Augmentation.parse(List.of(Map.of("name", "RandomRotation", "degrees", List.of(10, 20))))
                .transforms().get(0);
        assertEquals(10, r.min());
        assertEquals(20, r.max());
    }

    /**
     * RandomErasing's rectangles, drawn as torchvision draws them: a share of the area within {@code scale}, an aspect
     * ratio within {@code ratio}; set to the value, or to noise with "random".
     */
    @Test
    void anErasedRectangleHasTheAreaAndShapeItsRangesAllow() {
        Augmentation a = Augmentation.parse(List.of(Map.of("name", "RandomErasing", "p", 1, "scale", List.of(0.1, 0.2), "ratio", List.of(0.5, 2),
                "value", -3)));
        assertEquals("RandomErasing(p=1, scale=(0.1, 0.2), ratio=(0.5, 2), value=-3)", a.describe());
        int h = 20, w = 30, tried = 0;
        for (int d = 0; d < 300; d++) {
            AugmentedImage img = new AugmentedImage(new float[h * w], 1, h, w, new float[] {0});
            a.apply(img, new layerlab.tensor.Generator(AugmentedDataset.mix(2, d, 0)));
            int top = h, bottom = -1, left = w, right = -1, count = 0;
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    if (img.data()[i * w + j] != -3) continue;
                    count++;
                    top = Math.min(top, i);
                    bottom = Math.max(bottom, i);
                    left = Math.min(left, j);
                    right = Math.max(right, j);
                }
            }
            int eh = bottom - top + 1, ew = right - left + 1;
            assertEquals(eh * ew, count, "a rectangle");
            // Rounded sides: the area and ratio within their ranges, give or take the rounding of each side.
            double share = (double) count / (h * w);
            assertTrue(share > 0.06 && share < 0.26, "share " + share);
            double ratio = (double) eh / ew;
            assertTrue(ratio > 0.5 * 0.7 && ratio < 2 / 0.7, "ratio " + ratio);
            tried++;
        }
        assertEquals(300, tried);
        Augmentation noise = Augmentation.parse(List.of(Map.of("name", "RandomErasing", "p", 1, "value", "random")));
        AugmentedImage img = new AugmentedImage(new float[16 * 16], 1, 16, 16, new float[] {0});
        noise.apply(img, new layerlab.tensor.Generator(7));
        long distinct = java.util.stream.IntStream.range(0, 256).mapToObj(i -> img.data()[i]).distinct().count();
        assertTrue(distinct > 3, "noise, not one value: " + distinct);
        assertMessage("dataset.augment[0].value must be a number", List.of(Map.of("name", "RandomErasing", "value", "noise")));
        assertMessage("dataset.augment[0].ratio must be [min, max]", List.of(Map.of("name", "RandomErasing", "ratio", List.of(3, 1))));
    }

    /** RandomResizedCrop's parts, drawn as torchvision draws them: an area share within scale, a width/height ratio within ratio. */
    @Test
    void aResizedCropTakesAPartOfTheShareAndShapeItsRangesAllow() {
        Augmentation a = Augmentation.parse(List.of(Map.of("name", "RandomResizedCrop", "scale", List.of(0.25, 0.5))));
        Transform.ResizedCrop r = (Transform.ResizedCrop) a.transforms().get(0);
        assertEquals(Interpolation.BILINEAR, r.interpolation(), "torchvision's default for RandomResizedCrop");
        assertEquals("RandomResizedCrop(scale=(0.25, 0.5))", a.describe());
        assertEquals(a.describe(), Augmentation.parse(a.toList()).describe());
        for (int d = 0; d < 500; d++) {
            int[] box = Transform.ResizedCrop.box(28, 28, r.scale(), r.ratio(), new layerlab.tensor.Generator(AugmentedDataset.mix(3, d, 0)));
            int top = box[0], left = box[1], h = box[2], w = box[3];
            assertTrue(top >= 0 && left >= 0 && top + h <= 28 && left + w <= 28, Arrays.toString(box));
            double share = h * w / 784.0, ratio = (double) w / h;
            assertTrue(share > 0.2 && share < 0.56, "share " + share);
            assertTrue(ratio > 0.75 * 0.85 && ratio < 4 / 3.0 / 0.85, "ratio " + ratio);
        }
        // Nothing fits a ratio of 3 to 4 on a square: the centre crop of ratio 3.
        assertArrayEquals(new int[] {3, 0, 3, 10}, Transform.ResizedCrop.box(10, 10, new double[] {0.9, 1}, new double[] {3, 4},
                new layerlab.tensor.Generator(1)));
        // The whole image at scale 1 and ratio 1: stretched onto itself, it stays as it was.
        float[] x = new float[3 * 5 * 7];
        for (int k = 0; k < x.length; k++) x[k] = k;
        AugmentedImage img = new AugmentedImage(x.clone(), 3, 5, 7, new float[3]);
        Augmentation.parse(List.of(Map.of("name", "RandomResizedCrop", "scale", List.of(1, 1), "ratio", List.of(1.4, 1.4)))).apply(img,
                new layerlab.tensor.Generator(2));
        assertArrayEquals(x, img.data(), 1e-5f);
    }

    /**
     * ColorJitter acts on the picture's pixels: a standardized sample is taken back to pixels, brightened (clamped at 1)
     * and normalized again; the ranges are read as torchvision reads them.
     */
    @Test
    void colorJitterChangesThePixelsNotTheModelsUnits() {
        Augmentation a = Augmentation.parse(List.of(Map.of("name", "ColorJitter", "brightness", List.of(2, 2))));
        float[] offset = {0.5f, 0.4f, 0.3f}, scale = {0.25f, 0.2f, 0.1f}, raw = {0.1f, 0.7f, 0.2f, 0.45f, 0.0f, 0.9f};
        float[] x = new float[6];
        for (int k = 0; k < 6; k++) x[k] = (raw[k] - offset[k / 2]) / scale[k / 2];
        AugmentedImage img = new AugmentedImage(x, 3, 1, 2, new float[3], offset, scale);
        a.apply(img, new layerlab.tensor.Generator(4));
        for (int k = 0; k < 6; k++) {
            float want = (Math.min(1f, 2 * raw[k]) - offset[k / 2]) / scale[k / 2];
            assertEquals(want, img.data()[k], 1e-5f, "value " + k);
        }
        Transform.ColorJitter j = (Transform.ColorJitter) Augmentation.parse(List.of(Map.of("name", "ColorJitter", "brightness", 0.4,
                "contrast", 1.5, "hue", 0.1))).transforms().get(0);
        assertArrayEquals(new double[] {0.6, 1.4}, j.brightness(), 1e-12);
        assertArrayEquals(new double[] {0, 2.5}, j.contrast(), 1e-12, "the low end stops at 0");
        assertNull(j.saturation());
        assertArrayEquals(new double[] {-0.1, 0.1}, j.hue(), 1e-12);
        assertEquals("ColorJitter(brightness=0.4, contrast=(0, 2.5), hue=0.1)", new Augmentation(List.of(j), 0).describe());
        assertMessage("dataset.augment[0].hue must be a number from 0 to 0.5", List.of(Map.of("name", "ColorJitter", "hue", 0.7)));
        assertMessage("dataset.augment[0]: ColorJitter changes nothing", List.of(Map.of("name", "ColorJitter", "brightness", 0)));
        assertMessage("dataset.augment[0].saturation must be [min, max] with min ≤ max", List.of(Map.of("name", "ColorJitter", "saturation", List.of(2, 1))));
        // Each draw takes factors within the ranges: brightness alone from [0.5, 1.5] never darkens a pixel below half.
        Augmentation b = Augmentation.parse(List.of(Map.of("name", "ColorJitter", "brightness", 0.5)));
        for (int d = 0; d < 100; d++) {
            AugmentedImage one = new AugmentedImage(new float[] {0.4f}, 1, 1, 1, new float[1]);
            b.apply(one, new layerlab.tensor.Generator(AugmentedDataset.mix(9, d, 0)));
            assertTrue(one.data()[0] >= 0.2f && one.data()[0] <= 0.6f, "brightened " + one.data()[0]);
        }
        // Black and white pixels of standardized samples come back from normalized units a rounding off 0 and 1: still finite.
        Augmentation all = Augmentation.parse(List.of(Map.of("name", "ColorJitter", "brightness", 0.5, "contrast", 0.5, "saturation", 0.5, "hue", 0.5)));
        layerlab.tensor.Generator g = new layerlab.tensor.Generator(5);
        for (int d = 0; d < 200; d++) {
            float[] off = {g.nextFloat(), g.nextFloat(), g.nextFloat()}, sc = {0.1f + g.nextFloat(), 0.1f + g.nextFloat(), 0.1f + g.nextFloat()};
            float[] px = new float[3 * 16];
            for (int k = 0; k < px.length; k++) px[k] = ((px.length - k) % 3 == 0 ? 0f : g.nextFloat() < 0.5 ? 1f : 0f);
            for (int k = 0; k < px.length; k++) px[k] = (px[k] - off[k / 16]) / sc[k / 16];
            AugmentedImage im = new AugmentedImage(px, 3, 4, 4, new float[3], off, sc);
            all.apply(im, new layerlab.tensor.Generator(AugmentedDataset.mix(1, d, 0)));
            for (float v : im.data()) assertTrue(Float.isFinite(v), "finite after ColorJitter: " + Arrays.toString(im.data()));
        }
        Dataset two = TensorDataset.classification("two", new float[8], new int[] {2, 2, 2}, new long[] {0}, List.of("a"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Augmentation.parse(List.of(Map.of("name", "ColorJitter", "hue", 0.1))).over(two, null, 0));
        assertTrue(e.getMessage().contains("ColorJitter works on grey or RGB pictures (1 or 3 channels); these have 2"), e.getMessage());
    }

    @Test
    void onlyImagesAreAugmented() {
        // Sources of points, tables and texts do not take the key; an array of another shape is refused when it opens.
        for (String source : List.of("moons", "csv", "surnames", "iris")) {
            Map<String, Object> other = Map.of("source", source, "augment", List.of("RandomHorizontalFlip"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSources.check(other));
            assertTrue(e.getMessage().startsWith("dataset: unknown key \"augment\" for source \"" + source + "\""), e.getMessage());
        }
        IllegalArgumentException e;
        // A grey image without its channel axis ([H, W], as an .npy of [N, 28, 28] holds it) is one channel.
        Augmentation flip = Augmentation.parse(List.of(Map.of("name", "RandomHorizontalFlip", "p", 1)));
        Dataset grey = TensorDataset.classification("grey", new float[] {1, 2, 3, 4, 5, 6}, new int[] {2, 3}, new long[] {0}, List.of("a"));
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4}, flip.over(grey, null, 0).batch(new int[] {0}).inputs().toFloatArray());
        Map<String, Object> tooMuch = Map.of("source", "color_mnist", "n", 20,
                "augment", List.of(Map.of("name", "RandomCrop", "padding", 28, "padding_mode", "reflect")));
        e = assertThrows(IllegalArgumentException.class, () -> DataSources.open(tooMuch, Path.of(".")));
        assertTrue(e.getMessage().contains("reflect padding must be smaller than the image (28×28), got 28"), e.getMessage());
    }

    private static Interpolation interpolation(JsonNode a) {
        return Interpolation.valueOf(a.get("interpolation").asText().toUpperCase());
    }

    private static float[] floats(JsonNode n) {
        float[] out = new float[n.size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) n.get(i).asDouble();
        return out;
    }
}
