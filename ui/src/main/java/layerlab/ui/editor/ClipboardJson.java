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
import layerlab.graph.Position;
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
        return copy(g, ids, g);
    }

    /**
     * The selection of {@code g} (the project, or the body of the block open in it) as project JSON text, with the
     * definitions of the blocks it places from {@code project}'s library; null when it holds nothing.
     */
    public static String copy(Graph g, Collection<String> ids, Graph project) {
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
        // The blocks placed inside the copied blocks too: blocks place blocks from the project's library, so a paste
        // into another project needs every definition down the nesting.
        for (List<String> todo = new ArrayList<>(blocksUsed); !todo.isEmpty(); ) {
            Block b = project.block(todo.remove(todo.size() - 1));
            if (b == null) continue;
            for (Node n : b.body().nodes()) if (n.param("block") instanceof String inner && blocksUsed.add(inner)) todo.add(inner);
        }
        List<Block> blocks = project.blocks().stream().filter(b -> blocksUsed.contains(b.name())).toList();
        Graph part = Graph.of("clipboard", "", nodes, edges, blocks, notes, g.view(), Map.of(), Map.of());
        return ProjectJson.write(part);
    }

    /** Whether {@code text} looks like LayerLab JSON (worth parsing on Paste). */
    public static boolean looksLikeProject(String text) {
        return text != null && text.contains("\"" + ProjectJson.FORMAT + "\"");
    }

    /** Where a paste lands: how far the clipboard's {@code part} moves going into {@code into} (the project or a block's body). */
    @FunctionalInterface
    public interface Where {
        Position offset(Graph into, Graph part);
    }

    /** Beside the copied items, {@link #OFFSET} down and right of them. */
    public static final Where BESIDE = (into, part) -> new Position(OFFSET, OFFSET);

    /**
     * The command that pastes {@code text} into the document, moved by {@link #OFFSET}; {@code pastedIds} receives
     * the new ids (to select them). Names that are taken get the next free number ({@code conv1} → {@code conv3}).
     */
    public static Command paste(String text, String name, List<String> pastedIds) throws ProjectFormatException {
        return paste(text, name, pastedIds, null, BESIDE);
    }

    /** As {@link #paste(String, String, List, String, Where)}, beside the copied items. */
    public static Command paste(String text, String name, List<String> pastedIds, String scope) throws ProjectFormatException {
        return paste(text, name, pastedIds, scope, BESIDE);
    }

    /**
     * As {@link #paste(String, String, List)}, into the body of block {@code scope} when it is not null, moved as {@code
     * where} says: a command on the whole project, for the definitions of the blocks pasted go to the project's library (a
     * body's own is unused, so they were lost there, and a placement found another block of the same name or none).
     */
    public static Command paste(String text, String name, List<String> pastedIds, String scope, Where where) throws ProjectFormatException {
        Graph part = ProjectJson.read(text, "the clipboard");
        int count = part.nodes().size() + part.notes().size();
        return new Command(name + " " + count + (count == 1 ? " item" : " items"), g -> {
            pastedIds.clear();
            Edit e = Edit.none(g);
            Map<String, String> renamed = new HashMap<>();
            for (Block b : pastedBlocks(part, g, renamed)) e = e.then(x -> x.addBlock(b));
            if (scope == null) return addParts(e, part, renamed, pastedIds, where.offset(e.after(), part));
            Block open = e.after().block(scope);
            if (open == null) throw new IllegalArgumentException("no block named '" + scope + "'");
            Graph body = addParts(Edit.none(open.body()), part, renamed, pastedIds, where.offset(open.body(), part)).after();
            return e.then(x -> x.updateBlock(open.withBody(body)));
        });
    }

    /** The rectangles the clipboard's nodes and notes cover, {x0, y0, x1, y1} each, where they were copied. */
    public static List<double[]> rects(Graph part) {
        List<String> ids = new ArrayList<>();
        for (Node n : part.nodes()) ids.add(n.id());
        for (Note n : part.notes()) ids.add(n.id());
        return Placement.rects(part, ids);
    }

    /** {@code e} followed by adding the clipboard's nodes, edges and notes, moved by {@code by}, under fresh ids. */
    private static Edit addParts(Edit e, Graph part, Map<String, String> renamed, List<String> pastedIds, Position by) {
        Map<String, String> ids = new HashMap<>();
        for (Node n : part.nodes()) {
            Graph cur = e.after();
            String id = cur.freshId();
            String nm = cur.nodeByName(n.name()) == null ? n.name() : cur.freshName(stem(n.name()));
            ids.put(n.id(), id);
            pastedIds.add(id);
            Node copy = placing(new Node(id, nm, n.kind(), n.params(), n.position().translate(by.x(), by.y()), n.frozen(), n.init()), renamed);
            e = e.then(x -> x.addNode(copy));
        }
        for (Edge x : part.edges()) {
            Edge copy = new Edge(ids.get(x.fromNode()), x.fromPort(), ids.get(x.toNode()), x.toPort());
            e = e.then(y -> y.connect(copy));
        }
        for (Note n : part.notes()) {
            String id = e.after().freshId();
            pastedIds.add(id);
            Note copy = new Note(id, n.text(), n.position().translate(by.x(), by.y()), n.width(), n.height());
            e = e.then(y -> y.addNote(copy));
        }
        return e;
    }

    /**
     * The clipboard's block definitions to add to {@code g}: a block {@code g} already holds under the same name with the
     * same layers is reused (copy and paste in one project), one whose name {@code g} gives to another definition is
     * added under a fresh name ({@code renamed} maps old to new), for Group names blocks Block1, Block2… in every project
     * and the paste must keep its own layers. Inner blocks are settled first, as an outer block's layers name them.
     */
    private static List<Block> pastedBlocks(Graph part, Graph g, Map<String, String> renamed) {
        List<Block> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (Block b : g.blocks()) taken.add(b.name());
        List<Block> todo = new ArrayList<>(part.blocks());
        Set<String> pending = new HashSet<>();
        for (Block b : todo) pending.add(b.name());
        while (!todo.isEmpty()) {
            // The first block none of whose inner blocks is still to settle (the first left, should the clipboard hold a loop).
            Block next = todo.stream().filter(b -> b.body().nodes().stream().noneMatch(n -> n.param("block") instanceof String inner
                    && !inner.equals(b.name()) && pending.contains(inner))).findFirst().orElse(todo.get(0));
            todo.remove(next);
            pending.remove(next.name());
            Graph body = next.body();
            Graph rewritten = Graph.of(body.name(), body.description(), body.nodes().stream().map(n -> placing(n, renamed)).toList(),
                    body.edges(), body.blocks(), body.notes(), body.view(), body.dataset(), body.training());
            Block b = new Block(next.name(), next.description(), rewritten);
            Block have = g.block(b.name());
            if (have != null && sameLayers(have.body(), b.body())) continue;
            if (have != null || taken.contains(b.name())) {
                String stem = b.name().replaceAll("\\d+$", "");
                String fresh = Names.fresh(Names.isIdentifier(stem) ? stem : "Block", taken::contains);
                renamed.put(b.name(), fresh);
                b = new Block(fresh, b.description(), b.body());
            }
            taken.add(b.name());
            out.add(b);
        }
        return out;
    }

    /** {@code n}, placing the renamed block where it places one that {@code renamed} names. */
    private static Node placing(Node n, Map<String, String> renamed) {
        return n.param("block") instanceof String b && renamed.containsKey(b) ? n.withParam("block", renamed.get(b)) : n;
    }

    /** Whether two block bodies hold the same layers, wired alike (where their cards lie aside). */
    private static boolean sameLayers(Graph a, Graph b) {
        Position origin = new Position(0, 0);
        return a.edges().equals(b.edges()) && a.nodes().stream().map(n -> n.withPosition(origin)).toList()
                .equals(b.nodes().stream().map(n -> n.withPosition(origin)).toList());
    }

    /** {@code conv12} → {@code conv}: the prefix a fresh name counts from. */
    static String stem(String name) {
        String s = name.replaceAll("\\d+$", "");
        return Names.isIdentifier(s) ? s : "node";
    }
}
