package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.text.Text;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.Theme;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The dashboard in a small window (1000×700) and at the default size (1280×820): the run buttons, the charts' bar and
 * the runs' table keep their whole text; the charts fit; a paused run says so, a stopped one has no ETA; Adam's
 * true/false options are check boxes; the per-batch curve reads on the dark theme's plot.
 */
@WindowTest.Size(width = 1000, height = 700)
class DashboardLayoutTest extends WindowTest {
    /** The text a control shows: its whole text, or a shortened one ("Resu…") when it has too little room. */
    private static String shown(Labeled l) {
        Text t = (Text) l.lookup(".text");
        return t == null ? "" : t.getText();
    }

    private static void assertWhole(Labeled l) {
        assertEquals(l.getText(), shown(l), "shown whole: " + l);
    }

    /** {@code inner} lies within {@code outer} on the screen (not cut off by its edge). */
    private static void assertWithin(Node inner, Node outer) {
        Bounds a = inner.localToScene(inner.getLayoutBounds()), b = outer.localToScene(outer.getLayoutBounds());
        assertTrue(a.getMinX() >= b.getMinX() - 0.5 && a.getMaxX() <= b.getMaxX() + 0.5 && a.getMinY() >= b.getMinY() - 0.5
                && a.getMaxY() <= b.getMaxY() + 0.5, inner.getId() + " " + a + " within " + outer.getId() + " " + b);
    }

    private TableCell<?, ?> endedCell(Dashboard d) {
        return d.charts().runsTable().lookupAll(".table-cell").stream().map(n -> (TableCell<?, ?>) n)
                .filter(c -> c.getTableColumn() != null && "runsEnded".equals(c.getTableColumn().getId()) && !c.isEmpty() && c.getText() != null)
                .findFirst().orElse(null);
    }

    /** What must hold at any window size: nothing cut short, nothing pushed out of the dashboard. */
    private void assertFits(FxRobot robot, Dashboard d) {
        WaitForAsyncUtils.waitForFxEvents();
        TrainingPanel p = d.panel();
        for (Labeled b : List.of(p.start, p.pause, p.step, p.stop)) assertWhole(b);
        for (Node n : robot.lookup("#chartsBar").queryParent().getChildrenUnmodifiable()) {
            // The hint gives way where the bar's line has no room for it.
            if (!n.isVisible()) continue;
            assertWhole((Labeled) n);
            assertWithin(n, d.charts());
        }
        assertWithin(robot.lookup("#chart-lr").query(), d.charts());
        assertWithin(d.charts().runsTable(), d.charts());
        TableCell<?, ?> ended = endedCell(d);
        if (ended != null) assertWhole(ended);
    }

    @Test
    void aPausedAndAStoppedRunFitASmallWindowAndTheDefaultOne(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("spirals.json"));
        Dashboard d = window.dashboard();
        TrainingSession s = d.session();
        TestWindows.showDashboard(robot, d);
        Label placeholder = (Label) d.charts().runsTable().getPlaceholder();
        assertTrue(placeholder.isWrapText());
        WaitForAsyncUtils.waitForFxEvents();
        assertWhole(placeholder);
        assertFits(robot, d);

        // Epochs enough for the click on Pause to find the run going: the sample's 100 take a few seconds once the JIT is warm.
        TestWindows.setField(robot, "#train-epochs", "1000");
        robot.clickOn("#trainStart");
        waitFor("batches arrive", () -> s.run() != null && s.run().batches().size() > 5);
        robot.clickOn("#trainPause");
        waitFor("paused", () -> s.state() == TrainingSession.State.PAUSED);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Resume", d.panel().pause.getText());
        waitFor("the runs' table says paused", () -> endedCell(d) != null && "paused".equals(endedCell(d).getText()));
        assertFits(robot, d);
        robot.interact(() -> {
            stage.setWidth(1280);
            stage.setHeight(820);
        });
        assertFits(robot, d);
        double pauseWidth = d.panel().pause.getWidth();

