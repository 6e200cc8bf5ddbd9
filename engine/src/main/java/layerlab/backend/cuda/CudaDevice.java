package layerlab.backend.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAllocHost;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
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
    private final Map<String, Kernel> functions = new ConcurrentHashMap<>();
    /** Each kernel's parameters as the PTX declares them ({@link #parameterSizes}). */
    private final Map<String, int[]> signatures;

    /** A kernel of the module and its parameters' sizes. */
    private record Kernel(CUfunction function, int[] parameters) {
    }
    private final CudaMemoryPool.Block errorSlot;
    private final LongAdder launches = new LongAdder(), waits = new LongAdder(), storages = new LongAdder(), memsets = new LongAdder();

    /**
     * What the host asked of the device since it was opened: kernel launches, waits for the stream (every read back
     * to the host is one), storages allocated (each a pool block), memsets (a storage's clearing, a lookup's error
     * slot), allocations the pool had to ask the driver for and garbage collections it asked for, in that order. Per
     * training step, these say where a launch-bound step's time goes (CudaBench prints them): each is a driver call
     * that costs the host about as much as a launch, and a wait costs a round trip besides.
     */
    long[] counts() {
        return new long[] {launches.sum(), waits.sum(), storages.sum(), memsets.sum(), pool.driverAllocations(), pool.collections()};
    }

    /** While on ({@link #profileKernels}): the launches timed so far; null when off. */
    private volatile Profile profile;

    /**
     * Kernel timing: each launch (and clearing memset) between two events recorded on the stream, nothing waited for,
     * so the step runs as it does untimed (back to back, the GPU at its working clocks) and each kernel's own GPU time
     * is read once the step is done. The events are recycled from one collection to the next.
     */
    private static final class Profile {
        final List<CUevent> events = new ArrayList<>();
        final List<String> labels = new ArrayList<>();
        final Map<String, double[]> times = new HashMap<>();
        int used;

        CUevent next() {
            if (used == events.size()) {
                CUevent e = new CUevent();
                CudaError.check(cuEventCreate(e, 0), "cuEventCreate");
                events.add(e);
            }
            return events.get(used++);
        }
    }

    /**
     * Turns kernel timing on (a fresh table) or off. While on, every launch and clearing memset is bracketed by two
     * events, and {@link #kernelTimes} charges each one's GPU time to its label (the kernel, its grid, and for SGEMM
     * the product's shape): where a step's GPU time goes, for CudaBench's profile.
     */
    synchronized void profileKernels(boolean on) {
        profile = on ? new Profile() : null;
    }

    boolean profiling() {
        return profile != null;
    }

    /**
     * The table collected since timing was turned on: label → {calls, GPU ms}, after waiting for the stream; empty when
     * timing is off.
     */
    synchronized Map<String, double[]> kernelTimes() {
        Profile p = profile;
        if (p == null) return Map.of();
        synchronize();
        float[] ms = new float[1];
        for (int i = 0; i < p.labels.size(); i++) {
            CudaError.check(cuEventElapsedTime(ms, p.events.get(2 * i), p.events.get(2 * i + 1)), "cuEventElapsedTime");
            double[] row = p.times.computeIfAbsent(p.labels.get(i), k -> new double[2]);
            row[0]++;
            row[1] += ms[0];
        }
        p.labels.clear();
        p.used = 0;
        return Map.copyOf(p.times);
    }

    /**
     * Takes this launch's two events (creating them, if new, before anything is recorded), records the first and the
     * label; {@link #afterTimed} records the second right after the launch call, so no host work lies between the
     * kernel and its closing event (the GPU would idle through it and charge it to the kernel).
     */
    private CUevent beforeTimed(Profile p, String label) {
        CUevent before = p.next(), after = p.next();
        p.labels.add(label);
        CudaError.check(cuEventRecord(before, stream), "cuEventRecord");
        queued = true;
        return after;
    }

    private void afterTimed(CUevent after) {
        CudaError.check(cuEventRecord(after, stream), "cuEventRecord");
        queued = true;
    }

    /** Clears {@code words} 32-bit words at {@code ptr} on the stream (a fresh storage's zeroing), timed when profiling. */
    void clear(CUdeviceptr ptr, int value, long words) {
        Profile p = profile;
        CUevent after = p == null ? null : beforeTimed(p, "memset (clearing)");
        memsets.increment();
        CudaError.check(cuMemsetD32Async(ptr, value, words, stream), "cuMemsetD32Async");
        queued = true;
        if (after != null) afterTimed(after);
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
            throw new UnsupportedGpu(String.format(java.util.Locale.ROOT, "%s has compute capability %d.%d; LayerLab's CUDA kernels need %d.%d or newer",
                    name, computeCapability / 10, computeCapability % 10, MIN_COMPUTE / 10, MIN_COMPUTE % 10));
        }
        CudaError.check(cuDevicePrimaryCtxRetain(context, dev), "cuDevicePrimaryCtxRetain");
        makeCurrent();
        byte[] ptx = loadPtx();
        signatures = parameterSizes(new String(ptx, 0, ptx.length - 1, StandardCharsets.US_ASCII));
        CudaError.check(cuModuleLoadData(module, ptx), "loading the kernels (cuModuleLoadData)");
        // A blocking stream: the synchronous host copies (legacy default stream) are ordered after its work.
        CudaError.check(cuStreamCreate(stream, 0), "cuStreamCreate");
        pool = new CudaMemoryPool(totalMemory);
        errorSlot = pool.take(4);
        argBlocks = argBlocksWork();
    }

    private static int attribute(CUdevice dev, int attr) {
        int[] v = new int[1];
        CudaError.check(cuDeviceGetAttribute(v, attr, dev), "cuDeviceGetAttribute(" + attr + ")");
        return v[0];
    }

    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+(\\w+)\\s*\\(([^)]*)\\)");
    private static final Pattern PARAM = Pattern.compile(
            "\\.param\\s+(?:\\.align\\s+\\d+\\s+)?\\.([busf])(\\d+)\\s+\\w+(?:\\[(\\d+)\\])?");

    /**
     * Each entry point's parameters in a PTX module: 4 or 8 for a scalar of that many bytes, minus the byte count for
     * a by-value struct ({@code .b8 name[100]}). A launch's arguments are checked against them ({@link Args#checkAgainst}),
     * so a kernel and its Java launch that disagree fail with a message, wherever the launch runs (the fake and
     * emulated drivers in CI too), instead of the GPU reading garbage.
     */
    static Map<String, int[]> parameterSizes(String ptx) {
        Map<String, int[]> out = new HashMap<>();
        Matcher e = ENTRY.matcher(ptx);
        while (e.find()) {
            List<Integer> sizes = new ArrayList<>();
            Matcher p = PARAM.matcher(e.group(2));
            while (p.find()) {
                int bytes = Integer.parseInt(p.group(2)) / 8;
                sizes.add(p.group(3) != null ? -bytes * Integer.parseInt(p.group(3)) : bytes);
            }
            out.put(e.group(1), sizes.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
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
        return String.format(java.util.Locale.ROOT, "%s, %d GiB, compute %d.%d, driver %d.%d", name, totalMemory >> 30,
                computeCapability / 10, computeCapability % 10, driverVersion / 1000, driverVersion % 1000 / 10);
    }

    /** Makes this device's context current on the calling thread (a thread-local check, a driver call only on change). */
    void makeCurrent() {
        if (CURRENT.get() != context) {
            CudaError.check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
            CURRENT.set(context);
        }
    }

    /** The stream, for a caller about to queue work on it (which {@link #synchronize} will then wait for). */
    CUstream stream() {
        queued = true;
        return stream;
    }

    /**
     * Whether work may have been queued since the last {@link #synchronize}: a read right after another (a step's loss,
     * then its outputs) waits once. Cleared before the wait, set after each queueing call, so a wait never misses work
     * queued before it; reads stay right regardless (a synchronous copy to the host runs after the stream's work).
     */
    private volatile boolean queued;

    /** Work went onto the stream through another library (cuBLAS): the next {@link #synchronize} waits for it. */
    void queuedOutside() {
        queued = true;
    }

    /**
     * Tiles a split-K product may count its finished splits in (gemm.cuh's serial split K): split K only runs on grids
     * smaller than the GPU, so far fewer tiles than this; a product with more falls back to a reduce launch.
     */
    static final int SPLIT_COUNTERS = 4096;
    /** One int per tile, zero between products (the last block of each tile sets its counter back). */
    private volatile CudaMemoryPool.Block splitCounters;

    /** The device address of the split-K tile counters, cleared on first use. */
    long splitCounters() {
        CudaMemoryPool.Block b = splitCounters;
        if (b == null) {
            synchronized (this) {
                if (splitCounters == null) {
                    CudaMemoryPool.Block fresh = pool.take(4L * SPLIT_COUNTERS);
                    clear(fresh.ptr(), 0, SPLIT_COUNTERS);
                    splitCounters = fresh;
                }
                b = splitCounters;
            }
        }
        return b.address();
    }

    /** Host-to-device copies through page-locked memory, queued on the stream. */
    final CudaStaging staging = new CudaStaging(this);

    /** Counts a wait for the GPU that does not go through {@link #synchronize} (a synchronous copy, an event). */
    void countWait() {
        waits.increment();
    }

    /** Waits for every launch so far (at once when nothing was queued since the last wait). */
    void synchronize() {
        if (!queued) return;
        queued = false;
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
        launch(kernel, null, gx, gy, gz, bx, by, bz, args);
    }

    /** A launch whose profile label adds {@code tag} (an SGEMM's shape) to the kernel and its grid. */
    void launch(String kernel, String tag, int gx, int gy, int gz, int bx, int by, int bz, Args args) {
        Kernel kf = functions.computeIfAbsent(kernel, k -> {
            CUfunction fn = new CUfunction();
            CudaError.check(cuModuleGetFunction(fn, module, k), "cuModuleGetFunction(" + k + ")");
            return new Kernel(fn, signatures.get(k));
        });
        args.checkAgainst(kernel, kf.parameters);
        CUfunction f = kf.function;
        launches.increment();
        ArgBlock block = argBlocks ? takeArgBlock() : null;
        try {
            Pointer params = block != null ? block.hold(args) : args.build();
            Profile p = profile;
            CUevent after = p == null ? null : beforeTimed(p, kernel + (tag == null ? "" : " " + tag) + " grid " + gx
                    + (gy > 1 || gz > 1 ? "x" + gy + "x" + gz : "") + " block " + bx * by * bz);
            CudaError.check(cuLaunchKernel(f, gx, gy, gz, bx, by, bz, 0, stream, params, null), kernel);
            queued = true;
            if (after != null) afterTimed(after);
        } finally {
            // The driver copied the arguments during the call: the block is free for the next launch.
            if (block != null) argBlockPool.offer(block);
        }
    }

    /** A flat launch of {@code THREADS}-thread blocks over {@code n} elements. */
    void launch1d(String kernel, long n, Args args) {
        launch(kernel, blocks(n), 1, 1, THREADS, 1, 1, args);
    }

    /** Clears the out-of-range slot that lookups report into (before the launch). */
    long resetErrorSlot() {
        memsets.increment();
        CudaError.check(cuMemsetD32Async(errorSlot.ptr(), Integer.MAX_VALUE, 1, stream), "cuMemsetD32Async");
        queued = true;
        return errorSlot.address();
    }

    /** The smallest position a lookup reported out of range, or -1; waits for the launch. */
    int readErrorSlot() {
        synchronize();
        int[] pos = new int[1];
        CudaError.check(cuMemcpyDtoH(Pointer.to(pos), errorSlot.ptr(), 4), "cuMemcpyDtoH");
        return pos[0] == Integer.MAX_VALUE ? -1 : pos[0];
    }

    /**
     * Kernel arguments in declaration order, kept in Java until the launch. JCuda marshals a {@code Pointer} to an
     * array of per-argument pointers element by element through JNI, about 0.6 us an argument (an SGEMM's 19: 18 us
     * on our 2-core machine against a stub driver; a launch cost the H200's host 11.4 us, 5.6 without it):
     * {@link ArgBlock} passes them instead as one native {@code void*[]} whose entries point into a native block the
     * values are written into.
     */
    static final class Args {
        static final int MAX = 24;
        /** Bytes of one argument's slot: a scalar, or a by-value struct of ints ({@link #words}). */
        static final int SLOT = 256;
        private final long[] bits = new long[MAX];
        /** 4 or 8 for a scalar of that many bytes, -1 for {@link #words}. */
        private final byte[] sizes = new byte[MAX];
        private int[][] words;
        private int n;

        Args ptr(long address) {
            return put(address, 8);
        }

        Args i64(long v) {
            return put(v, 8);
        }

        Args i32(int v) {
            return put(v, 4);
        }

        Args bool(boolean v) {
            return i32(v ? 1 : 0);
        }

        Args f32(float v) {
            return put(Float.floatToRawIntBits(v), 4);
        }

        Args f64(double v) {
            return put(Double.doubleToRawLongBits(v), 8);
        }

        /** A by-value struct of ints (Strided2, Geo3). */
        Args words(int[] w) {
            if (4L * w.length > SLOT) throw new IllegalArgumentException("a struct argument of " + w.length + " ints");
            if (words == null) words = new int[MAX][];
            words[n] = w;
            return put(0, -1);
        }

        private Args put(long v, int size) {
            if (n == MAX) throw new IllegalStateException("more than " + MAX + " kernel arguments");
            bits[n] = v;
            sizes[n++] = (byte) size;
            return this;
        }

        /**
         * Fails, naming the kernel, unless these arguments are what {@code parameters} ({@link #parameterSizes}) declare:
         * as many, each scalar of its size, each struct of its byte count.
         */
        void checkAgainst(String kernel, int[] parameters) {
            if (parameters == null) throw new IllegalStateException("no kernel " + kernel + " in the PTX module (a LayerLab bug)");
            boolean ok = parameters.length == n;
            for (int i = 0; ok && i < n; i++) ok = sizes[i] == -1 ? parameters[i] == -4 * words[i].length : parameters[i] == sizes[i];
            if (!ok) {
                StringBuilder passed = new StringBuilder();
                for (int i = 0; i < n; i++) passed.append(i == 0 ? "" : ", ").append(sizes[i] == -1 ? -4 * words[i].length : sizes[i]);
                throw new IllegalStateException("kernel " + kernel + " takes parameters of " + Arrays.toString(parameters)
                        + " bytes (negative: a struct) but its launch passed [" + passed + "] (a LayerLab bug)");
            }
        }

        /** Writes the values into {@code block}'s slots (each argument at its own slot, as the kernel reads them). */
        void writeTo(ByteBuffer block) {
            for (int i = 0; i < n; i++) {
                int at = ArgBlock.TABLE + i * SLOT;
                switch (sizes[i]) {
                    case 4 -> block.putInt(at, (int) bits[i]);
                    case 8 -> block.putLong(at, bits[i]);
                    default -> {
                        int[] w = words[i];
                        for (int j = 0; j < w.length; j++) block.putInt(at + 4 * j, w[j]);
                    }
                }
            }
        }

        /** JCuda's own marshalling (a pointer per argument), where no native block could be had. */
        Pointer build() {
            NativePointerObject[] values = new NativePointerObject[n];
            for (int i = 0; i < n; i++) {
                values[i] = switch (sizes[i]) {
                    case 4 -> Pointer.to(new int[] {(int) bits[i]});
                    case 8 -> Pointer.to(new long[] {bits[i]});
                    default -> Pointer.to(words[i]);
                };
            }
            return Pointer.to(values);
        }
    }

    /**
     * A native argument block: a table of {@link Args#MAX} pointers, each to its own {@link Args#SLOT}-byte
     * slot after the table, in page-locked host memory from {@code cuMemAllocHost} (its address known, and writable
     * through a direct buffer). {@code cuLaunchKernel} takes the table as its {@code void**} and copies the values
     * during the call, so the block is free again when the launch returns (6 KB; the device keeps them for reuse).
     */
    static final class ArgBlock {
        static final int TABLE = 8 * Args.MAX;
        final Pointer table;
        final ByteBuffer buffer;

        private ArgBlock(Pointer table, ByteBuffer buffer) {
            this.table = table;
            this.buffer = buffer;
        }

        /** {@code args} written into this block: the kernel parameters as {@code cuLaunchKernel} takes them. */
        Pointer hold(Args args) {
            args.writeTo(buffer);
            return table;
        }

        /** A block in fresh page-locked memory, or null when the driver gives none (the caller marshals instead). */
        static ArgBlock allocate() {
            HostPtr p = new HostPtr();
            int bytes = TABLE + Args.MAX * Args.SLOT;
            if (cuMemAllocHost(p, bytes) != 0 || p.address() == 0) return null;
            ByteBuffer b = p.getByteBuffer(0, bytes).order(ByteOrder.nativeOrder());
            for (int i = 0; i < Args.MAX; i++) b.putLong(8 * i, p.address() + TABLE + (long) i * Args.SLOT);
            return new ArgBlock(p, b);
        }
    }

    /** A host pointer whose raw address we can read. */
    static final class HostPtr extends Pointer {
        long address() {
            return getNativePointer();
        }
    }

    /** Argument blocks between launches: as many as launches ever ran at once (usually one), reused, never freed. */
    private final Queue<ArgBlock> argBlockPool = new ConcurrentLinkedQueue<>();
    /** Whether launches pass their arguments through {@link ArgBlock}s (checked once, at open). */
    private volatile boolean argBlocks = true;

    /** A free argument block, a new one when all are in use, or null when the driver gives none (then: marshal). */
    private ArgBlock takeArgBlock() {
        ArgBlock b = argBlockPool.poll();
        return b != null ? b : ArgBlock.allocate();
    }

    /**
     * Whether a launch through an argument block gives the kernel its arguments: fill_i64 writes a value that needs
     * all 8 bytes into 2 elements, read back. Otherwise (a driver or binding that reads the block differently) the
     * launches marshal per argument, JCuda's way, and stay right, only slower.
     */
    private boolean argBlocksWork() {
        CudaMemoryPool.Block b = pool.take(16);
        try {
            long value = 0x1234_5678_9ABC_DEF0L;
            launch1d("fill_i64", 2, new Args().ptr(b.address()).i32(2).i64(value));
            synchronize();
            long[] got = new long[2];
            CudaError.check(cuMemcpyDtoH(Pointer.to(got), b.ptr(), 16), "cuMemcpyDtoH");
            return got[0] == value && got[1] == value;
        } catch (RuntimeException e) {
            return false;
        } finally {
            pool.give(b);
        }
    }

    /** How kernels get their arguments, for the backend's description. */
    String argumentPassing() {
        return argBlocks ? "arguments through a native block" : "arguments marshalled one by one (the native block failed its check)";
    }

    /** The GPU is too old for the kernels. */
    static final class UnsupportedGpu extends RuntimeException {
        UnsupportedGpu(String message) {
            super(message);
        }
    }
}
