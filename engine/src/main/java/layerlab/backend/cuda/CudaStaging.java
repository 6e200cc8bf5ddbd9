package layerlab.backend.cuda;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventQuery;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;
import static jcuda.driver.JCudaDriver.cuMemAllocHost;
import static jcuda.driver.JCudaDriver.cuMemFreeHost;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongConsumer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUresult;

/**
 * Uploads that neither wait for the GPU nor hold the host: the values go into a ring of page-locked host memory, and
 * from there to the device by {@code cuMemcpyHtoDAsync} on the device's stream, after the launches queued before them
 * and before those queued after. A copy from a Java array ({@code cuMemcpyHtoD} from pageable memory) first waits for
 * everything queued on the device: once per batch, twice with the targets, it stopped the host from queueing the next
 * step while the GPU finished the last.
 *
 * <p>Each copy records an event after it; a region of the ring is written again only once the copies that read it
 * are done (the event of the newest one it overlaps: the stream runs them in order). The ring grows to hold the largest
 * upload seen, up to {@link #MAX_BYTES}; a larger upload is copied synchronously, as before. Thread-safe (a UI thread
 * and a training thread may upload at once).
 */
final class CudaStaging {
    /** Ring sizes: the first, and the largest (a bigger upload is copied directly). */
    static final long FIRST_BYTES = 1L << 20, MAX_BYTES = 64L << 20;
    private static final int ALIGN = 256;

    private final CudaDevice dev;
    private CudaDevice.HostPtr ring;
    private ByteBuffer buffer;
    private long capacity, head;
    /** The driver gave no page-locked memory: every upload is copied directly. */
    private boolean unavailable;
    /** Copies that may still be reading the ring, oldest first. */
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final Deque<CUevent> spareEvents = new ArrayDeque<>();

    private record Pending(long start, long end, CUevent done) {
    }

    CudaStaging(CudaDevice dev) {
        this.dev = dev;
    }

    /**
     * Queues the copy of {@code n} floats of {@code src} from {@code srcOff} to {@code dst}; false when they do not go
     * through the ring (empty, larger than half its largest size, or no page-locked memory): the caller copies them.
     */
    boolean upload(CUdeviceptr dst, float[] src, int srcOff, int n) {
        return upload(dst, 4L * n, at -> buffer.asFloatBuffer().put((int) (at / 4), src, srcOff, n));
    }

    /** As {@link #upload(CUdeviceptr, float[], int, int)}, for longs. */
    boolean upload(CUdeviceptr dst, long[] src, int srcOff, int n) {
        return upload(dst, 8L * n, at -> buffer.asLongBuffer().put((int) (at / 8), src, srcOff, n));
    }

    /** Claims {@code bytes} of the ring, has {@code write} fill them from offset {@code at}, and queues their copy. */
    private synchronized boolean upload(CUdeviceptr dst, long bytes, LongConsumer write) {
        long at = claim(bytes);
        if (at < 0) return false;
        write.accept(at);
        queue(dst, at, bytes);
        return true;
    }

    private void queue(CUdeviceptr dst, long at, long bytes) {
        CudaError.check(cuMemcpyHtoDAsync(dst, ring.withByteOffset(at), bytes, dev.stream()), "cuMemcpyHtoDAsync");
        CUevent done = spareEvents.isEmpty() ? newEvent() : spareEvents.pop();
        CudaError.check(cuEventRecord(done, dev.stream()), "cuEventRecord");
        pending.addLast(new Pending(at, at + bytes, done));
    }

    /** The ring's offset of a free region of {@code bytes}, waiting for the copies still reading it; -1 when there is none. */
    private long claim(long bytes) {
        if (bytes <= 0 || bytes > MAX_BYTES / 2 || unavailable) return -1;
        dev.makeCurrent();
        if (bytes > capacity && !grow(bytes)) return -1;
        long start = (head + ALIGN - 1) / ALIGN * ALIGN;
        if (start + bytes > capacity) start = 0;
        long end = start + bytes;
        // The newest pending copy that overlaps [start, end): once it is done, so are all before it.
        Pending last = null;
        for (Pending p : pending) {
            if (p.start < end && start < p.end) last = p;
        }
        if (last != null) {
            int rc = cuEventQuery(last.done);
            if (rc == CUresult.CUDA_ERROR_NOT_READY) {
                dev.countWait();
                CudaError.check(cuEventSynchronize(last.done), "cuEventSynchronize");
            } else {
                CudaError.check(rc, "cuEventQuery");
            }
            while (true) {
                Pending p = pending.pollFirst();
                spareEvents.push(p.done);
                if (p == last) break;
            }
        }
        head = end;
        return start;
    }

    /**
     * A ring that holds {@code bytes} twice over, the old one freed once every copy from it is done; false (and no ring
     * from then on) when the driver gives no page-locked memory.
     */
    private boolean grow(long bytes) {
        long want = Math.max(FIRST_BYTES, Long.highestOneBit(Math.max(1, 2 * bytes - 1)) << 1);
        want = Math.min(want, MAX_BYTES);
        if (ring != null) {
            Pending newest = pending.peekLast();
            if (newest != null) {
                dev.countWait();
                CudaError.check(cuEventSynchronize(newest.done), "cuEventSynchronize");
            }
            while (!pending.isEmpty()) spareEvents.push(pending.pollFirst().done);
            CudaError.check(cuMemFreeHost(ring), "cuMemFreeHost");
            ring = null;
        }
        CudaDevice.HostPtr p = new CudaDevice.HostPtr();
        capacity = 0;
        head = 0;
        if (cuMemAllocHost(p, want) != CUresult.CUDA_SUCCESS || p.address() == 0) {
            unavailable = true;
            return false;
        }
        ring = p;
        buffer = p.getByteBuffer(0, want).order(ByteOrder.nativeOrder());
        capacity = want;
        return true;
    }

    private static CUevent newEvent() {
        CUevent e = new CUevent();
        CudaError.check(cuEventCreate(e, CUevent_flags.CU_EVENT_DISABLE_TIMING), "cuEventCreate");
        return e;
    }
}
