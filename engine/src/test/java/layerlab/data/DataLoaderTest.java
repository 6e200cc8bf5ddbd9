package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import layerlab.data.DataLoader.BatchIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** Sample i has feature i and class i % 3, so a batch shows which samples it holds. */
    static TensorDataset indexed(int n) {
        float[] x = new float[n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i % 3;
        }
        return TensorDataset.classification("indexed", x, new int[] {1}, y, List.of("a", "b", "c"));
    }

    static List<Integer> epochOrder(Iterable<Batch> epoch) {
        List<Integer> seen = new ArrayList<>();
        for (Batch b : epoch) {
            float[] x = b.inputs().toFloatArray();
            long[] y = b.targets().toLongArray();
            assertEquals(x.length, y.length);
            for (int i = 0; i < x.length; i++) {
                seen.add((int) x[i]);
                assertEquals((int) x[i] % 3, y[i], "the target travels with its sample");
            }
        }
        return seen;
    }

    static long prefetchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("layerlab-dataloader-prefetch") && t.isAlive()).count();
    }

    static void awaitNoPrefetchThreads() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (prefetchThreads() > 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(0, prefetchThreads(), "prefetch threads still running");
    }

    @AfterEach
    void noThreadOutlivesATest() throws InterruptedException {
        awaitNoPrefetchThreads();
    }

    @Test
    void everySampleOnceAnEpochInBatchesOfTheGivenSize() {
        DataLoader loader = new DataLoader(indexed(103), 10, true, 42, false);
        assertEquals(11, loader.numBatches());
        List<Integer> sizes = new ArrayList<>();
        for (Batch b : loader) {
            sizes.add(b.size());
            assertArrayEquals(new int[] {b.size(), 1}, b.inputs().shape());
            assertArrayEquals(new int[] {b.size()}, b.targets().shape());
        }
        assertEquals(List.of(10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3), sizes);
        for (int epoch = 0; epoch < 3; epoch++) {
            List<Integer> order = epochOrder(loader);
            List<Integer> sorted = new ArrayList<>(order);
            sorted.sort(null);
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < 103; i++) all.add(i);
            assertEquals(all, sorted, "epoch " + epoch + " visits each sample exactly once");
            assertTrue(!order.equals(all), "shuffled");
        }
    }

    @Test
    void theSameSeedGivesTheSameOrderAndEachEpochANewOne() {
        TensorDataset d = indexed(50);
        DataLoader a = new DataLoader(d, 8, true, 7, false), b = new DataLoader(d, 8, true, 7, false);
        List<Integer> a0 = epochOrder(a), a1 = epochOrder(a);
        assertEquals(a0, epochOrder(b));
        assertEquals(a1, epochOrder(b));
        assertFalse(a0.equals(a1), "epoch 1 is shuffled differently from epoch 0");
        assertEquals(a1, epochOrder(() -> new DataLoader(d, 8, true, 7, false).epoch(1)), "an epoch depends only on (seed, epoch)");
        assertFalse(a0.equals(epochOrder(new DataLoader(d, 8, true, 8, false))), "another seed, another order");
        assertEquals(a0, epochOrder(new DataLoader(d, 8, true, 7, false).withoutPrefetch()), "prefetching changes nothing");
    }

    @Test
    void withoutShuffleTheOrderIsTheDatasetsAndDropLastDropsThePartialBatch() {
        DataLoader plain = new DataLoader(indexed(25), 10, false, 0, false);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) expected.add(i);
        assertEquals(expected, epochOrder(plain));

        DataLoader drop = new DataLoader(indexed(25), 10, false, 0, true);
        assertEquals(2, drop.numBatches());
        assertEquals(expected.subList(0, 20), epochOrder(drop));
        DataLoader tooFew = new DataLoader(indexed(5), 10, true, 0, true);
        assertEquals(0, tooFew.numBatches());
        assertFalse(tooFew.iterator().hasNext());
        assertEquals(1, new DataLoader(indexed(5), 10, true, 0, false).numBatches());
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(indexed(5), 0, true, 0, false));
    }

    @Test
    void thePrefetchThreadEndsWithTheEpochOrWhenClosed() throws InterruptedException {
        DataLoader loader = new DataLoader(indexed(100), 10, true, 1, false);
        BatchIterator it = loader.iterator();
        assertEquals(0, prefetchThreads(), "no thread before the first batch is asked for");
        it.next();
        assertEquals(1, prefetchThreads());
        it.close();
        awaitNoPrefetchThreads();
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);

        BatchIterator full = loader.iterator();
        while (full.hasNext()) full.next();
        awaitNoPrefetchThreads();

        try (BatchIterator scoped = loader.iterator()) {
            scoped.next();
        }
        awaitNoPrefetchThreads();
    }

    @Test
    void anAbandonedEpochStopsItsThreadWhenCollected() throws InterruptedException {
        DataLoader loader = new DataLoader(indexed(1000), 10, true, 1, false);
        takeOneBatchAndLeave(loader);
        awaitNoPrefetchThreads();
    }

    private static void takeOneBatchAndLeave(DataLoader loader) {
        for (Batch b : loader) {
            assertEquals(10, b.size());
            break;
        }
        assertEquals(1, prefetchThreads(), "still blocked on its full queue");
    }

    @Test
    void anExceptionInTheDatasetReachesTheConsumer() throws InterruptedException {
        TensorDataset d = indexed(40);
        IllegalStateException boom = new IllegalStateException("sample 33 is corrupt");
        Dataset failing = new Dataset() {
            @Override public int size() { return d.size(); }
            @Override public int[] sampleShape() { return d.sampleShape(); }
            @Override public int[] targetShape() { return d.targetShape(); }
            @Override public List<String> classNames() { return d.classNames(); }
            @Override public String describe() { return "failing"; }
            @Override
            public Batch batch(int[] indices) {
                if (Arrays.stream(indices).anyMatch(i -> i == 33)) throw boom;
                return d.batch(indices);
            }
        };
        for (DataLoader loader : List.of(new DataLoader(failing, 4, false, 0, false), new DataLoader(failing, 4, false, 0, false).withoutPrefetch())) {
            BatchIterator it = loader.iterator();
            for (int i = 0; i < 8; i++) it.next();
            IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
            assertSame(boom, e);
            it.close();
        }
    }

    @Test
    void theConsumerCanWorkWhileTheNextBatchIsPrepared() throws InterruptedException {
        CountDownLatch secondBatchBuilt = new CountDownLatch(2);
        TensorDataset d = indexed(30);
        Dataset counting = new Dataset() {
            @Override public int size() { return d.size(); }
            @Override public int[] sampleShape() { return d.sampleShape(); }
            @Override public int[] targetShape() { return d.targetShape(); }
            @Override public List<String> classNames() { return d.classNames(); }
            @Override public String describe() { return "counting"; }
            @Override
            public Batch batch(int[] indices) {
                secondBatchBuilt.countDown();
                return d.batch(indices);
            }
        };
        try (BatchIterator it = new DataLoader(counting, 10, false, 0, false).iterator()) {
            it.next();
            // The consumer holds batch 0 and asks for nothing more; batch 1 is built meanwhile.
            assertTrue(secondBatchBuilt.await(10, TimeUnit.SECONDS));
        }
    }

    /**
     * A cycle goes on from one epoch into the next in the order each epoch has on its own (10 samples, batches of 4 with
     * the last dropped: 2 batches an epoch, so the 3rd batch is epoch 1's first); an epoch without a batch is refused.
     */
    @Test
    void aCycleRunsEpochAfterEpoch() throws InterruptedException {
        DataLoader loader = new DataLoader(indexed(10), 4, true, 7, true);
        List<Integer> expected = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            try (BatchIterator it = loader.epoch(e)) {
                expected.addAll(epochOrder(() -> it));
            }
        }
        List<Integer> seen = new ArrayList<>();
        try (DataLoader.Cycle cycle = loader.cycle()) {
            for (int i = 0; i < 6; i++) seen.addAll(epochOrder(List.of(cycle.next())));
        }
        assertEquals(expected, seen);
        assertEquals(24, seen.size());
        assertTrue(new java.util.HashSet<>(seen.subList(0, 8)).size() == 8 && !seen.subList(0, 8).equals(seen.subList(8, 16)),
                "each epoch shuffled anew");
        try (DataLoader.Cycle empty = new DataLoader(indexed(3), 4, false, 0, true).cycle()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, empty::next);
            assertEquals("the data set has fewer samples (3) than one batch (4)", e.getMessage());
        }
        awaitNoPrefetchThreads();
    }
}
