package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.geometry.Point2D;
import javafx.scene.control.TextField;
import layerlab.graph.Position;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.editor.Commands;
import layerlab.ui.editor.EditorModel;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Edit › Undo and Redo select what they touched, as drawing editors do, so the user need not select it again: the moved
 * cards, the node whose param changed (Properties showing it), the deleted nodes brought back; and bring it into view.
 */
@WindowTest.Size(width = 1280, height = 820)
class UndoSelectionTest extends WindowTest {
    private EditorModel load(FxRobot robot) {
        EditorModel m = window.editor();
        robot.interact(() -> m.load(TestWindows.chain()));
        return m;
    }

    private static Set<String> selected(EditorModel m) {
        return Set.copyOf(m.selection());
    }

    @Test
    void undoAndRedoOfAMoveSelectTheMovedCards(FxRobot robot) {
        EditorModel m = load(robot);
        robot.interact(() -> {
            m.execute(Commands.move(m.viewGraph(), Map.of("fc1", new Position(240, 60), "relu1", new Position(460, 60))));
            m.select(List.of("x"));
            window.undo();
        });
        assertEquals(Set.of("fc1", "relu1"), selected(m));
        robot.interact(() -> {
            m.select(List.of());
            window.redo();
        });
        assertEquals(Set.of("fc1", "relu1"), selected(m));
    }

    @Test
    void undoOfAParamChangeSelectsThatNodeAndPropertiesShowsIt(FxRobot robot) {
        EditorModel m = load(robot);
        robot.interact(() -> {
            m.execute(Commands.setParam(m.viewGraph(), "fc2", "out_features", 7));
            m.select(List.of("relu1"));
            window.undo();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Set.of("fc2"), selected(m));
        assertEquals("fc2", robot.lookup("#propName").queryAs(TextField.class).getText());
    }

    @Test
    void undoOfADeleteSelectsTheNodesBroughtBackAndRedoLeavesNothingSelected(FxRobot robot) {
        EditorModel m = load(robot);
        robot.interact(() -> {
            m.execute(Commands.delete(m.viewGraph(), List.of("fc1", "relu1")));
            window.undo();
        });
        assertEquals(Set.of("fc1", "relu1"), selected(m));
        robot.interact(window::redo);
        assertEquals(Set.of(), selected(m));
    }

    @Test
    void undoOfAnAddLeavesNothingOfItSelected(FxRobot robot) {
        EditorModel m = load(robot);
        String[] id = {null};
        robot.interact(() -> {
            m.execute(Commands.addNode("ReLU", null, new Position(700, 300), id));
            m.select(List.of(id[0]));
            window.undo();
        });
        assertEquals(Set.of(), selected(m));
        robot.interact(window::redo);
        assertEquals(Set.of(id[0]), selected(m));
    }

    @Test
    void redoOfAMoveFarAwayBringsTheMovedCardIntoView(FxRobot robot) {
        EditorModel m = load(robot);
        robot.interact(() -> {
            m.execute(Commands.move(m.viewGraph(), Map.of("fc2", new Position(4000, 3000))));
            window.undo();
        });
        WaitForAsyncUtils.waitForFxEvents();
        CanvasView cv = window.canvas();
        assertTrue(shownWhole(cv, new Position(240, 300)), "fc2 back where it was is in view");
        robot.interact(window::redo);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Set.of("fc2"), selected(m));
        assertTrue(shownWhole(cv, new Position(4000, 3000)), "fc2 moved again is in view");
        robot.interact(window::undo);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(shownWhole(cv, new Position(240, 300)), "fc2 moved back is in view");
    }

    @Test
    void undoOfAWireOffScreenBringsItsEndsIntoViewAndKeepsTheSelection(FxRobot robot) {
        EditorModel m = load(robot);
        CanvasView cv = window.canvas();
        robot.interact(() -> {
            m.execute(Commands.connect(m.viewGraph(), new layerlab.graph.Edge("relu1", "out", "fc2", "in")));
            m.select(List.of("x"));
            cv.viewport().pan(-5000, -5000);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(!shownWhole(cv, new Position(240, 300)), "panned away: fc2 out of view");
        robot.interact(window::undo);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Set.of("x"), selected(m), "a wire's step keeps the selection");
        assertTrue(m.viewGraph().edges().stream().noneMatch(w -> w.toNode().equals("fc2")), "the wire is gone");
        assertTrue(shownWhole(cv, new Position(460, 40)) && shownWhole(cv, new Position(240, 300)), "both ends of the undone wire in view");
        robot.interact(() -> cv.viewport().pan(5000, 5000));
        robot.interact(window::redo);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(shownWhole(cv, new Position(460, 40)) && shownWhole(cv, new Position(240, 300)), "and of the wire redone");
    }

    private static boolean shownWhole(CanvasView cv, Position p) {
        Point2D a = cv.viewport().toScreen(p.x(), p.y()), b = cv.viewport().toScreen(p.x() + NodeCard.W, p.y() + NodeCard.H);
        return a.getX() >= 0 && a.getY() >= 0 && b.getX() <= cv.surface().getWidth() && b.getY() <= cv.surface().getHeight();
    }
}
