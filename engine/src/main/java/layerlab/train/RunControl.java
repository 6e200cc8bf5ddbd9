package layerlab.train;

/**
 * Pausing, resuming and stopping a run, from any thread, taking effect between batches; and that a trainer runs once
 * (what may change only before it starts checks {@link #requireNotStarted}).
 */
final class RunControl {
    private final Object lock = new Object();
    private boolean started, paused, stopRequested;

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

    /** Waits while paused; true when the run should stop (asked to, or its thread interrupted). */
    boolean awaitStop() {
        synchronized (lock) {
            while (paused && !stopRequested) {
                try {
                    lock.wait();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    stopRequested = true;
                }
            }
            if (Thread.currentThread().isInterrupted()) stopRequested = true;
            return stopRequested;
        }
    }
}
