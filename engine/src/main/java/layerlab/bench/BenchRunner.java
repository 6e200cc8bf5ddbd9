package layerlab.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import layerlab.backend.cpu.HeapPages;
import layerlab.tensor.Device;

/**
 * Times a {@link BenchCase} on one device: a warm-up of fixed length (long enough for the JIT and the heap to settle:
 * after one second a fresh JVM still ran mlp_infer 10% slower than after six), then at least five timed windows of a
 * fixed minimum duration; reports medians (the machine is noisy, medians of windows are what we compare). Off the CPU
 * the warm-up and every window end with the device synchronised ({@link StepCase#sync}), so a window holds the
 * steps' work and not just their launches.
 */
public final class BenchRunner {
    /** The result of one case: medians over {@code runs} windows. */
    public record Result(String caseName, Device device, int threads, BenchCase.Unit unit, double perSecond, double msPerStep,
                         int runs, double[] windowMs) {
        /** A figure of a self-timed case: those run on the CPU only. */
        public Result(String caseName, int threads, BenchCase.Unit unit, double perSecond, double msPerStep, int runs, double[] windowMs) {
            this(caseName, Device.CPU, threads, unit, perSecond, msPerStep, runs, windowMs);
        }

        /** One JSON object: the fields bench/pytorch_bench.py prints, and the device. */
        public String toJson() {
            String rate = switch (unit) {
                case FLOPS -> String.format(Locale.ROOT, "\"gflops\": %.2f", perSecond / 1e9);
                case SAMPLES -> String.format(Locale.ROOT, "\"samples_per_s\": %.1f", perSecond);
                case STEPS -> String.format(Locale.ROOT, "\"steps_per_s\": %.1f", perSecond);
            };
            return String.format(Locale.ROOT, "{\"case\": \"%s\", \"device\": \"%s\", \"threads\": %d, %s, \"ms_per_step\": %.4f, \"runs\": %d, \"engine\": \"layerlab\", "
                    + "\"huge_pages\": %b, \"ms_min\": %.4f, \"ms_max\": %.4f}", caseName, device, threads, rate, msPerStep, runs, HeapPages.huge(), fastest(), slowest());
        }

        public String toText() {
            String rate = switch (unit) {
                case FLOPS -> String.format(Locale.ROOT, "%10.1f GFLOP/s", perSecond / 1e9);
                case SAMPLES -> String.format(Locale.ROOT, "%10.0f samples/s", perSecond);
                case STEPS -> String.format(Locale.ROOT, "%10.1f steps/s  ", perSecond);
            };
            return String.format(Locale.ROOT, "%-16s %-6s %2d thr  %s  %9.3f ms/step  (median of %d%s)", caseName, device, threads, rate, msPerStep, runs,
                    runs > 1 ? String.format(Locale.ROOT, "; windows %.3f–%.3f ms", fastest(), slowest()) : "");
        }

        /**
         * The fastest window's milliseconds per step: beside the slowest, how far to trust the median (on a busy machine
         * the windows of one run differ by 2× or more).
         */
        public double fastest() {
            return windowMs.length == 0 ? msPerStep : Arrays.stream(windowMs).min().orElse(msPerStep);
        }

        /** The slowest window's milliseconds per step. */
        public double slowest() {
            return windowMs.length == 0 ? msPerStep : Arrays.stream(windowMs).max().orElse(msPerStep);
        }
    }

    private final int runs;
    private final double windowSeconds;
    private final double warmupSeconds;
    private final Device device;

    /** A runner on the CPU. */
    public BenchRunner(int runs, double windowSeconds, double warmupSeconds) {
        this(runs, windowSeconds, warmupSeconds, Device.CPU);
    }

    public BenchRunner(int runs, double windowSeconds, double warmupSeconds, Device device) {
        if (runs < 1) throw new IllegalArgumentException("runs must be >= 1");
        this.runs = runs;
        this.windowSeconds = windowSeconds;
        this.warmupSeconds = warmupSeconds;
        this.device = device;
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
        if (!c.runsOn(device)) throw new IllegalArgumentException(cannotRun(c.name(), device));
        return c.measure(this, threads);
    }

    /** Why case {@code name} is refused on {@code device}: one line. */
    public static String cannotRun(String name, Device device) {
        return "bench case '" + name + "' cannot run on " + device;
    }

    public Result run(StepCase c, int threads) {
        Runnable step = c.prepare(device);
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        int warmSteps = 0;
        do {
            step.run();
            warmSteps++;
        } while (System.nanoTime() < warmEnd || warmSteps < 3);
        c.sync(device); // the first window starts with nothing of the warm-up still running
        double[] ms = new double[runs];
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime(), end = start + (long) (windowSeconds * 1e9);
            int steps = 0;
            do {
                step.run();
                steps++;
            } while (System.nanoTime() < end);
            c.sync(device);
            ms[r] = (System.nanoTime() - start) / 1e6 / steps;
        }
        double median = median(ms);
        return new Result(c.name(), device, threads, c.unit(), c.workPerStep() / (median / 1e3), median, runs, ms);
    }

    public static double median(double[] xs) {
        double[] sorted = xs.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
