package layerlab.ui.train;

import java.util.List;
import layerlab.bench.BenchCase;
import layerlab.bench.BenchRunner;

/**
 * {@code dashboard_overhead_small}, registered with {@code layerlab bench} as a service: the iris and spirals samples
 * trained whole (every epoch, with its validation, as a user's Start does) by the dashboard (headless, on its charts)
 * and by a bare trainer. Free of JavaFX itself, so that {@code bench --list} describes it without starting the toolkit;
 * {@link DashboardSmallBench} does the work.
 */
public final class DashboardOverheadSmallCase implements BenchCase {
    @Override
    public String name() {
        return "dashboard_overhead_small";
    }

    @Override
    public String description() {
        return "iris and spirals trained whole with the dashboard open (headless) and bare: ms a run of each";
    }

    @Override
    public List<BenchRunner.Result> measure(BenchRunner runner, int threads) {
        return DashboardSmallBench.run(runner.runs(), threads);
    }
}
