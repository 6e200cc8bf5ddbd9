package layerlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderStroke;
import javafx.scene.layout.Region;
import javafx.scene.paint.Paint;
import layerlab.graph.Graph;
import layerlab.graph.Position;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Going from card to card and into a card's settings without the mouse (Alt+arrows, Enter, Esc), and a selection one
 * can see on every card: driven like a user at the keyboard.
 */
class KeyboardNavigationTest extends WindowTest {
    /** x (Input [8]) → fc1 (Linear 8→4) → relu1 in a row, and a free fc2 under fc1 (its input unfed: a problem). */
    private void loadChain(FxRobot robot) {
        Graph g = TestWindows.chain();
        robot.interact(() -> {
            editor.load(g);
            window.canvas().requestFocus();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Node focused() {
        return stage.getScene().getFocusOwner();
    }

    private static boolean within(Node n, Node pane) {
        for (Node x = n; x != null; x = x.getParent()) if (x == pane) return true;
        return false;
    }

    /**
     * Alt+→ from nothing selects the first card, then follows the wires (x → fc1 → relu1), Alt+← goes back up them, Alt+↓
     * and Alt+↑ go to the nearest card below and above; Shift adds to the selection. The canvas keeps the focus (Alt is
     * no trip to the menu bar), the cards do not move (plain arrows nudge them), and a screen reader hears where it went.
     */
    @Test
    void altArrowsGoFromCardToCardAlongTheWires(FxRobot robot) {
        loadChain(robot);
        Position before = editor.graph().node("fc1").position();
        TestWindows.keys(robot, KeyCode.ALT, KeyCode.RIGHT);
        assertEquals(Set.of("x"), Set.copyOf(editor.selection()), "nothing selected: the first card");
        TestWindows.keys(robot, KeyCode.ALT, KeyCode.RIGHT);
        assertEquals(Set.of("fc1"), Set.copyOf(editor.selection()));
        assertEquals("Canvas, 4 nodes, selected: fc1 (Linear)", window.canvas().getAccessibleText());
        TestWindows.keys(robot, KeyCode.ALT, KeyCode.RIGHT);
        assertEquals(Set.of("relu1"), Set.copyOf(editor.selection()));
        TestWindows.keys(robot, KeyCode.ALT, KeyCode.RIGHT);
        assertEquals(Set.of("relu1"), Set.copyOf(editor.selection()), "the last card: nothing further that way");
        TestWindows.keys(robot, KeyCode.ALT, KeyCode.LEFT);
        assertEquals(Set.of("fc1"), Set.copyOf(editor.selection()), "back up the wire");
        TestWindows.keys(robot, KeyCode.ALT, KeyCode.DOWN);
        assertEquals(Set.of("fc2"), Set.copyOf(editor.selection()), "the card below, unwired");
        TestWindows.keys(robot, KeyCode.ALT, KeyCode.UP);
        assertEquals(Set.of("fc1"), Set.copyOf(editor.selection()), "the card straight above, not one off to the side");
        TestWindows.keys(robot, KeyCode.SHIFT, KeyCode.ALT, KeyCode.RIGHT);
        TestWindows.keys(robot, KeyCode.SHIFT, KeyCode.ALT, KeyCode.LEFT);
        assertEquals(Set.of("fc1", "relu1"), Set.copyOf(editor.selection()), "Shift adds, and goes on from the card added");
        TestWindows.keys(robot, KeyCode.SHIFT, KeyCode.ALT, KeyCode.LEFT);
        assertEquals(Set.of("x", "fc1", "relu1"), Set.copyOf(editor.selection()));
        assertTrue(window.canvas().isFocused(), "the canvas keeps the focus: " + focused());
        assertEquals(before, editor.graph().node("fc1").position(), "Alt+arrows select; they do not move the cards");
        assertNull(editor.undoNameProperty().get(), "selecting is no edit to undo");
    }

    /**
     * Enter on the canvas puts the focus in the selected node's first setting (the Properties tab comes to the front if
     * Code was showing), its text selected so that typing replaces it; Enter there commits, Esc goes back to the canvas
     * with the node still selected.
     */
    @Test
    void enterEditsTheSelectedNodesSettingsAndEscGoesBack(FxRobot robot) {
        loadChain(robot);
        TabPane side = robot.lookup("#sideTabs").queryAs(TabPane.class);
        robot.interact(() -> side.getSelectionModel().select(1));
        TestWindows.keys(robot, KeyCode.ALT, KeyCode.RIGHT);
        TestWindows.keys(robot, KeyCode.ALT, KeyCode.RIGHT);
        assertEquals("fc1", editor.selectedNode().id());
        TestWindows.keys(robot, KeyCode.ENTER);
        assertEquals(0, side.getSelectionModel().getSelectedIndex(), "the Properties tab is shown");
        assertEquals("param-in_features", focused().getId(), "the first setting has the focus: " + focused());
        robot.write("6");
        TestWindows.keys(robot, KeyCode.TAB);
        assertEquals("param-out_features", focused().getId());
        robot.interact(() -> ((javafx.scene.control.TextField) focused()).selectAll());
        robot.write("5");
        TestWindows.keys(robot, KeyCode.ENTER);
        assertEquals(5, ((Number) editor.graph().node("fc1").param("out_features")).intValue(), "Enter commits");
        assertEquals(6, ((Number) editor.graph().node("fc1").param("in_features")).intValue(), "Tab left the field: kept");
        TestWindows.keys(robot, KeyCode.ESCAPE);
        assertTrue(window.canvas().isFocused(), "Esc: back on the canvas, " + focused());
        assertEquals("fc1", editor.selectedNode().id(), "the node stays selected");
        TestWindows.keys(robot, KeyCode.ALT, KeyCode.RIGHT);
        assertEquals("relu1", editor.selectedNode().id(), "and the keys go on from it");
        TestWindows.keys(robot, KeyCode.ENTER);
        assertEquals("propName", focused().getId(), "a kind without settings: its name");
        assertTrue(within(focused(), robot.lookup("#properties").query()));
    }

    /** A card with a problem, selected, shows the selection's accent ring as well as its red border. */
    @Test
    void aSelectedCardShowsItsSelectionThoughItHasAProblem(FxRobot robot) {
        loadChain(robot);
        Region card = robot.lookup("#node-fc2").queryAs(Region.class);
        List<Paint> unselected = card.getBorder().getStrokes().stream().map(BorderStroke::getTopStroke).toList();
        robot.interact(() -> editor.select(List.of("fc2")));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(card::applyCss);
        List<BorderStroke> strokes = card.getBorder().getStrokes();
        assertTrue(strokes.stream().anyMatch(s -> !unselected.contains(s.getTopStroke())),
                "a colour the unselected card (" + unselected + ") does not have: " + strokes.stream().map(BorderStroke::getTopStroke).toList());
        assertTrue(strokes.stream().anyMatch(s -> unselected.contains(s.getTopStroke())), "and its problem's border still");
        assertTrue(strokes.stream().anyMatch(s -> s.getInsets().getTop() < 0), "a ring outside the card's edge");
        assertNotEquals(unselected, strokes.stream().map(BorderStroke::getTopStroke).toList());
    }

    /**
     * The "?" beside a node's kind in Properties says what it is to a screen reader, and the canvas's help (read out on
     * request) names the keys that work it.
     */
    @Test
    void thePropertiesHelpButtonSaysWhatItIsAndTheCanvasNamesItsKeys(FxRobot robot) {
        loadChain(robot);
        robot.interact(() -> editor.select(List.of("fc1")));
        assertEquals("Help for Linear", robot.lookup("#propHelp").query().getAccessibleText());
        String help = window.canvas().getAccessibleHelp();
        assertTrue(help != null && help.contains("Alt+arrows") && help.contains("Enter edits") && help.contains("Shift+C"), help);
    }

    /**
     * With the dashboard shown, F6 stops at its settings and then at its tabs, where → chooses the next tab (Data) and Tab
     * goes into it: the Data tab was a Tab past every training setting away.
     */
    @Test
    void f6ReachesTheDashboardsTabsAndArrowsChooseOne(FxRobot robot) throws Exception {
        loadChain(robot);
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        TabPane tabs = window.dashboard().tabs();
        robot.interact(() -> tabs.getSelectionModel().select(0));
        robot.interact(() -> window.canvas().requestFocus());
        List<String> visited = new java.util.ArrayList<>();
        for (int i = 0; i < 6 && focused() != tabs; i++) {
            TestWindows.keys(robot, KeyCode.F6);
            visited.add(String.valueOf(focused().getId()));
        }
        assertTrue(focused() == tabs, "F6 reaches the dashboard's tabs: " + visited);
        assertTrue(visited.size() >= 2 && within(stage.getScene().lookup("#" + visited.get(visited.size() - 2)), window.dashboard().getLeft()),
                "the stop before them is the training settings: " + visited);
        // The chosen tab shows the focus with a ring one can see (Modena's is a one-pixel line).
        Region ring = (Region) tabs.lookup(".tab:selected .focus-indicator");
        assertTrue(ring.getBorder() != null && ring.getBorder().getStrokes().get(0).getWidths().getTop() >= 2, "a 2-px ring on the chosen tab");
        TestWindows.keys(robot, KeyCode.RIGHT);
        assertEquals("tabData", tabs.getSelectionModel().getSelectedItem().getId());
        TestWindows.keys(robot, KeyCode.TAB);
        assertTrue(within(focused(), tabs.getSelectionModel().getSelectedItem().getContent()), "Tab goes into the Data tab: " + focused());
    }
}
