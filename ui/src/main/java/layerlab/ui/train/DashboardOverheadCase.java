package layerlab.ui.train;

import java.util.List;
import layerlab.bench.BenchCase;
import layerlab.bench.BenchRunner;

/**
 * {@code dashboard_overhead}, registered with {@code layerlab bench} as a service: SimpleCNN's training speed with the
 * dashboard open (headless) and without, and the JavaFX frame interval meanwhile. Free of JavaFX itself, so that
 * {@code bench --list} describes it without starting the toolkit; {@link DashboardBench} does the work.
 */
public final class DashboardOverheadCase implements BenchCase {
    @Override
    public String name() {
        return "dashboard_overhead";
    }

    @Override
    public String description() {
        return "SimpleCNN training with the dashboard open (headless) and without: samples/s of each, frame interval (ms)";
    }

    @Override
    public List<BenchRunner.Result> measure(BenchRunner runner, int threads) {
        return DashboardBench.run(runner.runs(), threads);
    }
}
