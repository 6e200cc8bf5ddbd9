package layerlab.backend.cpu;

import layerlab.backend.Backend;
import layerlab.backend.Storage;
import layerlab.tensor.DType;
import layerlab.tensor.StepMemory;

/**
 * Heap storage: a {@code float[]} (or {@code long[]} for int64), read directly by the CPU kernels.
 *
 * <p>A storage that a Linear layer reads as its weight batch after batch, unchanged, keeps a copy of it packed
 * for the GEMM kernel ({@link #packedTransposed}). To know when that copy is current, every way to the array
 * counts: kernels reach it through {@link #access()} (via {@code CpuBackend.f}), which bumps {@link #accesses},
 * reads or writes alike, all but the Linear's read of its weight ({@link #readOnly()}); {@link #write} bumps it
 * too; and once {@link #floats()} has handed the array out nothing is cached any more, since its holder may
 * write at any time.
 */
public final class CpuStorage extends Storage implements StepMemory.Recyclable {
    private final float[] f;
    /** Set when its training step ended and its array went back to the pool: any use after that is a bug, and fails. */
    private volatile boolean retired;
    final long[] l;
    /**
     * Kernel accesses and writes so far; a packed copy made at one count is current while the count stays.
     * Volatile, so that a count bumped on one thread (a trainer's optimiser) is seen by the next forward on another.
     */
    private volatile int accesses;
    /** Whether {@link #floats()} handed the array out. */
    private boolean escaped;
    /**
     * The most floats a weight may have for a packed copy of it to be kept: a sixteenth of the heap. A copy doubles its
     * weight's memory; VGG's first classifier layer (411 MB) kept one, and the model ran out of a 2 GB heap on its second
     * batch. A weight that large is read once per batch, from memory, with or without the copy.
     */
    static final long PACK_LIMIT = Runtime.getRuntime().maxMemory() / 16 / Float.BYTES;
    /** The Linear-weight cache: which rows it is for, the count they were last read at, the packed copy. */
    private PackedWeight packed;

    private static final class PackedWeight {
        final int off, ld, n, k;
        int seenAt;
        Gemm.Packed copy;

        PackedWeight(int off, int ld, int n, int k, int seenAt) {
            this.off = off;
            this.ld = ld;
            this.n = n;
            this.k = k;
            this.seenAt = seenAt;
        }

        boolean covers(int off, int ld, int n, int k) {
            return this.off == off && this.ld == ld && this.n == n && this.k == k;
        }
    }

    CpuStorage(DType dtype, int length) {
        super(dtype, length);
        this.f = dtype == DType.FLOAT32 ? new float[length] : null;
        this.l = dtype == DType.INT64 ? new long[length] : null;
    }

    /** A float storage on {@code pooled} itself: an array from a training step's memory as the step before left it, or one adopted. */
    CpuStorage(float[] pooled) {
        super(DType.FLOAT32, pooled.length);
        this.f = pooled;
        this.l = null;
    }

    /** An int64 storage on an array from a training step's memory, as the step before left it. */
    CpuStorage(long[] pooled) {
        super(DType.INT64, pooled.length);
        this.f = null;
        this.l = pooled;
    }

    @Override
    public synchronized Object retire() {
        if (escaped || retired) return null;
        retired = true;
        packed = null;
        return f != null ? f : l;
    }

    private float[] live() {
        checkLive();
        return f;
    }

    private void checkLive() {
        if (retired) {
            throw new IllegalStateException("a tensor of an ended training step was used after its memory went to the "
                    + "next step (a LayerLab bug: please report it)");
        }
    }

    /** The float array for a kernel that may read or write it (null for int64): counts as a change. */
    float[] access() {
        accesses++;
        return live();
    }

    /**
     * The float array for a kernel that only reads it: not counted. Only a Linear layer's weight is read this
     * way (so that the next batch can find it untouched); every other kernel goes through {@link #access()}.
     */
    float[] readOnly() {
        return live();
    }

    /**
     * op(B) = Bᵀ for B the n×k rows at {@code off}, {@code ld} apart, packed by the GEMM kernel, or null when
     * there is none to use: a Linear layer asks with its weight on every forward. The first ask only notes the
     * access count (in training the optimiser changes the weight between forwards, and packing would be
     * wasted); an ask that finds the count where the last one left it (inference: nothing touched the weight
     * between two batches) packs, and later asks reuse the copy until anything else touches this storage.
     * Does not count as an access itself; the caller reads nothing else of B. Synchronized: two threads may run
     * inference on one model (the bookkeeping is not atomic otherwise; the lock is uncontended in practice).
     */
    Gemm.Packed packedTransposed(int off, int ld, int n, int k) {
        return packedTransposed(off, ld, n, k, PACK_LIMIT);
    }

    /** {@link #packedTransposed(int, int, int, int)} keeping copies of at most {@code limit} floats (tests try smaller). */
    synchronized Gemm.Packed packedTransposed(int off, int ld, int n, int k, long limit) {
        if (escaped || f == null || (long) n * k > limit) return null;
        int now = accesses;
        PackedWeight p = packed;
        if (p == null || !p.covers(off, ld, n, k)) {
            packed = new PackedWeight(off, ld, n, k, now);
            return null;
        }
        if (p.seenAt != now) {
            p.seenAt = now;
            p.copy = null;
            return null;
        }
        if (p.copy == null) p.copy = Gemm.packTransposed(live(), off, ld, n, k);
        return p.copy;
    }

    /** Whether a packed copy is held now (for tests). */
    synchronized boolean holdsPackedCopy() {
        return packed != null && packed.copy != null;
    }

    /** The backing float array, handed out for good (zero-copy export): from now on nothing is cached for it. */
    public synchronized float[] floats() {
        if (f == null) throw new IllegalStateException("not a float storage");
        float[] a = live();
        escaped = true;
        packed = null;
        return a;
    }

    /** The int64 array, for the kernels and copies (failing once its step retired it, as {@link #access()} does). */
    public long[] longs() {
        if (l == null) throw new IllegalStateException("not an int64 storage");
        checkLive();
        return l;
    }

    @Override
    public Backend backend() {
        return CpuBackend.INSTANCE;
    }

    @Override
    public void read(int offset, float[] dst, int dstOff, int n) {
        if (f == null) throw new IllegalStateException("not a float storage");
        System.arraycopy(live(), offset, dst, dstOff, n);
    }

    @Override
    public void write(int offset, float[] src, int srcOff, int n) {
        if (f == null) throw new IllegalStateException("not a float storage");
        accesses++;
        System.arraycopy(src, srcOff, live(), offset, n);
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
