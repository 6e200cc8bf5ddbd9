package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
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
}
