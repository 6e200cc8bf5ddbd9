package layerlab.train;

/**
 * Pausing, resuming and stopping a run, from any thread, taking effect between batches; and that a trainer runs once
 * (what may change only before it starts checks {@link #requireNotStarted}).
 */
final class RunControl {
    private final Object lock = new Object();
    private boolean started, paused, stopRequested;
    /** Work for the run's thread while it waits paused ({@link #whilePaused}), run outside the lock. */
    private final java.util.ArrayDeque<Runnable> tasks = new java.util.ArrayDeque<>();

    /** Throws {@code message} once the run has started. */
    void requireNotStarted(String message) {
        synchronized (lock) {
            if (started) throw new IllegalStateException(message);
        }
    }

    /** Marks the run started; a second start is refused. */
    void start() {
        synchronized (lock) {
            if (started) throw new IllegalStateException("a Trainer runs once; make a new one");
            started = true;
        }
    }

    void pause() {
        synchronized (lock) {
            paused = true;
        }
    }

    void resume() {
        synchronized (lock) {
            paused = false;
            lock.notifyAll();
        }
    }

    boolean isPaused() {
        synchronized (lock) {
            return paused;
        }
    }

    void stop() {
        synchronized (lock) {
            stopRequested = true;
            lock.notifyAll();
        }
    }

    /**
     * Runs {@code task} on the run's thread while it waits paused between batches; false (and nothing is run) when the
     * run is not paused.
     */
    boolean whilePaused(Runnable task) {
        synchronized (lock) {
            if (!paused || stopRequested) return false;
            tasks.add(task);
            lock.notifyAll();
            return true;
        }
    }

    /** Waits while paused, doing the work {@link #whilePaused} hands it; true when the run should stop (asked to, or its thread interrupted). */
    boolean awaitStop() {
        while (true) {
            Runnable task;
            synchronized (lock) {
                while (paused && !stopRequested && tasks.isEmpty()) {
                    try {
                        lock.wait();
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        stopRequested = true;
                    }
                }
                if (Thread.currentThread().isInterrupted()) stopRequested = true;
                if (!paused || stopRequested) {
                    // Asked for a paused run: the next batch's boundary serves what is still wanted.
                    tasks.clear();
                    return stopRequested;
                }
                task = tasks.poll();
            }
            // Outside the lock: resume and stop, from the JavaFX thread, never wait for it.
            task.run();
        }
    }
}
