package layerlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import layerlab.data.Batch;
import layerlab.data.DataLoader;
import layerlab.data.Dataset;
import layerlab.graph.Graph;
import layerlab.nn.Parameter;
import layerlab.optim.Optimizer;
import layerlab.tensor.Generator;
import layerlab.tensor.StepMemory;

/**
 * The learning-rate range test (Leslie Smith, "Cyclical Learning Rates for Training Neural Networks", 2017), as the
 * PyTorch community's {@code torch-lr-finder} runs it: train a freshly initialised copy of the model for a number of
 * steps while the learning rate grows exponentially from {@link Options#startLr} to {@link Options#endLr}, record the
 * loss of each step smoothed as an exponential moving average ({@code s = 0.05·loss + 0.95·s}), and stop once it
 * exceeds {@link Options#divergeFactor} times the best seen. The suggested rate is where the smoothed loss falls
 * fastest ({@code np.gradient(losses).argmin()}, the first 10 and last 5 points left out, and only up to the lowest
 * loss): the steepest part of the curve, below where it turns up. The project's own model and weights are untouched: the test trains its own copy, with
 * the project's optimiser, batch size, seed and gradient clipping, on the training set.
 */
public final class LrFinder {
    /** Points left out at each end before the steepest fall is looked for (torch-lr-finder's {@code skip_start}, {@code skip_end}). */
    static final int SKIP_START = 10, SKIP_END = 5;
    /** The fewest steps a range test takes: those skipped at either end and 5 to choose from. */
    public static final int MIN_STEPS = SKIP_START + SKIP_END + 5;
    /** Weight of a new loss in the moving average (torch-lr-finder's {@code smooth_f}). */
    static final double SMOOTHING = 0.05;

    /**
     * @param startLr       the first step's learning rate
     * @param endLr         the last step's
     * @param steps         optimiser steps at most (the data set is cycled when it has fewer batches)
     * @param divergeFactor stop when the smoothed loss exceeds this times its lowest
     */
    public record Options(double startLr, double endLr, int steps, double divergeFactor) {
        public static final Options DEFAULT = new Options(1e-7, 10, 100, 5);

        public Options {
            if (!(startLr > 0) || !Double.isFinite(startLr)) throw new IllegalArgumentException("the start learning rate must be above 0, got " + startLr);
            if (!(endLr > startLr) || !Double.isFinite(endLr)) {
                throw new IllegalArgumentException("the end learning rate must be above the start (" + startLr + "), got " + endLr);
            }
            if (steps < MIN_STEPS) {
                throw new IllegalArgumentException("the range test needs at least " + MIN_STEPS + " steps, got " + steps);
            }
            if (!(divergeFactor > 1)) throw new IllegalArgumentException("the divergence factor must be above 1, got " + divergeFactor);
        }

        /** The learning rate of step {@code i} (from 0): exponential from start to end over the steps. */
        public double lr(int i) {
            return startLr * Math.pow(endLr / startLr, i / (double) (steps - 1));
        }
    }

    /** One step: its learning rate, its batch's loss, and the moving average up to it. */
    public record Point(int step, double lr, double loss, double smoothed) {}

    /**
     * @param points    every step taken
     * @param suggested the learning rate where the smoothed loss falls fastest; NaN when the test ended too early to say
     * @param ended     why it ended: {@code "all steps taken"}, {@code "the loss diverged"}, {@code "the loss became NaN"}, {@code "stopped"}
     */
    public record Result(List<Point> points, double suggested, String ended) {
        /** The step of the lowest smoothed loss, or -1 when none. */
        public int lowest() {
            int best = -1;
            for (int i = 0; i < points.size(); i++) if (best < 0 || points.get(i).smoothed() < points.get(best).smoothed()) best = i;
            return best;
        }

        /** One line for a user: the suggestion and how the test ended. */
        public String describe() {
            if (Double.isNaN(suggested)) {
                return String.format(Locale.ROOT, "no suggestion: %s after %d step%s, too few to judge the curve; start from a higher learning rate or take more steps",
                        ended, points.size(), points.size() == 1 ? "" : "s");
            }
            int low = lowest();
            return String.format(Locale.ROOT, "suggested learning rate %s (the loss falls fastest there; lowest loss %s at %s; %s after %d steps)",
                    format(suggested), format(points.get(low).smoothed()), format(points.get(low).lr()), ended, points.size());
        }
    }

    private LrFinder() {}

