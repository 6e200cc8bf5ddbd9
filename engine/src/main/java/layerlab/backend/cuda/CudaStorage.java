package layerlab.backend.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import java.lang.ref.Cleaner;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import layerlab.backend.Backend;
import layerlab.backend.Storage;
import layerlab.tensor.DType;
import layerlab.tensor.StepMemory;

/**
 * Device memory for one tensor storage: a block from the device's {@link CudaMemoryPool}, handed back to the
 * pool by a {@link Cleaner} once the storage is unreachable. Reads wait for the stream (they are the only
 * synchronisation points); writes are ordered after earlier launches by the legacy default stream.
 */
public final class CudaStorage extends Storage implements StepMemory.Recyclable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final CudaBackend backend;
    private final CudaMemoryPool.Block block;
    /**
     * Int64 storages: bounds of the values, as far as the host knows them ({@link #knownRange}): set by a clearing fill
     * or a write from the host, widened by partial writes, dropped by a kernel that writes into the storage
     * ({@link #forgetRange}); null when unknown.
     */
    private volatile long[] range;
    /** Gives the block back: once, when the storage becomes unreachable or its training step ends ({@link #retire}). */
    private final Cleaner.Cleanable cleanable;
    private volatile boolean retired;

    /** A storage whose every 32-bit word holds {@code fill}, or whose contents are undefined when {@code fill} is null. */
    CudaStorage(CudaBackend backend, DType dtype, int length, Integer fill) {
        super(dtype, length);
        this.backend = backend;
        CudaDevice dev = backend.dev;
        dev.makeCurrent();
        dev.countStorage();
        long bytes = (long) length * dtype.bytes;
        this.block = dev.pool.take(bytes);
        // The action must not capture this storage, or it would never become unreachable.
        CudaMemoryPool pool = dev.pool;
        CudaMemoryPool.Block b = block;
        cleanable = CLEANER.register(this, () -> pool.give(b));
        if (bytes > 0 && fill != null) dev.clear(block.ptr(), fill, bytes / 4);
        if (dtype == DType.INT64 && fill != null && fill == 0) range = new long[] {0, 0};
    }

    @Override
    public long[] knownRange() {
        long[] r = range;
        return r == null ? null : r.clone();
    }

    /** A kernel is about to write into this storage: what the host knew of its values no longer holds. */
    void forgetRange() {
        range = null;
    }

    CUdeviceptr blockPtr() {
        checkLive();
        return block.ptr();
    }

    /** Device address of element {@code index}; fails once the storage's training step gave its block back. */
    long address(int index) {
        checkLive();
        return block.address() + (long) index * dtype().bytes;
    }

    /**
     * The training step that made this storage ended without it among its survivors: the block goes back to the pool
     * now (launches already queued on the stream still run before any later one that reuses it), and any later use of
     * the storage fails. Nothing comes back for the step's own arrays.
     */
    @Override
    public Object retire() {
        retired = true;
        cleanable.clean();
        return null;
    }

    private void checkLive() {
        if (retired) {
            throw new IllegalStateException("a tensor of an ended training step was used after its GPU memory went to the "
                    + "next step (a LayerLab bug: please report it)");
        }
    }

    @Override
    public Backend backend() {
        return backend;
    }

    private void checkRange(int offset, int n, DType want) {
        checkLive();
        if (dtype() != want) throw new IllegalStateException("not a" + (want == DType.FLOAT32 ? " float" : "n int64") + " storage");
        if (offset < 0 || n < 0 || offset + n > length()) {
            throw new IndexOutOfBoundsException("elements [" + offset + ", " + (offset + n) + ") of a storage of " + length());
        }
    }

    @Override
    public void read(int offset, float[] dst, int dstOff, int n) {
        checkRange(offset, n, DType.FLOAT32);
        if (n == 0) return;
        backend.dev.synchronize();
        CudaError.check(cuMemcpyDtoH(Pointer.to(dst).withByteOffset(4L * dstOff), block.ptr().withByteOffset(4L * offset), 4L * n), "cuMemcpyDtoH");
    }

    @Override
    public void write(int offset, float[] src, int srcOff, int n) {
        checkRange(offset, n, DType.FLOAT32);
        if (n == 0) return;
        upload(block.ptr().withByteOffset(4L * offset), src, srcOff, n);
    }

    @Override
    public void read(int offset, long[] dst, int dstOff, int n) {
        checkRange(offset, n, DType.INT64);
        if (n == 0) return;
        backend.dev.synchronize();
        CudaError.check(cuMemcpyDtoH(Pointer.to(dst).withByteOffset(8L * dstOff), block.ptr().withByteOffset(8L * offset), 8L * n), "cuMemcpyDtoH");
    }

    @Override
    public void write(int offset, long[] src, int srcOff, int n) {
        checkRange(offset, n, DType.INT64);
        if (n == 0) return;
        long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
        for (int i = srcOff; i < srcOff + n; i++) {
            lo = Math.min(lo, src[i]);
            hi = Math.max(hi, src[i]);
        }
        long[] old = range;
        range = null;
        upload(block.ptr().withByteOffset(8L * offset), src, srcOff, n);
        // A write over everything sets the bounds; a partial one widens known bounds (the old values it kept lie
        // within them) and leaves unknown ones unknown.
        range = offset == 0 && n == length() ? new long[] {lo, hi} : old == null ? null
                : new long[] {Math.min(old[0], lo), Math.max(old[1], hi)};
    }

    /**
     * Queues the copy on the stream through the device's page-locked staging ring ({@link CudaStaging}); a copy too
     * large for it goes directly (from pageable memory, so it first waits for the stream).
     */
    private void upload(CUdeviceptr at, float[] src, int srcOff, int n) {
        if (!backend.dev.staging.upload(at, src, srcOff, n)) uploadDirectly(at, Pointer.to(src).withByteOffset(4L * srcOff), 4L * n);
    }

    private void upload(CUdeviceptr at, long[] src, int srcOff, int n) {
        if (!backend.dev.staging.upload(at, src, srcOff, n)) uploadDirectly(at, Pointer.to(src).withByteOffset(8L * srcOff), 8L * n);
    }

    private void uploadDirectly(CUdeviceptr at, Pointer src, long bytes) {
        CudaDevice dev = backend.dev;
        dev.makeCurrent();
        dev.countWait();
        CudaError.check(cuMemcpyHtoD(at, src, bytes), "cuMemcpyHtoD");
    }
}
