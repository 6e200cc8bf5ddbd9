package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.analysis.Analysis;
import org.junit.jupiter.api.Test;

/** Where the editor puts a card itself: room made in a row for a card inserted into a wire. */
class PlacementTest {
    private static Graph row(double bx) {
        return Graph.empty()
                .addNode(new Node("a", "a", "ReLU", Map.of(), new Position(0, 40))).after()
                .addNode(new Node("b", "b", "ReLU", Map.of(), new Position(bx, 40))).after()
                .addNode(new Node("c", "c", "ReLU", Map.of(), new Position(bx + 280, 50))).after()
                .addNode(new Node("below", "below", "ReLU", Map.of(), new Position(bx + 280, 190))).after()
                .addNode(new Node("left", "left", "ReLU", Map.of(), new Position(-280, 40))).after()
                .addNode(new Node("new", "new", "ReLU", Map.of(), new Position(900, 900))).after();
    }

    @Test
    void aCardInsertedIntoARowPushesWhatFollowsRightAsFarAsItNeeds() {
        Map<String, Position> m = Placement.roomInRow(row(280), "a", "b", "new");
        assertEquals(Map.of("new", new Position(280, 40), "b", new Position(560, 40), "c", new Position(840, 50)), m,
                "the next row, the cards before and the inserted card's old place are not moved");
    }

    @Test
    void withRoomEnoughOnlyTheInsertedCardMoves() {
        assertEquals(Map.of("new", new Position(280, 40)), Placement.roomInRow(row(700), "a", "b", "new"));
    }

    @Test
    void aWireThatDoesNotRunAlongARowMovesNothing() {
        Graph g = row(280);
        assertEquals(Map.of(), Placement.roomInRow(g, "b", "left", "new"), "backwards");
        assertEquals(Map.of(), Placement.roomInRow(g, "a", "below", "new"), "to another row");
    }

    /** x → conv → bn → add, with x's skip wire into the add drawn round conv and bn: a card dropped on the skip stays put. */
    @Test
    void aCardDroppedOnASkipWireStaysWhereItWasDroppedNotOnTheLayersSkipped() {
        Graph g = Graph.empty()
                .addNode(new Node("x", "x", "ReLU", Map.of(), new Position(0, 40))).after()
                .addNode(new Node("conv", "conv", "ReLU", Map.of(), new Position(280, 40))).after()
                .addNode(new Node("bn", "bn", "ReLU", Map.of(), new Position(560, 40))).after()
                .addNode(new Node("add", "add", "Add", Map.of(), new Position(840, 40))).after()
                .addNode(new Node("new", "new", "ReLU", Map.of(), new Position(420, 200))).after();
        assertEquals(Map.of(), Placement.roomInRow(g, "x", "add", "new"), "not onto conv, a column after x");
        assertEquals(Map.of("new", new Position(560, 40), "bn", new Position(840, 40), "add", new Position(1120, 40)),
                Placement.roomInRow(g, "conv", "bn", "new"), "between neighbours, room is still made");
    }

    /** Dropped across the row of the layers a skip wire goes round, the card goes into the skip and off those layers. */
    @Test
    void aCardInsertedIntoASkipWireOverTheRowItSkipsMovesOffItsCards() {
        Graph g = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(4)), new Position(0, 40))).after()
                .addNode(new Node("a", "a", "ReLU", Map.of(), new Position(280, 40))).after()
                .addNode(new Node("b", "b", "ReLU", Map.of(), new Position(560, 40))).after()
                .addNode(new Node("add", "add", "Add", Map.of(), new Position(840, 40))).after()
                .addNode(new Node("new", "new", "Identity", Map.of(), new Position(420, 0))).after()
                .connect("x.out", "a.in").after()
                .connect("a.out", "b.in").after()
                .connect("b.out", "add.in1").after()
                .connect("x.out", "add.in2").after();
        Graph after = Commands.insertOnEdge(g, Analysis.of(g), "new", new Edge("x", "out", "add", "in2")).execute(g).after();
        Position p = after.node("new").position();
        for (String id : List.of("x", "a", "b", "add")) {
            Position q = after.node(id).position();
            boolean covers = Math.abs(p.x() - q.x()) < Placement.CARD_W && Math.abs(p.y() - q.y()) < Placement.CARD_H;
            assertTrue(!covers, "new at " + p + " covers " + id + " at " + q);
            assertEquals(g.node(id).position(), q, id + " stays");
        }
        assertTrue(after.edges().contains(new Edge("new", "out", "add", "in2")));
    }
}