        robot.interact(s::stop);
        waitFor("stopped", () -> s.state() == TrainingSession.State.FINISHED);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(pauseWidth, d.panel().pause.getWidth(), 0.5, "Pause and Resume have one width: the row does not jump");
        assertTrue(s.statusProperty().get().startsWith("Finished (stopped)"), s.statusProperty().get());
        String progress = s.progressTextProperty().get();
        assertTrue(progress.startsWith("epoch ") && !progress.contains("ETA"), "an ended run has no time left: " + progress);
        waitFor("the runs' table says stopped", () -> endedCell(d) != null && endedCell(d).getText().startsWith("stopped, "));
        assertFits(robot, d);
        assertNotNull(endedCell(d).getTooltip(), "the whole text in a tooltip when a cell is narrower still");
        robot.interact(() -> {
            stage.setWidth(1000);
            stage.setHeight(700);
        });
        assertFits(robot, d);
    }

    /** Whether {@code n} lies wholly inside the viewport of {@code left}. */
    private static boolean inView(Node n, ScrollPane left) {
        Bounds b = n.localToScene(n.getLayoutBounds());
        javafx.scene.Node port = left.lookup(".viewport");
        Bounds v = port.localToScene(port.getLayoutBounds());
        return b.getMinY() >= v.getMinY() - 0.5 && b.getMaxY() <= v.getMaxY() + 0.5;
    }

    /**
     * The run's end keeps its status in view from its final layout: a status that stood for a moment one word a line (a
     * label being laid out) scrolled the view down to its end, and the view stayed there, Start and the start-from-last
     * tick scrolled out above it, where the next click on Start hit nothing.
     */
    @Test
    void aStatusTallForAMomentLeavesTheRunsButtonsInView(FxRobot robot) throws Exception {
        robot.interact(() -> {
            stage.setWidth(1260);
            stage.setHeight(790);
        });
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        javafx.scene.control.TextField epochs = robot.lookup("#train-epochs").queryAs(javafx.scene.control.TextField.class);
        robot.interact(() -> {
            epochs.setText("2");
            epochs.getOnAction().handle(new javafx.event.ActionEvent());
        });
        robot.interact(d::start);
        waitFor("finished", () -> d.session().state() == TrainingSession.State.FINISHED);
        Labeled status = robot.lookup("#trainStatus").queryAs(Labeled.class);
        Node start = robot.lookup("#trainStart").query(), fromLast = robot.lookup("#trainFromLast").query();
        Node scroll = status;
        while (!(scroll instanceof ScrollPane)) scroll = scroll.getParent();
        ScrollPane left = (ScrollPane) scroll;
        String finished = status.getText();
        // For a moment the status is very tall (as one word a line), then it settles.
        TestWindows.laidOut(stage, () -> d.session().statusProperty().set(finished + "\n" + "word\n".repeat(40)));
        TestWindows.laidOut(stage, () -> d.session().statusProperty().set(finished));
        assertTrue(inView(status, left), "the status in view");
        javafx.scene.Node port = left.lookup(".viewport");
        assertTrue(status.localToScene(status.getLayoutBounds()).getMaxY() - start.localToScene(start.getLayoutBounds()).getMinY()
                < port.getLayoutBounds().getHeight(), "the run's buttons and its status fit the view together at this size");
        assertTrue(inView(start, left), "Start in view with it: " + start.localToScene(start.getLayoutBounds()) + ", scrolled to " + left.getVvalue());
        assertTrue(inView(fromLast, left), "the start-from-last tick too");
        // And Start answers a click.
        robot.clickOn(start);
        waitFor("a second run", () -> d.session().runs().size() == 2);
    }

    @Test
    void adamsTrueFalseOptionsAreCheckBoxesThatWriteTheProject(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("spirals.json"));
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        CheckBox amsgrad = robot.lookup("#train-optimizer-amsgrad").queryAs(CheckBox.class);
        assertFalse(amsgrad.isSelected());
        assertTrue(robot.lookup("#train-optimizer-maximize").tryQuery().orElseThrow() instanceof CheckBox);
        robot.interact(amsgrad::fire);
        assertEquals(true, ((Map<?, ?>) window.editor().graph().training().get("optimizer")).get("amsgrad"));
        assertEquals("Set training options", window.editor().undoNameProperty().get());
        robot.interact(() -> window.editor().undo());
        assertFalse(Boolean.TRUE.equals(((Map<?, ?>) window.editor().graph().training().get("optimizer")).get("amsgrad")));
        assertFalse(robot.lookup("#train-optimizer-amsgrad").queryAs(CheckBox.class).isSelected(), "the box follows the undo");
    }

    @Test
    void thePerBatchCurveReadsOnTheDarkPlot(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("spirals.json"));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        robot.interact(() -> window.model().themeProperty().set(Theme.DARK));
        robot.clickOn("#trainStart");
        waitFor("batches arrive", () -> d.session().run() != null && d.session().run().batches().size() > 2);
        robot.interact(d.session()::stop);
        waitFor("stopped", () -> !d.session().state().active());
        var plot = d.charts().lossChart().getXYPlot();
        int batch = plot.getDataset().indexOf("train loss (batch)");
        java.awt.Color line = (java.awt.Color) plot.getRenderer().getSeriesPaint(batch), back = (java.awt.Color) plot.getBackgroundPaint();
        assertTrue(contrast(over(line, back), back) >= 3, "the per-batch loss against the dark plot: " + contrast(over(line, back), back));
        var legend = plot.getLegendItems();
        List<String> labels = new java.util.ArrayList<>();
        for (int i = 0; i < legend.getItemCount(); i++) {
            labels.add(legend.get(i).getLabel());
            if (legend.get(i).getLabel().equals("train (batch)")) assertEquals(line, legend.get(i).getLinePaint(), "its legend swatch too");
        }
        // The title says "Loss": the legend does not repeat it (long names took two rows and the plot's height at 150 %).
        assertEquals(List.of("train (batch)", "train (epoch)", "val (epoch)"), labels);
        robot.interact(() -> window.model().themeProperty().set(Theme.LIGHT));
        java.awt.Color light = (java.awt.Color) plot.getRenderer().getSeriesPaint(batch);
        assertTrue(light.getBlue() > light.getRed() && light.getAlpha() < 255, "back to the light theme's faint blue: " + light);
        assertTrue(contrast(over(light, java.awt.Color.WHITE), java.awt.Color.WHITE) > 1.3, "still visible on white");
    }

    /** {@code c} drawn over {@code back}. */
    private static java.awt.Color over(java.awt.Color c, java.awt.Color back) {
        double a = c.getAlpha() / 255.0;
        return new java.awt.Color((int) Math.round(a * c.getRed() + (1 - a) * back.getRed()), (int) Math.round(a * c.getGreen() + (1 - a) * back.getGreen()),
                (int) Math.round(a * c.getBlue() + (1 - a) * back.getBlue()));
    }

    /** WCAG's contrast ratio. */
    private static double contrast(java.awt.Color a, java.awt.Color b) {
        double x = luminance(a), y = luminance(b);
        return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
    }

    private static double luminance(java.awt.Color c) {
        double[] v = {c.getRed() / 255.0, c.getGreen() / 255.0, c.getBlue() / 255.0};
        for (int i = 0; i < 3; i++) v[i] = v[i] <= 0.03928 ? v[i] / 12.92 : Math.pow((v[i] + 0.055) / 1.055, 2.4);
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
    }
}
