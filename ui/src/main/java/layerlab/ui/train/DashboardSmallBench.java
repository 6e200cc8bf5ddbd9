package layerlab.ui.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import layerlab.bench.BenchRunner;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.graph.Graph;
import layerlab.train.Trainer;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingEvent;
import layerlab.ui.project.Samples;

/**
 * The work of {@link DashboardOverheadSmallCase}: tiny models, whose steps take well under a millisecond, so that what the
 * dashboard costs per step or per epoch shows. Per sample and per run, the whole training as the sample's settings ask
 * (every epoch and its validation) on a bare trainer, timed from opening the data and compiling the graph to the end of
 * {@link Trainer#run}, and the same with the dashboard open on its charts, timed from Start until the session says the
 * run finished (it opens the data and compiles the graph on the way too). Bare first in every other pair, so that a machine that drifts favours neither.
 */
final class DashboardSmallBench {
    static final List<String> SAMPLES = List.of("iris.json", "spirals.json");
    /** Pairs of warm-up runs per sample, for the JIT to compile what the open dashboard runs. */
    static final int WARM_UP = 4;

    private DashboardSmallBench() {
    }

    static List<BenchRunner.Result> run(int runs, int threads) {
        layerlab.ui.HeadlessFx.start();
        List<BenchRunner.Result> out = new ArrayList<>();
        for (String sample : SAMPLES) {
            Graph g;
            try {
                g = Samples.load(sample);
            } catch (Exception e) {
                throw new IllegalStateException("dashboard bench: " + e.getMessage(), e);
            }
            String name = "dashboard_overhead_small/" + sample.replace(".json", "");
            DashboardBench.Window win = fx(() -> {
                DashboardBench.Window w = new DashboardBench.Window(g);
                w.stage.show();
                return w;
            });
            for (int w = 0; w < WARM_UP; w++) {
                bare(g);
                withDashboard(win);
            }
            double[] off = new double[runs], on = new double[runs], ratio = new double[runs], ownOff = new double[runs], ownOn = new double[runs];
            for (int r = 0; r < runs; r++) {
                if (r % 2 == 0) {
                    off[r] = bare(g);
                    ownOff[r] = ownSeconds;
                }
                on[r] = withDashboard(win);
                ownOn[r] = ownSeconds;
                if (r % 2 == 1) {
                    off[r] = bare(g);
                    ownOff[r] = ownSeconds;
                }
                ratio[r] = on[r] / off[r];
            }
            fx(() -> {
                win.stage.close();
                win.dash.session().close();
                return null;
            });
            System.err.println(name + ": dashboard ÷ bare (median of the pairs' own ratios) " + medianAndEach(ratio, "%.2f×"));
            System.err.println(name + ": bare ms " + medianAndEach(off, "%.0f") + ", dashboard ms " + medianAndEach(on, "%.0f"));
            double[] own = new double[runs];
            for (int r = 0; r < runs; r++) own[r] = ownOn[r] / ownOff[r];
            System.err.println(name + ": the trainer's own seconds (the status line's), dashboard ÷ bare " + medianAndEach(own, "%.2f×")
                    + "; bare s " + medianAndEach(ownOff, "%.2f") + ", dashboard s " + medianAndEach(ownOn, "%.2f"));
            out.add(BenchRunner.ofSamples(name + "/off", threads, off));
            out.add(BenchRunner.ofSamples(name + "/on", threads, on));
        }
        return out;
    }

    /** "1.31× (each: 1.29× 1.40× …)": the median of {@code xs}, then each in run order. */
    private static String medianAndEach(double[] xs, String format) {
        double[] sorted = xs.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, format, sorted[sorted.length / 2]) + " (each: "
                + Arrays.stream(xs).mapToObj(c -> String.format(Locale.ROOT, format, c)).collect(Collectors.joining(" ")) + ")";
    }

    /**
     * Milliseconds of a whole run on a bare trainer, as {@code layerlab train} runs it: the data opened and the graph
     * compiled, as Start does too, then every epoch.
     */
    private static double bare(Graph g) {
        long t0 = System.nanoTime();
        DataSplit d;
        try {
            d = DataSources.open(g.dataset(), Path.of("."));
        } catch (Exception e) {
            throw new IllegalStateException("dashboard bench: " + e.getMessage(), e);
        }
        Trainer t = new Trainer(g, TrainingConfig.fromMap(g.training()), d.train(), d.validation());
        t.addListener(e -> {
            if (e instanceof TrainingEvent.RunFinished f) ownSeconds = f.seconds();
        });
        t.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    /** The trainer's own figure for the run just timed (RunFinished's seconds: what the status line and the CLI say). */
    private static double ownSeconds;

    /** Milliseconds from Start until the session says the run finished; then waits for the work after it (the results' evaluation). */
    private static double withDashboard(DashboardBench.Window w) {
        Dashboard d = w.dash;
        try {
            Thread.sleep(200);
            java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
            long[] t1 = {0};
            javafx.beans.value.ChangeListener<TrainingSession.State> l = (o, was, now) -> {
                if (was.active() && !now.active()) {
                    t1[0] = System.nanoTime();
                    ended.countDown();
                }
            };
            long t0 = System.nanoTime();
            fx(() -> {
                d.session().stateProperty().addListener(l);
                d.start();
                return null;
            });
            ended.await();
            fx(() -> {
                d.session().stateProperty().removeListener(l);
                return null;
            });
            double ms = (t1[0] - t0) / 1e6;
            ownSeconds = fx(() -> d.session().run().end() instanceof TrainingEvent.RunFinished f ? f.seconds() : Double.NaN);
            if (d.session().state() != TrainingSession.State.FINISHED) throw new IllegalStateException("dashboard bench: the run ended " + d.session().state());
            d.session().awaitIdle();
            fx(() -> null);
            return ms;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> T fx(Callable<T> c) {
        return layerlab.ui.HeadlessFx.call("dashboard bench", c);
    }
}
