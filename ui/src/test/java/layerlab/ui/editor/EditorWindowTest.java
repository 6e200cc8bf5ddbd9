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
class EditorWindowTest extends EditorWindowTestBase {
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
}
