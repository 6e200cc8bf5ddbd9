package layerlab.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import layerlab.io.FileFormatException;

/**
 * A folder of images with one subfolder per class, like torchvision's {@code ImageFolder}: classes are the
 * subfolder names in sorted order, images are read in sorted order within each. Every image is resized
 * (bilinear) to one height and width and loaded as {@code [1, H, W]} (grayscale, ITU-R 601 luma like PIL's
 * "L") or {@code [3, H, W]} (RGB) floats scaled to [0, 1]; transparency is ignored. Uses only {@code javax.imageio} and
 * {@code BufferedImage} pixel access, so it runs headless.
 */
public final class ImageFolderLoader {
    /** The file name extensions read (lower case); other files are skipped. */
    public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp", "gif");

    private ImageFolderLoader() {}

    /**
     * Loads {@code root}. {@code height} and {@code width} of 0 take the size of the first image read (the
     * first file of the first class).
     */
    public static TensorDataset load(Path root, int height, int width, boolean grayscale) throws IOException {
        if (!Files.isDirectory(root)) throw new FileFormatException(root + ": not a folder");
        if (height < 0 || width < 0 || (height == 0) != (width == 0))
            throw new IllegalArgumentException("image size " + height + "x" + width + ": give both as positive numbers, or both 0");
        List<Path> classDirs = list(root, Files::isDirectory);
        if (classDirs.isEmpty())
            throw new FileFormatException(root + ": no class folders; expected one subfolder of images per class");
        List<String> names = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path dir : classDirs) {
            List<Path> images = list(dir, p -> Files.isRegularFile(p) && EXTENSIONS.contains(extension(p)));
            if (images.isEmpty())
                throw new FileFormatException(dir + ": no images (." + String.join(", .", EXTENSIONS) + ") in this class folder");
            for (Path p : images) {
                files.add(p);
                labels.add(names.size());
            }
            names.add(dir.getFileName().toString());
        }
        int channels = grayscale ? 1 : 3;
        float[] features = null;
        long[] targets = new long[files.size()];
        int h = height, w = width;
        for (int i = 0; i < files.size(); i++) {
            BufferedImage img = readImage(files.get(i));
            if (h == 0) {
                h = img.getHeight();
                w = img.getWidth();
            }
            if (features == null) features = new float[Math.multiplyExact(files.size(), channels * h * w)];
            pixels(img, h, w, grayscale, features, i * channels * h * w);
            targets[i] = labels.get(i);
        }
        return TensorDataset.classification(root.getFileName().toString(), features, new int[] {channels, h, w}, targets, names);
    }

    private static BufferedImage readImage(Path file) throws IOException {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new FileFormatException(file + ": cannot decode the image: " + e.getMessage());
        }
        if (img == null) throw new FileFormatException(file + ": not an image in a format Java can read (PNG, JPEG, BMP, GIF)");
        return img;
    }

    /**
     * Writes {@code img} resized to {@code h × w} into {@code out} at {@code offset}, channels first. Bilinear
     * with pixel centres aligned (PyTorch's {@code align_corners=False}); written here rather than with
     * {@code Graphics2D} so the result does not depend on the JDK's rendering pipeline.
     */
    static void pixels(BufferedImage img, int h, int w, boolean grayscale, float[] out, int offset) {
        int ih = img.getHeight(), iw = img.getWidth();
        int[] argb = img.getRGB(0, 0, iw, ih, null, 0, iw);
        int plane = h * w;
        float sy = (float) ih / h, sx = (float) iw / w;
        float[] c = new float[3];
        for (int y = 0; y < h; y++) {
            float fy = Math.max(0, (y + 0.5f) * sy - 0.5f);
            int y0 = Math.min((int) fy, ih - 1), y1 = Math.min(y0 + 1, ih - 1);
            float dy = fy - y0;
            for (int x = 0; x < w; x++) {
                float fx = Math.max(0, (x + 0.5f) * sx - 0.5f);
                int x0 = Math.min((int) fx, iw - 1), x1 = Math.min(x0 + 1, iw - 1);
                float dx = fx - x0;
                for (int ch = 0; ch < 3; ch++) {
                    int shift = 16 - 8 * ch;
                    float top = lerp(channel(argb[y0 * iw + x0], shift), channel(argb[y0 * iw + x1], shift), dx);
                    float bottom = lerp(channel(argb[y1 * iw + x0], shift), channel(argb[y1 * iw + x1], shift), dx);
                    c[ch] = lerp(top, bottom, dy) / 255f;
                }
                int at = offset + y * w + x;
                if (grayscale) out[at] = 0.299f * c[0] + 0.587f * c[1] + 0.114f * c[2];
                else for (int ch = 0; ch < 3; ch++) out[at + ch * plane] = c[ch];
            }
        }
    }

    private static float channel(int argb, int shift) {
        return (argb >>> shift) & 0xff;
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static List<Path> list(Path dir, Predicate<Path> keep) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".") && keep.test(p)).sorted().toList();
        }
    }
}
