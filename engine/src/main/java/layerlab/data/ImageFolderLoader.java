package layerlab.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import layerlab.io.FileFormatException;

/**
 * A folder of images with one subfolder per class, like torchvision's {@code ImageFolder}: classes are the
 * subfolder names in sorted order, images (in the class folder and its subfolders) are read in path order within each;
 * hidden files and folders are left out, and other files too, which the data set's name then lists. Every image is resized to one
 * height and width and loaded as {@code [1, H, W]} (grayscale) or {@code [3, H, W]} (RGB) floats in [0, 1], as
 * {@link Images} turns every picture into a model input.
 */
public final class ImageFolderLoader {
    /** The file name extensions read (lower case); other files are skipped. */
    public static final List<String> EXTENSIONS = Images.EXTENSIONS;

    private ImageFolderLoader() {}

    /**
     * Loads {@code root}. {@code height} and {@code width} of 0 take the size of the first image read (the
     * first file of the first class).
     */
    public static TensorDataset load(Path root, int height, int width, boolean grayscale) throws IOException {
        return load(root, height, width, grayscale, 0);
    }

    /**
     * {@link #load(Path, int, int, boolean)}, each picture framed by {@code Resize(resize)} then a center crop to the size
     * ({@link Images#framed}) where {@code resize} is not 0.
     */
    public static TensorDataset load(Path root, int height, int width, boolean grayscale, int resize) throws IOException {
        if (!Files.isDirectory(root)) throw new FileFormatException(root + ": not a folder");
        if (height < 0 || width < 0 || (height == 0) != (width == 0))
            throw new IllegalArgumentException("image size " + height + "x" + width + ": give both as positive numbers, or both 0");
        List<Path> classDirs = DataFiles.folders(root);
        if (classDirs.isEmpty())
            throw new FileFormatException(root + ": no class folders; expected one subfolder of images per class");
        List<String> names = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path dir : classDirs) {
            // Pictures in subfolders of a class folder are the class's too, as torchvision's ImageFolder walks them.
            List<Path> images = DataFiles.below(dir, Images::isImage);
            if (images.isEmpty())
                throw new FileFormatException(dir + ": no images (." + String.join(", .", EXTENSIONS) + ") in this class folder");
            for (Path p : images) {
                files.add(p);
                labels.add(names.size());
            }
            for (Path p : DataFiles.below(dir, p -> !Images.isImage(p))) skipped.add(root.relativize(p).toString().replace('\\', '/'));
            names.add(dir.getFileName().toString());
        }
        int channels = grayscale ? 1 : 3;
        long[] targets = new long[files.size()];
        for (int i = 0; i < targets.length; i++) targets[i] = labels.get(i);
        // The first picture gives the size when none is given; the others are decoded in parallel, each into its own
        // place (20,000 small PNGs took 4 s on one core), and the first that fails, in file order, is the one reported.
        // Decoded on the pool's threads too, which do not have the reading thread's read: counted a picture at a time into it.
        layerlab.io.ReadProgress reading = layerlab.io.ReadProgress.current();
        BufferedImage firstImage = Images.read(files.get(0));
        if (reading != null) reading.advance(files.get(0).toFile().length());
        int h = height == 0 ? firstImage.getHeight() : height, w = height == 0 ? firstImage.getWidth() : width;
        float[] features = new float[Images.floats(root, files.size(), channels, h, w)];
        boolean[] otherSize = new boolean[files.size()];
        java.util.concurrent.ConcurrentSkipListMap<Integer, IOException> failed = new java.util.concurrent.ConcurrentSkipListMap<>();
        int fh = h, fw = w;
        java.util.stream.IntStream.range(0, files.size()).parallel().forEach(i -> {
            if (!failed.isEmpty() && failed.firstKey() < i) return;
            try {
                if (reading != null) reading.check();
                BufferedImage img = i == 0 ? firstImage : Images.read(files.get(i));
                if (reading != null && i > 0) reading.advance(files.get(i).toFile().length());
                otherSize[i] = height == 0 && (img.getHeight() != fh || img.getWidth() != fw);
                Images.framed(Images.argb(img), img.getWidth(), img.getHeight(), channels, fh, fw, resize, features, i * channels * fh * fw);
            } catch (IOException e) {
                failed.put(i, e);
            }
        });
        if (!failed.isEmpty()) throw failed.firstEntry().getValue();
        int stretched = 0;
        for (boolean b : otherSize) if (b) stretched++;
        // Without a size every picture takes the first one's: say when others were stretched to it (torchvision's DataLoader
        // refuses pictures of several sizes without a Resize).
        String note = stretched == 0 ? "" : " (" + stretched + " of " + files.size() + " pictures of other sizes than the first, " + w + "×" + h
                + ", stretched to it; give \"size\" to choose)";
        return TensorDataset.classification(root.getFileName().toString() + skippedNote(skipped) + note, features, new int[] {channels, h, w}, targets, names);
    }

    /** Says which files of the class folders were not read, so that a picture in a format LayerLab lacks (WebP, say) is not left out unseen. */
    private static String skippedNote(List<String> skipped) {
        if (skipped.isEmpty()) return "";
        int shown = Math.min(3, skipped.size());
        return " (" + skipped.size() + (skipped.size() == 1 ? " file" : " files") + " not ." + String.join(", .", EXTENSIONS) + " left out: "
                + String.join(", ", skipped.subList(0, shown)) + (skipped.size() > shown ? ", …" : "") + ")";
    }
}
