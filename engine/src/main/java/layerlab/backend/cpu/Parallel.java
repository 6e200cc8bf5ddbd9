package layerlab.backend.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The CPU backend's one place for multi-threading: {@link #threads()} − 1 worker threads plus the calling
 * thread share each parallel loop; work too small to pay for a hand-off stays on the caller.
 *
 * <p>Why not a {@code ForkJoinPool}: a training step is a chain of dozens of short kernels, and a fork-join
 * hand-off to parked workers cost 14 µs back to back and 40–55 µs after a short serial gap (measured on two
 * cores), which was a third of an MLP step. Here, as in OpenMP runtimes, a worker spins for a short while
 * ({@link #SPIN_NANOS}) after each loop before it parks, so the next loop of the same step reaches it in about a
 * microsecond; the caller runs chunks itself instead of waiting; and chunks are claimed from a shared counter,
 * so a worker that is late (parked, or preempted by another process) never holds the caller up: the caller
 * takes its chunk.
 */
public final class Parallel {
    /** Below this many "work units" (roughly: float operations) a loop runs on the caller. */
    public static final long MIN_PARALLEL_WORK = 1 << 15;

    /** How long an idle worker keeps polling for the next loop before it parks. */
    static final long SPIN_NANOS = Long.getLong("layerlab.spinMicros", 200) * 1_000;

    /**
     * After this long a spinning thread yields its core at each poll instead of only pausing: another thread
     * that wants the core (the UI drawing charts during a run) gets it at once, and the poll costs a microsecond
     * more when nobody does.
     */
    static final long YIELD_AFTER_NANOS = Long.getLong("layerlab.yieldAfterMicros", 20) * 1_000;

    /** One poll of a wait that began at {@code since}. */
    private static void pause(long since) {
        if (System.nanoTime() - since < YIELD_AFTER_NANOS) Thread.onSpinWait();
        else Thread.yield();
    }

    @FunctionalInterface
    public interface RangeBody {
        /** Processes indices {@code [from, to)}. */
        void run(int from, int to);
    }

    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    private static volatile Team team = new Team(threads - 1);

    /**
     * Depth of {@link #serially} scopes and of running chunks on this thread; inside either, every loop runs on
     * the caller (a chunk that starts a loop of its own must not wait for workers busy with its siblings).
     */
    private static final ThreadLocal<int[]> SERIAL = ThreadLocal.withInitial(() -> new int[1]);

    private Parallel() {}

    /**
     * Runs {@code body} with every kernel it calls on the calling thread alone. For long chains of small
     * dependent kernels (an RNN's time steps): each is too small to pay for a hand-off.
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
        Team old = team;
        team = new Team(n - 1);
        threads = n;
        old.shutdown();
    }

    /**
     * Runs {@code body} over {@code [0, n)} in up to {@link #GRAIN} contiguous chunks per thread, claimed in turn,
     * or inline when {@code n * workPerIndex} is below {@link #MIN_PARALLEL_WORK}, when called from inside
     * another loop's chunk, or while another thread's loop holds the workers. For bodies whose chunks cost
     * nothing to start (elementwise passes, per-image loops).
     */
    public static void forRange(int n, long workPerIndex, RangeBody body) {
        run(n, workPerIndex, GRAIN, body);
    }

    /**
     * Like {@link #forRange}, but in exactly {@code min(n, threads)} chunks: for bodies that pay a set-up per
     * chunk (a GEMM packs the shared operand in each).
     */
    public static void forEvenRange(int n, long workPerIndex, RangeBody body) {
        run(n, workPerIndex, 1, body);
    }

    /** Runs {@code body} over {@code [0, n)} in exactly {@code min(n, threads)} chunks, whatever the size. */
    public static void forChunks(int n, RangeBody body) {
        run(n, MIN_PARALLEL_WORK, 1, body);
    }

    /**
     * Chunks per thread of {@link #forRange}. More chunks than threads keep a loop from waiting on one thread
     * that the OS has preempted (the editor's UI threads, a compile thread): the others claim its chunks.
     */
    static final int GRAIN = 4;

    /**
     * How many chunks a per-image loop over {@code batch} images uses: {@link #GRAIN} per thread when there are
     * at least as many images as threads, else 1 (then the work inside each image goes parallel instead).
     */
    static int batchChunks(int batch) {
        int t = threads;
        return batch >= t ? Math.min(batch, t * GRAIN) : 1;
    }

    /**
     * How many partial sums a loop over {@code batch} images (or rows) keeps when each chunk sums into a result of its
     * own that is reduced at the end, in chunk order (a convolution's weight gradient, a LayerNorm's): {@link #SUM_PARTS},
     * or one per image below that. A function of the batch alone, never of the threads, so the sums add up in the same
     * order, and a run gives the same bits, on one thread or many; one part per thread made a SimpleCNN trained on one
     * thread and on two part after the first step (ThreadCountBitsTest, TrainingThreadsTest).
     */
    static int partialSumChunks(int batch) {
        return Math.max(1, Math.min(batch, SUM_PARTS));
    }

    /**
     * Parts of a batch's sums: up to 8 threads share a weight gradient (more threads wait on it). Their cost is in adding
     * them up: read element by element across the parts, a transposed part at a time, a Conv1d's weight gradient spent
     * more time there than in its GEMMs; the parts are now added in storage order, on every thread, each chunk's first
     * GEMM overwriting its part rather than adding to a zeroed one. Forward+backward, in one process, each version
     * interleaved 10 rounds × 40 (2 cores): against one part per thread, Conv1d 64→128 k5 over 50 tokens ×32 +2–4% on one
     * thread, −2 to +8% on two; 3×3 convolutions at 7×7 and 4×4, 64 images, +1–4% on one, −4 to +13% on two (against the
     * element-by-element sum: 4–22% faster). 28×28 and 14×14 (the direct kernel's parts, now also summed on every thread)
     * within the noise of separate runs.
     */
    static final int SUM_PARTS = 8;

    private static void run(int n, long workPerIndex, int grain, RangeBody body) {
        if (n <= 0) return;
        int t = threads;
        int[] depth = SERIAL.get();
        if (t == 1 || n == 1 || (long) n * workPerIndex < MIN_PARALLEL_WORK || depth[0] > 0) {
            body.run(0, n);
            return;
        }
        Team tm = team;
        if (!tm.busy.compareAndSet(false, true)) {
            body.run(0, n);
            return;
        }
        depth[0]++;
        try {
            tm.run(new Job(body, n, (int) Math.min(n, (long) t * grain), ++tm.generation));
        } finally {
            depth[0]--;
            tm.busy.set(false);
        }
    }

    /** One parallel loop: chunk c covers {@code [n·c/chunks, n·(c+1)/chunks)}; whoever comes first claims it. */
    private static final class Job {
        final RangeBody body;
        final int n, chunks;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable error;
        volatile Thread waiter;
        /** Which loop of its team this is: workers remember numbers, not jobs, so no finished body stays reachable. */
        final long generation;

        Job(RangeBody body, int n, int chunks, long generation) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.generation = generation;
        }

        /** Claims and runs chunks until none is left; wakes the caller if it finished the last one. */
        void work() {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                try {
                    body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
                } catch (Throwable e) {
                    if (error == null) error = e;
                }
                if (done.incrementAndGet() == chunks) {
                    Thread w = waiter;
                    if (w != null) LockSupport.unpark(w);
                }
            }
        }

        boolean finished() {
            return done.get() == chunks;
        }
    }

    /** The worker threads of one {@link #setThreads} setting; one loop at a time ({@link #busy}). */
    private static final class Team {
        final AtomicBoolean busy = new AtomicBoolean();
        final Worker[] workers;
        volatile Job posted;
        volatile boolean stopped;
        /** Written only by the thread that holds {@link #busy}. */
        long generation;

        Team(int size) {
            workers = new Worker[size];
            for (int i = 0; i < size; i++) {
                workers[i] = new Worker(this, i);
                workers[i].start();
            }
        }

        void run(Job job) {
            posted = job;
            for (Worker w : workers) {
                if (w.parked) LockSupport.unpark(w);
            }
            job.work();
            // Our chunks are done; the workers' last ones are usually about to be. Spin briefly, then sleep
            // until the last chunk's owner wakes us.
            long waitStart = System.nanoTime();
            while (!job.finished() && System.nanoTime() - waitStart < SPIN_NANOS) pause(waitStart);
            if (!job.finished()) {
                job.waiter = Thread.currentThread();
                while (!job.finished()) LockSupport.park(this);
            }
            posted = null;
            Throwable e = job.error;
            if (e instanceof RuntimeException r) throw r;
            if (e instanceof Error err) throw err;
            if (e != null) throw new IllegalStateException(e);
        }

        void shutdown() {
            stopped = true;
            for (Worker w : workers) LockSupport.unpark(w);
        }
    }

    private static final class Worker extends Thread {
        private final Team team;
        volatile boolean parked;

        Worker(Team team, int index) {
            super("layerlab-cpu-" + (index + 1));
            this.team = team;
            setDaemon(true);
        }

        @Override
        public void run() {
            SERIAL.get()[0] = 1;
            long last = 0;
            long idleSince = System.nanoTime();
            while (!team.stopped) {
                Job job = team.posted;
                if (job != null && job.generation != last) {
                    last = job.generation;
                    job.work();
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    pause(idleSince);
                } else {
                    // Announce the sleep, then look once more: a caller that posts after this check sees
                    // parked == true and unparks us; one that posted before it is seen here.
                    parked = true;
                    Job again = team.posted;
                    if (again == null || again.generation == last) LockSupport.park(this);
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }
}
