package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.MainWindow;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A 1280×720 projector at 150 % text: the inspector's column titles read whole, the range test's suggestion stays inside
 * its plot, and the run controls keep their width and show how a run ended.
 */
class ProjectorLeftoversTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.projector(stage, dir.resolve("recovery.json"));
    }

    @Test
    void theRunControlsKeepTheirWidthAndShowHowTheRunEnded(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.sample(robot, window, "iris.json");
        Node side = d.getLeft();
        javafx.scene.control.Button pause = robot.lookup("#trainPause").queryAs(javafx.scene.control.Button.class);
        // Long enough to be paused on a busy machine; stopped below.
        javafx.scene.control.TextField epochs = robot.lookup("#train-epochs").queryAs(javafx.scene.control.TextField.class);
        robot.interact(() -> {
            epochs.setText("5000");
            epochs.getOnAction().handle(new javafx.event.ActionEvent());
        });
        robot.clickOn("#trainStart");
        waitFor("two epochs", () -> d.session().run() != null && d.session().run().epochs().size() >= 2);
        WaitForAsyncUtils.waitForFxEvents();
        double[] running = {side.getLayoutBounds().getWidth(), pause.getWidth()};
        robot.interact(d.session()::pause);
        waitFor("paused", () -> d.session().state() == TrainingSession.State.PAUSED);
        TestWindows.awaitPulses(stage.getScene(), 3);
        TestWindows.screenshot(robot, stage, "projector-paused-150.png");
        assertEquals("Resume", pause.getText());
        assertEquals(running[0], side.getLayoutBounds().getWidth(), 0.5, "the side column keeps its width when Pause becomes Resume");
        assertEquals(running[1], pause.getWidth(), 0.5, "the button keeps its width");
        assertEquals("Resume", TestWindows.shownText(pause));
        // The teacher scrolled down to the settings meanwhile: the run's end brings its status back into view.
        Labeled status = robot.lookup("#trainStatus").queryAs(Labeled.class);
        Node scroll = status;
        while (!(scroll instanceof ScrollPane)) scroll = scroll.getParent();
        ScrollPane left = (ScrollPane) scroll;
        robot.interact(() -> {
            epochs.requestFocus();
            left.setVvalue(1);
        });
        robot.interact(d.session()::resume);
        robot.interact(d.session()::stop);
        waitFor("stopped", () -> !d.session().state().active());
        TestWindows.awaitPulses(stage.getScene(), 3);
        TestWindows.screenshot(robot, stage, "projector-finished-150.png");
        assertEquals(running[0], side.getLayoutBounds().getWidth(), 0.5, "the side column keeps its width when the run ends");
        Bounds s = status.localToScene(status.getLayoutBounds()), view = left.localToScene(left.getLayoutBounds());
        assertTrue(!status.getText().isBlank(), "a finished run says how it ended");
        assertTrue(s.getMinY() >= view.getMinY() - 0.5 && s.getMaxY() <= view.getMaxY() + 0.5,
                "the whole status is in view: " + s + " in " + view + ": " + status.getText());
        assertEquals(status.getText(), TestWindows.shownText(status), "the status reads whole");
        // The panel's title above the run's buttons, whole or out of view, not a line of half letters at the top.
        Bounds title = robot.lookup("#trainTitle").query().localToScene(robot.lookup("#trainTitle").query().getLayoutBounds());
        assertTrue(title.getMinY() >= view.getMinY() - 0.5 || title.getMaxY() <= view.getMinY() + 0.5, "the title whole or out of view: " + title + " in " + view);
        // Then the teacher takes the panel in hand (a click in it) and drags its scroll bar down to a setting: a status
        // that changes after that leaves the view where they put it.
        robot.clickOn(status);
        robot.interact(() -> left.setVvalue(1));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(status.localToScene(status.getLayoutBounds()).getMaxY() < view.getMinY(), "scrolled past the status");
        robot.interact(() -> d.session().statusProperty().set(status.getText() + "\nand a second line\nand a third"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(left.getVvalue() > 0.8, "the view stays at the settings the teacher scrolled to, not pulled back to the status: " + left.getVvalue());
        assertTrue(status.localToScene(status.getLayoutBounds()).getMaxY() < view.getMinY(), "the status stays out of view");
    }

    @Test
    void theInspectorsColumnTitlesReadWhole(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.trained(robot, window, "iris.json", 2);
        robot.interact(() -> window.editor().select(java.util.List.of(window.editor().graph().nodeByName("fc1").id())));
        robot.interact(() -> d.tabs().getSelectionModel().select(2));
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> table = robot.lookup("#inspectStats").queryAs(TableView.class);
        waitFor("the statistics", () -> !table.getItems().isEmpty());
        TestWindows.awaitPulses(stage.getScene(), 3);
        TestWindows.screenshot(robot, stage, "projector-inspector-150.png");
        int titles = 0;
        for (Node header : table.lookupAll(".column-header")) {
            Node label = header.lookup(".label");
            if (!(label instanceof Labeled l) || l.getText() == null || l.getText().isEmpty()) continue;
            titles++;
            assertEquals(l.getText(), TestWindows.shownText(l), "the column's title reads whole");
        }
        assertEquals(table.getColumns().size(), titles, "every column has its title");
        // The numbers beside them keep some digits: the titles' room is not taken from them.
        for (Node cell : table.lookupAll(".table-cell")) {
            if (cell instanceof Labeled c && c.getText() != null) assertTrue(!TestWindows.shownText(c).startsWith("…"), "a cell shows " + TestWindows.shownText(c) + " for " + c.getText());
        }
    }

    @Test
    void theRangeTestsSuggestionStaysInsideItsPlot(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.sample(robot, window, "iris.json");
        LrFinderWindow[] w = {null};
        robot.interact(() -> w[0] = d.findLr());
        waitFor("the suggestion", () -> w[0].result() != null);
        WaitForAsyncUtils.waitForFxEvents();
        ChartViewer v = (ChartViewer) w[0].stage().getScene().lookup("#lrFinderChart");
        robot.interact(() -> v.getCanvas().draw());
        TestWindows.screenshot(robot, w[0].stage(), "projector-lr-finder-150.png");
        XYPlot plot = v.getChart().getXYPlot();
        ValueMarker m = (ValueMarker) plot.getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND).iterator().next();
        java.awt.geom.Rectangle2D area = v.getCanvas().getRenderingInfo().getPlotInfo().getDataArea();
        double x = plot.getDomainAxis().valueToJava2D(m.getValue(), area, plot.getDomainAxisEdge());
        java.awt.Graphics2D g = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_ARGB).createGraphics();
        double width = g.getFontMetrics(m.getLabelFont()).getStringBounds(m.getLabel(), g).getWidth();
        g.dispose();
        // The room beside the line on the label's side, with a fifth to spare: the screen's font may draw wider than
        // this measure (at 0.0658 of 1e-7…10 the label had its whole width by it, and lost its last digit on screen).
        boolean right = m.getLabelTextAnchor() == org.jfree.chart.ui.TextAnchor.TOP_LEFT;
        double room = right ? area.getMaxX() - x - m.getLabelOffset().getLeft() : x - area.getMinX() - m.getLabelOffset().getRight();
        assertTrue(room >= 1.2 * width, "\"" + m.getLabel() + "\" (" + width + " px) has " + room + " px beside its line");
        robot.interact(() -> w[0].stage().close());
    }
}
