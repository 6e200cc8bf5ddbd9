package layerlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The editor from the keyboard alone, and what it tells assistive technology: driven like a user without a mouse. */
class KeyboardAccessTest extends WindowTest {
    private final layerlab.ui.MemoryPreferences prefsNode = new layerlab.ui.MemoryPreferences();

    @Override
    protected MainWindow open(Stage stage) {
        return TestWindows.open(stage, dir.resolve("recovery.json"), 1240, 780, prefsNode);
    }

    /** x (Input [8]) → fc1 (Linear 8→4) → relu1, and a free fc2 (its input unfed: a problem). */
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

    /** Shift+Tab leaves the canvas (Tab alone is quick add there); F6 and Shift+F6 go from panel to panel. */
    @Test
    void theCanvasIsNoTrapAndF6GoesFromPanelToPanel(FxRobot robot) {
        loadChain(robot);
        Node canvas = window.canvas();
        assertTrue(canvas.isFocused());
        assertTrue(robot.lookup(".canvas-focus-ring").query().isVisible(), "the focused canvas shows a ring");

        TestWindows.keys(robot, KeyCode.SHIFT, KeyCode.TAB);
        assertFalse(robot.lookup("#quickAdd").query().isVisible(), "Shift+Tab is no quick add");
        assertFalse(within(focused(), canvas), "Shift+Tab left the canvas: " + focused());
        assertFalse(robot.lookup(".canvas-focus-ring").query().isVisible(), "no ring on a canvas without the focus");

        robot.interact(canvas::requestFocus);
        TestWindows.keys(robot, KeyCode.F6);
        assertTrue(within(focused(), robot.lookup("#properties").query()), "canvas → properties: " + focused());
        TestWindows.keys(robot, KeyCode.F6);
        assertTrue(within(focused(), robot.lookup("#problems").query()), "→ problems (fc2's input is unfed): " + focused());
        TestWindows.keys(robot, KeyCode.F6);
        assertEquals("paletteSearch", focused().getId(), "→ the palette's search");
        TestWindows.keys(robot, KeyCode.F6);
        assertTrue(canvas.isFocused(), "→ the canvas again");
        TestWindows.keys(robot, KeyCode.SHIFT, KeyCode.F6);
        assertEquals("paletteSearch", focused().getId(), "Shift+F6 goes back");
        // The View menu lists both keys (so Help › Shortcuts does too).
        var menus = robot.lookup("#menuBar").queryAs(javafx.scene.control.MenuBar.class).getMenus();
        assertTrue(Shortcuts.of(menus).contains(new Shortcuts.Shortcut("View › Next Panel", "F6")), Shortcuts.of(menus).toString());
    }

    /** Search, ↓ into the list, Enter adds the layer to the canvas, as a double click does. */
    @Test
    void enterInThePaletteAddsTheLayer(FxRobot robot) {
        loadChain(robot);
        robot.interact(() -> robot.lookup("#paletteSearch").query().requestFocus());
        robot.write("gelu");
        TestWindows.keys(robot, KeyCode.DOWN);
        @SuppressWarnings("unchecked")
        TreeView<String> tree = robot.lookup("#palette").queryAs(TreeView.class);
        assertTrue(tree.isFocused());
        assertEquals("GELU", tree.getSelectionModel().getSelectedItem().getValue(), "the first match, not its group's heading");
        TestWindows.keys(robot, KeyCode.ENTER);
        assertNotNull(editor.graph().nodeByName("gelu1"), "added: " + editor.graph().nodes());
        // Enter in the search adds the first match at once.
        robot.interact(() -> robot.lookup("#paletteSearch").query().requestFocus());
        robot.eraseText(4).write("tanh");
        TestWindows.keys(robot, KeyCode.ENTER);
        assertNotNull(editor.graph().nodeByName("tanh1"), "added: " + editor.graph().nodes());
        // gelu1 was selected: tanh1 comes after it, connected, a column to its right (as quick add chains).
        Graph g = editor.graph();
        var gelu = g.nodeByName("gelu1");
        var tanh = g.nodeByName("tanh1");
        assertTrue(g.outgoing(gelu.id()).stream().anyMatch(e -> e.toNode().equals(tanh.id())), "gelu1 → tanh1: " + g.edges());
        assertTrue(tanh.position().x() > gelu.position().x(), "right of gelu1: " + tanh.position() + " vs " + gelu.position());
        // With nothing selected, layers added one after another go to the middle of the view without piling up.
        robot.interact(() -> editor.select(List.of()));
        for (int i = 0; i < 3; i++) {
            robot.interact(() -> {
                editor.select(List.of());
                robot.lookup("#paletteSearch").query().requestFocus();
            });
            robot.eraseText(4).write("tanh");
            TestWindows.keys(robot, KeyCode.ENTER);
        }
        g = editor.graph();
        assertEquals(6 + 3, g.nodes().size(), g.nodes().toString());
        for (var a : g.nodes()) {
            for (var b : g.nodes()) {
                if (a == b) continue;
                boolean overlap = Math.abs(a.position().x() - b.position().x()) < layerlab.ui.editor.Placement.CARD_W
                        && Math.abs(a.position().y() - b.position().y()) < layerlab.ui.editor.Placement.CARD_H;
                assertFalse(overlap, a.name() + " at " + a.position() + " covers " + b.name() + " at " + b.position());
            }
        }
    }

