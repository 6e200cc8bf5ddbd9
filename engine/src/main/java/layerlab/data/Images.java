package layerlab.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import layerlab.io.FileFormatException;
import layerlab.io.InputFiles;

/**
 * Pictures to model inputs, the one way LayerLab does it everywhere (the image-folder loader, {@code layerlab
 * predict}, the Results pad and its image files): resized to the model's height and width, channels first, floats
 * in [0, 1], grayscale as ITU-R 601 luma (PIL's "L"), RGB otherwise; transparency is ignored. Resizing is bilinear
 * with pixel centres aligned and antialiased when shrinking, exactly as
 * {@code F.interpolate(mode="bilinear", align_corners=False, antialias=True)} and torchvision's {@code Resize} do,
 * so a 280-pixel drawing becomes a 28-pixel digit without losing its thin strokes. Uses only {@code javax.imageio}
 * and pixel arrays, so it runs headless.
 */
public final class Images {
    /** The file name extensions read (lower case). */
    public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp", "gif", "tif", "tiff");

    private Images() {}

    /** Whether {@code file}'s name ends in one of the {@link #EXTENSIONS}. */
    public static boolean isImage(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Decodes {@code file}; a file that is not a readable image says so, naming it. */
    public static BufferedImage read(Path file) throws IOException {
        BufferedImage img;
        InputFiles.file(file);
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new FileFormatException(file + ": cannot decode the image (" + e.getMessage() + "): the file is damaged or cut short; "
                    + "replace it, or delete it");
        }
        if (img == null && java.nio.file.Files.size(file) == 0)
            throw new FileFormatException(file + ": an empty file (0 bytes), no picture: a copy that did not finish? Replace it, or delete it");
        if (img == null)
            throw new FileFormatException(file + ": not an image in a format Java can read (PNG, JPEG, BMP, GIF, TIFF): save it as one, or delete it");
        return img;
    }

