package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import org.junit.jupiter.api.Test;

/** Align and distribute: where the nodes land, the step's name, and that one undo puts them back. */
class ArrangeTest {
    private final EditorModel model = new EditorModel(Runnable::run);

    private static Graph scattered() {
        return Graph.empty()
                .addNode(new Node("a", "a", "ReLU", Map.of(), new Position(10, 50))).after()
                .addNode(new Node("b", "b", "ReLU", Map.of(), new Position(300, 20))).after()
                .addNode(new Node("c", "c", "ReLU", Map.of(), new Position(100, 170))).after()
                .addNode(new Node("d", "d", "ReLU", Map.of(), new Position(700, 80))).after();
    }

    private Position at(String id) {
        return model.graph().node(id).position();
    }

    @Test
    void alignLeftAndTopAndCentresUseTheSelectionsExtremesAndMean() {
        model.load(scattered());
        model.execute(Arrange.align(model.graph(), List.of("a", "b", "c"), Arrange.Align.LEFT));
        assertEquals(List.of(new Position(10, 50), new Position(10, 20), new Position(10, 170)), List.of(at("a"), at("b"), at("c")));
        assertEquals(new Position(700, 80), at("d"), "an unselected node stays");
        assertEquals("Align 3 nodes: left", model.undoNameProperty().get());
        model.undo();
        assertEquals(new Position(300, 20), at("b"));

        model.execute(Arrange.align(model.graph(), List.of("a", "b"), Arrange.Align.BOTTOM));
        assertEquals(List.of(new Position(10, 50), new Position(300, 50)), List.of(at("a"), at("b")));
        model.undo();
        model.execute(Arrange.align(model.graph(), List.of("a", "b"), Arrange.Align.CENTER_Y));
        assertEquals(35.0, at("a").y());
        assertEquals(35.0, at("b").y());
    }

    @Test
    void distributeSpacesEvenlyBetweenTheOutermostKeepingOrder() {
        model.load(scattered());
        model.execute(Arrange.distribute(model.graph(), List.of("a", "b", "c", "d"), true));
        // Sorted by x: a 10, c 100, b 300, d 700 → 10, 240, 470, 700.
        assertEquals(10.0, at("a").x());
        assertEquals(240.0, at("c").x());
        assertEquals(470.0, at("b").x());
        assertEquals(700.0, at("d").x());
        assertEquals(170.0, at("c").y(), "distributing horizontally keeps y");
        assertEquals("Distribute 4 nodes horizontally", model.undoNameProperty().get());
        model.undo();
        assertEquals(new Position(100, 170), at("c"));
    }

    @Test
    void tooFewNodesGiveNoCommand() {
        Graph g = scattered();
        assertNull(Arrange.align(g, List.of("a"), Arrange.Align.LEFT));
        assertNull(Arrange.distribute(g, List.of("a", "b"), false));
        assertNull(Arrange.align(g, List.of("a", "nope"), Arrange.Align.TOP));
    }
}
