package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingEvent;
import layerlab.ui.HeadlessFx;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tiny model left to train thousands of epochs: the charts draw at most {@link EpochPoints#MAX} points per epoch
 * series (every few epochs, evenly, and the run's first and last), for the current run and for the earlier runs drawn under it,
 * so that a redraw does not grow with the run; a short run still draws every epoch, each as a dot.
 */
class ChartsLongRunTest {
    @BeforeAll
    static void fx() {
        HeadlessFx.start();
    }

    /** Feeds a run of {@code planned} epochs (one batch each) that stops after {@code reached}, in hand-overs of 500 events. */
    private static void train(TrainingSession s, int planned, int reached) {
        s.run = s.kept.newRecord(Map.of());
        s.state.set(TrainingSession.State.PREPARING);
        TrainingConfig config = TrainingConfig.fromMap(Map.of());
        s.events.deliver(s.run, List.of(new TrainingEvent.RunStarted("tiny", "cpu", 10, 64, 16, 1, planned, config, true)));
        List<TrainingEvent> handOver = new ArrayList<>();
        for (int e = 1; e <= reached; e++) {
            double loss = 1.0 / e;
            handOver.add(new TrainingEvent.BatchEnded(e, 1, e, loss, 0.01, 1000, 0.5));
            handOver.add(new TrainingEvent.EpochEnded(e, Map.of("train_loss", loss, "val_loss", loss * 1.1, "train_accuracy", 0.5,
                    "val_accuracy", 0.6), false));
            if (handOver.size() >= 500) {
                s.events.deliver(s.run, List.copyOf(handOver));
                handOver.clear();
            }
        }
        handOver.add(new TrainingEvent.RunFinished(TrainingEvent.Reason.STOPPED, reached, reached, Map.of("val_loss", 1.1 / reached), 1));
        s.events.deliver(s.run, handOver);
    }

    /** Item counts of the series of {@code chart} whose names contain {@code part}, by name. */
    private static Map<String, Integer> counts(JFreeChart chart, String part) {
        XYSeriesCollection d = (XYSeriesCollection) chart.getXYPlot().getDataset();
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (int i = 0; i < d.getSeriesCount(); i++) {
            String name = String.valueOf(d.getSeriesKey(i));
            if (name.contains(part)) out.put(name, d.getItemCount(i));
        }
        return out;
    }

    private static double lastX(JFreeChart chart, String name) {
        XYSeriesCollection d = (XYSeriesCollection) chart.getXYPlot().getDataset();
        int i = d.getSeriesIndex(name);
        return d.getXValue(i, d.getItemCount(i) - 1);
    }

    private static double firstX(JFreeChart chart, String name) {
        XYSeriesCollection d = (XYSeriesCollection) chart.getXYPlot().getDataset();
        return d.getXValue(d.getSeriesIndex(name), 0);
    }

    @Test
    void aRunOfThousandsOfEpochsDrawsABoundedNumberOfPointsEndingAtItsLast() {
        HeadlessFx.call("long run", () -> {
            TrainingSession s = new TrainingSession(Platform::runLater);
            ChartsView charts = new ChartsView(s);
            train(s, 20_000, 12_345);
            for (JFreeChart c : List.of(charts.lossChart(), charts.metricChart())) {
                Map<String, Integer> epochSeries = counts(c, "(epoch)");
                assertEquals(2, epochSeries.size(), "train and val per epoch: " + epochSeries);
                for (var e : epochSeries.entrySet()) {
                    assertTrue(e.getValue() <= EpochPoints.MAX + 2, e.getKey() + ": " + e.getValue() + " points for 12,345 epochs");
                    assertTrue(e.getValue() >= EpochPoints.MAX / 2, e.getKey() + ": still a curve, " + e.getValue() + " points");
                    assertEquals(12_345, lastX(c, e.getKey()), 0, e.getKey() + ": the run's last epoch is drawn");
                    assertEquals(1, firstX(c, e.getKey()), 0, e.getKey() + ": and its first");
                }
            }
            XYItemRenderer r = charts.lossChart().getXYPlot().getRenderer();
            int val = ((XYSeriesCollection) charts.lossChart().getXYPlot().getDataset()).getSeriesIndex("val loss (epoch)");
            assertFalse(((org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) r).getItemShapeVisible(val, 0), "a line, no dot per point");

            // The next run draws the long one under it as a grey overlay, thinned the same way.
            train(s, 100, 100);
            Map<String, Integer> overlays = counts(charts.lossChart(), "run 1");
            assertEquals(1, overlays.size(), "run 1 overlaid: " + overlays);
            for (var e : overlays.entrySet()) {
                assertTrue(e.getValue() <= EpochPoints.MAX + 2, e.getKey() + ": " + e.getValue() + " points for 12,345 epochs");
                assertEquals(12_345, lastX(charts.lossChart(), e.getKey()), 0, e.getKey() + ": ends at its last epoch");
            }
            // A short run: every epoch, each a dot.
            assertEquals(Map.of("train loss (epoch)", 100, "val loss (epoch)", 100), counts(charts.lossChart(), "(epoch)"));
            val = ((XYSeriesCollection) charts.lossChart().getXYPlot().getDataset()).getSeriesIndex("val loss (epoch)");
            assertTrue(((org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) r).getItemShapeVisible(val, 0), "each epoch a dot");
            s.close();
            return null;
        });
    }
}
