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
/** Drives the editor like a user, in the real main window (headless under Monocle): right clicks, several nodes,
 * find, keys, blocks' breadcrumbs, arranging, autosave, save and reopen, the code view. */
class EditorWindowMoreTest extends EditorWindowTestBase {
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
}
