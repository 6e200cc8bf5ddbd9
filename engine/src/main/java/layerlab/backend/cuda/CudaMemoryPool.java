package layerlab.backend.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;

import java.util.Map;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import jcuda.driver.CUresult;

/**
 * A caching allocator: device blocks come in size classes (four per power of two, so at most 25% is wasted)
 * and go back to a free list of their class when their storage becomes unreachable, so a warm training loop
 * never calls {@code cuMemAlloc}. Java frees storages only when the garbage collector notices them, which
 * it does by the pressure on the Java heap, not on the GPU; so when the blocks held by storages (live ones and
 * unreachable ones the collector has not noticed yet) pass a soft limit (twice what survived the last collection,
 * at least {@link #softFloor}: a sixteenth of the device, at least 1 GiB) the pool asks for a collection first and
 * waits briefly for the freed blocks to come back. Cached free blocks do not count towards that limit (a collection
 * cannot free them): when what the pool holds passes twice the soft limit, the cached blocks go back to the driver
 * instead, so the sizes a finished model used do not pile up. Blocks are returned by the cleaner thread and reused by kernels on the device's one stream, whose
 * order keeps a block from being overwritten while still in use.
 */
final class CudaMemoryPool {
    /** One device allocation of {@code bytes} (its size class). */
    record Block(DevPtr ptr, long address, long bytes) {}

    /** Where blocks come from: the CUDA driver, or a fake in tests. */
    interface Driver {
        /** A fresh allocation of {@code bytes}, or null when the device is out of memory. */
        DevPtr alloc(long bytes);

        void free(DevPtr p);
    }

    /** The driver's cuMemAlloc and cuMemFree; the device's context must be current. */
    static final Driver CUDA = new Driver() {
        @Override
        public DevPtr alloc(long bytes) {
            DevPtr p = new DevPtr();
            int rc = cuMemAlloc(p, bytes);
            if (rc == CUresult.CUDA_ERROR_OUT_OF_MEMORY) return null;
            CudaError.check(rc, "cuMemAlloc(" + bytes + ")");
            return p;
        }

        @Override
        public void free(DevPtr p) {
            cuMemFree(p);
        }
    };

    private static final long MIN_CLASS = 512;
    private static final long MIN_SOFT_LIMIT = 1L << 30;

    /** Free blocks by size class, most recently given back first: a step reuses the blocks the last one used, still cached. */
    private final Map<Long, Deque<Block>> free = new ConcurrentHashMap<>();
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicLong inUse = new AtomicLong();
    private final AtomicLong returned = new AtomicLong();
    private final AtomicLong driverAllocations = new AtomicLong();
    private final long deviceMemory;
    private final Driver driver;
    private final Runnable collector;
    private volatile long softLimit;

    CudaMemoryPool(long deviceMemory) {
        this(deviceMemory, CUDA, null);
    }

    /** A pool over {@code driver}; {@code collector} (null: a garbage collection) runs when storages hold too much. */
    CudaMemoryPool(long deviceMemory, Driver driver, Runnable collector) {
        this.deviceMemory = deviceMemory;
        this.driver = driver;
        this.collector = collector != null ? collector : this::collectGarbage;
        this.softFloor = softFloor(deviceMemory);
        this.softLimit = softFloor;
    }

    /**
     * The least soft limit: a sixteenth of the device (at least 1 GiB, at most half): what unreachable storages may
     * hold before the pool asks for a collection. A full collection and its wait cost milliseconds, so on a large GPU
     * the pool lets more wait for the collector: with 1 GiB, vit_train's steps asked for one every 50 steps (on the
     * fake driver of CudaHostPathTest).
     */
    static long softFloor(long deviceMemory) {
        return Math.min(Math.max(MIN_SOFT_LIMIT, deviceMemory / 16), deviceMemory / 2);
    }

    private final long softFloor;

    /** Rounds up to 512 bytes, then to a quarter of the power of two below. */
    static long sizeClass(long bytes) {
        if (bytes <= MIN_CLASS) return MIN_CLASS;
        long step = Long.highestOneBit(bytes - 1) / 4;
        return (bytes + step - 1) / step * step;
    }

    /** A block of at least {@code bytes}; the device's context must be current. */
    Block take(long bytes) {
        long cls = sizeClass(bytes);
        Block b = poll(cls);
        if (b != null) return b;
        if (inUse.get() + cls > softLimit) {
            collector.run();
            b = poll(cls);
            if (b != null) return b;
            softLimit = Math.min(deviceMemory * 9 / 10, Math.max(softFloor, 2 * inUse.get() + cls));
        }
        if (reserved.get() + cls > Math.min(deviceMemory * 9 / 10, 2 * softLimit)) trim();
        DevPtr p = driver.alloc(cls);
        if (p == null) {
            collector.run();
            b = poll(cls);
            if (b != null) return b;
            trim();
            p = driver.alloc(cls);
            if (p == null) {
                throw new IllegalStateException(String.format(java.util.Locale.ROOT, "CUDA out of memory: tried to allocate %.1f MiB with %.1f MiB held by live tensors",
                        cls / 1048576.0, inUse.get() / 1048576.0));
            }
        }
        reserved.addAndGet(cls);
        inUse.addAndGet(cls);
        driverAllocations.incrementAndGet();
        return new Block(p, p.address(), cls);
    }

    /** Returns a block to its free list; any thread, no CUDA call. */
    void give(Block b) {
        free.computeIfAbsent(b.bytes, k -> new ConcurrentLinkedDeque<>()).addFirst(b);
        inUse.addAndGet(-b.bytes);
        returned.incrementAndGet();
    }

    private Block poll(long cls) {
        Deque<Block> q = free.get(cls);
        Block b = q == null ? null : q.pollFirst();
        if (b != null) inUse.addAndGet(cls);
        return b;
    }

    /** Frees every cached block back to the driver; the context must be current. */
    synchronized void trim() {
        for (Deque<Block> q : free.values()) {
            Block b;
            while ((b = q.poll()) != null) {
                driver.free(b.ptr);
                reserved.addAndGet(-b.bytes);
            }
        }
    }

    /** Collections the pool asked for so far (each a full garbage collection and a wait of up to 50 ms). */
    long collections() {
        return collections.get();
    }

    private final AtomicLong collections = new AtomicLong();

    /** Runs a collection and waits (at most ~50 ms) until the cleaner stops returning blocks. */
    private void collectGarbage() {
        collections.incrementAndGet();
        long before = returned.get();
        System.gc();
        long last = before;
        int quiet = 0;
        for (int i = 0; i < 50 && quiet < 3; i++) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = returned.get();
            quiet = now == last && now != before ? quiet + 1 : 0;
            last = now;
        }
    }

    /** Blocks asked of the driver so far (a warm loop asks none). */
    long driverAllocations() {
        return driverAllocations.get();
    }

    long reservedBytes() {
        return reserved.get();
    }

    long inUseBytes() {
        return inUse.get();
    }
}
