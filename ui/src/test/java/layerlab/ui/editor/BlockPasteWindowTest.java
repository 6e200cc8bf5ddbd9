package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import javafx.scene.input.KeyCode;
import layerlab.graph.Block;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.analysis.Analysis;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Ctrl+C on the project, Ctrl+V inside an open block: the pasted placement's block stays in the project's library. */
class BlockPasteWindowTest extends WindowTest {
    /** x → Linear(4, width) → y. */
    private static Block block(String name, int width) {
        return ClipboardBlocksTest.widening(name, width);
    }

    @Test
    void aPlacementPastedIntoAnOpenBlockKeepsItsDefinition(FxRobot robot) {
        Graph g = Graph.empty().addBlock(block("Wide", 8)).after().addBlock(block("Host", 4)).after()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(4)), new Position(0, 0))).after()
                .addNode(new Node("w1", "w1", "Block", Map.of("block", "Wide"), new Position(280, 0))).after()
                .addNode(new Node("h1", "h1", "Block", Map.of("block", "Host"), new Position(280, 200))).after()
                .addNode(new Node("out", "out", "Output", Map.of(), new Position(560, 0))).after()
                .connect("x.out", "w1.x").after().connect("w1.y", "out.in").after().connect("x.out", "h1.x").after();
        robot.interact(() -> {
            editor.load(g);
            editor.select(List.of("w1"));
        });
        robot.press(KeyCode.CONTROL, KeyCode.C).release(KeyCode.C, KeyCode.CONTROL);
        robot.interact(() -> editor.select(List.of("h1")));
        robot.press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Host", editor.scopeProperty().get());
        robot.press(KeyCode.CONTROL, KeyCode.V).release(KeyCode.V, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        Graph host = editor.graph().block("Host").body();
        Node pasted = host.nodes().stream().filter(n -> "Wide".equals(n.param("block"))).findFirst().orElse(null);
        assertNotNull(pasted, "pasted into the open block: " + host.nodes());
        assertEquals(List.of(), host.blocks(), "nothing in the body's own (unused) library");
        assertEquals(List.of("Wide", "Host"), editor.graph().blocks().stream().map(Block::name).toList());
        assertTrue(editor.viewGraph().node(pasted.id()) != null, "the open block's canvas shows it");
        assertTrue(Analysis.of(editor.graph()).problems().stream().noneMatch(p -> p.message().contains("no block")),
                Analysis.of(editor.graph()).problems().toString());
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(g, editor.graph(), "one undo takes the paste back");
    }
}
