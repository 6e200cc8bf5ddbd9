package layerlab.ui.editor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.graph.Block;
import layerlab.graph.Edge;
import layerlab.graph.Edit;
import layerlab.graph.Graph;
import layerlab.graph.Names;
import layerlab.graph.Node;
import layerlab.graph.Note;
import layerlab.graph.json.ProjectFormatException;
import layerlab.graph.json.ProjectJson;

/**
 * Copy and paste as project JSON: the copied nodes, the edges between them, the notes and the blocks they place
 * form a small project, so a paste can come from another LayerLab window (or a text editor) as well as this one.
 */
public final class ClipboardJson {
    /** How far a paste lands from the copied nodes, so the copy is seen beside the original. */
    public static final double OFFSET = 40;

    private ClipboardJson() {
    }

    /** The selection as project JSON text; null when it holds nothing. */
    public static String copy(Graph g, Collection<String> ids) {
        Set<String> sel = new HashSet<>(ids);
        List<Node> nodes = new ArrayList<>();
        Set<String> blocksUsed = new HashSet<>();
        for (Node n : g.nodes()) {
            if (!sel.contains(n.id())) continue;
            nodes.add(n);
            if (n.param("block") instanceof String b) blocksUsed.add(b);
        }
        List<Note> notes = g.notes().stream().filter(n -> sel.contains(n.id())).toList();
        if (nodes.isEmpty() && notes.isEmpty()) return null;
        List<Edge> edges = g.edges().stream().filter(e -> sel.contains(e.fromNode()) && sel.contains(e.toNode())).toList();
        List<Block> blocks = g.blocks().stream().filter(b -> blocksUsed.contains(b.name())).toList();
        Graph part = Graph.of("clipboard", "", nodes, edges, blocks, notes, g.view(), Map.of(), Map.of());
        return ProjectJson.write(part);
    }

    /** Whether {@code text} looks like LayerLab JSON (worth parsing on Paste). */
    public static boolean looksLikeProject(String text) {
        return text != null && text.contains("\"" + ProjectJson.FORMAT + "\"");
    }

    /**
     * The command that pastes {@code text} into the document, moved by {@link #OFFSET}; {@code pastedIds} receives
     * the new ids (to select them). Names that are taken get the next free number ({@code conv1} → {@code conv3}).
     */
    public static Command paste(String text, String name, List<String> pastedIds) throws ProjectFormatException {
        Graph part = ProjectJson.read(text, "the clipboard");
        int count = part.nodes().size() + part.notes().size();
        return new Command(name + " " + count + (count == 1 ? " item" : " items"), g -> {
            pastedIds.clear();
            Edit e = Edit.none(g);
            for (Block b : part.blocks()) if (e.after().block(b.name()) == null) e = e.then(x -> x.addBlock(b));
            Map<String, String> ids = new HashMap<>();
            for (Node n : part.nodes()) {
                Graph cur = e.after();
                String id = cur.freshId();
                String nm = cur.nodeByName(n.name()) == null ? n.name() : cur.freshName(stem(n.name()));
                ids.put(n.id(), id);
                pastedIds.add(id);
                Node copy = new Node(id, nm, n.kind(), n.params(), n.position().translate(OFFSET, OFFSET), n.frozen(), n.init());
                e = e.then(x -> x.addNode(copy));
            }
            for (Edge x : part.edges()) {
                Edge copy = new Edge(ids.get(x.fromNode()), x.fromPort(), ids.get(x.toNode()), x.toPort());
                e = e.then(y -> y.connect(copy));
            }
            for (Note n : part.notes()) {
                String id = e.after().freshId();
                pastedIds.add(id);
                Note copy = new Note(id, n.text(), n.position().translate(OFFSET, OFFSET), n.width(), n.height());
                e = e.then(y -> y.addNote(copy));
            }
            return e;
        });
    }

    /** {@code conv12} → {@code conv}: the prefix a fresh name counts from. */
    static String stem(String name) {
        String s = name.replaceAll("\\d+$", "");
        return Names.isIdentifier(s) ? s : "node";
    }
}
