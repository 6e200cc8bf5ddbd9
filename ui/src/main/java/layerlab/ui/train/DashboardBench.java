package layerlab.ui.train;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import layerlab.bench.BenchCase;
import layerlab.bench.BenchRunner;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.graph.Graph;
import layerlab.train.Trainer;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingEvent;
import layerlab.ui.editor.EditorModel;
import layerlab.ui.project.Samples;

/**
 * The work of {@link DashboardOverheadCase}: per run, {@link #STEPS} optimiser steps of the SimpleCNN sample on a bare
 * trainer and as many with the dashboard open on its charts (Monocle's headless screen, software rendering), one
 * right after the other (bare first in every other run) so that both see the same machine. One dashboard window
 * serves every run, shown for its runs and hidden in between, as a user trains again and again; the first runs, while the JIT still compiles the UI's code, are warm-up.
 * Samples/s is the trainer's own figure at the last step; the frame interval is the time between JavaFX pulses while
 * the dashboard trains (16.7 ms at 60 frames a second).
 */
final class DashboardBench {
    static final int STEPS = 100;
    /** Warm-up cycles (each: STEPS bare, then STEPS with the dashboard; ~6 s): at least, at most. */
    static final int MIN_WARM_UP = 8, MAX_WARM_UP = 30;
    /** The JIT counts as settled once its threads compile for less than this share of a dashboard cycle's time. */
    static final double JIT_SETTLED = 0.05;
    /** The window shows this long before Start, as it would before a user presses it. */
    static final long SETTLE_MS = 500;

    private DashboardBench() {
    }

    static List<BenchRunner.Result> run(int runs, int threads) {
        layerlab.ui.HeadlessFx.start();
        Graph g;
        DataSplit data;
        try {
            g = Samples.load("simple-cnn.json");
            data = DataSources.open(g.dataset(), Path.of("."));
        } catch (Exception e) {
            throw new IllegalStateException("dashboard bench: " + e.getMessage(), e);
        }
        List<Double> frames = new ArrayList<>();
        Window win = fx(() -> new Window(g));
        // Warm-up until the JIT has compiled what the open dashboard runs (JavaFX's CSS and layout, JFreeChart, the
        // software rasteriser): that takes the better part of a minute, and meanwhile a compiler thread takes a core
        // from training. Measured are the minutes of a run after that, which is what a user watching one sees.
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        int warmUpCycles = 0;
        long warmStart = System.nanoTime();
        for (int w = 0; w < MAX_WARM_UP; w++) {
            bare(g, data);
            long c0 = jit.getTotalCompilationTime(), t0 = System.nanoTime();
            withDashboard(win, new ArrayList<>(), new double[1]);
            warmUpCycles++;
            double share = (jit.getTotalCompilationTime() - c0) / ((System.nanoTime() - t0) / 1e6);
            if (w + 1 >= MIN_WARM_UP && share < JIT_SETTLED) break;
        }
        System.err.printf(java.util.Locale.ROOT, "dashboard_overhead: warmed up over %d cycles (%.0f s)%s%n", warmUpCycles,
                (System.nanoTime() - warmStart) / 1e9, warmUpCycles < MAX_WARM_UP ? ", until the JIT settled" : "; the JIT had not settled");
        bare(g, data);
        double[] off = new double[runs], on = new double[runs], uiShare = new double[runs];
        for (int r = 0; r < runs; r++) {
            // Bare first in even runs, second in odd ones: a machine that drifts within a run then favours neither.
            double[] share = {0};
            if (r % 2 == 0) off[r] = bare(g, data);
            on[r] = withDashboard(win, frames, share);
            if (r % 2 == 1) off[r] = bare(g, data);
            uiShare[r] = share[0];
        }
        // The cost as the median of each run's own on/off ratio: the two halves of a run see the same machine, so this
        // is steadier than the ratio of the two medians when the machine's speed drifts between runs.
        double[] cost = new double[runs];
        for (int r = 0; r < runs; r++) cost[r] = 100 * (1 - on[r] / off[r]);
        System.err.println("dashboard_overhead: cost (median of the runs' own ratios) " + medianAndEach(cost));
        System.err.println("dashboard_overhead: share of the machine's CPU time that threads other than the training's used while the "
                + "dashboard trained " + medianAndEach(uiShare));
        double[] fr = frames.stream().mapToDouble(Double::doubleValue).toArray();
        return List.of(samples("dashboard_overhead/off", threads, off), samples("dashboard_overhead/on", threads, on),
                BenchRunner.ofSamples("dashboard_overhead/frame", threads, fr.length == 0 ? new double[] {Double.NaN} : fr));
    }

