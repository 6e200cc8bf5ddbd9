package layerlab.ui.train;

import java.util.List;
import layerlab.bench.BenchRunner;
import layerlab.bench.SelfTimedCase;

/**
 * {@code dashboard_overhead}, registered with {@code layerlab bench} as a service: SimpleCNN's training speed with the
 * dashboard open (headless) and without, and the JavaFX frame interval meanwhile. Free of JavaFX itself, so that
 * {@code bench --list} describes it without starting the toolkit; {@link DashboardBench} does the work.
 */
public final class DashboardOverheadCase implements SelfTimedCase {
    @Override
    public String name() {
        return "dashboard_overhead";
    }

    @Override
    public String description() {
        return "SimpleCNN training with the dashboard open (headless) and without: samples/s of each, frame interval (ms)";
    }

    @Override
    public List<BenchRunner.Result> measure(int runs, int threads) {
        return DashboardBench.run(runs, threads);
    }
}
