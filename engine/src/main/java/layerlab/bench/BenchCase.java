package layerlab.bench;

import java.util.List;
import layerlab.tensor.Device;

/**
 * One benchmark case of {@code layerlab bench}. Most are a repeatable step that {@link BenchRunner} times
 * ({@link StepCase}); a case whose work is not one call that returns (the editor's frames on the JavaFX thread, a
 * dashboard next to a training run) times itself. Its twin in {@code bench/pytorch_bench.py}, where there is one,
 * builds the same model, data and step in PyTorch.
 */
public interface BenchCase {
    /** What a step processes; STEPS: a step is the unit itself (an editor frame, an open). */
    enum Unit { SAMPLES, FLOPS, STEPS }

    String name();

    /** One line for {@code bench --list}. */
    String description();

    /**
     * Whether the case can run on {@code device}. A self-timed case measures what it measures (the editor, the
     * dashboard) on the CPU only.
     */
    default boolean runsOn(Device device) {
        return device.kind() == Device.Kind.CPU;
    }

    /**
     * Why the case cannot run on this machine, in one line naming what it lacks (the data files of {@code data_csv},
     * too big to commit); null when it can.
     */
    default String unavailable() {
        return null;
    }

    /** Runs the case with {@code runner}'s settings, on its device, and returns its figures (one or several). */
    List<BenchRunner.Result> measure(BenchRunner runner, int threads);
}
