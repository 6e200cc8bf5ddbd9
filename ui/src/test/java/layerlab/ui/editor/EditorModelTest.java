package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import layerlab.graph.AutoLayout;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.analysis.Analysis;
import org.junit.jupiter.api.Test;

/** The editor's commands and view model, without a screen. */
class EditorModelTest {
    private final EditorModel model = new EditorModel(Runnable::run);

    private static Graph chain() {
        return Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(8)), new Position(0, 0))).after()
                .addNode(new Node("fc1", "fc1", "Linear", Map.of("out_features", 4), new Position(300, 0))).after()
                .addNode(new Node("relu1", "relu1", "ReLU", Map.of(), new Position(600, 0))).after()
                .connect("x.out", "fc1.in").after()
                .connect("fc1.out", "relu1.in").after();
    }

    @Test
    void commandsAreNamedUndoneRedoneAndTrackTheSavePoint() {
        model.load(chain());
        assertFalse(model.isDirty());
        model.execute(Commands.move(model.graph(), Map.of("fc1", new Position(1, 2), "relu1", new Position(3, 4))));
        assertEquals("Move 2 nodes", model.undoNameProperty().get());
        assertTrue(model.isDirty());
        model.undo();
        assertFalse(model.isDirty());
        assertEquals(new Position(300, 0), model.graph().node("fc1").position());
        assertEquals("Move 2 nodes", model.redoNameProperty().get());
        model.redo();
        assertEquals(new Position(1, 2), model.graph().node("fc1").position());
        model.markSaved();
        assertFalse(model.isDirty());
        model.undo();
        assertTrue(model.isDirty());
    }

    /** Selecting what is selected changes nothing (the views that follow the selection are not rebuilt); else it changes. */
    @Test
    void selectingTheSelectionAgainChangesNothing() {
        model.load(chain());
        model.select(List.of("fc1", "relu1"));
        List<String> changes = new java.util.ArrayList<>();
        model.selection().addListener((javafx.collections.SetChangeListener<String>) c -> changes.add(c.wasAdded() ? "+" + c.getElementAdded() : "-" + c.getElementRemoved()));
        model.select(List.of("fc1", "relu1"));
        assertEquals(List.of(), changes);
        model.select(List.of("relu1", "fc1"));
        assertEquals(List.of("relu1", "fc1"), List.copyOf(model.selection()), "the order asked for");
        changes.clear();
        model.select(List.of("fc1"));
        assertEquals(List.of("fc1"), List.copyOf(model.selection()));
        assertFalse(changes.isEmpty());
    }

    @Test
    void aNewProjectStartsWithoutTheLastOnesMessage() {
        model.load(chain());
        model.messageProperty().set("Opened the trained model cnn.llab (8 nodes)");
        model.load(chain());
        assertEquals("", model.messageProperty().get());
    }

    @Test
    void analysisFollowsEveryEdit() {
        model.load(chain());
        assertEquals("[N, 4]", model.analysis().info("relu1").mainOutput().toString());
        model.execute(Commands.setParam(model.graph(), "fc1", "out_features", 7));
        assertEquals("[N, 7]", model.analysis().info("relu1").mainOutput().toString());
    }

    @Test
    void refusalsSayWhy() {
        Graph g = chain();
        Analysis a = Analysis.of(g);
        assertTrue(Connections.refusal(g, a, Edge.of("relu1.out", "fc1.in")).contains("already fed by x.out"));
        Graph open = g.disconnect(Edge.of("x.out", "fc1.in")).after();
        assertEquals("it would make a loop: relu1 → fc1 → relu1", Connections.refusal(open, Analysis.of(open), Edge.of("relu1.out", "fc1.in")));
        Graph idx = g.addNode(new Node("t", "tokens", "Input", Map.of("shape", List.of(5), "dtype", "int64"), Position.ORIGIN)).after()
                .addNode(new Node("r2", "relu2", "ReLU", Map.of(), Position.ORIGIN)).after();
        assertEquals("its input \"in\" takes float32 values, but tokens.out gives [N, 5] int64; int64 ids go through an Embedding first (or set "
                + "the dtype of tokens to float32 for values)", Connections.refusal(idx, Analysis.of(idx), Edge.of("t.out", "r2.in")));
        // A float Input wired into an Embedding: the refusal says which setting lets it through.
        Graph emb = g.addNode(new Node("e", "embedding1", "Embedding", Map.of("num_embeddings", 10, "embedding_dim", 4), Position.ORIGIN)).after();
        assertEquals("its input \"in\" takes int64 indices (token ids or class labels), but x.out gives [N, 8]; set the dtype of x to "
                + "int64 in Properties first", Connections.refusal(emb, Analysis.of(emb), Edge.of("x.out", "e.in")));
        assertNull(Connections.refusal(g, a, Edge.of("relu1.out", "x.out")) == null ? null : null);
    }

    @Test
    void deleteAndBridgeKeepsTheChain() {
        model.load(chain());
        model.execute(Commands.deleteAndBridge(model.graph(), "fc1"));
        assertEquals(List.of(Edge.of("x.out", "relu1.in")), model.graph().edges());
    }

    @Test
    void groupIntoBlockInfersPortsAndKeepsShapes() {
        model.load(chain());
        String[] id = {null};
        model.execute(Blocks.group(model.graph(), List.of("fc1", "relu1"), id));
        Analysis a = model.analysis();
        assertEquals(List.of(), a.info(id[0]).problems(), a.problems().toString());
        assertEquals("[N, 4]", a.info(id[0]).mainOutput().toString());
        model.undo();
        assertEquals(chain().edges(), model.graph().edges());
    }

    @Test
    void autoLayoutPutsAChainInARow() {
        Map<String, Position> p = AutoLayout.layout(chain().moveNode("relu1", new Position(5, 500)).after(), List.of());
        assertEquals(p.get("x").y(), p.get("relu1").y());
        assertTrue(p.get("fc1").x() > p.get("x").x() && p.get("relu1").x() > p.get("fc1").x());
    }

    @Test
    void aSelectionLaidOutOnItsOwnKeepsClearOfTheOtherCards() {
        // x and fc1 stacked at the left; relu1 stands where laying them out in a row would put fc1.
        Graph g = chain().moveNode("fc1", new Position(0, 200)).after().moveNode("relu1", new Position(280, 0)).after();
        model.load(g);
        model.execute(Commands.autoLayout(model.graph(), List.of("x", "fc1")));
        Position x = model.graph().node("x").position(), fc1 = model.graph().node("fc1").position(), relu = model.graph().node("relu1").position();
        assertEquals(x.y(), fc1.y(), "still a row");
        assertTrue(fc1.x() > x.x());
        for (Position p : List.of(x, fc1)) {
            assertTrue(Math.abs(p.x() - relu.x()) >= Placement.CARD_W || Math.abs(p.y() - relu.y()) >= Placement.CARD_H,
                    p + " lands on relu1 at " + relu);
        }
        assertEquals(new Position(280, 0), relu, "the card outside the selection stays");
    }

    @Test
    void pasteRenamesAndOffsets() throws Exception {
        model.load(chain());
        String json = ClipboardJson.copy(model.graph(), List.of("fc1", "relu1"));
        List<String> ids = new java.util.ArrayList<>();
        model.execute(ClipboardJson.paste(json, "Paste", ids));
        assertEquals(2, ids.size());
        Node fc = model.graph().node(ids.get(0));
        assertEquals("fc2", fc.name());
        assertEquals(new Position(340, 40), fc.position());
        assertTrue(model.graph().edges().contains(new Edge(ids.get(0), "out", ids.get(1), "in")));
    }

    @Test
    void quickAddIsFuzzy() {
        var all = QuickAddModel.choices(Graph.empty());
        assertEquals("Conv2d", QuickAddModel.filter(all, "cv2").get(0).label());
        assertEquals("ReLU", QuickAddModel.filter(all, "relu").get(0).label());
        assertEquals("BatchNorm2d", QuickAddModel.filter(all, "bn2").get(0).label());
        assertEquals("Upsample", QuickAddModel.filter(all, "upsample").get(0).label());
    }

    @Test
    void paramTextParsesSizesAndRefusesBadValues() {
        var conv = layerlab.graph.spec.Registry.get("Conv2d");
        assertEquals(3, ParamText.parse(conv.param("kernel_size"), "3"));
        assertEquals(List.of(3, 5), ParamText.parse(conv.param("kernel_size"), "(3, 5)"));
        assertEquals("same", ParamText.parse(conv.param("padding"), "'same'"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ParamText.parse(conv.param("out_channels"), "many"));
        assertTrue(e.getMessage().contains("whole number"), e.getMessage());
        // pasted numbers too large for a size are told so, in a list as alone
        assertEquals("out_channels: 99999999999 is too large; a size is at most 2147483647", org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> ParamText.parse(conv.param("out_channels"), "99999999999")).getMessage());
        assertEquals("kernel_size: 99999999999 is too large; a size is at most 2147483647", org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> ParamText.parse(conv.param("kernel_size"), "3, 99999999999")).getMessage());
    }
    /** BatchNorm's momentum=None (a cumulative average) is typed as None in its field, set, shown and undone like any value. */
    @Test
    void noneIsTypedWhereItMeansSomethingOfItsOwn() {
        var bn = layerlab.graph.spec.Registry.get("BatchNorm1d");
        assertEquals(layerlab.graph.spec.PyNone.NONE, ParamText.parse(bn.param("momentum"), "None"));
        assertEquals("None", ParamText.format(layerlab.graph.spec.PyNone.NONE));
        assertNull(ParamText.parse(bn.param("momentum"), ""), "an empty field is the default, 0.1");
        assertEquals("out_features must be a whole number, got None", org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ParamText.parse(layerlab.graph.spec.Registry.get("Linear").param("out_features"), "None")).getMessage());
        // Where None is already the default (Embedding's padding_idx), typing it is leaving the field empty.
        assertNull(ParamText.parse(layerlab.graph.spec.Registry.get("Embedding").param("padding_idx"), "None"));

        model.load(chain().addNode(new Node("bn", "bn", "BatchNorm1d", Map.of(), new Position(900, 0))).after().connect("relu1.out", "bn.in").after());
        model.execute(Commands.setParam(model.graph(), "bn", "momentum", ParamText.parse(bn.param("momentum"), "none")));
        assertEquals(layerlab.graph.spec.PyNone.NONE, model.graph().node("bn").param("momentum"));
        assertTrue(model.analysis().problems().stream().noneMatch(p -> p.toString().contains("momentum")), model.analysis().problems().toString());
        assertNull(model.analysis().params("bn").value("momentum"), "resolved: PyTorch's None");
        model.undo();
        assertNull(model.graph().node("bn").param("momentum"));
    }
}
