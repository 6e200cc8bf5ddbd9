package layerlab.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a step's time goes, layer by layer: PyTorch's {@code torch.profiler} grouped by module. While one is
 * {@link #start started} on a thread, a model run on that thread times each node it runs ({@link #layer}), every op
 * recorded inside a node remembers the node ({@link GradFn}), and {@link Autograd#backward} charges each op's backward
 * rule to the node that recorded it. So a node's forward time is its own (a block's children are taken out of it), and
 * its backward time is the time of the gradients of everything it computed. With no profiler started, the cost is one
 * volatile read per recorded op.
 *
 * <p>Each clock reading first waits for the device ({@code sync}): a CUDA op returns once its kernel is queued, and
 * without waiting the time of one node's kernels would be charged to whichever node waits next.
 */
public final class Profiler implements AutoCloseable {
    private static final ThreadLocal<Profiler> CURRENT = new ThreadLocal<>();
    /** Profilers started and not yet closed, on any thread: while 0, nothing reads {@link #CURRENT}. */
    private static volatile int active;

    /** One node's times so far, by its dotted path ({@code res1.conv1} inside block placement {@code res1}). */
    public static final class Entry {
        private final String path;
        private long forwardNanos, backwardNanos;
        private int forwardCalls;
        private String fusedInto;

        Entry(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }

        public long forwardNanos() {
            return forwardNanos;
        }

        public long backwardNanos() {
            return backwardNanos;
        }

        public int forwardCalls() {
            return forwardCalls;
        }

        /** The node this one ran inside of, fused into its kernel (a ReLU after a convolution), or null. */
        public String fusedInto() {
            return fusedInto;
        }
    }

    /** What {@link #layer} returns when no profiler runs. */
    private static final Autograd.Scope NONE = () -> { };

    private final Runnable sync;
    private final Thread owner = Thread.currentThread();
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private long unattributedBackwardNanos;
    private boolean closed;

    /** A node being timed; closing it ends it. */
    private static final class Frame implements Autograd.Scope {
        final Profiler profiler;
        final String path;
        final long start;
        long childNanos;

        Frame(Profiler profiler, String path, long start) {
            this.profiler = profiler;
            this.path = path;
            this.start = start;
        }

        @Override
        public void close() {
            profiler.exit(this);
        }
    }

    private Profiler(Runnable sync) {
        this.sync = sync;
    }

    /**
     * Starts profiling what this thread runs until {@link #close}. {@code sync} waits until the device has finished
     * what was queued (the backend's {@code synchronize}; for the CPU it returns at once).
     */
    public static synchronized Profiler start(Runnable sync) {
        if (CURRENT.get() != null) throw new IllegalStateException("a profiler is already running on this thread");
        Profiler p = new Profiler(sync);
        CURRENT.set(p);
        active++;
        return p;
    }

    /** The profiler running on this thread, or null. */
    static Profiler current() {
        return active == 0 ? null : CURRENT.get();
    }

    /** Times what runs until the scope closes as the node {@code name} (inside the node being timed, if any); nothing when no profiler runs. */
    public static Autograd.Scope layer(String name) {
        Profiler p = current();
        return p == null ? NONE : p.enter(name);
    }

    /** Says that node {@code name} ran inside node {@code into}'s kernel (a sibling), so its time is counted there. */
    public static void fused(String name, String into) {
        Profiler p = current();
        if (p == null) return;
        Frame parent = p.frames.peek();
        String prefix = parent == null ? "" : parent.path + ".";
        p.entry(prefix + name).fusedInto = prefix + into;
    }

    /** The dotted path of the node being timed on this thread, or null (no profiler, or outside every node). */
    static String path() {
        Profiler p = current();
        if (p == null) return null;
        Frame f = p.frames.peek();
        return f == null ? null : f.path;
    }

    /** The clock, after the device has caught up. */
    long clock() {
        sync.run();
        return System.nanoTime();
    }

    /**
     * Charges the backward work that began at {@code start} to the node at {@code path} (null: no node); {@code op} is
     * the recorded op's name ({@code Conv2d}), or null for a gradient reaching a leaf.
     */
    void chargeBackward(String path, String op, long start) {
        long end = clock(), t = end - start;
        if (path == null) unattributedBackwardNanos += t;
        else entry(path).backwardNanos += t;
        if (spans != null) spans.add(new Span(op == null ? "AccumulateGrad" : op + "Backward", "backward", path, start, t));
    }

    /**
     * One timed interval, for a timeline (a trace): a node's forward pass, one op's backward rule, or a part of the step
     * ({@link #span}).
     *
     * @param name     a node's dotted path (forward), an op's backward ({@code Conv2dBackward}), or a part's name
     * @param category {@code forward}, {@code backward} or what {@link #span} was given
     * @param node     the node it belongs to (null: none)
     */
    public record Span(String name, String category, String node, long startNanos, long durationNanos) {}

    /** Spans kept since {@link #keepSpans} (null: not kept). */
    private List<Span> spans;

    /** From now on, keeps every interval timed as a {@link Span} as well (for a timeline); the sums are kept either way. */
    public void keepSpans() {
        if (spans == null) spans = new ArrayList<>();
    }

    /** The spans kept so far, in the order they ended. */
    public List<Span> spans() {
        return spans == null ? List.of() : List.copyOf(spans);
    }

    /** Adds a span measured outside the profiler (a part of the step: the batch, the optimiser) when spans are kept. */
    public void span(String name, String category, long startNanos, long endNanos) {
        if (spans != null) spans.add(new Span(name, category, null, startNanos, endNanos - startNanos));
    }

    private Autograd.Scope enter(String name) {
        Frame parent = frames.peek();
        String path = parent == null ? name : parent.path + "." + name;
        entry(path); // listed in the order the nodes start, a block before the nodes inside it
        Frame f = new Frame(this, path, clock());
        frames.push(f);
        return f;
    }

    private void exit(Frame f) {
        long inclusive = clock() - f.start;
        if (frames.peek() != f) throw new IllegalStateException("profiler scopes closed out of order at " + f.path);
        frames.pop();
        Entry e = entry(f.path);
        if (spans != null) spans.add(new Span(f.path, "forward", f.path, f.start, inclusive));
        e.forwardNanos += inclusive - f.childNanos;
        e.forwardCalls++;
        Frame parent = frames.peek();
        if (parent != null) parent.childNanos += inclusive;
    }

    private Entry entry(String path) {
        return entries.computeIfAbsent(path, Entry::new);
    }

    /** Every node timed so far, in the order each first ran. */
    public List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    /** Backward time of ops recorded outside every node (a loss computed apart from the model) and of gradients reaching the weights. */
    public long unattributedBackwardNanos() {
        return unattributedBackwardNanos;
    }

    /** Forgets the times and spans so far (after warm-up steps, or between steps). */
    public void reset() {
        entries.clear();
        unattributedBackwardNanos = 0;
        if (spans != null) spans.clear();
    }

    @Override
    public void close() {
        synchronized (Profiler.class) {
            if (closed) return;
            if (Thread.currentThread() != owner) throw new IllegalStateException("a profiler is closed by the thread that started it");
            closed = true;
            CURRENT.remove();
            active--;
        }
    }
}