    /** C on a selected node lists the inputs its output may feed; Enter draws the wire; Ctrl+Z takes it back. */
    @Test
    void connectToDrawsAWireFromTheKeyboard(FxRobot robot) {
        loadChain(robot);
        robot.interact(() -> editor.select(List.of("relu1")));
        robot.write("c");
        assertTrue(robot.lookup("#quickAdd").query().isVisible());
        assertEquals("", robot.lookup("#quickAddSearch").queryAs(TextField.class).getText(), "the c is not typed into the search");
        robot.write("fc2");
        TestWindows.keys(robot, KeyCode.ENTER);
        Edge wire = new Edge("relu1", "out", "fc2", "in");
        assertTrue(editor.graph().edges().contains(wire), editor.graph().edges().toString());
        assertTrue(window.canvas().isFocused(), "the popup gives the focus back to the canvas");
        TestWindows.keys(robot, KeyCode.CONTROL, KeyCode.Z);
        assertFalse(editor.graph().edges().contains(wire));
        // Only the inputs that may take it are offered: fc1's and relu1's are fed already.
        robot.interact(() -> editor.select(List.of("x")));
        robot.write("c");
        @SuppressWarnings("unchecked")
        javafx.scene.control.ListView<layerlab.ui.editor.QuickAddModel.Choice> list = robot.lookup("#quickAddList").queryAs(javafx.scene.control.ListView.class);
        assertEquals(List.of("fc2.in  (Linear)"), list.getItems().stream().map(c -> c.label()).toList());
        TestWindows.keys(robot, KeyCode.ESCAPE);
        // Shift+A (quick add) neither types its A into the search.
        robot.write("A");
        assertTrue(robot.lookup("#quickAdd").query().isVisible());
        assertEquals("", robot.lookup("#quickAddSearch").queryAs(TextField.class).getText());
        TestWindows.keys(robot, KeyCode.ESCAPE);
    }

