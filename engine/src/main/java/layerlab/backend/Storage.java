package layerlab.backend;

import layerlab.tensor.DType;

/**
 * A flat run of elements owned by one backend. Tensors are views onto storage (offset, shape, strides);
 * many tensors may share one storage (reshape, transpose, slicing never copy).
 */
public abstract class Storage {
    private final DType dtype;
    private final int length;

    protected Storage(DType dtype, int length) {
        this.dtype = dtype;
        this.length = length;
    }

    public final DType dtype() {
        return dtype;
    }

    /** Number of elements. */
    public final int length() {
        return length;
    }

    public abstract Backend backend();

    /** Copies {@code n} floats starting at element {@code offset} to the host. */
    public abstract void read(int offset, float[] dst, int dstOff, int n);

    public abstract void write(int offset, float[] src, int srcOff, int n);

    public abstract void read(int offset, long[] dst, int dstOff, int n);

    public abstract void write(int offset, long[] src, int srcOff, int n);

    /**
     * For an int64 storage, bounds {@code {min, max}} that every element is known to lie within without reading it
     * back (a device storage written from the host remembers what it was given), or null when unknown. Lets a loss
     * check class targets on a GPU without waiting for it; the CPU, which reads for free, answers null.
     */
    public long[] knownRange() {
        return null;
    }

    /**
     * Whether every element is known, without reading it back ({@link #knownRange}), to be an index in [0, {@code size})
     * and none to equal {@code ignored} (pass a negative value when nothing is ignored): then a lookup or a loss needs
     * no check of its indices.
     */
    public final boolean indicesKnownWithin(int size, long ignored) {
        long[] r = knownRange();
        return r != null && r[0] >= 0 && r[1] < size && (ignored < r[0] || ignored > r[1]);
    }
}
