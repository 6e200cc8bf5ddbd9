package layerlab.bench;

import java.util.List;

/**
 * A case that times itself because its work is not one call that returns: the editor's frames happen on the
 * JavaFX thread and its analysis on a worker. It reports one result per figure, each a median of its own samples.
 */
public interface SelfTimedCase extends BenchCase {
    /** Runs the case ({@code runs} samples per figure where it can) and returns its figures in milliseconds. */
    List<BenchRunner.Result> measure(int runs, int threads);

    @Override
    default Unit unit() {
        return Unit.STEPS;
    }

    @Override
    default double workPerStep() {
        return 1;
    }

    @Override
    default Runnable prepare() {
        throw new UnsupportedOperationException(name() + " times itself; call measure");
    }
}
