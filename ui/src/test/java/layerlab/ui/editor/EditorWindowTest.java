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

/** Drives the editor like a user, in the real main window (headless under Monocle). */
class EditorWindowTest extends WindowTest {
    /** x (Input [8]) → fc1 (Linear 8→4) → relu1, and a free fc2, laid out left to right at zoom 100%. */
    private void loadChain(FxRobot robot) {
        Graph g = TestWindows.chain();
        robot.interact(() -> editor.load(g));
    }

    /** fc1 and relu1 of {@link #loadChain} selected and grouped with Ctrl+G, as a user does: the placement made. */
    private Node groupFc1AndRelu1(FxRobot robot) {
        robot.interact(() -> editor.select(List.of("fc1", "relu1")));
        robot.press(KeyCode.CONTROL, KeyCode.G).release(KeyCode.G, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        return editor.graph().nodes().stream().filter(n -> n.kind().equals("Block")).findFirst().orElseThrow();
    }

    private static Point2D centre(FxRobot robot, String query) {
        Bounds b = robot.lookup(query).query().localToScreen(robot.lookup(query).query().getBoundsInLocal());
        return new Point2D(b.getCenterX(), b.getCenterY());
    }

    private void dragPort(FxRobot robot, String from, Point2D to) {
        robot.drag(centre(robot, from), MouseButton.PRIMARY).moveTo(to).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Point2D onCanvas(FxRobot robot, double x, double y) {
        Point2D p = robot.lookup("#canvasSurface").query().localToScreen(x, y);
        return p;
    }

    @Test
    void dragFromThePaletteAddsANodeWhereItIsDropped(FxRobot robot) {
        TreeCell<?> cell = robot.lookup((javafx.scene.Node n) -> n instanceof TreeCell<?> c && "Conv2d".equals(c.getText())).query();
        robot.drag(cell, MouseButton.PRIMARY).moveTo(onCanvas(robot, 400, 300)).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, editor.graph().nodes().size());
        Node n = editor.graph().nodes().get(0);
        assertEquals("Conv2d", n.kind());
        assertEquals("conv1", n.name());
        assertTrue(Math.abs(n.position().x() + 90 - 400) <= 20 && Math.abs(n.position().y() + 52 - 300) <= 20, n.position().toString());
        assertFalse(robot.lookup("#canvasHint").query().isVisible());
        assertTrue(stage.getTitle().endsWith(" •"), "dirty: " + stage.getTitle());
        robot.clickOn("#menuEdit");
        MenuItem undo = robot.lookup("#menuBar").queryAs(javafx.scene.control.MenuBar.class).getMenus().get(1).getItems().get(0);
        assertEquals("Undo Add Conv2d", undo.getText());
        robot.clickOn(undo.getText());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, editor.graph().nodes().size());
        assertFalse(stage.getTitle().endsWith(" •"), "clean again after undo: " + stage.getTitle());
    }

    @Test
    void connectingShowsTheShapeAndARefusalSaysWhy(FxRobot robot) {
        loadChain(robot);
        // relu1 → fc2: allowed; the edge carries relu1's shape.
        dragPort(robot, "#port-relu1-out-out", centre(robot, "#port-fc2-in-in"));
        assertTrue(editor.graph().edges().contains(Edge.of("relu1.out", "fc2.in")), editor.graph().edges().toString());
        Label shape = robot.lookup(".edge-label").match((Label l) -> l.getText().equals("[N, 4]")).query();
        assertNotNull(shape);
        assertEquals("Connect relu1.out → fc2.in", editor.undoNameProperty().get());

        // fc2 → fc1: fc1's input is already fed.
        dragPort(robot, "#port-fc2-out-out", centre(robot, "#port-fc1-in-in"));
        String why = window.canvas().refusalText();
        assertTrue(why.contains("already fed by x.out"), why);
        assertEquals(3, editor.graph().edges().size());

        // fc2 → relu1 would make a loop once relu1 feeds fc2: picked up relu1's input first.
        robot.interact(() -> editor.execute(Commands.disconnect(editor.graph(), Edge.of("fc1.out", "relu1.in"))));
        dragPort(robot, "#port-fc2-out-out", centre(robot, "#port-relu1-in-in"));
        why = window.canvas().refusalText();
        assertTrue(why.contains("loop: fc2 → relu1 → fc2"), why);
    }

    @Test
    void draggingAnEdgesEndReconnectsOrDeletesIt(FxRobot robot) {
        loadChain(robot);
        dragPort(robot, "#port-relu1-in-in", centre(robot, "#port-fc2-in-in"));
        assertTrue(editor.graph().edges().contains(Edge.of("fc1.out", "fc2.in")), editor.graph().edges().toString());
        assertFalse(editor.graph().edges().contains(Edge.of("fc1.out", "relu1.in")));
        assertEquals("Reconnect", editor.undoNameProperty().get());

        dragPort(robot, "#port-fc2-in-in", onCanvas(robot, 600, 450));
        assertEquals(List.of(Edge.of("x.out", "fc1.in")), editor.graph().edges());
        robot.interact(editor::undo);
        robot.interact(editor::undo);
        assertTrue(editor.graph().edges().contains(Edge.of("fc1.out", "relu1.in")));
    }

