package layerlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * View › Show Side Panels (Ctrl+B) on a 1280×720 projector at 150 % text: unticked, the palette and Properties/Code go
 * and the canvas takes the window's width, the drawing fitted again larger (SimpleCNN fitted at 31 % in the 638 px the
 * panels left it); ticked again, they come back at their widths. The focus in a panel that goes moves to the canvas, and
 * Enter on a selected card still goes into its settings, showing the panels.
 */
class SidePanelsTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.projector(stage, dir.resolve("recovery.json"), 1280, 720, TextSize.LARGER);
    }

    @Test
    void ctrlBHidesThePanelsForTheCanvasAndShowsThemAgainAsTheyWere(FxRobot robot) throws Exception {
        TestWindows.laidOut(stage, () -> window.openSampleAtStart("simple-cnn.json"));
        Node workspace = robot.lookup("#workspace").query(), palette = robot.lookup("#palettePanel").query(), side = robot.lookup("#sideTabs").query();
        double paletteWidth = palette.getLayoutBounds().getWidth(), sideWidth = side.getLayoutBounds().getWidth();
        double canvasWidth = window.canvas().getWidth(), zoom = window.canvas().viewport().zoom();
        CheckMenuItem item = (CheckMenuItem) robot.lookup("#menuBar").queryAs(javafx.scene.control.MenuBar.class).getMenus().stream()
                .flatMap(m -> m.getItems().stream()).filter(i -> "viewSidePanels".equals(i.getId())).findFirst().orElseThrow();
        assertTrue(item.isSelected());

        robot.clickOn("#paletteSearch");
        TestWindows.laidOut(stage, () -> TestWindows.keys(robot, KeyCode.CONTROL, KeyCode.B));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(item.isSelected(), "the menu says the panels are hidden");
        assertTrue(palette.getScene() == null && side.getScene() == null, "the palette and Properties are gone");
        double w = workspace.getLayoutBounds().getWidth();
        assertEquals(w, window.canvas().getWidth(), 2, "the canvas has the workspace's whole width");
        assertTrue(window.canvas().getWidth() > canvasWidth * 1.8, window.canvas().getWidth() + " against " + canvasWidth);
        // Fitted again for the wider canvas (the height bounds it now): larger than before.
        TestWindows.waitFor("the drawing fitted again", () -> window.canvas().viewport().zoom() > zoom * 1.15);
        assertTrue(PaneCycle.within(stage.getScene().getFocusOwner(), window.canvas()), "the focus left the hidden search for the canvas: "
                + stage.getScene().getFocusOwner());
        TestWindows.screenshot(robot, stage, "side-panels-hidden");

        TestWindows.laidOut(stage, () -> TestWindows.keys(robot, KeyCode.CONTROL, KeyCode.B));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(item.isSelected());
        assertTrue(palette.getScene() != null && side.getScene() != null);
        assertEquals(paletteWidth, palette.getLayoutBounds().getWidth(), 2, "the palette's width as it was");
        assertEquals(sideWidth, side.getLayoutBounds().getWidth(), 2, "Properties' width as it was");
    }

    @Test
    void enterOnASelectedCardShowsThePanelsAndGoesIntoItsSettings(FxRobot robot) throws Exception {
        TestWindows.laidOut(stage, () -> window.openSampleAtStart("simple-cnn.json"));
        robot.interact(() -> window.model().sidePanelsProperty().set(false));
        robot.interact(() -> {
            editor.select(List.of(editor.graph().nodeByName("conv1").id()));
            window.canvas().requestFocus();
        });
        WaitForAsyncUtils.waitForFxEvents();
        TestWindows.keys(robot, KeyCode.ENTER);
        Node side = robot.lookup("#sideTabs").query();
        assertTrue(window.model().sidePanelsProperty().get() && side.getScene() != null, "Enter showed the panels");
        assertTrue(PaneCycle.within(stage.getScene().getFocusOwner(), side), "the focus in conv1's settings: " + stage.getScene().getFocusOwner());
    }

    /** The guided tour points at the palette and Properties: started with them hidden, it shows them first. */
    @Test
    void theGuidedTourShowsThePanelsItPointsAt(FxRobot robot) throws Exception {
        TestWindows.laidOut(stage, () -> window.openSampleAtStart("simple-cnn.json"));
        robot.interact(() -> window.model().sidePanelsProperty().set(false));
        javafx.scene.control.MenuItem tour = robot.lookup("#menuBar").queryAs(javafx.scene.control.MenuBar.class).getMenus().stream()
                .flatMap(m -> m.getItems().stream()).filter(i -> "helpTour".equals(i.getId())).findFirst().orElseThrow();
        TestWindows.laidOut(stage, tour::fire);
        assertTrue(window.tour().isShowing(), "the tour runs");
        assertTrue(robot.lookup("#palettePanel").query().getScene() != null && robot.lookup("#sideTabs").query().getScene() != null,
                "the panels it points at are shown");
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
