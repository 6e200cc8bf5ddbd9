package layerlab.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import layerlab.backend.Storage;

/**
 * Memory that one training step hands to the next, as PyTorch's caching allocator does: the activations and
 * gradients of a step die with it, and the next step needs arrays of the same sizes again.
 *
 * <p>Why: a fresh Java array is zeroed in memory no cache holds (the young generation is a gigabyte walked end to end),
 * so on the test machine a 3.2 MB activation cost ~0.2 ms before its kernel wrote a byte, ~2 ms of a 10 ms
 * NetWithResBlock step. Only the outputs the ops write whole ({@link Tensor#uninitialized}) come from here, as they
 * are; refilling an old array with zeros measured slower than Java's fresh one, so a zeroed tensor never does.
 *
 * <p>How: {@link #step()} opens a step on the calling thread; while it is open the CPU backend takes the arrays of
 * large uninitialized tensors (float32, and int64: max pooling's indices) from this pool and notes their storages. {@link Step#end} names what outlives the
 * step (the model's parameters, gradients and buffers) and gives every other array back; its storage is
 * <em>retired</em>: any later use of a tensor on it fails loudly ({@link IllegalStateException}) rather than read
 * another step's numbers. A storage whose array was handed out ({@code CpuStorage.floats()}) is never taken back. A
 * step closed without {@code end} (an exception on the way) gives nothing back: its arrays are left to the garbage
 * collector. One pool serves one thread at a time (a run's trainer); other threads allocate as always.
 */
public final class StepMemory {
    /** The smallest tensor worth pooling (64 KB): smaller arrays come from the thread's allocation buffer cheaply. */
    public static final int MIN_FLOATS = 1 << 14;

    /**
     * Whether {@link Tensor#uninitialized} tensors come filled with NaN ({@code -Dlayerlab.poisonUninitialized=true},
     * as the engine's tests run): an element an op leaves unwritten then spoils every result that reads it.
     */
    public static final boolean POISON = Boolean.getBoolean("layerlab.poisonUninitialized");

    private static final ThreadLocal<Step> CURRENT = new ThreadLocal<>();

    /** What a backend's storage does when its step ends. */
    public interface Recyclable {
        /**
         * Retires the storage and gives up its array (a {@code float[]} or a {@code long[]}), or returns null (and stays
         * usable) when it was handed out.
         */
        Object retire();
    }

    private final long maxFloats;
    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private final Map<Integer, ArrayDeque<long[]>> freeLongs = new HashMap<>();
    /** What is held, in floats' worth (a long is two). */
    private long freeFloats;

    /** A pool that keeps at most an eighth of the heap (and at most 1 GB) between steps. */
    public StepMemory() {
        this(Math.min(Runtime.getRuntime().maxMemory() / 8, 1L << 30));
    }

    /** A pool that keeps at most {@code maxBytes} between steps; arrays beyond that go to the garbage collector. */
    public StepMemory(long maxBytes) {
        this.maxFloats = Math.max(0, maxBytes / Float.BYTES);
    }

    /** The step open on this thread, or null. */
    public static Step current() {
        return CURRENT.get();
    }

    /**
     * Opens a step on this thread. Inside a step already open on it the new one is a bystander: it pools nothing, and
     * the open step's {@code end} decides.
     */
    public Step step() {
        if (CURRENT.get() != null) return new Step(null);
        Step s = new Step(this);
        CURRENT.set(s);
        return s;
    }

    /** Runs {@code work} as one step, ended with {@code survivors} (asked after the work) when it returns. */
    public void run(Runnable work, Supplier<? extends Iterable<Tensor>> survivors) {
        try (Step s = step()) {
            work.run();
            s.end(survivors.get());
        }
    }

    /** Lets go of the arrays held for a next step (a run that ended): the garbage collector takes them. */
    public synchronized void release() {
        free.clear();
        freeLongs.clear();
        freeFloats = 0;
    }

    /** Floats' worth held for the next step now (a long counts two; for tests and the developer guide's figures). */
    public synchronized long heldFloats() {
        return freeFloats;
    }