    /**
     * Why the test says nothing about {@code optimizer}'s rate (Rprop, LBFGS), so it is refused and the form's "Find…" is off;
     * null for the others.
     */
    public static String unsupported(String optimizer) {
        return switch (optimizer) {
            // torch's Rprop fills each element's step size with lr once, then grows or shrinks it by the gradients' signs.
            case "Rprop" -> "the range test sweeps the learning rate, but Rprop takes lr only as its first step size "
                    + "and then sizes each step from the gradients' signs, so the curve would say nothing about it; test with another optimiser, "
                    + "or tune Rprop's etas and step_sizes";
            // LBFGS's lr scales a quasi-Newton direction that it iterates and (with strong_wolfe) searches along on each batch.
            case "LBFGS" -> "the range test takes one plain step per batch at a growing rate, but LBFGS iterates up to "
                    + "max_iter times on each batch and sizes its own steps, so the curve would say nothing about its lr; keep lr at 1 (torch's "
                    + "default) or use line_search_fn \"strong_wolfe\"";
            default -> null;
        };
    }

    /**
     * Runs the test for {@code graph} with its {@code config} on {@code train}. {@code progress} sees each point as it is
     * made (on the calling thread); {@code stop} is asked before each step. The graph's errors and data that does not fit
     * are refused as {@link Trainer} refuses them.
     */
    public static Result run(Graph graph, TrainingConfig config, Dataset train, Options options, Consumer<Point> progress, BooleanSupplier stop) {
        String off = unsupported(config.optimizer().name());
        if (off != null) throw new ConfigException("training.optimizer: " + off);
        // Without the schedule: one such as OneCycleLR would change the optimiser's rate and momentum as it is built.
        Trainer trainer = new Trainer(graph, config.withoutScheduler(), train, null);
        Optimizer opt = trainer.optimizer();
        Evaluator ev = trainer.evaluator();
        List<Parameter> params = trainer.model().parameters();
        DataLoader loader = new DataLoader(train, config.batchSize(), config.shuffle(), config.seed(), config.dropLast());
        List<Point> points = new ArrayList<>();
        StepMemory memory = new StepMemory();
        String ended = "all steps taken";
        trainer.model().train();
        // Dropout draws as a training run's does.
        try (var scope = Generator.use(Trainer.runGenerator(config)); DataLoader.Cycle batches = loader.cycle()) {
            double smoothed = Double.NaN, best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < options.steps(); i++) {
                if (stop.getAsBoolean()) {
                    ended = "stopped";
                    break;
                }
                Batch batch = batches.next();
                double lr = options.lr(i);
                opt.setLr(lr);
                double loss;
                try (StepMemory.Step mem = memory.step()) {
                    opt.zeroGrad();
                    Evaluator.Pass pass = ev.forward(batch, List.of());
                    loss = pass.loss().item();
                    if (!Double.isFinite(loss)) {
                        ended = "the loss became " + (Double.isNaN(loss) ? "NaN" : "infinite");
                        break;
                    }
                    pass.loss().backward();
                    Trainer.clip(config, params);
                    mem.end(trainer.model().heldTensors());
                }
                opt.step();
                smoothed = i == 0 ? loss : SMOOTHING * loss + (1 - SMOOTHING) * smoothed;
                Point p = new Point(i + 1, lr, loss, smoothed);
                points.add(p);
                progress.accept(p);
                best = Math.min(best, smoothed);
                if (smoothed > options.divergeFactor() * best) {
                    ended = "the loss diverged";
                    break;
                }
            }
        }
        return new Result(List.copyOf(points), suggest(points), ended);
    }

    /**
     * The learning rate at the steepest fall of the smoothed loss, as torch-lr-finder suggests it: the first
     * {@link #SKIP_START} and last {@link #SKIP_END} points left out, then the point where {@code np.gradient} of the
     * losses (central differences inside, one-sided at the ends) is lowest; unlike torch-lr-finder, only up to the lowest
     * loss (beyond it the loss is diverging, and the way down from one of its spikes is steep but no guide); NaN with
     * fewer than 3 points to look at, or when the loss nowhere falls.
     */
    static double suggest(List<Point> points) {
        // Past the lowest loss the curve is in its divergent part, where a spike's way down is steep but no guide.
        int lowest = new Result(points, Double.NaN, "").lowest();
        int from = SKIP_START, to = Math.min(points.size() - SKIP_END, lowest + 1);
        if (to - from < 3) return Double.NaN;
        int best = -1;
        double steepest = Double.POSITIVE_INFINITY;
        for (int i = from; i < to; i++) {
            double g;
            if (i == from) g = points.get(i + 1).smoothed() - points.get(i).smoothed();
            else if (i == to - 1) g = points.get(i).smoothed() - points.get(i - 1).smoothed();
            else g = (points.get(i + 1).smoothed() - points.get(i - 1).smoothed()) / 2;
            if (g < steepest) {
                steepest = g;
                best = i;
            }
        }
        return steepest < 0 ? points.get(best).lr() : Double.NaN;
    }

    /** A learning rate or loss in three significant digits ({@link TrainingConfig#shortNumber(double, int)}): {@code 0.00132}, {@code 1e-07}. */
    public static String format(double v) {
        return TrainingConfig.shortNumber(v, 3);
    }
}
