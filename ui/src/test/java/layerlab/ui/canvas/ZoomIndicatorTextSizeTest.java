package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.shell.TextSize;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * At 200 % text View › Fit shows SimpleCNN at 23 % (the samples at 31–41 % in a larger window): the zoom bar says the user's
 * zoom, a share of the window's text size (the cards' text at a quarter of the size this user reads at), not the screen's
 * scale (twice that), and says in its tooltip and to a screen reader what the share is of and that Fit chose it; the fit
 * still shows every card.
 */
class ZoomIndicatorTextSizeTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.projector(stage, Files.createTempDirectory("layerlab-zoom-200").resolve("recovery.json"), 1240, 780, TextSize.LARGEST);
    }

    @Test
    void fitAt200PercentTextSaysTheUsersZoomAndShowsEveryCard(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("simple-cnn.json"));
        WaitForAsyncUtils.waitForFxEvents();
        CanvasView cv = window.canvas();
        TestWindows.laidOut(stage, window::fit);
        Viewport vp = cv.viewport();
        assertEquals(2, vp.textScale(), 1e-9);
        Label label = robot.lookup("#zoomLabel").queryAs(Label.class);
        long users = Math.round(vp.zoom() / 2 * 100);
        assertEquals(users + "%", label.getText(), "the user's zoom, half the screen's scale " + vp.zoom());
        assertTrue(users < 100, "SimpleCNN does not fit at 100 % of 200 % text: " + users);
        String said = label.getTooltip().getText();
        assertTrue(said.startsWith("Zoom " + users + " % of the window's text size (200 %)"), said);
        assertTrue(said.contains("the whole drawing in view (View › Fit)"), said);
        assertEquals(said, label.getAccessibleText());
        List<String> out = new ArrayList<>();
        Bounds view = cv.surface().getLayoutBounds();
        for (NodeCard c : cv.cards().values()) {
            Point2D tl = vp.toScreen(c.getLayoutX(), c.getLayoutY()), br = vp.toScreen(c.getLayoutX() + NodeCard.W, c.getLayoutY() + NodeCard.H);
            if (tl.getX() < 0 || tl.getY() < 0 || br.getX() > view.getWidth() || br.getY() > view.getHeight()) out.add(c.node().name());
        }
        assertEquals(List.of(), out, "cards out of view after Fit");
        TestWindows.screenshot(robot, stage, "zoom-fit-200.png");

        // Zoomed in by the user: no longer the fit's, and said so.
        robot.interact(() -> robot.lookup("#zoomIn").queryButton().fire());
        assertEquals(Math.round(vp.zoom() / 2 * 100) + "%", label.getText());
        assertTrue(!label.getTooltip().getText().contains("View › Fit"), label.getTooltip().getText());
    }
}
