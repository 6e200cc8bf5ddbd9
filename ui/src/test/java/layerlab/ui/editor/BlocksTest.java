package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.graph.AutoLayout;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.json.ProjectJson;
import org.junit.jupiter.api.Test;

/** Ungrouping the sample's ResBlock: the same network, its layers named apart, and a drawing Auto-layout laid out stays so. */
class BlocksTest {
    /** A block renamed is renamed where it is placed, in the project and inside other blocks alike. */
    @Test
    void renamingABlockRenamesItsPlacementsInOtherBlocksToo() throws Exception {
        Graph g = ProjectJson.load(Path.of("../sample-projects/net-with-resblock.json"));
        Graph outerBody = Graph.empty()
                .addNode(new Node("i", "x", "Input", Map.of(), new Position(0, 0))).after()
                .addNode(new Node("r", "inner", "Block", Map.of("block", "ResBlock"), new Position(280, 0))).after()
                .addNode(new Node("o", "y", "Output", Map.of(), new Position(560, 0))).after()
                .connect("i.out", "r.x").after().connect("r.out", "o.in").after();
        g = g.addBlock(new layerlab.graph.Block("Outer", "", outerBody)).after();
        Graph after = Commands.renameBlock("ResBlock", "SkipBlock").execute(g).after();
        assertNull(after.block("ResBlock"));
        assertEquals("SkipBlock", after.nodeByName("res1").param("block"));
        assertEquals("SkipBlock", after.block("Outer").body().node("r").param("block"), "inside Outer too");
        assertTrue(Blocks.placed(after, "SkipBlock") && !Blocks.placed(after, "ResBlock"));
    }

    @Test
    void ungroupingTheSamplesResBlockKeepsTheNetworkAndItsLayout() throws Exception {
        Graph g = ProjectJson.load(Path.of("../sample-projects/net-with-resblock.json"));
        List<String> ids = new ArrayList<>();
        Graph after = Blocks.ungroup(g, g.nodeByName("res1").id(), ids).execute(g).after();
        assertNull(after.nodeByName("res1"));
        assertEquals(7, ids.size());
        // conv1 is the project's own: the block's conv1 comes back as res1_conv1; the others keep their names.
        assertEquals("Conv2d", after.nodeByName("res1_conv1").kind());
        assertEquals("BatchNorm2d", after.nodeByName("bn2").kind());
        Analysis before = Analysis.of(g), now = Analysis.of(after);
        assertEquals(before.totalParams(), now.totalParams());
        assertEquals(before.totalFlops(), now.totalFlops());
        assertTrue(now.errors().isEmpty(), now.errors().toString());
        // The skip connection: what fed the block feeds both its first conv and the Add.
        Set<String> wires = Set.copyOf(after.edges().stream().map(after::describe).toList());
        assertTrue(wires.contains("conv1.out → res1_conv1.in") && wires.contains("conv1.out → add.in2") && wires.contains("relu2.out → pool.in"), wires.toString());
        Map<String, Position> at = new LinkedHashMap<>();
        for (Node n : after.nodes()) at.put(n.id(), n.position());
        assertEquals(AutoLayout.layout(after, List.of()), at, "the sample was as Auto-layout lays it out, and stays so");
        assertTrue(Blocks.ungroup(g, g.nodeByName("conv1").id(), null) == null, "a layer is no placement");
        assertNull(after.block("ResBlock"), "its last placement gone, the definition goes too");
        // With a second placement the definition stays.
        Graph two = g.addNode(new Node(g.freshId(), "res2", "Block", Map.of("block", "ResBlock"), new Position(0, 900))).after();
        Graph one = Blocks.ungroup(two, two.nodeByName("res1").id(), null).execute(two).after();
        assertTrue(one.block("ResBlock") != null && Blocks.placed(one, "ResBlock"));
    }
}
