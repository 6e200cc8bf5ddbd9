package layerlab.data;

import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import layerlab.tensor.Generator;

/**
 * Mini-batches of a {@link Dataset}, like PyTorch's {@code DataLoader(dataset, batch_size, shuffle, drop_last)}.
 * Each {@link #iterator()} is one epoch; with shuffling, epoch {@code e} visits the samples in a permutation
 * drawn from {@code (seed, e)} alone, so a run (or a run resumed at epoch {@code e} through {@link #epoch})
 * sees the same batches every time.
 *
 * <p>By default a daemon thread builds the next batches (at most two ahead) while the caller trains on the
 * current one. It stops when the epoch is exhausted, when the iterator is closed, or — for a loop left early
 * without closing — when the iterator is garbage collected; an exception thrown by the dataset on that thread
 * is rethrown to the caller by {@code hasNext()}/{@code next()}.
 */
public final class DataLoader implements Iterable<Batch> {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final Object END = new Object();

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final boolean prefetch;
    private final AtomicInteger nextEpoch = new AtomicInteger();

    /** A loader that prefetches on a background thread. */
    public DataLoader(Dataset dataset, int batchSize, boolean shuffle, long seed, boolean dropLast) {
        this(dataset, batchSize, shuffle, seed, dropLast, true);
    }

    private DataLoader(Dataset dataset, int batchSize, boolean shuffle, long seed, boolean dropLast, boolean prefetch) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
        this.prefetch = prefetch;
    }

    /** The same loader building each batch on the caller's thread when it is asked for (epochs count afresh). */
    public DataLoader withoutPrefetch() {
        return new DataLoader(dataset, batchSize, shuffle, seed, dropLast, false);
    }

    public Dataset dataset() { return dataset; }
    public int batchSize() { return batchSize; }

    /** Batches per epoch: {@code ⌈N / B⌉}, or {@code ⌊N / B⌋} when the last partial batch is dropped. */
    public int numBatches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The next epoch: the first call gives epoch 0, the next epoch 1, and so on. */
    @Override
    public BatchIterator iterator() {
        return epoch(nextEpoch.getAndIncrement());
    }

    /** The batches of epoch {@code epoch}, independent of which epochs were iterated before. */
    public BatchIterator epoch(int epoch) {
        return epoch(epoch, 0);
    }

    /**
     * The batches of epoch {@code epoch} from batch {@code first} on (counted from 0): the rest of an epoch a checkpoint
     * stopped in, in the same order; the batches before are not built.
     */
    public BatchIterator epoch(int epoch, int first) {
        if (first < 0 || first > numBatches()) throw new IllegalArgumentException("batch " + first + " is outside the epoch's " + numBatches());
        return new BatchIterator(dataset, order(epoch), batchSize, first, numBatches(), prefetch);
    }

    /**
     * Batches without end, epoch 0's, then epoch 1's, and so on, as a run visits them: for loops counted in steps, not
     * epochs (the learning-rate range test, the step profile). Close it to stop the current epoch's prefetch.
     */
    public Cycle cycle() {
        return new Cycle();
    }

    /** See {@link #cycle()}. */
    public final class Cycle implements AutoCloseable {
        private int epoch;
        private BatchIterator batches = epoch(0);

        private Cycle() {}

        /** The next batch, going on to the next epoch at the end of one; refused when an epoch has no batch at all. */
        public Batch next() {
            if (!batches.hasNext()) {
                batches.close();
                batches = epoch(++epoch);
                if (!batches.hasNext()) {
                    throw new IllegalArgumentException("the data set has fewer samples (" + dataset.size() + ") than one batch ("
                            + batchSize + ")");
                }
            }
            return batches.next();
        }

        @Override
        public void close() {
            batches.close();
        }
    }

    /** The order in which epoch {@code epoch} visits the samples. */
    int[] order(int epoch) {
        int n = dataset.size();
        if (shuffle) return new Generator(seed * 0x9E3779B97F4A7C15L + epoch).permutation(n);
        int[] identity = new int[n];
        for (int i = 0; i < n; i++) identity[i] = i;
        return identity;
    }

    private static int[] indices(int[] order, int b, int batchSize) {
        int from = b * batchSize, to = Math.min(order.length, from + batchSize);
        int[] idx = new int[to - from];
        System.arraycopy(order, from, idx, 0, idx.length);
        return idx;
    }

    /** One epoch's batches. Close it when leaving a loop early, to stop its prefetch thread at once. */
    public static final class BatchIterator implements Iterator<Batch>, AutoCloseable {
        private final Dataset dataset;
        private final int[] order;
        private final int batchSize, numBatches;
        private final Producer producer;
        private Cleaner.Cleanable cleanable;
        private int taken;
        private Batch next;
        private boolean done;

        private BatchIterator(Dataset dataset, int[] order, int batchSize, int first, int numBatches, boolean prefetch) {
            this.dataset = dataset;
            this.order = order;
            this.batchSize = batchSize;
            this.numBatches = numBatches;
            this.taken = first;
            this.producer = prefetch && numBatches > first ? new Producer(dataset, order, batchSize, first, numBatches) : null;
            this.done = numBatches == first;
        }

        @Override
        public boolean hasNext() {
            if (next != null) return true;
            if (done) return false;
            if (producer == null) {
                next = dataset.batch(indices(order, taken, batchSize));
                taken++;
                done = taken == numBatches;
                return true;
            }
            if (cleanable == null) {
                // Registered before the thread starts; the action holds the producer, never this iterator.
                cleanable = CLEANER.register(this, producer::stop);
                producer.thread.start();
            }
            Object item;
            try {
                item = producer.queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for the next batch", e);
            }
            if (item == END) {
                close();
                return false;
            }
            if (item instanceof Throwable t) {
                close();
                if (t instanceof RuntimeException r) throw r;
                if (t instanceof Error err) throw err;
                throw new IllegalStateException("loading a batch failed: " + t.getMessage(), t);
            }
            next = (Batch) item;
            return true;
        }

        @Override
        public Batch next() {
            if (!hasNext()) throw new NoSuchElementException("the epoch has no more batches");
            Batch b = next;
            next = null;
            return b;
        }

        /** Stops the prefetch thread (if running) and ends the epoch; safe to call more than once. */
        @Override
        public void close() {
            done = true;
            next = null;
            if (cleanable != null) cleanable.clean();
        }
    }

    /** The prefetch thread's side: it shares only the queue and the stop flag with the iterator. */
    private static final class Producer implements Runnable {
        final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
        final Thread thread;
        private final Dataset dataset;
        private final int[] order;
        private final int batchSize, first, numBatches;
        private volatile boolean stopped;

        Producer(Dataset dataset, int[] order, int batchSize, int first, int numBatches) {
            this.dataset = dataset;
            this.order = order;
            this.batchSize = batchSize;
            this.first = first;
            this.numBatches = numBatches;
            this.thread = new Thread(this, "layerlab-dataloader-prefetch");
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                for (int b = first; b < numBatches && !stopped; b++) queue.put(dataset.batch(indices(order, b, batchSize)));
                queue.put(END);
            } catch (InterruptedException e) {
                // stopped by the consumer: nobody waits for the rest
            } catch (Throwable t) {
                try {
                    queue.put(t);
                } catch (InterruptedException e) {
                    // stopped while reporting: the consumer has gone
                }
            }
        }

        void stop() {
            stopped = true;
            thread.interrupt();
        }
    }
}
