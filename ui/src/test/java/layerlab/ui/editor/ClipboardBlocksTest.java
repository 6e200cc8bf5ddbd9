package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.graph.Block;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.analysis.Analysis;
import org.junit.jupiter.api.Test;

/** Copy and paste of block placements between projects: the definitions travel with them and keep their meaning. */
class ClipboardBlocksTest {
    /** x → Linear(4, width) → y: a block whose parameter count tells which definition a placement uses. */
    static Block widening(String name, int width) {
        Graph body = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of(), new Position(0, 0))).after()
                .addNode(new Node("fc", "fc", "Linear", Map.of("in_features", 4, "out_features", width), new Position(280, 0))).after()
                .addNode(new Node("y", "y", "Output", Map.of(), new Position(560, 0))).after()
                .connect("x.out", "fc.in").after().connect("fc.out", "y.in").after();
        return new Block(name, "", body);
    }

    /** x [4] → b1 (a placement of {@code block}) → out. */
    private static Graph placing(Block... blocks) {
        Graph g = Graph.empty();
        for (Block b : blocks) g = g.addBlock(b).after();
        return g.addNode(new Node("x", "x", "Input", Map.of("shape", List.of(4)), new Position(0, 0))).after()
                .addNode(new Node("b1", "b1", "Block", Map.of("block", blocks[blocks.length - 1].name()), new Position(280, 0))).after()
                .addNode(new Node("out", "out", "Output", Map.of(), new Position(560, 0))).after()
                .connect("x.out", "b1.x").after().connect("b1.y", "out.in").after();
    }

    private static Graph paste(Graph into, String json, List<String> ids) throws Exception {
        return ClipboardJson.paste(json, "Paste", ids).execute(into).after();
    }

    /**
     * Group names its blocks Block1, Block2… in every project, so the project pasted into often has a Block1 of its own.
     * The pasted placement then silently used that other definition: another architecture, other parameter counts.
     */
    @Test
    void aPastedPlacementKeepsItsOwnDefinitionWhenTheNameIsTaken() throws Exception {
        Graph from = placing(widening("Block1", 8));
        Graph into = placing(widening("Block1", 2));
        List<String> ids = new ArrayList<>();
        Graph after = paste(into, ClipboardJson.copy(from, List.of("x", "b1", "out")), ids);
        Node pasted = after.node(ids.get(1));
        String name = (String) pasted.param("block");
        assertNotEquals("Block1", name, "the other project's Block1 is another block");
        assertEquals(40, Analysis.of(after).info(pasted.id()).params(), "Linear(4, 8) as in the project copied from");
        assertEquals(10, Analysis.of(after).info("b1").params(), "the project's own Block1 is unchanged");
        assertEquals(List.of("Block1", name), after.blocks().stream().map(Block::name).toList());
    }

    /** Copy and paste in one project reuses the block: no second definition of the same thing. */
    @Test
    void pastingInTheSameProjectReusesTheBlock() throws Exception {
        Graph g = placing(widening("Block1", 8));
        List<String> ids = new ArrayList<>();
        Graph after = paste(g, ClipboardJson.copy(g, List.of("b1")), ids);
        assertEquals("Block1", after.node(ids.get(0)).param("block"));
        assertEquals(1, after.blocks().size());
    }

    /** A block that places another block: both definitions are copied, or the paste cannot be analysed elsewhere. */
    @Test
    void aBlockPlacedInsideACopiedBlockIsCopiedToo() throws Exception {
        Block inner = widening("Inner", 4);
        Graph outerBody = Graph.empty().addBlock(inner).after()
                .addNode(new Node("x", "x", "Input", Map.of(), new Position(0, 0))).after()
                .addNode(new Node("inner1", "inner1", "Block", Map.of("block", "Inner"), new Position(280, 0))).after()
                .addNode(new Node("y", "y", "Output", Map.of(), new Position(560, 0))).after()
                .connect("x.out", "inner1.x").after().connect("inner1.y", "y.in").after();
        Graph from = placing(inner, new Block("Outer", "", Graph.of("Outer", "", outerBody.nodes(), outerBody.edges(), List.of(),
                List.of(), outerBody.view(), Map.of(), Map.of())));
        assertFalse(Analysis.of(from).hasErrors(), Analysis.of(from).errors().toString());
        List<String> ids = new ArrayList<>();
        Graph after = paste(Graph.empty(), ClipboardJson.copy(from, List.of("b1")), ids);
        assertTrue(after.block("Inner") != null, after.blocks().toString());
        assertFalse(Analysis.of(after).problems().stream().anyMatch(p -> p.message().contains("Inner")), Analysis.of(after).problems().toString());
    }

    /**
     * Inside an open block, a paste put the definitions of the blocks it places into the body's own library, which
     * nothing reads and no file keeps: the placement then used the project's block of that name, or none. Copying inside
     * a block left the definitions out. Both now go by the project's library.
     */
    @Test
    void pastingIntoAnOpenBlockAddsTheBlocksToTheProject() throws Exception {
        Graph from = placing(widening("Wide", 8));
        Block host = widening("Host", 4);
        Graph project = placing(host);
        EditorModel model = new EditorModel(Runnable::run);
        model.load(project);
        model.scopeProperty().set("Host");
        List<String> ids = new ArrayList<>();
        assertTrue(model.executeOnProject(ClipboardJson.paste(ClipboardJson.copy(from, List.of("b1")), "Paste", ids, "Host")),
                model.messageProperty().get());
        Graph after = model.graph();
        assertTrue(after.block("Wide") != null, "the project's library holds the pasted block: " + after.blocks());
        assertEquals(List.of(), after.block("Host").body().blocks(), "a body's library is unused");
        assertTrue(after.block("Host").body().node(ids.get(0)) != null, "the placement is in the open block");
        assertTrue(layerlab.graph.json.ProjectJson.read(layerlab.graph.json.ProjectJson.write(after), "saved").block("Wide") != null,
                "kept by a save");
        // Copied back out of the open block, the placement brings its definition along.
        String json = ClipboardJson.copy(model.viewGraph(), ids, model.graph());
        assertTrue(layerlab.graph.json.ProjectJson.read(json, "clipboard").block("Wide") != null, json);
        model.undo();
        assertEquals(project, model.graph(), "one undo takes the whole paste back");
    }
}