    /** "2.1% (each: 1.9 2.2 …)": the median of {@code percents}, then each in run order. */
    private static String medianAndEach(double[] percents) {
        double[] sorted = percents.clone();
        Arrays.sort(sorted);
        return String.format(java.util.Locale.ROOT, "%.1f%% (each: %s)", sorted[sorted.length / 2],
                Arrays.stream(percents).mapToObj(c -> String.format(java.util.Locale.ROOT, "%.1f", c)).collect(java.util.stream.Collectors.joining(" ")));
    }

    private static BenchRunner.Result samples(String name, int threads, double[] perSecond) {
        double[] s = perSecond.clone();
        Arrays.sort(s);
        double median = s[s.length / 2];
        double[] ms = new double[s.length];
        for (int i = 0; i < s.length; i++) ms[i] = 64e3 / perSecond[i];
        return new BenchRunner.Result(name, threads, BenchCase.Unit.SAMPLES, median, 64e3 / median, s.length, ms);
    }

    private static double bare(Graph g, DataSplit d) {
        Trainer t = new Trainer(g, TrainingConfig.fromMap(g.training()), d.train(), d.validation());
        t.setMaxSteps(STEPS);
        double[] sps = {0};
        t.addListener(e -> {
            if (e instanceof TrainingEvent.BatchEnded b) sps[0] = b.samplesPerSecond();
        });
        t.run();
        return sps[0];
    }

    /**
     * One dashboard in its own window (not shown yet), trained again and again like a user pressing Start: the benches'
     * one window ({@link DashboardSmallBench} too).
     */
    static final class Window {
        final Stage stage;
        final Dashboard dash;

        Window(Graph g) {
            EditorModel editor = new EditorModel(Platform::runLater);
            editor.load(g);
            dash = new Dashboard(editor, () -> null, id -> null);
            stage = new Stage();
            stage.setScene(new Scene(dash, 1200, 420));
        }
    }

    /**
     * Shows the window, lets it settle, trains STEPS batches while it shows the charts, stops, hides it. Puts into
     * {@code uiShare[0]} the share (%) of the machine's CPU time (all cores over the training's wall time) that threads
     * other than the trainer's, the CPU backend's and the data loader's used meanwhile: JavaFX's and the event
     * bridge's (the JIT's and the collector's threads are not Java threads and are not counted).
     */
    private static double withDashboard(Window w, List<Double> frames, double[] uiShare) {
        long[] last = {0};
        List<Double> mine = new ArrayList<>();
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (last[0] != 0) mine.add((now - last[0]) / 1e6);
                last[0] = now;
            }
        };
        Dashboard d = w.dash;
        try {
            fx(() -> {
                w.stage.show();
                return null;
            });
            Thread.sleep(SETTLE_MS);
            long cpu0 = otherThreadsCpuNanos(), t0 = System.nanoTime();
            fx(() -> {
                d.start();
                timer.start();
                return null;
            });
            while (fx(() -> d.session().run() == null || d.session().run().batches().size() < STEPS && d.session().state().active())) Thread.sleep(20);
            uiShare[0] = 100.0 * (otherThreadsCpuNanos() - cpu0) / ((System.nanoTime() - t0) * (double) Runtime.getRuntime().availableProcessors());
            double sps = fx(() -> d.session().run().lastBatch().samplesPerSecond());
            fx(() -> {
                timer.stop();
                d.session().stop();
                return null;
            });
            while (fx(() -> d.session().state().active())) Thread.sleep(20);
            // The results view evaluates the model after a run: let it finish before the next bare run starts.
            d.session().awaitIdle();
            fx(() -> null);
            frames.addAll(mine);
            return sps;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            fx(() -> {
                w.stage.hide();
                return null;
            });
        }
    }

    /** CPU time of every live thread but the training's ("layerlab-dashboard", the backend's "layerlab-cpu-*", the data loader's). */
    private static long otherThreadsCpuNanos() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t == null) continue;
            String name = t.getThreadName();
            if (name.equals("layerlab-dashboard") || name.startsWith("layerlab-cpu") || name.startsWith("layerlab-dataloader")) continue;
            long ns = mx.getThreadCpuTime(t.getThreadId());
            if (ns > 0) sum += ns;
        }
        return sum;
    }

    private static <T> T fx(Callable<T> c) {
        return layerlab.ui.HeadlessFx.call("dashboard bench", c);
    }
}
