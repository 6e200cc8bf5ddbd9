package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javafx.application.Platform;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingEvent;
import layerlab.ui.HeadlessFx;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A network of two loss nodes trains with their weighted sum; the loss chart draws that sum as for any run and, beside
 * it, each loss node's own loss per epoch ("train loss ce", "val loss aux"), so a head that does not learn shows.
 */
class ChartsLossPartsTest {
    @BeforeAll
    static void fx() {
        HeadlessFx.start();
    }

    @Test
    void eachLossNodeHasItsOwnCurveBesideTheSum() {
        HeadlessFx.call("loss parts", () -> {
            TrainingSession s = new TrainingSession(Platform::runLater);
            ChartsView charts = new ChartsView(s);
            s.run = s.kept.newRecord(Map.of());
            s.state.set(TrainingSession.State.PREPARING);
            s.events.deliver(s.run, List.of(new TrainingEvent.RunStarted("two heads", "cpu", 10, 64, 16, 1, 3, TrainingConfig.fromMap(Map.of()), true)));
            for (int e = 1; e <= 3; e++) {
                double ce = 1.0 / e, aux = 2.0 / e;
                java.util.LinkedHashMap<String, Double> m = new java.util.LinkedHashMap<>();
                m.put("train_loss", ce + 0.3 * aux);
                m.put("train_loss_ce", ce);
                m.put("train_loss_aux", aux);
                m.put("train_accuracy", 0.5);
                m.put("val_loss", 1.1 * (ce + 0.3 * aux));
                m.put("val_loss_ce", 1.1 * ce);
                m.put("val_loss_aux", 1.1 * aux);
                m.put("val_accuracy", 0.6);
                s.events.deliver(s.run, List.of(new TrainingEvent.BatchEnded(e, 1, e, ce + 0.3 * aux, 0.01, 1000, 0.5), new TrainingEvent.EpochEnded(e, m, false)));
            }
            s.events.deliver(s.run, List.of(new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 3, 3, Map.of(), 0)));
            XYSeriesCollection d = (XYSeriesCollection) charts.lossChart().getXYPlot().getDataset();
            Map<String, Integer> epochSeries = new TreeMap<>();
            for (int i = 0; i < d.getSeriesCount(); i++) {
                String name = String.valueOf(d.getSeriesKey(i));
                if (name.endsWith("(epoch)")) epochSeries.put(name, d.getItemCount(i));
            }
            assertEquals(Map.of("train loss (epoch)", 3, "val loss (epoch)", 3, "train loss ce (epoch)", 3, "train loss aux (epoch)", 3,
                    "val loss ce (epoch)", 3, "val loss aux (epoch)", 3), epochSeries);
            int aux = d.getSeriesIndex("train loss aux (epoch)");
            assertEquals(1.0, d.getYValue(aux, 1), 1e-12, "epoch 2's aux loss, unweighted");
            assertEquals(0.5 + 0.3, d.getYValue(d.getSeriesIndex("train loss (epoch)"), 1), 1e-12, "the sum as trained");
            String shot = System.getenv("LAYERLAB_CHART_SHOT");
            if (shot != null) javax.imageio.ImageIO.write(charts.lossChart().createBufferedImage(640, 360), "png", new java.io.File(shot));
            s.close();
            return null;
        });
    }
}
