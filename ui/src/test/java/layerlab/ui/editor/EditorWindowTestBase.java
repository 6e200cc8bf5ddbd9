package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeCell;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import layerlab.graph.Block;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.analysis.ProblemCode;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The editor window tests' shared steps: {@link EditorWindowTest} and {@link EditorWindowMoreTest} (one class
 * was the UI suite's longest, 2 minutes in CI, and ran last in its JVM while the others had nothing left to do). */
abstract class EditorWindowTestBase extends WindowTest {
    /** x (Input [8]) → fc1 (Linear 8→4) → relu1, and a free fc2, laid out left to right at zoom 100%. */
    protected void loadChain(FxRobot robot) {
        Graph g = TestWindows.chain();
        robot.interact(() -> editor.load(g));
    }

    /** fc1 and relu1 of {@link #loadChain} selected and grouped with Ctrl+G, as a user does: the placement made. */
    protected Node groupFc1AndRelu1(FxRobot robot) {
        robot.interact(() -> editor.select(List.of("fc1", "relu1")));
        robot.press(KeyCode.CONTROL, KeyCode.G).release(KeyCode.G, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        return editor.graph().nodes().stream().filter(n -> n.kind().equals("Block")).findFirst().orElseThrow();
    }

    protected static Point2D centre(FxRobot robot, String query) {
        Bounds b = robot.lookup(query).query().localToScreen(robot.lookup(query).query().getBoundsInLocal());
        return new Point2D(b.getCenterX(), b.getCenterY());
    }

    protected void dragPort(FxRobot robot, String from, Point2D to) {
        robot.drag(centre(robot, from), MouseButton.PRIMARY).moveTo(to).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
    }

    protected Point2D onCanvas(FxRobot robot, double x, double y) {
        Point2D p = robot.lookup("#canvasSurface").query().localToScreen(x, y);
        return p;
    }

    /** A right click; Monocle turns one into a context-menu request on some versions only. */
    protected static void openContextMenu(FxRobot robot, TreeCell<?> cell) {
        robot.clickOn(cell, MouseButton.SECONDARY);
        if (!cell.getContextMenu().isShowing()) robot.interact(() -> cell.getContextMenu().show(cell, javafx.geometry.Side.BOTTOM, 0, 0));
        WaitForAsyncUtils.waitForFxEvents();
    }

    protected static long litWires(FxRobot robot) {
        return robot.lookup(".edge-curve").queryAll().stream()
                .filter(n -> n.getPseudoClassStates().contains(javafx.css.PseudoClass.getPseudoClass("drop-target"))).count();
    }

    /** A right click on the canvas at its local point: the menu shown (Monocle turns right clicks into requests on some versions only). */
    protected static javafx.scene.control.ContextMenu rightClickAt(FxRobot robot, Point2D screen) {
        javafx.scene.Node surface = robot.lookup("#canvasSurface").query();
        robot.clickOn(screen, MouseButton.SECONDARY);
        WaitForAsyncUtils.waitForFxEvents();
        java.util.function.Supplier<javafx.scene.control.ContextMenu> shown = () -> javafx.stage.Window.getWindows().stream()
                .filter(w -> w instanceof javafx.scene.control.ContextMenu && w.isShowing()).map(w -> (javafx.scene.control.ContextMenu) w)
                .findFirst().orElse(null);
        if (shown.get() == null) {
            Point2D local = surface.screenToLocal(screen);
            robot.interact(() -> surface.fireEvent(new javafx.scene.input.ContextMenuEvent(javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED,
                    local.getX(), local.getY(), screen.getX(), screen.getY(), false, null)));
        }
        return shown.get();
    }

    protected static void choose(FxRobot robot, javafx.scene.control.ContextMenu menu, String id) {
        MenuItem item = menu.getItems().stream().filter(i -> id.equals(i.getId())).findFirst().orElseThrow(() -> new AssertionError(id));
        robot.interact(() -> {
            menu.hide();
            item.fire();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    protected static MenuItem arrangeItem(FxRobot robot, String id) {
        javafx.scene.control.MenuBar bar = robot.lookup("#menuBar").queryAs(javafx.scene.control.MenuBar.class);
        for (MenuItem m : bar.getMenus().get(1).getItems()) {
            if ("editArrange".equals(m.getId())) {
                for (MenuItem i : ((javafx.scene.control.Menu) m).getItems()) if (id.equals(i.getId())) return i;
            }
        }
        throw new AssertionError("no Edit › Arrange item " + id);
    }

    protected static Graph sample(String file) {
        try {
            return ProjectJson.load(Path.of("..", "sample-projects", file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