    /**
     * Tab after a float32 Input, "Embedding", Enter: the Embedding asked for comes, connected, and its problem says to make
     * the Input int64. Quick add offered only kinds that take float32 there, so Enter placed a PositionEmbedding.
     */
    @Test
    void aKindTypedInFullAfterATensorItCannotTakeIsStillTheOnePlaced(FxRobot robot) {
        loadChain(robot);
        robot.interact(() -> editor.select(List.of("relu1")));
        TestWindows.keys(robot, KeyCode.TAB);
        assertTrue(robot.lookup("#quickAdd").query().isVisible());
        robot.write("Embedding");
        TestWindows.keys(robot, KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        layerlab.graph.Node added = editor.graph().nodes().stream().filter(n -> !Set.of("x", "fc1", "relu1", "fc2").contains(n.id())).findFirst()
                .orElseThrow();
        assertEquals("Embedding", added.kind());
        assertTrue(editor.graph().edges().contains(new Edge("relu1", "out", added.id(), "in")), editor.graph().edges().toString());
        String problems = editor.analysis().problems().toString();
        assertTrue(problems.contains("needs int64 indices") && problems.contains("dtype int64"), problems);
    }

    /** Enter on a problem in the list selects its node, as a click does. */
    @Test
    void enterOnAProblemSelectsItsNode(FxRobot robot) {
        loadChain(robot);
        TestWindows.keys(robot, KeyCode.F6);
        TestWindows.keys(robot, KeyCode.F6);
        assertEquals("problemsList", focused().getId());
        TestWindows.keys(robot, KeyCode.DOWN);
        TestWindows.keys(robot, KeyCode.ENTER);
        assertEquals(Set.of("fc2"), Set.copyOf(editor.selection()));
    }

    /** Cards, ports, wires, the canvas and the zoom buttons say what they are in words. */
    @Test
    void customControlsHaveAccessibleText(FxRobot robot) {
        loadChain(robot);
        String card = robot.lookup("#node-fc1").query().getAccessibleText();
        assertTrue(card.startsWith("fc1, Linear, 8, 4, output [N, 4], 36 params"), card);
        assertTrue(robot.lookup("#node-fc2").query().getAccessibleText().contains("error: "), "a card's problems are read out");
        assertEquals("fc1 input in, float32 values", robot.lookup("#port-fc1-in-in").query().getAccessibleText());
        assertTrue(robot.lookup(".edge").queryAll().stream().anyMatch(e -> "Wire x.out to fc1.in, carries [N, 8]".equals(e.getAccessibleText())),
                robot.lookup(".edge").queryAll().stream().map(Node::getAccessibleText).toList().toString());
        robot.interact(() -> editor.select(List.of("fc1")));
        assertEquals("Canvas, 4 nodes, selected: fc1 (Linear)", window.canvas().getAccessibleText());
        for (String id : List.of("#zoomIn", "#zoomOut")) {
            Button b = robot.lookup(id).queryAs(Button.class);
            assertTrue(b.getAccessibleText().startsWith("Zoom"), id);
            assertNotNull(b.getTooltip(), id + " says what it does");
        }
    }

    /** View › Text Size: every text of the window and its dialogs grows, and the choice is remembered. */
    @Test
    void textSizeScalesTheWindowAndItsDialogsAndIsRemembered(FxRobot robot) {
        loadChain(robot);
        javafx.scene.control.Label status = robot.lookup("#statusText").queryAs(javafx.scene.control.Label.class);
        double before = status.getFont().getSize();
        // Into the submenu along its first row, then down it: a slanting path would cross View's next item and close it.
        robot.clickOn("#menuView").clickOn("#viewTextSize").moveTo("#viewTextSize100").clickOn("#viewTextSize150");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(TextSize.LARGER, window.model().textSizeProperty().get());
        assertEquals(before * 1.5, status.getFont().getSize(), 0.05, "the status bar's text (em) follows");
        assertEquals(19.5, robot.lookup("#paletteSearch").queryAs(TextField.class).getFont().getSize(), 0.05);
        assertEquals(TextSize.LARGER, new UiPrefs(prefsNode).textSize(), "remembered");
        // A dialog takes it from the window, with the theme.
        List<String> sheets = new java.util.ArrayList<>();
        robot.interact(() -> sheets.addAll(ShortcutsDialog.build(stage, List.of()).getDialogPane().getStylesheets()));
        assertTrue(sheets.contains(TextSize.LARGER.stylesheet()), "the dialog's text is as large: " + sheets);
        // The start page's sample cards widen to their buttons' words ("O…" and "Open and t…" at 125 % before).
        robot.interact(() -> window.showStartPage(false));
        WaitForAsyncUtils.waitForFxEvents();
        for (String id : List.of("#startOpen-simple-cnn", "#startTrain-simple-cnn")) {
            Button b = robot.lookup(id).queryAs(Button.class);
            assertTrue(b.getWidth() >= b.prefWidth(-1) - 0.5, id + " is cut short: " + b.getWidth() + " < " + b.prefWidth(-1));
        }
        // The start page grows with the text (it kept 1060×700), within the screen.
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Stage start = TestWindows.windowWith("startPage");
        assertEquals(Math.min(1060 * 1.5, screen.getWidth()), start.getWidth(), 1, "the start page's width at 150 %");
        assertEquals(Math.min(700 * 1.5, screen.getHeight()), start.getHeight(), 1, "its height");
        javafx.scene.control.Button empty = robot.lookup("#startNew").queryAs(Button.class);
        assertEquals(empty.getText(), ((javafx.scene.text.Text) empty.lookup(".text")).getText(), "the side panel's buttons whole");
        assertTrue(start.getX() >= screen.getMinX() && start.getX() + start.getWidth() <= screen.getMaxX() + 1, "on the screen");
        robot.interact(() -> TestWindows.windowWith("startPage").close());
        // Back to normal.
        robot.interact(() -> window.model().textSizeProperty().set(TextSize.NORMAL));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, status.getFont().getSize(), 0.05);
    }
}
