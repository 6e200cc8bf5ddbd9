package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import layerlab.graph.Edit;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.ui.project.Samples;
import org.junit.jupiter.api.Test;

/**
 * A window open for days of edits: Undo reaches back {@link CommandStack#LIMIT} steps, not every edit since the
 * document opened (each step holds the document before and after it); the dirty marker still knows the saved state,
 * or that it is out of reach.
 */
class CommandStackLimitTest {
    /** {@code n} moves of one node, one step each, pushed on {@code s}; returns the graph after them. */
    private static Graph moves(CommandStack s, Graph g, int n) {
        Node node = g.nodes().get(0);
        for (int i = 0; i < n; i++) {
            Graph before = g;
            g = g.apply(new GraphChange.NodeMoved(node.id(), g.node(node.id()).position(), new Position(i, i)));
            s.push("Move 1 node", new Edit(before, g, List.of(new GraphChange.NodeMoved(node.id(), before.node(node.id()).position(), new Position(i, i)))));
        }
        return g;
    }

    private static int undoAll(CommandStack s) {
        int n = 0;
        while (s.canUndo()) {
            s.undo();
            n++;
        }
        return n;
    }

    @Test
    void undoReachesBackTheLastThousandStepsAndTheDirtyMarkerStaysRight() throws Exception {
        Graph g = Samples.load("iris.json");
        CommandStack s = new CommandStack();
        g = moves(s, g, 10);
        s.markSaved();
        g = moves(s, g, CommandStack.LIMIT + 490);
        assertEquals(CommandStack.LIMIT, undoAll(s), "undo steps held after " + (CommandStack.LIMIT + 500) + " edits");
        assertTrue(s.isDirty(), "the saved state went with the oldest steps: never clean again by undoing");

        CommandStack t = new CommandStack();
        g = moves(t, g, CommandStack.LIMIT + 200);
        t.markSaved();
        g = moves(t, g, 50);
        for (int i = 0; i < 50; i++) t.undo();
        assertFalse(t.isDirty(), "undone back to the save, within reach");
        while (t.canRedo()) t.redo();
        assertEquals(CommandStack.LIMIT, undoAll(t));
    }
}