    private synchronized float[] take(int length) {
        ArrayDeque<float[]> q = free.get(length);
        float[] a = q == null ? null : q.poll();
        if (a == null) return new float[length];
        freeFloats -= length;
        return a;
    }

    private synchronized long[] takeLongs(int length) {
        ArrayDeque<long[]> q = freeLongs.get(length);
        long[] a = q == null ? null : q.poll();
        if (a == null) return new long[length];
        freeFloats -= 2L * length;
        return a;
    }

    private synchronized void give(Object array) {
        if (array instanceof float[] a) {
            if (freeFloats + a.length > maxFloats) return;
            free.computeIfAbsent(a.length, n -> new ArrayDeque<>()).push(a);
            freeFloats += a.length;
        } else if (array instanceof long[] a) {
            if (freeFloats + 2L * a.length > maxFloats) return;
            freeLongs.computeIfAbsent(a.length, n -> new ArrayDeque<>()).push(a);
            freeFloats += 2L * a.length;
        }
    }

    /** One step: open from {@link #step()} until {@link #close()}. */
    public static final class Step implements AutoCloseable {
        private final StepMemory pool;
        private final List<Storage> made = new ArrayList<>();
        private boolean open = true;

        private Step(StepMemory pool) {
            this.pool = pool;
        }

        /**
         * A float array of {@code length}, its contents undefined, for a storage the backend makes now, or null when
         * this step pools nothing (a bystander, a small tensor, a closed step); the backend passes the storage to
         * {@link #made}.
         */
        public float[] take(int length) {
            if (pool == null || !open || length < MIN_FLOATS) return null;
            return pool.take(length);
        }

        /** {@link #take} for an int64 tensor: a long array of {@code length}, its contents undefined, or null. */
        public long[] takeLongs(int length) {
            if (pool == null || !open || 2L * length < MIN_FLOATS) return null;
            return pool.takeLongs(length);
        }

        /**
         * Whether this step takes back a storage of {@code length} elements that a backend allocates itself (a GPU's
         * block, {@link #made} then): the same rule as {@link #take}'s, so what ends with a step is the same on every
         * backend.
         */
        public boolean adopts(int length) {
            return pool != null && open && length >= MIN_FLOATS;
        }

        /**
         * A tensor the step lets go of, its gradient dropped by {@code zeroGrad()} (PyTorch 2 frees it there): its storage
         * is retired when the step ends, as if the step had made it, unless a survivor holds it by then, so the next
         * step's gradient reuses its memory instead of the garbage collector's finding it (on a GPU, a gradient
         * dropped every step filled the pool until it forced a full collection). Nothing for a bystander or a closed
         * step, a storage {@link #adopts} would not take, or one that is not {@link Recyclable}.
         */
        public void letGo(Tensor t) {
            // Retiring is idempotent, so a storage noted twice does no harm.
            if (t != null && t.storage() instanceof Recyclable && adopts(t.storage().length())) made.add(t.storage());
        }

        /** Notes a storage made on an array from {@link #take} or {@link #takeLongs}; it must be {@link Recyclable}. */
        public void made(Storage s) {
            if (!(s instanceof Recyclable)) throw new IllegalArgumentException("a pooled storage must be Recyclable");
            made.add(s);
        }

        /**
         * Ends the step: the storages of {@code survivors} stay, every other storage made in it is retired and its
         * array kept for the next step. Pools nothing more afterwards.
         */
        public void end(Iterable<Tensor> survivors) {
            if (pool == null || !open) return;
            open = false;
            Set<Storage> keep = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Tensor t : survivors) {
                if (t != null) keep.add(t.storage());
            }
            for (Storage s : made) {
                if (keep.contains(s)) continue;
                Object a = ((Recyclable) s).retire();
                if (a != null) pool.give(a);
            }
            made.clear();
        }

        /** Leaves the thread; without {@link #end} nothing is retired. */
        @Override
        public void close() {
            open = false;
            made.clear();
            if (pool != null && CURRENT.get() == this) CURRENT.remove();
        }
    }
}
