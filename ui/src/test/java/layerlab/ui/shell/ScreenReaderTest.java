package layerlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.AccessibleAttribute;
import javafx.scene.AccessibleRole;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextInputControl;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.train.Dashboard;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** What a screen reader hears of the window: the names of its fields and the training charts in words. */
class ScreenReaderTest extends WindowTest {
    /**
     * Every field of the window, on each of the dashboard's tabs and in a node's properties, is named by the caption beside
     * it: a screen reader said "edit, 0.01" for the learning rate, "combo box, Adam" for the optimiser.
     */
    @Test
    void everyFieldIsNamedByItsCaption(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.trained(robot, window, "spirals.json", 2);
        List<String> unnamed = new ArrayList<>(), named = new ArrayList<>();
        for (int tab = 0; tab < 4; tab++) {
            int t = tab;
            robot.interact(() -> d.tabs().getSelectionModel().select(t));
            TestWindows.awaitPulses(stage.getScene(), 2);
            robot.interact(() -> fields(stage.getScene().getRoot(), unnamed, named));
            TestWindows.screenshot(robot, stage, "screen-reader-tab-" + tab + ".png");
        }
        // A node's sheet: its name and every parameter.
        robot.interact(() -> editor.select(List.of(editor.graph().nodes().get(1).id())));
        TestWindows.awaitPulses(stage.getScene(), 2);
        robot.interact(() -> fields(stage.getScene().getRoot(), unnamed, named));
        // The palette's search has no caption: its prompt, "Search layers…", is what it reads as while empty.
        unnamed.removeIf("paletteSearch"::equals);
        assertEquals(List.of(), unnamed.stream().distinct().toList(), "fields without a name for a screen reader");
        for (String f : List.of("train-optimizer-lr = lr", "trainOptimizer = Optimizer", "train-epochs = Epochs", "dataSplit = Validation split",
                "data-noise = noise", "param-out_features = out_features", "try-0 = x0", "overviewDescription = Description", "inspectSample = Activations for sample")) {
            assertTrue(named.contains(f), f + " in " + named);
        }
    }

    /** Each visible field's id, as "id = caption" where a caption names it, else in {@code unnamed}. */
    private static void fields(Node n, List<String> unnamed, List<String> named) {
        // Hidden or disabled (an initialiser's arguments where it takes none): the focus never reaches it.
        if (!n.isVisible() || n.isDisabled()) return;
        if (n instanceof TextInputControl || n instanceof ComboBoxBase<?> || n instanceof ChoiceBox<?> || n instanceof Spinner<?>) {
            if (n.getParent() instanceof Spinner<?>) return; // the spinner's own editor: the spinner is named
            Object by = n.queryAccessibleAttribute(AccessibleAttribute.LABELED_BY);
            if (by instanceof Label l) named.add(n.getId() + " = " + l.getText());
            else unnamed.add(String.valueOf(n.getId()));
            return;
        }
        if (n instanceof Parent p) for (Node k : p.getChildrenUnmodifiable()) fields(k, unnamed, named);
    }

    /**
     * The charts are pictures to a screen reader: each says in words where the run is, the last epoch's train and
     * validation values and the best validation value with its epoch; the validation line is dashed as well as orange.
     */
    @Test
    void theChartsSayTheirNumbersAndValidationIsDashed(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.trained(robot, window, "spirals.json", 3);
        Node lossChart = robot.lookup("#chart-loss").query(), accChart = robot.lookup("#chart-accuracy").query(), lrChart = robot.lookup("#chart-lr").query();
        var epochs = d.session().run().epochs();
        var last = epochs.get(epochs.size() - 1).metrics();
        String loss = (String) lossChart.queryAccessibleAttribute(AccessibleAttribute.TEXT);
        assertEquals(AccessibleRole.IMAGE_VIEW, lossChart.queryAccessibleAttribute(AccessibleAttribute.ROLE));
        assertTrue(loss.startsWith("Loss chart: epoch 3 of 3, train " + layerlab.train.TrainingConfig.shortNumber(last.get("train_loss"), 3)
                + ", validation " + layerlab.train.TrainingConfig.shortNumber(last.get("val_loss"), 3) + "; best validation "), loss);
        int best = 1;
        for (var e : epochs) if (e.metrics().get("val_accuracy") > epochs.get(best - 1).metrics().get("val_accuracy")) best = e.epoch();
        String acc = (String) accChart.queryAccessibleAttribute(AccessibleAttribute.TEXT);
        assertTrue(acc.startsWith("Accuracy chart: epoch 3 of 3, train ") && acc.endsWith(" at epoch " + best), acc);
        assertTrue(((String) lrChart.queryAccessibleAttribute(AccessibleAttribute.TEXT)).matches("Learning rate chart: [0-9.e-]+ now"),
                (String) lrChart.queryAccessibleAttribute(AccessibleAttribute.TEXT));

        JFreeChart chart = d.charts().lossChart();
        XYPlot plot = chart.getXYPlot();
        XYSeriesCollection data = (XYSeriesCollection) plot.getDataset();
        BasicStroke val = (BasicStroke) plot.getRenderer().getSeriesStroke(data.getSeriesIndex("val loss (epoch)"));
        BasicStroke train = (BasicStroke) plot.getRenderer().getSeriesStroke(data.getSeriesIndex("train loss (epoch)"));
        assertNotNull(val.getDashArray(), "validation: dashed");
        assertNull(train.getDashArray(), "train: solid");
        // The accuracy chart's dots are the loss chart's and the legend's: circles for train, triangles for validation.
        XYPlot accPlot = ((org.jfree.chart.fx.ChartViewer) accChart).getChart().getXYPlot();
        XYSeriesCollection accData = (XYSeriesCollection) accPlot.getDataset();
        for (String which : List.of("train", "val")) {
            java.awt.Shape inLoss = plot.getRenderer().getSeriesShape(data.getSeriesIndex(which + " loss (epoch)"));
            java.awt.Shape inAcc = accPlot.getRenderer().getSeriesShape(accData.getSeriesIndex(which + " accuracy (epoch)"));
            assertEquals(inLoss.getBounds2D(), inAcc.getBounds2D(), which);
            assertEquals(inLoss.getClass(), inAcc.getClass(), which);
        }
        assertTrue(!plot.getRenderer().getSeriesShape(data.getSeriesIndex("train loss (epoch)")).getClass()
                .equals(plot.getRenderer().getSeriesShape(data.getSeriesIndex("val loss (epoch)")).getClass()), "train and validation differ");
        // The runs table's columns are named to a screen reader, those with an explaining tooltip too, and show their title once.
        List<Object> heads = new ArrayList<>();
        robot.interact(() -> d.charts().runsTable().lookupAll(".column-header").forEach(h -> {
            if (h.lookup(".label") instanceof Label l && l.isVisible()) {
                heads.add(h.queryAccessibleAttribute(AccessibleAttribute.TEXT));
                assertTrue(l.getGraphic() == null || l.getContentDisplay() == javafx.scene.control.ContentDisplay.GRAPHIC_ONLY, "title shown once: " + l.getText());
            }
        }));
        assertTrue(heads.containsAll(List.of("Run", "What changed", "Epochs", "Best val", "Ended")), heads.toString());
        WaitForAsyncUtils.waitForFxEvents();
        TestWindows.screenshot(robot, stage, "screen-reader-charts.png");
    }
}
