package layerlab.train;

/**
 * Receives a {@link Trainer}'s events, on the training thread: keep the work short (hand it to another thread
 * to draw) and never block. An exception thrown here ends the run as a failure.
 */
@FunctionalInterface
public interface TrainingListener {
    void onEvent(TrainingEvent event);
}
