package layerlab.bench;

import java.util.List;

/** A case that is one repeatable step, timed by {@link BenchRunner#run}: medians of timed windows after warm-up. */
public interface StepCase extends BenchCase {
    Unit unit();

    /** Samples (or floating-point operations) processed by one step. */
    double workPerStep();

    /** Builds the model and data (outside the timed region) and returns the step to time. */
    Runnable prepare();

    @Override
    default List<BenchRunner.Result> measure(BenchRunner runner, int threads) {
        return List.of(runner.run(this, threads));
    }
}
