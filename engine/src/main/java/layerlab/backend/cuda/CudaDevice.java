package layerlab.backend.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;

/**
 * One GPU as the backend sees it: the device's primary context (made current on whichever thread calls —
 * training and UI threads differ), the kernel module loaded from the bundled PTX, one stream for every
 * launch, and the memory pool. Opened once per device index and kept for the life of the process.
 */
final class CudaDevice {
    static final String PTX_RESOURCE = "/layerlab/backend/cuda/kernels.ptx";
    /** Oldest GPU the PTX (compute_75) can be compiled for. */
    static final int MIN_COMPUTE = 75;
    /** Threads per block for the flat (grid-stride) kernels. */
    static final int THREADS = 256;

    private static final Map<Integer, CudaDevice> OPEN = new ConcurrentHashMap<>();
    private static final ThreadLocal<CUcontext> CURRENT = new ThreadLocal<>();

    final int index;
    final String name;
    final long totalMemory;
    final int computeCapability;
    final int driverVersion;
    final int multiprocessors;
    final CudaMemoryPool pool;
    private final CUcontext context = new CUcontext();
    private final CUmodule module = new CUmodule();
    private final CUstream stream = new CUstream();
    private final Map<String, CUfunction> functions = new ConcurrentHashMap<>();
    private final CudaMemoryPool.Block errorSlot;
    private final LongAdder launches = new LongAdder(), waits = new LongAdder(), storages = new LongAdder();

    /**
     * What the host asked of the device since it was opened: kernel launches, waits for the stream (every read back
     * to the host is one) and storages allocated (each a pool block and a clearing memset), in that order. Per
     * training step, these say where a launch-bound step's time goes (CudaBench prints them).
     */
    long[] counts() {
        return new long[] {launches.sum(), waits.sum(), storages.sum()};
    }

    private volatile CudaBlas.Probe blas;

    /** cuBLAS for this device, loaded and checked on first use (see {@link CudaBlas}); {@code blas()} is null without it. */
    CudaBlas.Probe blas() {
        CudaBlas.Probe p = blas;
        if (p == null) {
            synchronized (this) {
                if (blas == null) blas = CudaGemm.verify(this, CudaBlas.open(this));
                p = blas;
            }
        }
        return p;
    }

    void countStorage() {
        storages.increment();
    }

    static CudaDevice open(int index) {
        return OPEN.computeIfAbsent(index, CudaDevice::new);
    }

    /** Number of CUDA devices (initialises the driver). */
    static int deviceCount() {
        CudaError.check(cuInit(0), "cuInit");
        int[] n = new int[1];
        CudaError.check(cuDeviceGetCount(n), "cuDeviceGetCount");
        return n[0];
    }

