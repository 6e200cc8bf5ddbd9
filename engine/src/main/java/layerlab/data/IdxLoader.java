package layerlab.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import layerlab.io.FileFormatException;
import layerlab.io.InputFiles;

/**
 * MNIST's IDX format, as in the files of MNIST, Fashion-MNIST and KMNIST ({@code train-images-idx3-ubyte[.gz]},
 * {@code train-labels-idx1-ubyte[.gz]}): a magic number {@code 00 00 TT DD} (element type, number of
 * dimensions), the dimensions as big-endian int32, then the elements. Gzip is recognised by its content, not
 * by the file name. Images are {@code [N, rows, cols]} unsigned bytes, loaded as {@code [N, 1, rows, cols]}
 * floats scaled to [0, 1]; labels are {@code [N]} unsigned bytes, the class names "0", "1", ….
 */
public final class IdxLoader {
    private static final int UNSIGNED_BYTE = 0x08;

    private IdxLoader() {}

    /** One IDX array of unsigned bytes: its dimensions and elements. */
    public record IdxArray(int[] dims, byte[] data) {}

    /** Images and labels from two IDX files (gzipped or not). */
    public static TensorDataset load(Path images, Path labels) throws IOException {
        IdxArray x = read(images), y = read(labels);
        return dataset(images.getFileName().toString(), x, images.toString(), y, labels.toString());
    }

    /** Images and labels already read; names are for messages. */
    static TensorDataset dataset(String name, IdxArray x, String imagesSource, IdxArray y, String labelsSource)
            throws FileFormatException {
        if (x.dims.length != 3)
            throw new FileFormatException(imagesSource + ": expected images of 3 dimensions [N, rows, cols], got "
                    + Arrays.toString(x.dims) + (x.dims.length == 1 && y.dims.length == 3 ? ": labels; are \"images\" and \"labels\" swapped?" : ""));
        if (y.dims.length != 1)
            throw new FileFormatException(labelsSource + ": expected labels of 1 dimension [N], got " + Arrays.toString(y.dims));
        if (x.dims[0] != y.dims[0])
            throw new FileFormatException(labelsSource + ": " + y.dims[0] + " labels, but " + imagesSource + " holds "
                    + x.dims[0] + " images");
        float[] features = new float[x.data.length];
        for (int i = 0; i < features.length; i++) features[i] = (x.data[i] & 0xff) / 255f;
        long[] targets = new long[y.data.length];
        int classes = 1;
        for (int i = 0; i < targets.length; i++) {
            targets[i] = y.data[i] & 0xff;
            classes = Math.max(classes, (int) targets[i] + 1);
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) names.add(Integer.toString(c));
        return TensorDataset.classification(name, features, new int[] {1, x.dims[1], x.dims[2]}, targets, names);
    }

    /** One IDX file of unsigned bytes, gzipped or not. */
    public static IdxArray read(Path file) throws IOException {
        try (InputStream in = InputFiles.open(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * One IDX array of unsigned bytes from {@code in} (gzipped or not); {@code source} names it in messages.
     * Byte offsets in messages count in the uncompressed data.
     */
    public static IdxArray read(InputStream raw, String source) throws IOException {
        InputStream in = new BufferedInputStream(raw);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        try {
            return parse(gzip ? new BufferedInputStream(new GZIPInputStream(in)) : in, source + (gzip ? " (after gunzip)" : ""));
        } catch (EOFException | ZipException e) {
            if (!gzip) throw e;
            throw new FileFormatException(source + ": the gzip data is truncated or corrupt (" + e.getMessage() + ")");
        }
    }

    private static IdxArray parse(InputStream in, String where) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4)
            throw new FileFormatException(where + ": truncated at byte " + magic.length + ": expected a 4-byte IDX magic number");
        if (magic[0] != 0 || magic[1] != 0)
            throw new FileFormatException(where + ": bad magic number " + hex(magic) + " at byte 0: an IDX file starts with 00 00, "
                    + "then the element type and the number of dimensions");
        int type = magic[2] & 0xff, rank = magic[3] & 0xff;
        if (type != UNSIGNED_BYTE)
            throw new FileFormatException(where + ": element type 0x" + String.format(java.util.Locale.ROOT, "%02X", type)
                    + " at byte 2 is not supported; expected 0x08 (unsigned byte)");
        if (rank < 1 || rank > 4)
            throw new FileFormatException(where + ": " + rank + " dimensions at byte 3; expected 1 to 4");
        byte[] dimBytes = in.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank)
            throw new FileFormatException(where + ": truncated at byte " + (4 + dimBytes.length) + ": expected " + rank
                    + " dimension sizes (4 bytes each) from byte 4");
        int[] dims = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++) {
            dims[d] = ((dimBytes[4 * d] & 0xff) << 24) | ((dimBytes[4 * d + 1] & 0xff) << 16)
                    | ((dimBytes[4 * d + 2] & 0xff) << 8) | (dimBytes[4 * d + 3] & 0xff);
            if (dims[d] <= 0)
                throw new FileFormatException(where + ": dimension " + d + " at byte " + (4 + 4 * d) + " is " + dims[d]
                        + "; expected a positive size");
            count *= dims[d];
        }
        if (count > Integer.MAX_VALUE - 16)
            throw new FileFormatException(where + ": dimensions " + Arrays.toString(dims) + " hold " + count
                    + " elements; at most " + (Integer.MAX_VALUE - 16) + " can be read");
        int dataStart = 4 + 4 * rank;
        byte[] data = in.readNBytes((int) count);
        if (data.length < count)
            throw new FileFormatException(where + ": truncated at byte " + (dataStart + data.length) + ": dimensions "
                    + Arrays.toString(dims) + " need " + count + " bytes of data from byte " + dataStart + ", found " + data.length);
        if (in.read() != -1)
            throw new FileFormatException(where + ": unexpected bytes after byte " + (dataStart + count) + ", the end of the "
                    + Arrays.toString(dims) + " data");
        return new IdxArray(dims, data);
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(sb.length() > 0 ? " " : "").append(String.format(java.util.Locale.ROOT, "%02X", x & 0xff));
        return sb.toString();
    }
}
