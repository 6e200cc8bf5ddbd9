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

    /**
     * The sample untouched is laid out anew, from its file's layout, for each size the canvas takes: in the 638 px the
     * panels leave it at 150 % text it wraps in fewer columns (its own four showed it at 31 %), with the panels hidden it
     * has its own four again, and shown again it wraps as it first did, the selection kept throughout and nothing to
     * undo. (It was wrapped once, for the canvas it opened in, and kept that wrap for every other size.) Once moved by
     * the user, it keeps its places.
     */
    @Test
    void theUntouchedSampleIsLaidOutForEachSizeOfTheCanvas(FxRobot robot) throws Exception {
        TestWindows.laidOut(stage, () -> window.openSampleAtStart("simple-cnn.json"));
        layerlab.graph.Graph narrow = editor.graph(), own = layerlab.ui.project.Samples.load("simple-cnn.json");
        assertTrue(!places(narrow).equals(places(own)), "wrapped for the narrow canvas");
        double narrowZoom = window.canvas().viewport().zoom();
        assertTrue(narrowZoom >= 0.4, "its cards no smaller than 100 % text's at its least readable: " + narrowZoom);
        String conv1 = editor.graph().nodeByName("conv1").id();
        robot.interact(() -> editor.select(List.of(conv1)));

        TestWindows.laidOut(stage, () -> window.model().sidePanelsProperty().set(false));
        TestWindows.waitFor("laid out for the wide canvas", () -> places(editor.graph()).equals(places(own)));
        assertEquals(List.of(conv1), List.copyOf(editor.selection()), "the selection kept");
        assertFalse(editor.canUndo() || editor.isDirty(), "nothing to undo or save");

        TestWindows.laidOut(stage, () -> window.model().sidePanelsProperty().set(true));
        TestWindows.waitFor("wrapped again as at first", () -> places(editor.graph()).equals(places(narrow)));
        TestWindows.waitFor("fitted as at first", () -> Math.abs(window.canvas().viewport().zoom() - narrowZoom) < 1e-6);
        assertEquals(List.of(conv1), List.copyOf(editor.selection()), "the selection kept");

        layerlab.graph.Position at = editor.graph().node(conv1).position();
        robot.interact(() -> editor.execute(layerlab.ui.editor.Commands.move(editor.graph(),
                java.util.Map.of(conv1, new layerlab.graph.Position(at.x() + 40, at.y())))));
        var moved = places(editor.graph());
        TestWindows.laidOut(stage, () -> window.model().sidePanelsProperty().set(false));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(moved, places(editor.graph()), "a sample the user changed keeps its places");
    }

    private static java.util.Map<String, layerlab.graph.Position> places(layerlab.graph.Graph g) {
        java.util.Map<String, layerlab.graph.Position> at = new java.util.TreeMap<>();
        for (var n : g.nodes()) at.put(n.id(), n.position());
        return at;
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
