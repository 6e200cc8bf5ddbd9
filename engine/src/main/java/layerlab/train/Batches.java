package layerlab.train;

/**
 * Inference in batches that fit the memory: samples {@code 0 … n - 1} in batches of at most the size asked; a batch that
 * runs out of memory runs again as its first half, and every later batch is that size too (down to one sample; then
 * the error is the caller's). Without gradients and in eval mode each sample's numbers are the same in any batch, so
 * only the time differs; PyTorch users halve the batch by hand (or with accelerate's {@code find_executable_batch_size}).
 * The size that fit is kept for the next run, so a validation pass runs out of memory once, not every epoch.
 */
final class Batches {
    /** One batch: samples {@code start … start + size - 1}. */
    interface Work {
        void run(int start, int size);
    }

    /** Written by the thread that evaluates, read after it. */
    private volatile int limit = Integer.MAX_VALUE;

    /**
     * Runs {@code work} over {@code n} samples in batches of at most {@code batchSize}; {@code shrunk} runs after each
     * batch that ran out of memory, before its half runs (to let go of what was kept for the larger size).
     */
    void run(int n, int batchSize, Work work, Runnable shrunk) {
        for (int start = 0; start < n; ) {
            int b = Math.min(Math.min(batchSize, limit), n - start);
            try {
                work.run(start, b);
                start += b;
            } catch (OutOfMemoryError e) {
                if (b == 1) throw e;
                limit = b / 2;
                shrunk.run();
            }
        }
    }

    /** The most samples a batch has had since one ran out of memory; {@link Integer#MAX_VALUE} until then. */
    int limit() {
        return limit;
    }
}
