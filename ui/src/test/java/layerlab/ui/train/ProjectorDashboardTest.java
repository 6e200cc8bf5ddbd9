package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.shell.TextSize;
import layerlab.ui.shell.Theme;
import org.jfree.chart.fx.ChartViewer;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The dashboard on a classroom projector: a 1280×720 window at 125, 150 and 200 % text, light and dark. Every chart it
 * shows keeps a plot a class can read (at least 120 px high), not a strip under its title, legend and ticks.
 */
class ProjectorDashboardTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.projector(stage, dir.resolve("recovery.json"));
    }

    /** The height of {@code id}'s plot (the area inside its axes) as last drawn. */
    private static double plotHeight(FxRobot robot, ChartViewer v) {
        robot.interact(() -> v.getCanvas().draw());
        return v.getCanvas().getRenderingInfo().getPlotInfo().getDataArea().getHeight();
    }

    /** Whether {@code n} is shown: visible up to the scene, and at least partly inside the dashboard's charts tab. */
    private static boolean shown(Node n, Node within) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) return false;
        }
        Bounds a = n.localToScene(n.getLayoutBounds()), b = within.localToScene(within.getLayoutBounds());
        return a.intersects(b) && a.getHeight() > 0;
    }

    private void assertChartsReadable(FxRobot robot, Dashboard d, String when) throws Exception {
        TestWindows.awaitPulses(stage.getScene(), 3);
        for (String id : List.of("#chart-loss", "#chart-accuracy", "#chart-lr")) {
            ChartViewer v = robot.lookup(id).queryAs(ChartViewer.class);
            if (!shown(v, d.charts())) continue;
            double h = plotHeight(robot, v);
            assertTrue(h >= 120, when + ": " + id + "'s plot is " + h + " px high in a " + v.getHeight() + "-px chart");
        }
    }

    @Test
    void everyChartKeepsAUsablePlotAtLargeText(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.trained(robot, window, "spirals.json", 2);
        for (Theme theme : List.of(Theme.LIGHT, Theme.DARK)) {
            robot.interact(() -> window.model().themeProperty().set(theme));
            for (TextSize size : List.of(TextSize.LARGER, TextSize.LARGE, TextSize.LARGEST)) {
                robot.interact(() -> window.model().textSizeProperty().set(size));
                WaitForAsyncUtils.waitForFxEvents();
                TestWindows.screenshot(robot, stage, "dashboard-" + size.percent() + "-" + theme.name().toLowerCase(java.util.Locale.ROOT) + ".png");
                assertChartsReadable(robot, d, size.displayName() + " " + theme);
            }
        }
    }

    /**
     * Lesson 4's "tick keep the best epoch" on a projector: the training form's tick says it whole at 150 and 200 %,
     * on two lines where the column is narrow (it read "keep the best ..." beside "Stop early").
     */
    @Test
    void theTrainingFormsTickSaysItWhole(FxRobot robot) throws Exception {
        TestWindows.sample(robot, window, "surname-classifier.json");
        javafx.scene.control.CheckBox best = robot.lookup("#train-restore-best").queryAs(javafx.scene.control.CheckBox.class);
        for (TextSize size : List.of(TextSize.LARGER, TextSize.LARGEST)) {
            robot.interact(() -> window.model().textSizeProperty().set(size));
            TestWindows.awaitPulses(stage.getScene(), 3);
            org.junit.jupiter.api.Assertions.assertEquals("keep the best epoch", TestWindows.shownText(best).replace('\n', ' '), size.displayName());
        }
    }

    /**
     * The Data tab on a projector at 200 %: its captions and the source's choice read whole ("Validatio…" and "spir…" in
     * a 1280×800 window), its settings' column wider than at 100 % and still leaving the preview half the tab.
     */
    @Test
    void theDataTabsCaptionsReadWholeAt200(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.sample(robot, window, "spirals.json");
        robot.interact(() -> {
            stage.setHeight(800);
            window.model().textSizeProperty().set(TextSize.LARGEST);
            d.tabs().getSelectionModel().select(1);
        });
        TestWindows.awaitPulses(stage.getScene(), 3);
        List<javafx.scene.control.Label> captions = new java.util.ArrayList<>();
        for (String id : List.of("#dataSource", "#dataNormalize", "#dataSplit", "#dataSeed")) {
            javafx.scene.control.Label c = (javafx.scene.control.Label) robot.lookup(id).query().queryAccessibleAttribute(javafx.scene.AccessibleAttribute.LABELED_BY);
            org.junit.jupiter.api.Assertions.assertEquals(c.getText(), TestWindows.shownText(c), id + "'s caption");
            captions.add(c);
        }
        javafx.scene.control.ComboBox<?> source = robot.lookup("#dataSource").queryAs(javafx.scene.control.ComboBox.class);
        List<String> shown = source.lookupAll(".text").stream().map(t -> ((javafx.scene.text.Text) t).getText()).filter(t -> t.startsWith("spir")).toList();
        org.junit.jupiter.api.Assertions.assertEquals(List.of("spirals"), shown, "the source's choice");
        javafx.scene.layout.Region form = (javafx.scene.layout.Region) robot.lookup("#dataSplit").query().getParent(), column = (javafx.scene.layout.Region) form.getParent();
        javafx.scene.control.ScrollPane scroll = (javafx.scene.control.ScrollPane) column.getParent().getParent().getParent();
        double tab = d.tabs().getWidth();
        assertTrue(column.getWidth() <= scroll.getViewportBounds().getWidth() + 0.5, "no sideways scrolling: " + column.getWidth() + " px in a "
                + scroll.getViewportBounds().getWidth() + "-px view; the form's least width " + form.minWidth(-1) + ", its rows' "
                + ((javafx.scene.layout.Pane) form).getChildren().stream().map(n -> n.getId() + "=" + Math.round(n.minWidth(-1))).toList());
        assertTrue(column.getWidth() > 350 && column.getWidth() <= tab / 2 + 1, "the settings' column: " + column.getWidth() + " px of a " + tab + "-px tab");
        TestWindows.screenshot(robot, stage, "data-tab-200.png");
    }

    /**
     * A node's properties at 200 % in a 1152×720 window, where the side panels give way to the canvas: the sheet fits its
     * panel's width (no sideways scrolling that cut its fields, its ? button and "Auto-fill from input…").
     */
    @Test
    void theNodesPropertiesFitTheirPanelAt200(FxRobot robot) throws Exception {
        TestWindows.sample(robot, window, "spirals.json");
        robot.interact(() -> {
            stage.setWidth(1152);
            stage.setHeight(720);
            window.model().textSizeProperty().set(TextSize.LARGEST);
            window.editor().select(List.of(window.editor().graph().nodeByName("fc1").id()));
        });
        TestWindows.awaitPulses(stage.getScene(), 3);
        javafx.scene.control.ScrollPane sheet = (javafx.scene.control.ScrollPane) robot.lookup(".property-scroll").query();
        javafx.scene.layout.Region box = (javafx.scene.layout.Region) sheet.getContent();
        List<String> wide = new java.util.ArrayList<>();
        robot.interact(() -> {
            for (Node k : ((javafx.scene.layout.Pane) box).getChildren()) {
                if (k.minWidth(-1) > sheet.getViewportBounds().getWidth() - 20) wide.add(k.getClass().getSimpleName() + "#" + k.getId() + "=" + Math.round(k.minWidth(-1)));
            }
        });
        assertTrue(box.getWidth() <= sheet.getViewportBounds().getWidth() + 0.5, "the sheet is " + box.getWidth() + " px in a "
                + sheet.getViewportBounds().getWidth() + "-px panel; too wide: " + wide);
        TestWindows.screenshot(robot, stage, "properties-200.png");
    }

    /** The border width a tinted card was given. */
    private static double borderWidth(Node card) {
        var m = java.util.regex.Pattern.compile("-fx-border-width: ([0-9.]+)").matcher(card.getStyle());
        assertTrue(m.find(), "a border width in " + card.getStyle());
        return Double.parseDouble(m.group(1));
    }

    /**
     * A lesson on Iris at 150 %: the inspector's empty table says whole what to do; during a paused run the tint's border
     * grows with the gradient and its key names the two ends; the feature space and the confusion matrix tell classes and
     * right from wrong by more than hue.
     */
    @Test
    void aLessonReadsBeyondHueAndWhole(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.sample(robot, window, "iris.json");
        robot.interact(() -> d.tabs().getSelectionModel().select(2));
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.Label empty = robot.lookup("#inspectStatsEmpty").queryAs(javafx.scene.control.Label.class);
        assertTrue(empty.isVisible());
        org.junit.jupiter.api.Assertions.assertEquals(empty.getText(), TestWindows.shownText(empty), "the inspector's empty table says it whole");

        robot.interact(() -> d.tabs().getSelectionModel().select(0));
        // Epochs enough to be paused mid-run: Iris's 100 take a fraction of a second once the JIT is warm.
        TestWindows.setField(robot, "#train-epochs", "100000");
        robot.clickOn("#trainStart");
        waitFor("nodes tinted", () -> d.tint().tintedNodes().size() >= 2 && d.session().run().epochs().size() >= 2);
        robot.interact(d.session()::pause);
        waitFor("paused", () -> d.session().state() == TrainingSession.State.PAUSED);
        WaitForAsyncUtils.waitForFxEvents();
        Map<String, Double> norms = new java.util.HashMap<>();
        Map<String, Double> widths = new java.util.HashMap<>();
        robot.interact(() -> {
            for (String name : d.tint().tintedNodes()) {
                Node card = robot.lookup("#node-" + window.editor().graph().nodeByName(name).id()).query();
                norms.put(name, (Double) card.getProperties().get("layerlab.gradNorm"));
                widths.put(name, borderWidth(card));
            }
        });
        String small = java.util.Collections.min(norms.entrySet(), Map.Entry.comparingByValue()).getKey();
        String large = java.util.Collections.max(norms.entrySet(), Map.Entry.comparingByValue()).getKey();
        org.junit.jupiter.api.Assertions.assertEquals(GradientTint.THIN, widths.get(small), 0.05, "the smallest gradient's border: " + widths);
        org.junit.jupiter.api.Assertions.assertEquals(GradientTint.THICK, widths.get(large), 0.05, "the largest gradient's border: " + widths);
        String key = d.tint().legend().text();
        double side = ((javafx.scene.layout.Region) d.getLeft()).getWidth();
        assertTrue(d.tint().legend().getWidth() <= side - 16, "the key keeps to the settings' width: " + d.tint().legend().getWidth() + " of " + side);
        assertTrue(robot.lookup("#tintLegend").query().isVisible());
        assertTrue(key.contains(layerlab.ui.inspect.Numbers.compact(norms.get(small))) && key.contains(layerlab.ui.inspect.Numbers.compact(norms.get(large))),
                "the key names both ends: " + key + " for " + norms);
        TestWindows.screenshot(robot, stage, "lesson-tint-150.png");

        robot.interact(() -> window.editor().select(List.of(window.editor().graph().nodeByName("fc1").id())));
        robot.interact(() -> d.tabs().getSelectionModel().select(2));
        robot.interact(d.session()::stop);
        waitFor("stopped", () -> !d.session().state().active());
        waitFor("the feature space", () -> d.inspector().features().featureSpace() != null);
        WaitForAsyncUtils.waitForFxEvents();
        TestWindows.screenshot(robot, stage, "lesson-inspector-150.png");
        robot.interact(() -> d.inspector().setVvalue(1));
        TestWindows.screenshot(robot, stage, "lesson-features-150.png");
        for (int c = 0; c < 3; c++) {
            Object mark = robot.lookup("#featureSpaceClass" + c).queryAs(javafx.scene.control.Label.class).getGraphic().getUserData();
            assertTrue(mark instanceof Enum<?>, "class " + c + "'s legend shows its marker");
        }

        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        waitFor("the confusion matrix", () -> d.results().evaluation() != null);
        WaitForAsyncUtils.waitForFxEvents();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                javafx.scene.control.Label cell = robot.lookup("#cm-" + i + "-" + j).queryAs(javafx.scene.control.Label.class);
                boolean bold = cell.getFont().getStyle().toLowerCase(java.util.Locale.ROOT).contains("bold");
                boolean framed = cell.getBorder() != null && !cell.getBorder().getStrokes().isEmpty();
                org.junit.jupiter.api.Assertions.assertEquals(i == j, bold && framed, "cell " + i + "," + j + ": the right answers bold and framed");
                org.junit.jupiter.api.Assertions.assertEquals(cell.getText(), Long.toString(d.results().evaluation().confusion()[i][j]), "its count");
            }
        }
        TestWindows.screenshot(robot, stage, "lesson-results-150.png");
    }

    /**
     * The learning-rate range test and a chart's export at 150 %: the finder's plot keeps room to read the curve, and
     * exported charts take their own legends (the dashboard's one legend is above them, not in the image) and leave the
     * dashboard's charts as they were.
     */
    @Test
    void theRangeTestAndAnExportReadAtLargeText(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.sample(robot, window, "iris.json");
        LrFinderWindow[] w = {null};
        robot.interact(() -> w[0] = d.findLr());
        waitFor("the suggestion", () -> w[0].result() != null);
        ChartViewer v = (ChartViewer) w[0].stage().getScene().lookup("#lrFinderChart");
        double h = plotHeight(robot, v);
        assertTrue(h >= 120, "the range test's plot is " + h + " px high");
        TestWindows.screenshot(robot, w[0].stage(), "lesson-lr-finder-150.png");
        robot.interact(() -> w[0].stage().close());

        robot.clickOn("#trainStart");
        waitFor("two epochs", () -> d.session().run() != null && d.session().run().epochs().size() >= 2);
        robot.interact(d.session()::stop);
        waitFor("stopped", () -> !d.session().state().active());
        Path png = dir.resolve("charts-150.png");
        robot.interact(() -> {
            try {
                d.charts().exportPng(png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(java.nio.file.Files.size(png) > 0);
        org.junit.jupiter.api.Assertions.assertNull(d.charts().lossChart().getLegend(), "the dashboard's charts keep the one legend above them");
        org.junit.jupiter.api.Assertions.assertNull(d.charts().metricChart().getLegend());
        if (System.getProperty("layerlab.screenshots") != null) {
            java.nio.file.Files.copy(png, Path.of(System.getProperty("layerlab.screenshots")).resolve("lesson-export.png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertChartsReadable(robot, d, "after the export");
    }
}
