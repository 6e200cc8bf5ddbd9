package layerlab.ui.train;

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
import layerlab.data.DataSplit;
import layerlab.graph.Graph;
import layerlab.train.Trainer;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingData;
import layerlab.train.TrainingEvent;
import layerlab.ui.editor.EditorModel;
import layerlab.ui.project.Samples;

/**
 * The work of {@link DashboardOverheadCase}: per run, {@link #STEPS} optimiser steps of the SimpleCNN sample on a bare
 * trainer, then as many with the dashboard open on its charts (Monocle's headless screen, software rendering), in
 * turn so that both see the same machine. Samples/s is the trainer's own figure at the last step; the frame interval
 * is the time between JavaFX pulses while the dashboard trains (16.7 ms at 60 frames a second).
 */
final class DashboardBench {
    static final int STEPS = 100;

    private DashboardBench() {
    }

    static List<BenchRunner.Result> run(int runs, int threads) {
        layerlab.ui.HeadlessFx.start();
        Graph g;
        DataSplit data;
        try {
            g = Samples.load("simple-cnn.json");
            data = TrainingData.open(g.dataset(), Path.of("."));
        } catch (Exception e) {
            throw new IllegalStateException("dashboard bench: " + e.getMessage(), e);
        }
        bare(g, data); // warm-up
        double[] off = new double[runs], on = new double[runs];
        List<Double> frames = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            off[r] = bare(g, data);
            on[r] = withDashboard(g, frames);
        }
        double[] fr = frames.stream().mapToDouble(Double::doubleValue).toArray();
        return List.of(samples("dashboard_overhead/off", threads, off), samples("dashboard_overhead/on", threads, on),
                BenchRunner.ofSamples("dashboard_overhead/frame", threads, fr.length == 0 ? new double[] {Double.NaN} : fr));
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

    private static double withDashboard(Graph g, List<Double> frames) {
        long[] last = {0};
        List<Double> mine = new ArrayList<>();
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (last[0] != 0) mine.add((now - last[0]) / 1e6);
                last[0] = now;
            }
        };
        Stage[] stage = {null};
        Dashboard d = fx(() -> {
            EditorModel editor = new EditorModel(Platform::runLater);
            editor.load(g);
            Dashboard dash = new Dashboard(editor, () -> null, id -> null);
            stage[0] = new Stage();
            stage[0].setScene(new Scene(dash, 1200, 420));
            stage[0].show();
            dash.start();
            timer.start();
            return dash;
        });
        try {
            while (fx(() -> d.session().run() == null || d.session().run().batches().size() < STEPS && d.session().state().active())) Thread.sleep(20);
            double sps = fx(() -> d.session().run().lastBatch().samplesPerSecond());
            fx(() -> {
                timer.stop();
                d.session().stop();
                return null;
            });
            while (fx(() -> d.session().state().active())) Thread.sleep(20);
            frames.addAll(mine);
            return sps;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            fx(() -> {
                stage[0].close();
                return null;
            });
        }
    }

    private static <T> T fx(Callable<T> c) {
        return layerlab.ui.HeadlessFx.call("dashboard bench", c);
    }
}
