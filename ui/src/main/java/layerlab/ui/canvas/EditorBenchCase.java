package layerlab.ui.canvas;

import java.util.List;
import layerlab.bench.BenchCase;
import layerlab.bench.BenchRunner;

/**
 * {@code editor_1000}, registered with {@code layerlab bench} as a service. Free of JavaFX itself, so that
 * {@code bench --list} describes it without starting the toolkit; {@link EditorBench} does the work.
 */
public final class EditorBenchCase implements BenchCase {
    @Override
    public String name() {
        return "editor_1000";
    }

    @Override
    public String description() {
        return "the editor on a 1,000-node / 1,200-edge graph, headless: open, drag (one card, 60 together) and pan frames, edit to shapes, paste of 30 nodes and its undo (ms)";
    }

    @Override
    public List<BenchRunner.Result> measure(BenchRunner runner, int threads) {
        return EditorBench.run(1000, 1200, runner.runs(), threads);
    }
}
