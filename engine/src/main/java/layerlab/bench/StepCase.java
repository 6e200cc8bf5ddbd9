package layerlab.bench;

import java.util.List;
import layerlab.backend.Backends;
import layerlab.tensor.Device;

/** A case that is one repeatable step, timed by {@link BenchRunner#run}: medians of timed windows after warm-up. */
public interface StepCase extends BenchCase {
    /** What {@link #workPerStep} counts: samples, unless a case counts floating-point operations. */
    default Unit unit() {
        return Unit.SAMPLES;
    }

    /** Samples (or floating-point operations) processed by one step. */
    double workPerStep();

    /**
     * Builds the model and data and moves them to {@code device} (outside the timed region, so a step never copies
     * them), and returns the step to time.
     */
    Runnable prepare(Device device);

    /**
     * Waits until every step run so far has finished on {@code device}. {@link BenchRunner} calls it before it reads
     * the clock at the end of the warm-up and of each window: a CUDA step returns once its kernels are queued, so a
     * window that ended without waiting would time the queueing, not the work. On the CPU a step is done when it
     * returns, and this waits for nothing.
     */
    default void sync(Device device) {
        Backends.get(device).synchronize();
    }

    /** A step moves everything it uses to the runner's device in {@link #prepare}. */
    @Override
    default boolean runsOn(Device device) {
        return true;
    }

    @Override
    default List<BenchRunner.Result> measure(BenchRunner runner, int threads) {
        return List.of(runner.run(this, threads));
    }
}
