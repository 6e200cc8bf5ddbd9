package layerlab.train;

import layerlab.train.TrainingEvent.RunFailed;

/** Signals a failure found inside a run's loop; the {@link Trainer} ends the run with its event. */
final class RunFailure extends RuntimeException {
    final RunFailed event;

    RunFailure(RunFailed event) {
        super(event.message(), null, false, false);
        this.event = event;
    }
}