    /**
     * How many floats {@code count} pictures of {@code [channels, h, w]} from {@code source} take together.
     *
     * @throws IllegalArgumentException when they are more than one Java array holds, saying so (not "integer overflow")
     */
    public static int floats(Object source, int count, int channels, int h, int w) {
        long n = (long) count * channels * h * w;
        if (n > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException(source + ": " + String.format(Locale.ROOT, "%,d", count) + " pictures of [" + channels + ", " + h + ", " + w
                    + "] are " + String.format(Locale.ROOT, "%,d", n) + " values, more than LayerLab holds in one data set ("
                    + String.format(Locale.ROOT, "%,d", Integer.MAX_VALUE - 8) + "): give a smaller size, or fewer pictures");
        return (int) n;
    }

    /** {@code file} as {@code [channels, h, w]} floats (channels 1 or 3). */
    public static float[] load(Path file, int channels, int h, int w) throws IOException {
        return load(file, channels, h, w, 0);
    }

    /** {@code file} as {@code [channels, h, w]} floats, framed as {@link #framed} frames it ({@code resize} 0: stretched whole). */
    public static float[] load(Path file, int channels, int h, int w, int resize) throws IOException {
        BufferedImage img = read(file);
        int iw = img.getWidth(), ih = img.getHeight();
        float[] out = new float[channels * h * w];
        framed(argb(img), iw, ih, channels, h, w, resize, out, 0);
        return out;
    }

    /**
     * {@code img}'s pixels as 0xAARRGGBB, row by row, with the values its file stores, as PIL reads them. A grey picture
     * (a grey PNG, a one-channel JPEG: MNIST's digits saved as files) keeps its grey levels: Java's {@code getRGB} takes
     * them for linear light and brightens them to sRGB (128 becomes 188), which torchvision's {@code ToTensor} never does.
     * A 16-bit grey level is scaled to 8 bits.
     */
    public static int[] argb(BufferedImage img) {
        int iw = img.getWidth(), ih = img.getHeight();
        ColorModel cm = img.getColorModel();
        if (cm instanceof IndexColorModel || cm.getColorSpace().getType() != ColorSpace.TYPE_GRAY)
            return img.getRGB(0, 0, iw, ih, null, 0, iw);
        Raster r = img.getRaster();
        int[] argb = new int[iw * ih];
        double greyMax = (1L << cm.getComponentSize(0)) - 1;
        double alphaMax = cm.hasAlpha() ? (1L << cm.getComponentSize(cm.getNumComponents() - 1)) - 1 : 1;
        for (int y = 0; y < ih; y++) {
            for (int x = 0; x < iw; x++) {
                int g = (int) Math.round(r.getSample(x, y, 0) * 255 / greyMax);
                int a = cm.hasAlpha() ? (int) Math.round(r.getSample(x, y, cm.getNumComponents() - 1) * 255 / alphaMax) : 255;
                argb[y * iw + x] = a << 24 | g << 16 | g << 8 | g;
            }
        }
        return argb;
    }

    /**
     * The size torchvision's {@code Resize(resize)} gives an {@code iw × ih} picture, {@code {height, width}}: the shorter
     * side {@code resize} pixels, the longer in proportion, rounded down (a square stays square).
     */
    public static int[] resized(int iw, int ih, int resize) {
        if (resize < 1) throw new IllegalArgumentException("resize must be a positive number of pixels, got " + resize);
        return iw <= ih ? new int[] {(int) ((long) resize * ih / iw), resize} : new int[] {resize, (int) ((long) resize * iw / ih)};
    }

    /**
     * {@link #pixels} framed as torchvision's evaluation transforms frame a picture, {@code Resize(resize)} then {@code
     * CenterCrop((h, w))}: scaled (bilinear, antialiased) so that its shorter side is {@code resize} pixels ({@link
     * #resized}), then its middle {@code h × w} taken, the offsets {@code round((size − crop) / 2)} rounded half to even
     * as Python rounds, with zeros around it where the scaled picture is the smaller (CenterCrop's padding). {@code
     * resize} 0: the whole picture stretched to {@code h × w}, as {@link #pixels}.
     */
    public static void framed(int[] argb, int iw, int ih, int channels, int h, int w, int resize, float[] out, int offset) {
        if (resize == 0) {
            pixels(argb, iw, ih, channels, h, w, out, offset);
            return;
        }
        int[] size = resized(iw, ih, resize);
        int rh = size[0], rw = size[1];
        float[] scaled = new float[channels * rh * rw];
        pixels(argb, iw, ih, channels, rh, rw, scaled, 0);
        int top = rh >= h ? (int) Math.rint((rh - h) / 2.0) : -((h - rh) / 2);
        int left = rw >= w ? (int) Math.rint((rw - w) / 2.0) : -((w - rw) / 2);
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                int sy = y + top, at = offset + (c * h + y) * w;
                for (int x = 0; x < w; x++) {
                    int sx = x + left;
                    out[at + x] = sy >= 0 && sy < rh && sx >= 0 && sx < rw ? scaled[(c * rh + sy) * rw + sx] : 0f;
                }
            }
        }
    }

    /** {@code img} as {@code [channels, h, w]} floats (channels 1 or 3). */
    public static float[] pixels(BufferedImage img, int channels, int h, int w) {
        int iw = img.getWidth(), ih = img.getHeight();
        float[] out = new float[channels * h * w];
        pixels(argb(img), iw, ih, channels, h, w, out, 0);
        return out;
    }

    /**
     * Writes the {@code iw × ih} picture {@code argb} (0xAARRGGBB, row by row) resized to {@code h × w} into
     * {@code out} at {@code offset}: {@code channels} planes (1: luma, 3: red, green, blue).
     */
    public static void pixels(int[] argb, int iw, int ih, int channels, int h, int w, float[] out, int offset) {
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("images have 1 (grey) or 3 (RGB) channels, not " + channels);
        if (h < 1 || w < 1) throw new IllegalArgumentException("image size " + h + "x" + w + ": expected positive sizes");
        if (argb.length < iw * ih || iw < 1 || ih < 1) throw new IllegalArgumentException("a " + iw + "x" + ih + " picture needs " + iw * ih + " pixels");
        if (iw == w && ih == h) {
            // A picture of the model's size: the taps below would be weights 1 and 0, each value v / 255 as they make it.
            int plane = h * w;
            for (int i = 0; i < plane; i++) {
                int p = argb[i];
                float r = (float) (((p >>> 16) & 0xff) / 255.0), g = (float) (((p >>> 8) & 0xff) / 255.0), b = (float) ((p & 0xff) / 255.0);
                if (channels == 1) {
                    out[offset + i] = 0.299f * r + 0.587f * g + 0.114f * b;
                } else {
                    out[offset + i] = r;
                    out[offset + plane + i] = g;
                    out[offset + 2 * plane + i] = b;
                }
            }
            return;
        }
        Taps across = Taps.of(iw, w), down = Taps.of(ih, h);
        // Rows first: every source row resized to w, for each colour.
        float[][] rows = new float[3][ih * w];
        for (int y = 0; y < ih; y++) {
            for (int x = 0; x < w; x++) {
                double r = 0, g = 0, b = 0;
                int from = across.start[x];
                for (int k = 0; k < across.weights[x].length; k++) {
                    int p = argb[y * iw + from + k];
                    double wt = across.weights[x][k];
                    r += wt * ((p >>> 16) & 0xff);
                    g += wt * ((p >>> 8) & 0xff);
                    b += wt * (p & 0xff);
                }
                rows[0][y * w + x] = (float) (r / 255);
                rows[1][y * w + x] = (float) (g / 255);
                rows[2][y * w + x] = (float) (b / 255);
            }
        }
        int plane = h * w;
        float[] c = new float[3];
        for (int y = 0; y < h; y++) {
            int from = down.start[y];
            double[] wts = down.weights[y];
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < 3; ch++) {
                    double v = 0;
                    for (int k = 0; k < wts.length; k++) v += wts[k] * rows[ch][(from + k) * w + x];
                    c[ch] = (float) v;
                }
                int at = offset + y * w + x;
                if (channels == 1) out[at] = 0.299f * c[0] + 0.587f * c[1] + 0.114f * c[2];
                else for (int ch = 0; ch < 3; ch++) out[at + ch * plane] = c[ch];
            }
        }
    }

    /**
     * A drawing (light ink on a dark ground, as the Results pad paints) framed the way MNIST framed its digits: cropped
     * to its ink, resized to fit 20/28 of the input keeping its proportions, and placed so that its centre of mass is in
     * the middle. A digit drawn small or off to one side then reads as the training digits do; a blank drawing gives a
     * blank input.
     */
    public static void drawing(int[] argb, int iw, int ih, int channels, int h, int w, float[] out, int offset) {
        int x0 = iw, y0 = ih, x1 = -1, y1 = -1;
        for (int y = 0; y < ih; y++) {
            for (int x = 0; x < iw; x++) {
                if (luma(argb[y * iw + x]) > INK) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        Arrays.fill(out, offset, offset + channels * h * w, 0f);
        if (x1 < 0) return;
        int cw = x1 - x0 + 1, ch = y1 - y0 + 1;
        int[] crop = new int[cw * ch];
        for (int y = 0; y < ch; y++) System.arraycopy(argb, (y0 + y) * iw + x0, crop, y * cw, cw);
        double fit = Math.min(h * BOX / ch, w * BOX / cw);
        int nh = Math.max(1, Math.min(h, (int) Math.round(ch * fit))), nw = Math.max(1, Math.min(w, (int) Math.round(cw * fit)));
        float[] small = new float[channels * nh * nw];
        pixels(crop, cw, ch, channels, nh, nw, small, 0);
        // The centre of mass of the ink (summed over the channels), then the offset that puts it in the middle.
        double mass = 0, my = 0, mx = 0;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < nh; y++) {
                for (int x = 0; x < nw; x++) {
                    double v = small[(c * nh + y) * nw + x];
                    mass += v;
                    my += v * y;
                    mx += v * x;
                }
            }
        }
        int oy = (int) Math.round((h - 1) / 2.0 - (mass > 0 ? my / mass : (nh - 1) / 2.0));
        int ox = (int) Math.round((w - 1) / 2.0 - (mass > 0 ? mx / mass : (nw - 1) / 2.0));
        oy = Math.max(0, Math.min(h - nh, oy));
        ox = Math.max(0, Math.min(w - nw, ox));
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < nh; y++) System.arraycopy(small, (c * nh + y) * nw, out, offset + (c * h + oy + y) * w + ox, nw);
    }

    /** How much of the input a framed drawing fills: MNIST's 20 pixels of 28. */
    private static final double BOX = 20.0 / 28;
    /** Brighter than this (of 1) is ink. */
    private static final double INK = 0.1;

    private static double luma(int p) {
        return (0.299 * ((p >>> 16) & 0xff) + 0.587 * ((p >>> 8) & 0xff) + 0.114 * (p & 0xff)) / 255;
    }

    /**
     * For each output pixel of one axis, the first source pixel it reads and the weights of those it reads: a
     * triangle filter as wide as the scale when shrinking (one pixel when stretching), normalised to sum to one, as
     * PyTorch's antialiased bilinear computes them.
     */
    private record Taps(int[] start, double[][] weights) {
        static Taps of(int in, int out) {
            double scale = (double) in / out;
            double support = scale >= 1 ? scale : 1;
            double invScale = scale >= 1 ? 1 / scale : 1;
            int[] start = new int[out];
            double[][] weights = new double[out][];
            for (int i = 0; i < out; i++) {
                double center = scale * (i + 0.5);
                int min = Math.max((int) (center - support + 0.5), 0);
                int size = Math.min((int) (center + support + 0.5), in) - min;
                double[] wt = new double[size];
                double total = 0;
                for (int j = 0; j < size; j++) total += wt[j] = Math.max(0, 1 - Math.abs((j + min - center + 0.5) * invScale));
                for (int j = 0; j < size; j++) wt[j] = total == 0 ? 0 : wt[j] / total;
                start[i] = min;
                weights[i] = wt;
            }
            return new Taps(start, weights);
        }
    }
}