    @Test
    void aNodeDroppedOnAnEdgeIsInsertedIntoIt(FxRobot robot) {
        loadChain(robot);
        // fc1 → relu1's middle is at (440, 92); drag fc2 (a free node) so that its centre lands there.
        Point2D from = centre(robot, "#node-fc2");
        Point2D mid = onCanvas(robot, 440, 92);
        robot.drag(from, MouseButton.PRIMARY).moveTo(mid);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, litWires(robot), "the wire it would go into lights up while the card is over it");
        robot.release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, litWires(robot));
        List<Edge> es = editor.graph().edges();
        assertTrue(es.contains(Edge.of("fc1.out", "fc2.in")) && es.contains(Edge.of("fc2.out", "relu1.in")), es.toString());
        assertEquals("Insert fc2", editor.undoNameProperty().get());
        // Room is made in the row: fc2 a column after fc1, relu1 pushed right by as much as it needs.
        assertEquals(new Position(520, 40), editor.graph().node("fc2").position());
        assertEquals(new Position(800, 40), editor.graph().node("relu1").position());
        robot.interact(editor::undo);
        assertTrue(editor.graph().edges().contains(Edge.of("fc1.out", "relu1.in")));
        assertEquals(new Position(240, 300), editor.graph().node("fc2").position(), "move and insert are one step");
        assertEquals(new Position(460, 40), editor.graph().node("relu1").position());
    }

    @Test
    void aLayerDraggedFromThePaletteOntoAWireGoesIntoIt(FxRobot robot) {
        loadChain(robot);
        // Found as a user finds a layer below the palette's fold: by its name in the search field.
        robot.interact(() -> robot.lookup("#paletteSearch").queryAs(TextField.class).setText("Dropout"));
        WaitForAsyncUtils.waitForFxEvents();
        TreeCell<?> cell = robot.lookup((javafx.scene.Node n) -> n instanceof TreeCell<?> c && "Dropout".equals(c.getText())).query();
        robot.drag(cell, MouseButton.PRIMARY).moveTo(onCanvas(robot, 300, 300)).moveTo(onCanvas(robot, 440, 92));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#dropGhost").query().isVisible(), "a ghost card shows where the layer lands");
        assertEquals(1, litWires(robot));
        robot.release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#dropGhost").query().isVisible());
        assertEquals(0, litWires(robot));
        String id = editor.graph().nodes().stream().filter(n -> n.kind().equals("Dropout")).findFirst().orElseThrow().id();
        List<Edge> es = editor.graph().edges();
        assertTrue(es.contains(Edge.of("fc1.out", id + ".in")) && es.contains(Edge.of(id + ".out", "relu1.in")), es.toString());
        assertFalse(es.contains(Edge.of("fc1.out", "relu1.in")));
        assertEquals("Add Dropout into fc1.out → relu1.in", editor.undoNameProperty().get());
        assertEquals(Set.of(id), Set.copyOf(editor.selection()), "the new layer is selected");
        robot.interact(editor::undo);
        assertEquals(4, editor.graph().nodes().size(), "one undo takes back the layer and its wires");
        assertTrue(editor.graph().edges().contains(Edge.of("fc1.out", "relu1.in")));
    }

    /** A right click; Monocle turns one into a context-menu request on some versions only. */
    private static void openContextMenu(FxRobot robot, TreeCell<?> cell) {
        robot.clickOn(cell, MouseButton.SECONDARY);
        if (!cell.getContextMenu().isShowing()) robot.interact(() -> cell.getContextMenu().show(cell, javafx.geometry.Side.BOTTOM, 0, 0));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static long litWires(FxRobot robot) {
        return robot.lookup(".edge-curve").queryAll().stream()
                .filter(n -> n.getPseudoClassStates().contains(javafx.css.PseudoClass.getPseudoClass("drop-target"))).count();
    }

    @Test
    void boxSelectMoveDeleteCopyPasteAndUndoChains(FxRobot robot) {
        loadChain(robot);
        // Box around fc1 and relu1 (from empty canvas above them).
        robot.drag(onCanvas(robot, 220, 10), MouseButton.PRIMARY).moveTo(onCanvas(robot, 660, 170)).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Set.of("fc1", "relu1"), Set.copyOf(editor.selection()));

        // Move both: one step named for both.
        robot.drag(centre(robot, "#node-fc1"), MouseButton.PRIMARY).moveBy(0, 200).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Move 2 nodes", editor.undoNameProperty().get());
        assertEquals(240, editor.graph().node("fc1").position().y(), 1e-9);

        // Copy, paste: the copies keep the edge between them, with new names, on no card.
        robot.press(KeyCode.CONTROL, KeyCode.C).release(KeyCode.C, KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL, KeyCode.V).release(KeyCode.V, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(6, editor.graph().nodes().size());
        Node copy = editor.graph().nodeByName("fc3");
        assertNotNull(copy, editor.graph().nodes().toString());
        for (String other : List.of("x", "fc1", "relu1", "fc2")) {
            Position p = editor.graph().nodeByName(other).position();
            assertTrue(Math.abs(p.x() - copy.position().x()) >= Placement.CARD_W || Math.abs(p.y() - copy.position().y()) >= Placement.CARD_H,
                    "the copy at " + copy.position() + " lies on " + other + " at " + p);
        }
        assertTrue(editor.graph().edges().contains(new Edge(copy.id(), "out", editor.graph().nodeByName("relu2").id(), "in")));

        // Duplicate, then delete the selection.
        robot.press(KeyCode.CONTROL, KeyCode.D).release(KeyCode.D, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(8, editor.graph().nodes().size());
        robot.type(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(6, editor.graph().nodes().size());

        // Undo the whole chain back to the loaded graph, then redo it.
        for (int i = 0; i < 4; i++) robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(4, editor.graph().nodes().size());
        assertEquals(40, editor.graph().node("fc1").position().y(), 1e-9);
        assertFalse(editor.isDirty());
        for (int i = 0; i < 4; i++) robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z).release(KeyCode.Z, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(6, editor.graph().nodes().size());
    }

    @Test
    void quickAddByTyping(FxRobot robot) {
        loadChain(robot);
        robot.moveTo(onCanvas(robot, 500, 450)).clickOn(MouseButton.PRIMARY);
        robot.type(KeyCode.TAB);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#quickAdd").query().isVisible());
        robot.write("cv2");
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        ListView<QuickAddModel.Choice> list = robot.lookup("#quickAddList").queryAs(ListView.class);
        assertEquals("Conv2d", list.getItems().get(0).label());
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#quickAdd").query().isVisible());
        assertNotNull(editor.graph().nodeByName("conv1"));
        assertEquals(Set.of(editor.graph().nodeByName("conv1").id()), Set.copyOf(editor.selection()));
    }

    /** "Upsample" finds nn.Upsample first (ConvTranspose2d, the learned way up, no longer claims the word). */
    @Test
    void quickAddUpsampleAddsAnUpsample(FxRobot robot) {
        loadChain(robot);
        robot.moveTo(onCanvas(robot, 500, 450)).clickOn(MouseButton.PRIMARY);
        robot.type(KeyCode.TAB);
        WaitForAsyncUtils.waitForFxEvents();
        robot.write("Upsample");
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        ListView<QuickAddModel.Choice> list = robot.lookup("#quickAddList").queryAs(ListView.class);
        assertEquals("Upsample", list.getItems().get(0).label());
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Upsample", editor.graph().nodeByName("upsample1").kind());
    }

    /** Tab with one node selected adds after it: to its right, connected from it; again and again, a chain from the keyboard. */
    @Test
    void quickAddAfterTheSelectedNodeChainsFromTheKeyboard(FxRobot robot) {
        loadChain(robot);
        robot.clickOn("#node-relu1");
        robot.type(KeyCode.TAB);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#quickAdd").query().isVisible());
        assertTrue(robot.lookup("#quickAdd .label").queryAllAs(javafx.scene.control.Label.class).stream()
                .anyMatch(l -> l.getText() != null && l.getText().startsWith("Add after relu1")), "says what it adds after");
        robot.write("sigmoid").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        Node sigmoid = editor.graph().nodeByName("sigmoid1");
        assertEquals(new Position(460 + layerlab.graph.AutoLayout.COLUMN, 40), sigmoid.position(), "one column to the right");
        assertTrue(editor.graph().edges().contains(new Edge("relu1", "out", sigmoid.id(), "in")));
        assertEquals(Set.of(sigmoid.id()), Set.copyOf(editor.selection()));
        robot.type(KeyCode.TAB).write("linear").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        Node fc3 = editor.graph().nodeByName("fc3");
        assertTrue(editor.graph().edges().contains(new Edge(sigmoid.id(), "out", fc3.id(), "in")), "the chain goes on from the new node");
        assertTrue(robot.lookup("#node-" + fc3.id()).query().isVisible());
        // relu1 again: its place to the right is taken, so the next free one down that column.
        robot.interact(() -> editor.select(List.of("relu1")));
        robot.type(KeyCode.TAB).write("tanh").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        Node tanh = editor.graph().nodeByName("tanh1");
        assertEquals(new Position(460 + layerlab.graph.AutoLayout.COLUMN, 200), tanh.position(), "a row down (190, on the 20 px grid)");
        assertTrue(editor.graph().edges().contains(new Edge("relu1", "out", tanh.id(), "in")));
        // Undo takes back the node and its wire in one step.
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(null, editor.graph().nodeByName("tanh1"));
        assertTrue(editor.graph().edges().stream().noneMatch(e -> e.toNode().equals(tanh.id())));
    }

    /** A loss without its target: the Problems line offers the labels Input, and one click adds it, connected (the chain has no Output yet, which the loss says next). */
    @Test
    void aProblemsLinkAddsTheLabelsALossNeeds(FxRobot robot) {
        loadChain(robot);
        robot.interact(() -> editor.execute(new Command("Add a loss", g -> g
                .addNode(new Node("loss", "loss", "CrossEntropyLoss", Map.of(), new Position(680, 40)))
                .then(x -> x.connect("relu1.out", "fc2.in")).then(x -> x.connect("fc2.out", "loss.input")))));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#fix-loss-missing_input");
        WaitForAsyncUtils.waitForFxEvents();
        Node labels = editor.graph().nodeByName("labels");
        assertNotNull(labels, "added");
        assertTrue(editor.graph().edges().contains(new Edge(labels.id(), "out", "loss", "target")));
        assertTrue(editor.analysis().problems().stream().noneMatch(p -> "loss".equals(p.nodeId()) && p.code() == ProblemCode.MISSING_INPUT),
                editor.analysis().problems().toString());
    }

    /** After a one-click fix the canvas keeps the focus: the list folding away left it in the palette's search field. */
    @Test
    void aOneClickFixLeavesTheFocusOnTheCanvas(FxRobot robot) {
        Graph g = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(8)), new Position(20, 40))).after()
                .addNode(new Node("fc1", "fc1", "Linear", Map.of("out_features", 4), new Position(240, 40))).after()
                .connect("x.out", "fc1.in").after();
        robot.interact(() -> editor.load(g));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#fix-fc1-dangling_output");
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(editor.graph().nodeByName("out"), "the Output added");
        assertTrue(editor.analysis().problems().isEmpty(), editor.analysis().problems().toString());
        javafx.scene.Node focused = stage.getScene().getFocusOwner();
        assertEquals("canvas", focused == null ? null : focused.getId(), "focus on " + focused);
    }

    @Test
    void aWireDroppedOnEmptyCanvasOffersOnlyCompatibleKindsAndConnects(FxRobot robot) {
        loadChain(robot);
        dragPort(robot, "#port-relu1-out-out", onCanvas(robot, 600, 420));
        assertTrue(robot.lookup("#quickAdd").query().isVisible());
        @SuppressWarnings("unchecked")
        ListView<QuickAddModel.Choice> list = robot.lookup("#quickAddList").queryAs(ListView.class);
        assertTrue(list.getItems().stream().noneMatch(c -> c.kind().equals("Embedding") || c.kind().equals("Input")), "floats cannot enter an Embedding");
        robot.write("sigmoid").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        Node s = editor.graph().nodeByName("sigmoid1");
        assertNotNull(s);
        assertTrue(editor.graph().edges().contains(new Edge("relu1", "out", s.id(), "in")));
    }

    @Test
    void propertiesRefuseInvalidValuesInlineAndSetValidOnes(FxRobot robot) {
        loadChain(robot);
        robot.clickOn("#node-fc1");
        WaitForAsyncUtils.waitForFxEvents();
        TextField out = robot.lookup("#param-out_features").queryAs(TextField.class);
        assertEquals("4", out.getText());
        TextField in = robot.lookup("#param-in_features").queryAs(TextField.class);
        assertEquals("auto: 8", in.getPromptText());
        assertEquals("Linear", robot.lookup("#propKind").queryAs(Label.class).getText(), "a Linear in the Linear group: said once");
        robot.clickOn("#node-fc2");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("auto: from the input, once connected", robot.lookup("#param-in_features").queryAs(TextField.class).getPromptText(),
                "an unconnected Linear's in_features waits for its input: it is not PyTorch's None");
        robot.clickOn("#node-fc1");
        WaitForAsyncUtils.waitForFxEvents();
        out = robot.lookup("#param-out_features").queryAs(TextField.class);
        robot.doubleClickOn(out).eraseText(2).write("-3").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        Label err = robot.lookup("#error-out_features").queryAs(Label.class);
        assertTrue(err.isVisible() && err.getText().contains("out_features"), err.getText());
        assertEquals(4, editor.graph().node("fc1").param("out_features"));

        robot.clickOn(out).eraseText(5).write("16").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(16, editor.graph().node("fc1").param("out_features"));
        assertEquals("[N, 16]", editor.analysis().info("relu1").mainOutput().toString());
        assertTrue(robot.lookup("#propCounts").queryAs(Label.class).getText().startsWith("144 parameters"));

        robot.clickOn("#autoFill");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(8, editor.graph().node("fc1").param("in_features"));
        javafx.scene.control.Button fill = robot.lookup("#autoFill").queryAs(javafx.scene.control.Button.class);
        assertTrue(fill.isDisabled(), "nothing left to fill");
        assertEquals("in_features already matches the input's shape.", fill.getTooltip().getText());

        // Set to what the input does not give (a shape error): Auto-fill sets it back, one step to undo.
        robot.interact(() -> editor.execute(Commands.setParam(editor.graph(), "fc1", "in_features", 5)));
        WaitForAsyncUtils.waitForFxEvents();
        fill = robot.lookup("#autoFill").queryAs(javafx.scene.control.Button.class);
        assertFalse(fill.isDisabled(), "a mismatch is something to fill");
        assertEquals("Sets in_features to 8 (now 5), as the input's shape gives it. One step to undo.", fill.getTooltip().getText());
        robot.clickOn(fill);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(8, editor.graph().node("fc1").param("in_features"));
        javafx.scene.Node focused = stage.getScene().getFocusOwner();
        assertNotEquals("paletteSearch", focused == null ? null : focused.getId(), "the sheet keeps the focus once the button is disabled");
        assertTrue(editor.analysis().problems().stream().noneMatch(p -> p.code() == layerlab.graph.analysis.ProblemCode.SHAPE_MISMATCH),
                editor.analysis().problems().toString());
        robot.interact(editor::undo);
        assertEquals(5, editor.graph().node("fc1").param("in_features"));
    }

    @Test
    void problemsShowAsBadgesAndTheListSelectsTheNode(FxRobot robot) {
        loadChain(robot);
        robot.interact(() -> editor.execute(Commands.setParam(editor.graph(), "fc1", "in_features", 5)));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#badge-fc1").query().isVisible());
        @SuppressWarnings("unchecked")
        ListView<layerlab.graph.analysis.Problem> list = robot.lookup("#problemsList").queryAs(ListView.class);
        int at = -1;
        for (int i = 0; i < list.getItems().size(); i++) if ("fc1".equals(list.getItems().get(i).nodeId())) at = i;
        assertTrue(at >= 0, list.getItems().toString());
        int row = at;
        robot.interact(() -> list.getSelectionModel().select(row));
        robot.clickOn(robot.lookup("#problemsList .list-cell").nth(row).queryAs(javafx.scene.control.ListCell.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Set.of("fc1"), Set.copyOf(editor.selection()));
    }

    @Test
    void withoutProblemsTheirPanelIsOneLineAndTheCanvasHasTheRoom(FxRobot robot) {
        Graph clean = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(8)), new Position(20, 40))).after()
                .addNode(new Node("fc1", "fc1", "Linear", Map.of("out_features", 4), new Position(240, 40))).after()
                .addNode(new Node("y", "y", "Output", Map.of(), new Position(460, 40))).after()
                .connect("x.out", "fc1.in").after().connect("fc1.out", "y.in").after();
        robot.interact(() -> editor.load(clean));
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.layout.Region problems = robot.lookup("#problems").queryAs(javafx.scene.layout.Region.class);
        javafx.scene.layout.Region canvas = robot.lookup("#canvas").queryAs(javafx.scene.layout.Region.class);
        ListView<?> list = robot.lookup("#problemsList").queryAs(ListView.class);
        assertFalse(list.isVisible());
        assertTrue(problems.getHeight() < 40, "just the title line: " + problems.getHeight());
        double roomy = canvas.getHeight();

        robot.interact(() -> editor.execute(Commands.setParam(editor.graph(), "fc1", "in_features", 5)));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(list.isVisible() && list.getItems().size() == 1, list.getItems().toString());
        assertTrue(problems.getHeight() > 80, "the list has room again: " + problems.getHeight());
        assertTrue(canvas.getHeight() < roomy - 40, canvas.getHeight() + " vs " + roomy);

        robot.interact(editor::undo);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(list.isVisible());
        assertEquals(roomy, canvas.getHeight(), 1, "folded again");
    }

    @Test
    void anEmptyCanvasListsNoProblemsAndLongProblemsWrap(FxRobot robot) {
        robot.interact(() -> editor.load(Graph.empty()));
        WaitForAsyncUtils.waitForFxEvents();
        ListView<?> list = robot.lookup("#problemsList").queryAs(ListView.class);
        assertFalse(list.isVisible(), "a blank canvas is a start, not two errors");
        assertEquals("Problems · 0 errors, 0 warnings", robot.lookup("#problems .panel-title").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#canvasHint").query().isVisible(), "the hint says what to do instead");

        robot.interact(() -> editor.execute(Commands.addNode("Linear", null, new Position(40, 40), null)));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(list.isVisible() && list.getItems().size() >= 3, list.getItems().toString());
        // Every message is read whole in the list's width: none runs off to a sideways scroll bar.
        boolean sideways = robot.lookup("#problemsList .scroll-bar").queryAll().stream()
                .anyMatch(n -> n instanceof javafx.scene.control.ScrollBar b && b.getOrientation() == javafx.geometry.Orientation.HORIZONTAL && b.isVisible());
        assertFalse(sideways, "no sideways scrolling");
    }

    @Test
    void groupIntoABlockThenEditTheBlock(FxRobot robot) {
        loadChain(robot);
        Node inst = groupFc1AndRelu1(robot);
        assertEquals(1, editor.graph().blocks().size());
        assertEquals("[N, 4]", editor.analysis().info(inst.id()).mainOutput().toString());
        assertTrue(editor.graph().edges().contains(new Edge("x", "out", inst.id(), "x1")), editor.graph().edges().toString());

        robot.press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Block1", editor.scopeProperty().get());
        assertTrue(stage.getTitle().contains("› Block1"), stage.getTitle());
        robot.interact(() -> editor.execute(Commands.setParam(editor.viewGraph(), "fc1", "out_features", 6)));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.E).release(KeyCode.E, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("[N, 6]", editor.analysis().info(inst.id()).mainOutput().toString(), "the placement follows its block");
        assertTrue(window.files() != null);
    }

    @Test
    void aBlockInThePaletteIsEditedAndOnceUnplacedDeleted(FxRobot robot) {
        loadChain(robot);
        Node inst = groupFc1AndRelu1(robot);
        robot.interact(() -> robot.lookup("#paletteSearch").queryAs(TextField.class).setText("Block1"));
        WaitForAsyncUtils.waitForFxEvents();
        TreeCell<?> cell = robot.lookup((javafx.scene.Node n) -> n instanceof TreeCell<?> c && "Block1".equals(c.getText())).query();
        openContextMenu(robot, cell);
        MenuItem delete = cell.getContextMenu().getItems().stream().filter(i -> "paletteDeleteBlock".equals(i.getId())).findFirst().orElseThrow();
        assertTrue(delete.isDisable() && delete.getText().contains("placed"), delete.getText());
        MenuItem edit = cell.getContextMenu().getItems().stream().filter(i -> "paletteEditBlock".equals(i.getId())).findFirst().orElseThrow();
        robot.interact(edit::fire);
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Block1", editor.scopeProperty().get(), "Edit opens the definition");
        robot.clickOn("#breadcrumbProject");

        robot.interact(() -> editor.execute(Commands.delete(editor.graph(), List.of(inst.id()))));
        openContextMenu(robot, cell);
        assertFalse(delete.isDisable(), "nothing places it any more");
        robot.interact(delete::fire);
        robot.type(KeyCode.ESCAPE);
        assertEquals(null, editor.graph().block("Block1"));
        assertEquals("Delete block Block1", editor.undoNameProperty().get());
        robot.interact(editor::undo);
        assertNotNull(editor.graph().block("Block1"));
    }

    /** A right click on the canvas at its local point: the menu shown (Monocle turns right clicks into requests on some versions only). */
    private static javafx.scene.control.ContextMenu rightClickAt(FxRobot robot, Point2D screen) {
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

    private static void choose(FxRobot robot, javafx.scene.control.ContextMenu menu, String id) {
        MenuItem item = menu.getItems().stream().filter(i -> id.equals(i.getId())).findFirst().orElseThrow(() -> new AssertionError(id));
        robot.interact(() -> {
            menu.hide();
            item.fire();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aRightClickFreezesALayersWeightsAndTheCardAndPropertiesSaySo(FxRobot robot) throws Exception {
        loadChain(robot);
        javafx.scene.control.ContextMenu menu = rightClickAt(robot, centre(robot, "#node-relu1"));
        assertNotNull(menu);
        assertTrue(menu.getItems().stream().noneMatch(i -> "ctxFreeze".equals(i.getId())), "a ReLU has no weights to freeze");
        robot.interact(menu::hide);

        menu = rightClickAt(robot, centre(robot, "#node-fc1"));
        MenuItem freeze = menu.getItems().stream().filter(i -> "ctxFreeze".equals(i.getId())).findFirst().orElseThrow();
        assertEquals("Freeze Weights", freeze.getText());
        choose(robot, menu, "ctxFreeze");
        assertTrue(editor.graph().node("fc1").frozen());
        assertEquals("Freeze fc1", editor.undoNameProperty().get());
        javafx.scene.Node card = robot.lookup("#node-fc1").query();
        assertTrue(card.getPseudoClassStates().contains(javafx.css.PseudoClass.getPseudoClass("frozen")));
        assertEquals("36 params · frozen", robot.from(card).lookup(".node-count").queryAs(Label.class).getText());
        assertTrue(window.editor().analysis().frozenParams() == 36);
        TestWindows.screenshot(robot, stage, "frozen-layer.png");

        // The properties say it too, and unticking unfreezes as one undoable step.
        javafx.scene.control.CheckBox box = robot.lookup("#propFrozen").queryAs(javafx.scene.control.CheckBox.class);
        assertTrue(box.isSelected());
        robot.clickOn(box);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(editor.graph().node("fc1").frozen());
        assertEquals("Unfreeze fc1", editor.undoNameProperty().get());
        assertEquals("36 params", robot.from(robot.lookup("#node-fc1").queryAs(javafx.scene.Node.class)).lookup(".node-count").queryAs(Label.class).getText());
        robot.interact(editor::undo);
        assertTrue(editor.graph().node("fc1").frozen(), "undo freezes it again");

        // Several selected: one step for the layers with weights (fc1 and fc2, once fed; relu1 has none).
        robot.interact(() -> editor.execute(Commands.connect(editor.graph(), Edge.of("relu1.out", "fc2.in"))));
        robot.interact(() -> editor.select(List.of("fc1", "fc2", "relu1")));
        menu = rightClickAt(robot, centre(robot, "#node-fc2"));
        assertEquals("Freeze Weights of 2 Layers", menu.getItems().stream().filter(i -> "ctxFreeze".equals(i.getId())).findFirst().orElseThrow().getText());
        choose(robot, menu, "ctxFreeze");
        assertTrue(editor.graph().node("fc2").frozen() && editor.graph().node("fc1").frozen());
        assertEquals("Freeze 2 layers", editor.undoNameProperty().get());
        robot.interact(() -> editor.select(List.of()));
        assertTrue(robot.lookup("#overviewCounts").queryAs(Label.class).getText().contains("51 parameters (51 frozen)"),
                robot.lookup("#overviewCounts").queryAs(Label.class).getText());
    }

    @Test
    void thePropertiesChooseALayersInitialisationAndStayWhereTheUserIs(FxRobot robot) throws Exception {
        loadChain(robot);
        robot.clickOn("#node-fc1");
        WaitForAsyncUtils.waitForFxEvents();
        // The section sits below the params: scrolled to, as a user does.
        javafx.scene.control.ScrollPane sheet = robot.lookup(".property-scroll").queryAs(javafx.scene.control.ScrollPane.class);
        robot.moveTo(sheet).scroll(30, javafx.geometry.VerticalDirection.DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        // Monocle's wheel turns the other way from a real display's (its DOWN arrives as deltaY > 0, which scrolls up).
        if (sheet.getVvalue() == 0) robot.scroll(30, javafx.geometry.VerticalDirection.UP);
        WaitForAsyncUtils.waitForFxEvents();
        double scrolled = sheet.getVvalue();
        assertTrue(scrolled > 0.1, "scrolled down: " + scrolled);
        javafx.scene.control.ChoiceBox<?> weight = robot.lookup("#initChoice-weight").queryAs(javafx.scene.control.ChoiceBox.class);
        javafx.scene.control.ChoiceBox<?> bias = robot.lookup("#initChoice-bias").queryAs(javafx.scene.control.ChoiceBox.class);
        assertEquals("PyTorch's default", weight.getValue());
        assertTrue(weight.getItems().contains("xavier_uniform") && weight.getItems().contains("orthogonal"));
        assertFalse(bias.getItems().contains("xavier_uniform"), "fans need a matrix: a bias is offered only what fits a vector " + bias.getItems());
        assertTrue(robot.lookup("#initArgs-weight").query().isDisabled(), "no arguments for the default");
        assertEquals("PyTorch's default: weight kaiming_uniform(a=√5), bias uniform(±1/√in_features)",
                robot.lookup("#initDefault").queryAs(Label.class).getText(), "what the default is, said");

        robot.clickOn(weight);
        robot.clickOn("xavier_uniform");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("xavier_uniform", editor.graph().node("fc1").init("weight").name());
        assertEquals("Initialise fc1.weight: xavier_uniform", editor.undoNameProperty().get());
        javafx.scene.control.ScrollPane after = robot.lookup(".property-scroll").queryAs(javafx.scene.control.ScrollPane.class);
        assertNotEquals(sheet, after, "the sheet was made again for the changed node");
        assertEquals(scrolled, after.getVvalue(), 1e-9, "and it kept its place");
        assertEquals("36 params · xavier_uniform", robot.from(robot.lookup("#node-fc1").queryAs(javafx.scene.Node.class)).lookup(".node-count").queryAs(Label.class).getText());

        // Arguments as a Python call writes them; the field keeps the focus through the rebuild.
        TextField args = robot.lookup("#initArgs-weight").queryAs(TextField.class);
        assertEquals("gain=…", args.getPromptText());
        robot.clickOn(args).write("gain=2").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Map.of("gain", 2.0), editor.graph().node("fc1").init("weight").args());
        TextField argsNow = robot.lookup("#initArgs-weight").queryAs(TextField.class);
        assertTrue(argsNow.isFocused(), "typing goes on in the same field");
        assertEquals(argsNow.getText().length(), argsNow.getCaretPosition(), "after the text, not over it");
        assertEquals("gain=2.0", argsNow.getText());
        // An undo while the field has the focus: the field it takes away does not put its (now stale) text back.
        robot.interact(editor::undo);
        assertEquals(Map.of(), editor.graph().node("fc1").init("weight").args(), "undone, and it stays undone");
        robot.interact(editor::redo);
        assertEquals(Map.of("gain", 2.0), editor.graph().node("fc1").init("weight").args());
        TextField argsAgain = robot.lookup("#initArgs-weight").queryAs(TextField.class);
        robot.interact(() -> argsAgain.setText(""));
        robot.clickOn(argsAgain).write("gain=two words").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        Label err = robot.lookup("#error-init-weight").queryAs(Label.class);
        assertTrue(err.isVisible() && err.getText().contains("gain=two words is neither a number nor a word"), err.getText());
        assertEquals(Map.of("gain", 2.0), editor.graph().node("fc1").init("weight").args(), "a mistake changes nothing");

        robot.clickOn(robot.lookup("#initChoice-bias").queryAs(javafx.scene.control.ChoiceBox.class));
        robot.clickOn("constant");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Map.of("val", 0.0), editor.graph().node("fc1").init("bias").args(), "constant starts with its value");
        assertTrue(window.editor().analysis().problems().stream().noneMatch(p -> "fc1".equals(p.nodeName())), window.editor().analysis().problems().toString());
        TestWindows.screenshot(robot, stage, "layer-initialisation.png");

        // Several layers of one kind selected: one choice sets it on all of them, as one step.
        robot.interact(() -> editor.select(List.of("fc1", "fc2")));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#multiHead").tryQuery().isPresent());
        javafx.scene.control.ChoiceBox<?> both = robot.lookup("#initChoice-weight").queryAs(javafx.scene.control.ChoiceBox.class);
        assertEquals(null, both.getValue(), "fc1's xavier_uniform and fc2's default differ");
        assertTrue(robot.lookup("(they differ)").tryQuery().isPresent());
        robot.interact(() -> {
            javafx.scene.Parent p = both.getParent();
            while (p != null && !(p instanceof javafx.scene.control.ScrollPane)) p = p.getParent();
            if (p instanceof javafx.scene.control.ScrollPane sp) sp.setVvalue(1);
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(both);
        robot.clickOn("orthogonal");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("orthogonal", editor.graph().node("fc1").init("weight").name());
        assertEquals("orthogonal", editor.graph().node("fc2").init("weight").name());
        assertEquals("Initialise the weight of 2 layers: orthogonal", editor.undoNameProperty().get());
        assertEquals(1.0, robot.lookup(".property-scroll").queryAs(javafx.scene.control.ScrollPane.class).getVvalue(), 1e-9,
                "the sheet for the same selection keeps its place too");
        robot.interact(editor::undo);
        assertEquals("xavier_uniform", editor.graph().node("fc1").init("weight").name(), "one undo undoes both");
        assertEquals(null, editor.graph().node("fc2").init("weight"));
        robot.interact(() -> editor.select(List.of("fc1")));
        WaitForAsyncUtils.waitForFxEvents();

        robot.interact(editor::undo);
        assertEquals(null, editor.graph().node("fc1").init("bias"));
        robot.interact(editor::undo);
        assertEquals(Map.of(), editor.graph().node("fc1").init("weight").args());
        robot.interact(editor::undo);
        assertTrue(editor.graph().node("fc1").init().isEmpty());
        assertEquals("36 params", robot.from(robot.lookup("#node-fc1").queryAs(javafx.scene.Node.class)).lookup(".node-count").queryAs(Label.class).getText());
    }

    @Test
    void aRightClickOffersWhatCanBeDoneAndReplaceSwapsALayerInPlace(FxRobot robot) {
        loadChain(robot);
        javafx.scene.control.ContextMenu menu = rightClickAt(robot, centre(robot, "#node-relu1"));
        assertNotNull(menu, "a node's menu");
        assertEquals(Set.of("relu1"), Set.copyOf(editor.selection()), "the card clicked is selected");
        List<String> texts = menu.getItems().stream().map(MenuItem::getText).filter(t -> t != null).toList();
        assertTrue(texts.containsAll(List.of("Replace with…", "Help for ReLU", "Duplicate", "Delete", "Group into Block")), texts.toString());
        // The menu bar's shortcuts, shown beside the same words.
        for (String id : List.of("ctxCut", "ctxCopy", "ctxDuplicate", "ctxGroup", "ctxLayout")) {
            MenuItem item = menu.getItems().stream().filter(i -> id.equals(i.getId())).findFirst().orElseThrow();
            MenuItem bar = robot.lookup("#menuBar").queryAs(javafx.scene.control.MenuBar.class).getMenus().stream().flatMap(m -> m.getItems().stream())
                    .filter(i -> i.getText() != null && i.getText().equals(item.getText().replace(" Selection", ""))).findFirst().orElseThrow(() -> new AssertionError(id));
            assertNotNull(item.getAccelerator(), id);
            assertEquals(bar.getAccelerator(), item.getAccelerator(), id);
        }
        // The canvas's own keys, in the same right-hand column (shown, not taken from a text field); relu1 ends the chain,
        // so it has no neighbours to join (fc1's menu shows Ctrl+Delete for that).
        assertEquals(java.util.Map.of("ctxDelete", "Delete", "ctxHelp", "F1"),
                menu.getItems().stream().filter(i -> i.getId() != null && List.of("ctxDelete", "ctxDeleteBridge", "ctxHelp").contains(i.getId()))
                        .collect(java.util.stream.Collectors.toMap(MenuItem::getId, i -> i.getAccelerator().getDisplayText())));
        assertTrue(menu.getItems().stream().filter(i -> !(i instanceof javafx.scene.control.SeparatorMenuItem)).noneMatch(MenuItem::isMnemonicParsing),
                "a kind or block name is shown as written");
        choose(robot, menu, "ctxReplace");
        assertEquals("Replace relu1 (ReLU) with", robot.lookup("#quickAdd .panel-title").queryAs(Label.class).getText());
        robot.write("GELU").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        Node now = editor.graph().node("relu1");
        assertEquals("GELU", now.kind());
        assertEquals("gelu1", now.name(), "a name made from the old kind follows the new one");
        assertTrue(editor.graph().edges().contains(Edge.of("fc1.out", "relu1.in")), "the wire stays: " + editor.graph().edges());
        assertEquals("Replace relu1 with GELU", editor.undoNameProperty().get());
        robot.interact(editor::undo);
        assertEquals("ReLU", editor.graph().node("relu1").kind());

        // The empty canvas: add a layer right there.
        robot.type(KeyCode.ESCAPE);
        javafx.scene.control.ContextMenu canvasMenu = rightClickAt(robot, onCanvas(robot, 600, 500));
        assertNotNull(canvasMenu, "the canvas's menu");
        choose(robot, canvasMenu, "ctxAdd");
        assertEquals("Add layer", robot.lookup("#quickAdd .panel-title").queryAs(Label.class).getText());
        robot.write("Dropout").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        Node added = editor.graph().nodes().stream().filter(n -> n.kind().equals("Dropout")).findFirst().orElseThrow();
        assertTrue(Math.abs(added.position().x() - 600) < 40, "added where the right click was: " + added.position());

        // From the keyboard (the Menu key, Shift+F10): the selected node's menu, at its card.
        robot.interact(() -> editor.select(List.of("fc2")));
        robot.interact(() -> robot.lookup("#canvas").query().requestFocus());
        robot.type(KeyCode.CONTEXT_MENU);
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.ContextMenu keyed = javafx.stage.Window.getWindows().stream()
                .filter(w -> w instanceof javafx.scene.control.ContextMenu && w.isShowing()).map(w -> (javafx.scene.control.ContextMenu) w)
                .findFirst().orElseThrow();
        assertEquals("nodeMenu", keyed.getId());
        assertEquals(Set.of("fc2"), Set.copyOf(editor.selection()));
        robot.interact(keyed::hide);

        // After the menus have been shown, a shortcut still does its one thing once.
        int before = editor.graph().nodes().size();
        robot.interact(() -> robot.lookup("#canvas").query().requestFocus());
        robot.press(KeyCode.CONTROL).type(KeyCode.D).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before + 1, editor.graph().nodes().size(), "Ctrl+D duplicates fc2 once");
    }

    /**
     * Menu items show the user's words as written (Undo Set fc1.in_features kept its underscore only once mnemonics were
     * off), and the canvas's own keys sit in the key column like every accelerator, without taking them from text fields.
     */
    @Test
    void menusShowNamesAsWrittenAndTheCanvasKeysInTheKeyColumn(FxRobot robot) {
        loadChain(robot);
        robot.interact(() -> editor.execute(Commands.setParam(editor.graph(), "fc1", "in_features", 8)));
        javafx.scene.control.MenuBar bar = robot.lookup("#menuBar").queryAs(javafx.scene.control.MenuBar.class);
        List<MenuItem> items = new java.util.ArrayList<>();
        java.util.function.Consumer<List<MenuItem>> walk = new java.util.function.Consumer<>() {
            @Override
            public void accept(List<MenuItem> xs) {
                for (MenuItem i : xs) {
                    if (i instanceof javafx.scene.control.Menu m) accept(m.getItems());
                    else if (!(i instanceof javafx.scene.control.SeparatorMenuItem)) items.add(i);
                }
            }
        };
        bar.getMenus().forEach(m -> walk.accept(m.getItems()));
        MenuItem undo = items.stream().filter(i -> "editUndo".equals(i.getId())).findFirst().orElseThrow();
        assertEquals("Undo Set fc1.in_features", undo.getText());
        assertEquals(List.of(), items.stream().filter(MenuItem::isMnemonicParsing).map(MenuItem::getText).toList(), "every item's words as written");
        java.util.Map<String, MenuItem> byId = new java.util.HashMap<>();
        for (MenuItem i : items) if (i.getId() != null) byId.put(i.getId(), i);
        assertEquals(List.of("Delete", "Delete"), List.of(byId.get("editDelete").getText(), byId.get("editDelete").getAccelerator().getDisplayText()));
        assertEquals(List.of("Fit Selection", "Shift+F"), List.of(byId.get("viewFitSelection").getText(), byId.get("viewFitSelection").getAccelerator().getDisplayText()));
        assertEquals(List.of("Stop", "Escape"), List.of(byId.get("trainMenuStop").getText(), byId.get("trainMenuStop").getAccelerator().getDisplayText()));

        // Shown, not taken: Delete and Shift+F typed in a text field edit its text, with a node selected on the canvas.
        robot.interact(() -> editor.select(List.of("fc1")));
        robot.clickOn("#paletteSearch").write("ab").type(KeyCode.HOME).type(KeyCode.DELETE).press(KeyCode.SHIFT).type(KeyCode.F).release(KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Fb", robot.lookup("#paletteSearch").queryAs(TextField.class).getText());
        assertNotNull(editor.graph().node("fc1"), "Delete in the field deleted a letter, not the node");
        robot.interact(() -> robot.lookup("#paletteSearch").queryAs(TextField.class).clear());

        // fc1 sits between two layers: its menu offers to join them, with the canvas's key for it.
        javafx.scene.control.ContextMenu fcMenu = rightClickAt(robot, centre(robot, "#node-fc1"));
        MenuItem bridge = fcMenu.getItems().stream().filter(i -> "ctxDeleteBridge".equals(i.getId())).findFirst().orElseThrow();
        assertEquals("Ctrl+Delete", bridge.getAccelerator().getDisplayText());
        robot.interact(fcMenu::hide);

        // F1 on the canvas with one layer selected: its help page (Help › Shortcuts' F1 otherwise).
        robot.interact(() -> editor.select(List.of("fc1")));
        robot.interact(() -> robot.lookup("#canvas").query().requestFocus());
        robot.type(KeyCode.F1);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.help().stage().isShowing());
        assertEquals("Linear", robot.lookup("#helpTitle").queryAs(Label.class).getText());
        robot.interact(() -> window.help().stage().hide());
    }

    @Test
    void severalNodesOfOneKindAreEditedTogether(FxRobot robot) {
        loadChain(robot);
        robot.interact(() -> editor.select(List.of("fc1", "fc2")));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("2 Linear nodes: fc1, fc2", robot.lookup("#multiHead").queryAs(Label.class).getText());
        TextField out = robot.lookup("#param-out_features").queryAs(TextField.class);
        assertEquals("", out.getText());
        assertEquals("differs: 4, 3", out.getPromptText());
        robot.clickOn(out).write("6").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(6, editor.graph().node("fc1").param("out_features"));
        assertEquals(6, editor.graph().node("fc2").param("out_features"));
        assertEquals("Set out_features on 2 nodes", editor.undoNameProperty().get());
        assertEquals("6", robot.lookup("#param-out_features").queryAs(TextField.class).getText(), "the same now, shown");
        robot.interact(editor::undo);
        assertEquals(4, editor.graph().node("fc1").param("out_features"), "one undo for all");
        assertEquals(3, editor.graph().node("fc2").param("out_features"));
        // Kinds that differ: the count, nothing to edit together.
        robot.interact(() -> editor.select(List.of("fc1", "relu1")));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#multiHead").tryQuery().isEmpty());
        assertEquals("2 selected: select one node to edit it.", robot.lookup("#propertiesEmpty").queryAs(Label.class).getText());
    }

    @Test
    void findSelectsANodeByNameAndBringsItIntoView(FxRobot robot) {
        loadChain(robot);
        robot.interact(() -> window.canvas().viewport().pan(-3000, -2000)); // far from every card
        robot.clickOn("#canvasSurface");
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Find a node (4)", robot.lookup("#quickAdd .panel-title").queryAs(Label.class).getText());
        robot.write("relu").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Set.of("relu1"), Set.copyOf(editor.selection()));
        Bounds card = robot.lookup("#node-relu1").query().localToScene(robot.lookup("#node-relu1").query().getBoundsInLocal());
        Bounds view = robot.lookup("#canvasSurface").query().localToScene(robot.lookup("#canvasSurface").query().getBoundsInLocal());
        assertTrue(view.contains(card.getCenterX(), card.getCenterY()), "brought into view: " + card + " in " + view);
        // By kind too: "Linear" lists fc1 and fc2.
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        robot.write("Linear");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, robot.lookup("#quickAddList").queryAs(ListView.class).getItems().size(), robot.lookup("#quickAddList").queryAs(ListView.class).getItems().toString());
        robot.type(KeyCode.ESCAPE);
    }

    @Test
    void shiftFFitsTheSelection(FxRobot robot) {
        loadChain(robot);
        robot.interact(() -> window.canvas().zoomBy(0.5));
        robot.clickOn(centre(robot, "#node-fc2"));
        robot.press(KeyCode.SHIFT).type(KeyCode.F).release(KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1.0, window.canvas().viewport().zoom(), 1e-9, "one card: at 100 %, not blown up");
        Bounds card = robot.lookup("#node-fc2").query().localToScene(robot.lookup("#node-fc2").query().getBoundsInLocal());
        Bounds view = robot.lookup("#canvasSurface").query().localToScene(robot.lookup("#canvasSurface").query().getBoundsInLocal());
        assertEquals(view.getCenterX(), card.getCenterX(), 2, "centred");
        assertEquals(view.getCenterY(), card.getCenterY(), 2);
        assertFalse(window.canvas().viewport().isFitted(), "the user's view: a resize does not fit the whole drawing again");
    }

    @Test
    void arrowKeysNudgeTheSelectionOrPanTheView(FxRobot robot) {
        loadChain(robot);
        robot.clickOn(centre(robot, "#node-fc1"));
        robot.type(KeyCode.RIGHT).type(KeyCode.RIGHT);
        robot.press(KeyCode.SHIFT).type(KeyCode.DOWN).release(KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(new Position(280, 140), editor.graph().node("fc1").position(), "two grid steps right, five down");
        assertTrue(robot.lookup("#canvas").query().isFocused(), "the arrows stay with the canvas, not moving the focus");
        robot.interact(editor::undo);
        assertEquals(new Position(280, 40), editor.graph().node("fc1").position(), "each press is a step of its own");
        robot.type(KeyCode.ESCAPE);
        double x = window.canvas().viewport().xProperty().get();
        robot.type(KeyCode.RIGHT);
        assertTrue(window.canvas().viewport().xProperty().get() < x, "with nothing selected the view pans");
        assertEquals(new Position(280, 40), editor.graph().node("fc1").position());
    }

    @Test
    void ungroupingAPlacementBringsBackItsLayersWiredAsItWas(FxRobot robot) {
        loadChain(robot);
        robot.interact(() -> editor.execute(Commands.connect(editor.graph(), Edge.of("relu1.out", "fc2.in"))));
        Node inst = groupFc1AndRelu1(robot);
        robot.interact(() -> editor.select(List.of(inst.id())));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.G).release(KeyCode.G, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        Graph g = editor.graph();
        assertTrue(g.nodes().stream().noneMatch(n -> n.kind().equals("Block")), "the placement is gone");
        Node fc1 = g.nodeByName("fc1"), relu1 = g.nodeByName("relu1");
        assertNotNull(fc1);
        assertNotNull(relu1);
        assertEquals(Map.of("out_features", 4), fc1.params());
        Set<String> wires = Set.copyOf(g.edges().stream().map(g::describe).toList());
        assertEquals(Set.of("x.out → fc1.in", "fc1.out → relu1.in", "relu1.out → fc2.in"), wires);
        assertEquals(Set.of(fc1.id(), relu1.id()), Set.copyOf(editor.selection()), "the layers come back selected");
        assertEquals("[N, 3]", editor.analysis().info("fc2").mainOutput().toString(), "the network computes as before");
        assertEquals(null, g.block("Block1"), "the last placement ungrouped takes its definition with it");
        assertEquals("Ungroup " + inst.name(), editor.undoNameProperty().get());
        robot.interact(editor::undo);
        assertEquals(inst, editor.graph().node(inst.id()), "one undo puts the placement back");
        // Inside a block, or with a layer selected, there is nothing to ungroup: it says so.
        robot.interact(() -> editor.select(List.of("x")));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.G).release(KeyCode.G, KeyCode.SHIFT, KeyCode.CONTROL);
        assertEquals("Select a placed block to ungroup it.", editor.messageProperty().get());
    }

    @Test
    void doubleClickingABlockOpensItsDefinitionAndTheBreadcrumbLeadsBack(FxRobot robot) throws Exception {
        loadChain(robot);
        Node inst = groupFc1AndRelu1(robot);
        assertFalse(robot.lookup("#breadcrumb").query().isVisible(), "no breadcrumb in the project itself");

        TestWindows.doubleClickCard(robot, window, centre(robot, "#node-" + inst.id()));
        assertEquals("Block1", editor.scopeProperty().get(), "a double-click opens the block");
        assertTrue(robot.lookup("#breadcrumb").query().isVisible());
        assertEquals("Block1", robot.lookup("#breadcrumbBlock").queryAs(Label.class).getText());
        assertEquals("· changes its placement " + inst.name(), robot.lookup("#breadcrumbUses").queryAs(Label.class).getText());
        // The block's Input takes what its placement is given ([N, 8]), not its own shape param: the card says so.
        Node blockInput = editor.viewGraph().nodes().stream().filter(n -> n.kind().equals("Input")).findFirst().orElseThrow();
        String line = robot.lookup("#node-" + blockInput.id()).lookup(".node-params").queryAs(Label.class).getText();
        assertEquals("block input", line);

        robot.clickOn("#breadcrumbProject");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(null, editor.scopeProperty().get(), "the project's name leads back");
        assertFalse(robot.lookup("#breadcrumb").query().isVisible());
        TestWindows.doubleClickCard(robot, window, centre(robot, "#node-x"));
        assertEquals(null, editor.scopeProperty().get(), "a layer that is no block opens nothing");
    }

    /** An imported model's block placed a dozen times: the list of placements gives way, the names before it do not. */
    @Test
    void aLongListOfPlacementsLeavesTheBreadcrumbsNamesWhole(FxRobot robot) {
        Graph body = Graph.empty()
                .addNode(new Node("in_x", "x", "Input", Map.of(), new Position(0, 0))).after()
                .addNode(new Node("relu", "relu", "ReLU", Map.of(), new Position(280, 0))).after()
                .addNode(new Node("out_y", "y", "Output", Map.of(), new Position(560, 0))).after()
                .connect("in_x.out", "relu.in").after().connect("relu.out", "out_y.in").after();
        Graph g = Graph.empty().addBlock(new Block("Features5", "", body)).after()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(8)), new Position(0, 0))).after();
        String prev = "x";
        for (int i = 0; i < 12; i++) {
            String id = "features_5_" + i;
            g = g.addNode(new Node(id, id, "Block", Map.of("block", "Features5"), new Position(280 * (i + 1), 0))).after().connect(prev + (prev.equals("x") ? ".out" : ".y"), id + ".x").after();
            prev = id;
        }
        Graph project = g;
        robot.interact(() -> editor.load(project));
        robot.interact(() -> window.canvas().openDefinition("Features5"));
        WaitForAsyncUtils.waitForFxEvents();
        Label uses = robot.lookup("#breadcrumbUses").queryAs(Label.class), block = robot.lookup("#breadcrumbBlock").queryAs(Label.class);
        Hyperlink name = robot.lookup("#breadcrumbProject").queryAs(Hyperlink.class);
        assertTrue(uses.getText().startsWith("· changes all 12 placements: features_5_0, features_5_1"), uses.getText());
        assertTrue(uses.getWidth() < uses.prefWidth(-1), "the list does not fit this window: " + uses.getWidth());
        assertTrue(name.getWidth() >= name.prefWidth(-1) - 0.5 && block.getWidth() >= block.prefWidth(-1) - 0.5,
                "the project's and the block's names are whole: " + name.getWidth() + " of " + name.prefWidth(-1) + ", " + block.getWidth());
        assertEquals("changes all 12 placements: features_5_0, features_5_1, features_5_2, features_5_3, features_5_4, features_5_5, features_5_6, "
                + "features_5_7, features_5_8, features_5_9, features_5_10, features_5_11", uses.getTooltip().getText());
    }

    @Test
    void alignAndDistributeFromTheEditMenuAreUndoableSteps(FxRobot robot) {
        loadChain(robot);
        robot.clickOn(centre(robot, "#node-fc1"));
        robot.press(KeyCode.SHIFT).clickOn(centre(robot, "#node-fc2")).release(KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Set.of("fc1", "fc2"), Set.copyOf(editor.selection()));
        // Edit › Arrange › Align Top (the submenu's item, fired as a click on it would).
        robot.clickOn("Edit");
        MenuItem alignTop = arrangeItem(robot, "alignTop");
        robot.interact(alignTop::fire);
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Align 2 nodes: top", editor.undoNameProperty().get());
        assertEquals(40, editor.graph().node("fc2").position().y(), 1e-9, "fc2 moved up to fc1's top");
        assertEquals(240, editor.graph().node("fc2").position().x(), 1e-9);
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(new Position(240, 300), editor.graph().node("fc2").position());
        // Distribute needs three: with two it says so and changes nothing.
        robot.interact(arrangeItem(robot, "distributeH")::fire);
        assertEquals(new Position(240, 300), editor.graph().node("fc2").position());
        assertTrue(editor.messageProperty().get().contains("three or more"), editor.messageProperty().get());
    }

    private static MenuItem arrangeItem(FxRobot robot, String id) {
        javafx.scene.control.MenuBar bar = robot.lookup("#menuBar").queryAs(javafx.scene.control.MenuBar.class);
        for (MenuItem m : bar.getMenus().get(1).getItems()) {
            if ("editArrange".equals(m.getId())) {
                for (MenuItem i : ((javafx.scene.control.Menu) m).getItems()) if (id.equals(i.getId())) return i;
            }
        }
        throw new AssertionError("no Edit › Arrange item " + id);
    }

    @Test
    void canvasKeysAddANoteToggleTheMinimapAndFitTheView(FxRobot robot) {
        loadChain(robot);
        var vp = robot.lookup(".editor-canvas").queryAs(layerlab.ui.canvas.CanvasView.class).viewport();
        robot.interact(() -> vp.zoomProperty().set(0.3));
        robot.clickOn(onCanvas(robot, 600, 400));
        robot.type(KeyCode.F);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vp.zoom() > 0.3, "F fits the graph: zoom " + vp.zoom());
        robot.type(KeyCode.N);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, editor.graph().notes().size(), "N adds a sticky note");
        var minimap = robot.lookup("#minimap").query();
        boolean shown = minimap.isVisible();
        robot.clickOn(onCanvas(robot, 100, 500));
        robot.type(KeyCode.M);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(!shown, minimap.isVisible(), "M toggles the minimap");
    }

    @Test
    void autosaveWritesUnsavedWorkThatRecoveryReopens(FxRobot robot) throws Exception {
        loadChain(robot);
        robot.interact(() -> editor.execute(Commands.setParam(editor.graph(), "fc1", "out_features", 9)));
        robot.interact(() -> window.files().autosave());
        Path recovery = dir.resolve("recovery.json");
        assertTrue(java.nio.file.Files.isRegularFile(recovery), "autosave wrote the recovery file");
        robot.interact(() -> editor.load(Graph.empty()));
        robot.interact(() -> {
            try {
                window.files().recover();
            } catch (java.io.IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertEquals(9, ((Number) editor.graph().node("fc1").params().get("out_features")).intValue());
        assertTrue(editor.isDirty(), "recovered work is unsaved");
        assertTrue(!java.nio.file.Files.exists(recovery), "the recovery file is consumed");
    }

    @Test
    void autoLayoutIsOneUndoableStep(FxRobot robot) {
        loadChain(robot);
        robot.clickOn(onCanvas(robot, 600, 400));
        robot.type(KeyCode.L);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(editor.undoNameProperty().get().startsWith("Auto-layout"));
        Graph g = editor.graph();
        double y = g.node("x").position().y();
        assertEquals(y, g.node("fc1").position().y(), 1e-9, "a chain runs straight");
        assertTrue(g.node("x").position().x() < g.node("fc1").position().x() && g.node("fc1").position().x() < g.node("relu1").position().x());
        robot.interact(editor::undo);
        assertEquals(new Position(460, 40), editor.graph().node("relu1").position());
    }

    @Test
    void saveCloseReopenGivesTheSameProject(FxRobot robot) throws Exception {
        loadChain(robot);
        robot.interact(() -> editor.execute(Commands.setParam(editor.graph(), "fc2", "bias", false)));
        assertTrue(stage.getTitle().endsWith(" •"));
        Path file = dir.resolve("chain.json");
        robot.interact(() -> {
            try {
                window.files().saveAs(file);
            } catch (java.io.IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertEquals("LayerLab — chain.json", stage.getTitle());
        String saved = ProjectJson.write(editor.graph());
        robot.interact(() -> editor.execute(Commands.delete(editor.graph(), List.of("fc2"))));
        assertTrue(stage.getTitle().endsWith(" •"));

        // Quit asks first; Don't Save closes.
        robot.clickOn("#menuFile").clickOn("#fileQuit");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#unsavedDialog").tryQuery().isPresent());
        assertEquals("Unsaved changes", ((javafx.stage.Stage) robot.lookup("#unsavedDialog").query().getScene().getWindow()).getTitle(), "not \"Confirmation\"");
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(stage.isShowing());

        robot.interact(() -> window.openPath(file));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(saved, ProjectJson.write(editor.graph()));
        assertEquals(saved, Files.readString(file));
        assertEquals("LayerLab — chain.json", stage.getTitle());
        assertEquals(List.of(file.toAbsolutePath()), window.files().recent());
    }

    @Test
    void codeViewShowsThePyTorchModuleLive(FxRobot robot) {
        loadChain(robot);
        robot.clickOn("Code");
        WaitForAsyncUtils.waitForFxEvents();
        String code = robot.lookup("#codeView").queryAs(javafx.scene.control.TextArea.class).getText();
        assertTrue(code.contains("self.fc1 = nn.Linear(8, 4)"), code);
        robot.interact(() -> editor.execute(Commands.setParam(editor.graph(), "fc1", "out_features", 32)));
        code = robot.lookup("#codeView").queryAs(javafx.scene.control.TextArea.class).getText();
        assertTrue(code.contains("self.fc1 = nn.Linear(8, 32)"), code);
        assertNotEquals(-1, code.indexOf("relu1 = self.relu1(fc1)"), code);
        // A drawing without errors ends by making the model training starts from: the seed, then the class (LayerLab draws
        // as PyTorch does). Here fc2 has no input, so the code promises nothing.
        assertEquals(-1, code.indexOf("torch.manual_seed"), code);
        // fc2's input is not connected: the code says at once it will not run, and why; fc2 is a comment, not nn.Linear(None, 3).
        assertTrue(code.startsWith("# NOT RUNNABLE YET"), code);
        assertTrue(code.replace("\n#   ", " ").contains("# - Linear \"fc2\": its input is not connected"), code);
        assertEquals(-1, code.indexOf("(None"), code);
        assertTrue(java.util.Arrays.stream(code.split("\n")).noneMatch(l -> l.contains("self.fc2") && !l.strip().startsWith("#")), code);
        // Comments wrap to the panel (no sideways scrolling to read them); code lines stay whole.
        javafx.scene.control.TextArea area = robot.lookup("#codeView").queryAs(javafx.scene.control.TextArea.class);
        assertTrue(area.getWidth() > 100);
        int longest = java.util.Arrays.stream(code.split("\n")).filter(l -> l.strip().startsWith("#")).mapToInt(String::length).max().orElse(0);
        assertTrue(longest * 7 < area.getWidth(), longest + " characters in " + area.getWidth() + " px: " + code);
        robot.interact(() -> editor.load(sample("simple-cnn.json")));
        code = robot.lookup("#codeView").queryAs(javafx.scene.control.TextArea.class).getText();
        assertTrue(code.endsWith("does):\ntorch.manual_seed(0)\nmodel = SimpleCNN()\n"), code);
    }

    private static Graph sample(String file) {
        try {
            return ProjectJson.load(Path.of("..", "sample-projects", file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
