package layerlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private final int before = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(before);
    }

    /** Every index visited exactly once, whatever the split. */
    private static void assertCoversOnce(int n, int threads) {
        Parallel.setThreads(threads);
        int[] hits = new int[n];
        Parallel.forRange(n, Parallel.MIN_PARALLEL_WORK, (from, to) -> {
            for (int i = from; i < to; i++) hits[i]++;
        });
        for (int i = 0; i < n; i++) assertEquals(1, hits[i], "index " + i + " of " + n + " at " + threads + " threads");
    }

    @Test
    void everyIndexRunsExactlyOnce() {
        for (int threads : new int[] {1, 2, 3, 4}) {
            for (int n : new int[] {1, 2, 3, 7, 64, 1001}) assertCoversOnce(n, threads);
        }
    }

    @Test
    void forRangeUsesGrainChunksPerThreadAndEvenRangeOnePerThread() {
        Parallel.setThreads(2);
        AtomicInteger calls = new AtomicInteger();
        Parallel.forRange(1000, Parallel.MIN_PARALLEL_WORK, (from, to) -> calls.incrementAndGet());
        assertEquals(2 * Parallel.GRAIN, calls.get());
        calls.set(0);
        Parallel.forEvenRange(1000, Parallel.MIN_PARALLEL_WORK, (from, to) -> calls.incrementAndGet());
        assertEquals(2, calls.get());
        calls.set(0);
        Parallel.forRange(3, Parallel.MIN_PARALLEL_WORK, (from, to) -> calls.incrementAndGet());
        assertEquals(3, calls.get(), "never more chunks than indices");
        assertEquals(8, Parallel.batchChunks(64));
        assertEquals(1, Parallel.batchChunks(1), "one image: its own work goes parallel instead");
        assertEquals(Parallel.SUM_PARTS, Parallel.partialSumChunks(64), "partial sums: as many whatever the threads");
        assertEquals(3, Parallel.partialSumChunks(3), "one image a part below that");
        assertEquals(1, Parallel.partialSumChunks(1));
        Parallel.setThreads(3);
        assertEquals(Parallel.SUM_PARTS, Parallel.partialSumChunks(64), "the threads do not change the order of the sums");
    }

    @Test
    void chunksRunOnSeveralThreadsWhenTheWorkIsBig() {
        Parallel.setThreads(2);
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        for (int attempt = 0; attempt < 200 && seen.size() < 2; attempt++) {
            Parallel.forChunks(2, (from, to) -> {
                seen.add(Thread.currentThread());
                long end = System.nanoTime() + 2_000_000;
                while (System.nanoTime() < end) Thread.onSpinWait();
            });
        }
        assertEquals(2, seen.size(), "two chunks of 2 ms each should have run on two threads at least once in 200 tries");
    }

    @Test
    void smallWorkStaysOnTheCaller() {
        Parallel.setThreads(2);
        Thread caller = Thread.currentThread();
        Parallel.forRange(4, 1, (from, to) -> assertSame(caller, Thread.currentThread()));
    }

    @Test
    void aLoopInsideAChunkRunsInlineOnThatChunksThread() {
        Parallel.setThreads(2);
        AtomicInteger inner = new AtomicInteger();
        Parallel.forChunks(2, (from, to) -> {
            Thread outer = Thread.currentThread();
            Parallel.forChunks(8, (f, t) -> {
                assertSame(outer, Thread.currentThread());
                inner.addAndGet(t - f);
            });
        });
        assertEquals(16, inner.get());
    }

    @Test
    void anExceptionInAWorkersChunkReachesTheCaller() {
        Parallel.setThreads(2);
        var e = assertThrows(IllegalStateException.class, () -> Parallel.forChunks(2, (from, to) -> {
            if (from == 1) throw new IllegalStateException("chunk " + from);
        }));
        assertEquals("chunk 1", e.getMessage());
        // The team is free again afterwards.
        assertCoversOnce(100, 2);
    }

    @Test
    void callersOnSeveralThreadsAtOnceEachGetTheirWholeLoop() throws Exception {
        Parallel.setThreads(2);
        int callers = 4, loops = 300, n = 257;
        long[] sums = new long[callers];
        CountDownLatch start = new CountDownLatch(1);
        Thread[] ts = new Thread[callers];
        for (int c = 0; c < callers; c++) {
            int id = c;
            ts[c] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int l = 0; l < loops; l++) {
                    AtomicInteger sum = new AtomicInteger();
                    Parallel.forRange(n, Parallel.MIN_PARALLEL_WORK, (from, to) -> {
                        for (int i = from; i < to; i++) sum.addAndGet(i);
                    });
                    sums[id] += sum.get();
                }
            });
            ts[c].start();
        }
        start.countDown();
        for (Thread t : ts) t.join(30_000);
        long expected = (long) loops * n * (n - 1) / 2;
        for (int c = 0; c < callers; c++) assertEquals(expected, sums[c], "caller " + c);
    }

    @Test
    void workersThatHaveParkedWakeForTheNextLoop() throws Exception {
        Parallel.setThreads(2);
        Thread.sleep(Parallel.SPIN_NANOS / 1_000_000 + 50);
        assertCoversOnce(1000, 2);
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        for (int attempt = 0; attempt < 50 && seen.size() < 2; attempt++) {
            Thread.sleep(Parallel.SPIN_NANOS / 1_000_000 + 5);
            Parallel.forChunks(2, (from, to) -> {
                seen.add(Thread.currentThread());
                long end = System.nanoTime() + 5_000_000;
                while (System.nanoTime() < end) Thread.onSpinWait();
            });
        }
        assertTrue(seen.size() == 2, "a parked worker never took a chunk in 50 tries");
    }
}
