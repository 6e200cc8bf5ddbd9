package layerlab.backend.cpu;

import layerlab.backend.Backend;
import layerlab.backend.Storage;
import layerlab.tensor.DType;

/** Heap storage: a {@code float[]} (or {@code long[]} for int64), read directly by the CPU kernels. */
public final class CpuStorage extends Storage {
    final float[] f;
    final long[] l;

    CpuStorage(DType dtype, int length) {
        super(dtype, length);
        this.f = dtype == DType.FLOAT32 ? new float[length] : null;
        this.l = dtype == DType.INT64 ? new long[length] : null;
    }

    /** The backing float array (for kernels and zero-copy export). */
    public float[] floats() {
        if (f == null) throw new IllegalStateException("not a float storage");
        return f;
    }

    public long[] longs() {
        if (l == null) throw new IllegalStateException("not an int64 storage");
        return l;
    }

    @Override
    public Backend backend() {
        return CpuBackend.INSTANCE;
    }

    @Override
    public void read(int offset, float[] dst, int dstOff, int n) {
        System.arraycopy(floats(), offset, dst, dstOff, n);
    }

    @Override
    public void write(int offset, float[] src, int srcOff, int n) {
        System.arraycopy(src, srcOff, floats(), offset, n);
    }

    @Override
    public void read(int offset, long[] dst, int dstOff, int n) {
        System.arraycopy(longs(), offset, dst, dstOff, n);
    }

    @Override
    public void write(int offset, long[] src, int srcOff, int n) {
        System.arraycopy(src, srcOff, longs(), offset, n);
    }
}
