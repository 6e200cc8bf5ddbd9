package layerlab.bench;

/**
 * One benchmark case of {@code layerlab bench}: a named, repeatable step. Its twin in
 * {@code bench/pytorch_bench.py} builds the same model, data and step in PyTorch.
 */
public interface BenchCase {
    /** What a step processes; STEPS: a step is the unit itself (an editor frame, an open). */
    enum Unit { SAMPLES, FLOPS, STEPS }

    String name();

    /** One line for {@code bench --list}. */
    String description();

    Unit unit();

    /** Samples (or floating-point operations) processed by one step. */
    double workPerStep();

    /** Builds the model and data (outside the timed region) and returns the step to time. */
    Runnable prepare();
}
