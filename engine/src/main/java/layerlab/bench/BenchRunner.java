package layerlab.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times a {@link BenchCase}: a warm-up of fixed length (long enough for the JIT and the heap to settle: after
 * one second a fresh JVM still ran mlp_infer 10% slower than after six), then at least five timed windows of a fixed
 * minimum duration; reports medians (the machine is noisy, medians of windows are what we compare).
 */
public final class BenchRunner {
    /** The result of one case: medians over {@code runs} windows. */
    public record Result(String caseName, int threads, BenchCase.Unit unit, double perSecond, double msPerStep, int runs,
                         double[] windowMs) {
        /** One JSON object, the same fields as bench/pytorch_bench.py prints. */
        public String toJson() {
            String rate = switch (unit) {
                case FLOPS -> String.format(Locale.ROOT, "\"gflops\": %.2f", perSecond / 1e9);
                case SAMPLES -> String.format(Locale.ROOT, "\"samples_per_s\": %.1f", perSecond);
                case STEPS -> String.format(Locale.ROOT, "\"steps_per_s\": %.1f", perSecond);
            };
            return String.format(Locale.ROOT, "{\"case\": \"%s\", \"threads\": %d, %s, \"ms_per_step\": %.4f, \"runs\": %d, \"engine\": \"layerlab\"}",
                    caseName, threads, rate, msPerStep, runs);
        }

        public String toText() {
            String rate = switch (unit) {
                case FLOPS -> String.format(Locale.ROOT, "%10.1f GFLOP/s", perSecond / 1e9);
                case SAMPLES -> String.format(Locale.ROOT, "%10.0f samples/s", perSecond);
                case STEPS -> String.format(Locale.ROOT, "%10.1f steps/s  ", perSecond);
            };
            return String.format(Locale.ROOT, "%-16s %2d thr  %s  %9.3f ms/step  (median of %d)", caseName, threads, rate, msPerStep, runs);
        }
    }

    private final int runs;
    private final double windowSeconds;
    private final double warmupSeconds;

    public BenchRunner(int runs, double windowSeconds, double warmupSeconds) {
        if (runs < 1) throw new IllegalArgumentException("runs must be >= 1");
        this.runs = runs;
        this.windowSeconds = windowSeconds;
        this.warmupSeconds = warmupSeconds;
    }

    /**
     * A self-timed case's figure from its samples (milliseconds each): their median, as one step of
     * {@link BenchCase.Unit#STEPS}.
     */
    public static Result ofSamples(String name, int threads, double[] ms) {
        double median = median(ms);
        return new Result(name, threads, BenchCase.Unit.STEPS, 1e3 / median, median, ms.length, ms.clone());
    }

    /** Timed windows per figure. */
    public int runs() {
        return runs;
    }

    /** Every figure of a case. */
    public List<Result> runAll(BenchCase c, int threads) {
        return c.measure(this, threads);
    }

    public Result run(StepCase c, int threads) {
        Runnable step = c.prepare();
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        int warmSteps = 0;
        do {
            step.run();
            warmSteps++;
        } while (System.nanoTime() < warmEnd || warmSteps < 3);
        double[] ms = new double[runs];
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime(), end = start + (long) (windowSeconds * 1e9);
            int steps = 0;
            long now;
            do {
                step.run();
                steps++;
                now = System.nanoTime();
            } while (now < end);
            ms[r] = (now - start) / 1e6 / steps;
        }
        double median = median(ms);
        return new Result(c.name(), threads, c.unit(), c.workPerStep() / (median / 1e3), median, runs, ms);
    }

    public static double median(double[] xs) {
        double[] sorted = xs.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