    private CudaDevice(int index) {
        this.index = index;
        CudaError.check(cuInit(0), "cuInit");
        CUdevice dev = new CUdevice();
        CudaError.check(cuDeviceGet(dev, index), "cuDeviceGet(" + index + ")");
        byte[] nameBytes = new byte[256];
        CudaError.check(cuDeviceGetName(nameBytes, nameBytes.length, dev), "cuDeviceGetName");
        int len = 0;
        while (len < nameBytes.length && nameBytes[len] != 0) len++;
        name = new String(nameBytes, 0, len, StandardCharsets.UTF_8).trim();
        long[] mem = new long[1];
        CudaError.check(cuDeviceTotalMem(mem, dev), "cuDeviceTotalMem");
        totalMemory = mem[0];
        computeCapability = 10 * attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR)
                + attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        multiprocessors = attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        int[] v = new int[1];
        CudaError.check(cuDriverGetVersion(v), "cuDriverGetVersion");
        driverVersion = v[0];
        if (computeCapability < MIN_COMPUTE) {
            throw new UnsupportedGpu(String.format("%s has compute capability %d.%d; LayerLab's CUDA kernels need %d.%d or newer",
                    name, computeCapability / 10, computeCapability % 10, MIN_COMPUTE / 10, MIN_COMPUTE % 10));
        }
        CudaError.check(cuDevicePrimaryCtxRetain(context, dev), "cuDevicePrimaryCtxRetain");
        makeCurrent();
        CudaError.check(cuModuleLoadData(module, loadPtx()), "loading the kernels (cuModuleLoadData)");
        // A blocking stream: the synchronous host copies (legacy default stream) are ordered after its work.
        CudaError.check(cuStreamCreate(stream, 0), "cuStreamCreate");
        pool = new CudaMemoryPool(totalMemory);
        errorSlot = pool.take(4);
    }

    private static int attribute(CUdevice dev, int attr) {
        int[] v = new int[1];
        CudaError.check(cuDeviceGetAttribute(v, attr, dev), "cuDeviceGetAttribute(" + attr + ")");
        return v[0];
    }

    private static byte[] loadPtx() {
        try (InputStream in = CudaDevice.class.getResourceAsStream(PTX_RESOURCE)) {
            if (in == null) throw new IllegalStateException(PTX_RESOURCE + " is missing from the engine jar");
            byte[] text = in.readAllBytes();
            return Arrays.copyOf(text, text.length + 1); // the driver expects a NUL-terminated string
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + PTX_RESOURCE, e);
        }
    }

    /** "NVIDIA H100 80GB HBM3, 79 GiB, compute 9.0, driver 13.0". */
    String describe() {
        return String.format("%s, %d GiB, compute %d.%d, driver %d.%d", name, totalMemory >> 30,
                computeCapability / 10, computeCapability % 10, driverVersion / 1000, driverVersion % 1000 / 10);
    }

    /** Makes this device's context current on the calling thread (a thread-local check, a driver call only on change). */
    void makeCurrent() {
        if (CURRENT.get() != context) {
            CudaError.check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
            CURRENT.set(context);
        }
    }

    CUstream stream() {
        return stream;
    }

    /** Waits for every launch so far. */
    void synchronize() {
        waits.increment();
        makeCurrent();
        CudaError.check(cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    /** Blocks for a grid-stride kernel over {@code n} elements. */
    int blocks(long n) {
        long want = (n + THREADS - 1) / THREADS;
        return (int) Math.max(1, Math.min(want, (long) multiprocessors * 32));
    }

    void launch(String kernel, int gx, int gy, int gz, int bx, int by, int bz, Args args) {
        CUfunction f = functions.computeIfAbsent(kernel, k -> {
            CUfunction fn = new CUfunction();
            CudaError.check(cuModuleGetFunction(fn, module, k), "cuModuleGetFunction(" + k + ")");
            return fn;
        });
        launches.increment();
        CudaError.check(cuLaunchKernel(f, gx, gy, gz, bx, by, bz, 0, stream, args.build(), null), kernel);
    }

    /** A flat launch of {@code THREADS}-thread blocks over {@code n} elements. */
    void launch1d(String kernel, long n, Args args) {
        launch(kernel, blocks(n), 1, 1, THREADS, 1, 1, args);
    }

    /** Clears the out-of-range slot that lookups report into (before the launch). */
    long resetErrorSlot() {
        CudaError.check(cuMemsetD32Async(errorSlot.ptr(), Integer.MAX_VALUE, 1, stream), "cuMemsetD32Async");
        return errorSlot.address();
    }

    /** The smallest position a lookup reported out of range, or -1; waits for the launch. */
    int readErrorSlot() {
        synchronize();
        int[] pos = new int[1];
        CudaError.check(cuMemcpyDtoH(Pointer.to(pos), errorSlot.ptr(), 4), "cuMemcpyDtoH");
        return pos[0] == Integer.MAX_VALUE ? -1 : pos[0];
    }

    /** Kernel arguments in declaration order. */
    static final class Args {
        private final NativePointerObject[] values = new NativePointerObject[24];
        private int n;

        Args ptr(long address) {
            values[n++] = Pointer.to(new long[] {address});
            return this;
        }

        Args i64(long v) {
            return ptr(v);
        }

        Args i32(int v) {
            values[n++] = Pointer.to(new int[] {v});
            return this;
        }

        Args bool(boolean v) {
            return i32(v ? 1 : 0);
        }

        Args f32(float v) {
            values[n++] = Pointer.to(new float[] {v});
            return this;
        }

        Args f64(double v) {
            values[n++] = Pointer.to(new double[] {v});
            return this;
        }

        /** A by-value struct of ints (Strided2). */
        Args words(int[] w) {
            values[n++] = Pointer.to(w);
            return this;
        }

        Pointer build() {
            return Pointer.to(Arrays.copyOf(values, n));
        }
    }

    /** The GPU is too old for the kernels. */
    static final class UnsupportedGpu extends RuntimeException {
        UnsupportedGpu(String message) {
            super(message);
        }
    }
}
