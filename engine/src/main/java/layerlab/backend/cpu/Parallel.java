package layerlab.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * The CPU backend's one place for multi-threading: a fixed pool sized by {@link #setThreads} (default: all
 * cores), and range splitting that stays on the calling thread when the work is too small to pay for a
 * hand-off (a fork costs a few microseconds; an elementwise pass over 16k floats costs about the same).
 */
public final class Parallel {
    /** Below this many "work units" (roughly: float operations) a loop runs on the caller. */
    public static final long MIN_PARALLEL_WORK = 1 << 15;

    @FunctionalInterface
    public interface RangeBody {
        /** Processes indices {@code [from, to)}. */
        void run(int from, int to);
    }

    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    private static volatile ForkJoinPool pool = newPool(threads);

    /** Depth of {@link #serially} scopes on this thread; inside one every loop runs on the caller. */
    private static final ThreadLocal<int[]> SERIAL = ThreadLocal.withInitial(() -> new int[1]);

    private Parallel() {}

    /**
     * Runs {@code body} with every kernel it calls on the calling thread alone. For long chains of small
     * dependent kernels (an RNN's time steps): each is too small to pay for a fork-join hand-off, which on a
     * two-core machine made a 32×512×128 GEMM twice as slow as running it on one thread.
     */
    public static void serially(Runnable body) {
        int[] depth = SERIAL.get();
        depth[0]++;
        try {
            body.run();
        } finally {
            depth[0]--;
        }
    }

    public static int threads() {
        return threads;
    }

    /** Sets the number of threads every CPU kernel may use (1 = single-threaded). */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        if (n == threads) return;
        ForkJoinPool old = pool;
        pool = newPool(n);
        threads = n;
        old.shutdown();
    }

    private static ForkJoinPool newPool(int n) {
        return new ForkJoinPool(n, p -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("layerlab-cpu-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into at most {@link #threads()} contiguous chunks, or
     * inline when {@code n * workPerIndex} is below {@link #MIN_PARALLEL_WORK}.
     */
    public static void forRange(int n, long workPerIndex, RangeBody body) {
        int t = threads;
        if (n <= 0) return;
        if (t == 1 || n == 1 || (long) n * workPerIndex < MIN_PARALLEL_WORK || ForkJoinTask.inForkJoinPool() || SERIAL.get()[0] > 0) {
            body.run(0, n);
            return;
        }
        int chunks = Math.min(t, n);
        pool.invoke(new Split(body, 0, n, chunks));
    }

    /** Runs {@code body} over {@code [0, n)} in exactly {@code min(n, threads)} chunks, whatever the size. */
    public static void forChunks(int n, RangeBody body) {
        forRange(n, MIN_PARALLEL_WORK, body);
    }

    private static final class Split extends RecursiveAction {
        private final RangeBody body;
        private final int from, to, chunks;

        Split(RangeBody body, int from, int to, int chunks) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.chunks = chunks;
        }

        @Override
        protected void compute() {
            if (chunks <= 1) {
                body.run(from, to);
                return;
            }
            int leftChunks = chunks / 2;
            int mid = from + (int) ((long) (to - from) * leftChunks / chunks);
            var right = new Split(body, mid, to, chunks - leftChunks);
            right.fork();
            new Split(body, from, mid, leftChunks).compute();
            right.join();
        }
    }
}
