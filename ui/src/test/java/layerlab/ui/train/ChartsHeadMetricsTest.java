package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javafx.application.Platform;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingEvent;
import layerlab.ui.HeadlessFx;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A network of two targets (a species and a bill depth): the dashboard draws each head's own metric per epoch, the
 * first head's (the classifier's accuracy) as the run's accuracy and the regressor's MAE beside the losses ("val mae
 * bill_loss"), whose units it shares.
 */
class ChartsHeadMetricsTest {
    @BeforeAll
    static void fx() {
        HeadlessFx.start();
    }

    private static Map<String, Integer> epochSeries(JFreeChart chart) {
        XYSeriesCollection d = (XYSeriesCollection) chart.getXYPlot().getDataset();
        Map<String, Integer> out = new TreeMap<>();
        for (int i = 0; i < d.getSeriesCount(); i++) {
            String name = String.valueOf(d.getSeriesKey(i));
            if (name.endsWith("(epoch)")) out.put(name, d.getItemCount(i));
        }
        return out;
    }

    @Test
    void eachHeadHasItsOwnMetricCurve() {
        HeadlessFx.call("head metrics", () -> {
            TrainingSession s = new TrainingSession(Platform::runLater);
            ChartsView charts = new ChartsView(s);
            s.run = s.kept.newRecord(Map.of());
            s.state.set(TrainingSession.State.PREPARING);
            s.events.deliver(s.run, List.of(new TrainingEvent.RunStarted("two targets", "cpu", 10, 64, 16, 1, 3, TrainingConfig.fromMap(Map.of()), true)));
            for (int e = 1; e <= 3; e++) {
                double ce = 1.0 / e, mse = 2.0 / e;
                java.util.LinkedHashMap<String, Double> m = new java.util.LinkedHashMap<>();
                m.put("train_loss", ce + 0.5 * mse);
                m.put("train_loss_species_loss", ce);
                m.put("train_loss_bill_loss", mse);
                m.put("train_accuracy", 0.5 + 0.1 * e);
                m.put("train_accuracy_species_loss", 0.5 + 0.1 * e);
                m.put("train_mae_bill_loss", 1.2 / e);
                m.put("val_loss", 1.1 * (ce + 0.5 * mse));
                m.put("val_loss_species_loss", 1.1 * ce);
                m.put("val_loss_bill_loss", 1.1 * mse);
                m.put("val_accuracy", 0.6);
                m.put("val_accuracy_species_loss", 0.6);
                m.put("val_mae_bill_loss", 1.3 / e);
                s.events.deliver(s.run, List.of(new TrainingEvent.BatchEnded(e, 1, e, ce + 0.5 * mse, 0.01, 1000, 0.5), new TrainingEvent.EpochEnded(e, m, false)));
            }
            s.events.deliver(s.run, List.of(new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 3, 3, Map.of(), 0)));
            // The first head's accuracy is the run's: drawn once, as "val accuracy (epoch)".
            assertEquals(Map.of("train accuracy (epoch)", 3, "val accuracy (epoch)", 3), epochSeries(charts.metricChart()));
            Map<String, Integer> loss = epochSeries(charts.lossChart());
            assertEquals(3, loss.get("val mae bill_loss (epoch)"), loss.toString());
            XYSeriesCollection d = (XYSeriesCollection) charts.lossChart().getXYPlot().getDataset();
            assertEquals(1.3 / 2, d.getYValue(d.getSeriesIndex("val mae bill_loss (epoch)"), 1), 1e-12, "epoch 2's MAE of the bill head");
            String shot = System.getenv("LAYERLAB_CHART_SHOT");
            if (shot != null) {
                javax.imageio.ImageIO.write(charts.lossChart().createBufferedImage(640, 360), "png", new java.io.File(shot + "-loss.png"));
                javax.imageio.ImageIO.write(charts.metricChart().createBufferedImage(640, 360), "png", new java.io.File(shot + "-metric.png"));
            }
            s.close();
            return null;
        });
    }
}
