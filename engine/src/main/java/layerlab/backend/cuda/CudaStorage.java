package layerlab.backend.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import java.lang.ref.Cleaner;
import jcuda.Pointer;
import layerlab.backend.Backend;
import layerlab.backend.Storage;
import layerlab.tensor.DType;

/**
 * Device memory for one tensor storage: a block from the device's {@link CudaMemoryPool}, handed back to the
 * pool by a {@link Cleaner} once the storage is unreachable. Reads wait for the stream (they are the only
 * synchronisation points); writes are ordered after earlier launches by the legacy default stream.
 */
public final class CudaStorage extends Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final CudaBackend backend;
    private final CudaMemoryPool.Block block;

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
        CLEANER.register(this, () -> pool.give(b));
        if (bytes > 0 && fill != null) dev.clear(block.ptr(), fill, bytes / 4);
    }

    jcuda.driver.CUdeviceptr blockPtr() {
        return block.ptr();
    }

    /** Device address of element {@code index}. */
    long address(int index) {
        return block.address() + (long) index * dtype().bytes;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    private void checkRange(int offset, int n, DType want) {
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
        backend.dev.makeCurrent();
        CudaError.check(cuMemcpyHtoD(block.ptr().withByteOffset(4L * offset), Pointer.to(src).withByteOffset(4L * srcOff), 4L * n), "cuMemcpyHtoD");
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
        backend.dev.makeCurrent();
        CudaError.check(cuMemcpyHtoD(block.ptr().withByteOffset(8L * offset), Pointer.to(src).withByteOffset(8L * srcOff), 8L * n), "cuMemcpyHtoD");
    }
}
