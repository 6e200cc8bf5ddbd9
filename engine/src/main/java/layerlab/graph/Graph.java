package layerlab.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import layerlab.graph.GraphChange.BlockAdded;
import layerlab.graph.GraphChange.BlockChanged;
import layerlab.graph.GraphChange.BlockRemoved;
import layerlab.graph.GraphChange.EdgeAdded;
import layerlab.graph.GraphChange.EdgeRemoved;
import layerlab.graph.GraphChange.InitChanged;
import layerlab.graph.GraphChange.NodeAdded;
import layerlab.graph.GraphChange.NodeMoved;
import layerlab.graph.GraphChange.NodeFrozen;
import layerlab.graph.GraphChange.NodeRemoved;
import layerlab.graph.GraphChange.NodeRenamed;
import layerlab.graph.GraphChange.NoteAdded;
import layerlab.graph.GraphChange.NoteChanged;
import layerlab.graph.GraphChange.NoteRemoved;
import layerlab.graph.GraphChange.ParamChanged;
import layerlab.graph.GraphChange.Setting;
import layerlab.graph.GraphChange.SettingChanged;
import layerlab.graph.GraphChange.ViewChanged;
import layerlab.init.InitChoice;

/**
 * The document behind the canvas: nodes, edges, the block library, sticky notes, the canvas view, and the
 * project's dataset and training config (JSON-like maps that the training code reads). Immutable: every
 * operation returns an {@link Edit} holding the new graph and the {@link GraphChange}s that lead to it.
 *
 * <p>The graph guarantees only what keeps it a document: unique node ids, unique valid node names, edges
 * between existing nodes (no duplicates), unique note ids and block names. Whether it makes a working network
 * (ports exist, shapes fit, no cycles) is for validation, so a student can draw half a network and be told
 * what is missing.
 */
public final class Graph {
    private static final Graph EMPTY = new Graph("Untitled", "", List.of(), List.of(), List.of(), List.of(),
            CanvasView.DEFAULT, Map.of(), Map.of());

    private final String name;
    private final String description;
    private final List<Node> nodes;
    private final List<Edge> edges;
    private final List<Block> blocks;
    private final List<Note> notes;
    private final CanvasView view;
    private final Map<String, Object> dataset;
    private final Map<String, Object> training;

    // Indexes, built once per graph on first use.
    private Map<String, Integer> nodeIndex;
    private Map<String, Node> byName;
    private Map<String, List<Edge>> incoming;
    private Map<String, List<Edge>> outgoing;

    private Graph(String name, String description, List<Node> nodes, List<Edge> edges, List<Block> blocks, List<Note> notes,
                  CanvasView view, Map<String, Object> dataset, Map<String, Object> training) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.nodes = List.copyOf(nodes);
        this.edges = List.copyOf(edges);
        this.blocks = List.copyOf(blocks);
        this.notes = List.copyOf(notes);
        this.view = Objects.requireNonNull(view, "view");
        this.dataset = Json.freeze(dataset);
        this.training = Json.freeze(training);
    }

    public static Graph empty() {
        return EMPTY;
    }

    /** A graph made at once (the project reader's way in); refuses what breaks the document's invariants. */
    public static Graph of(String name, String description, List<Node> nodes, List<Edge> edges, List<Block> blocks,
                           List<Note> notes, CanvasView view, Map<String, Object> dataset, Map<String, Object> training) {
        Graph g = new Graph(name, description, nodes, edges, blocks, notes, view, dataset, training);
        g.checkInvariants();
        return g;
    }

    private void checkInvariants() {
        Set<String> ids = new HashSet<>(), names = new HashSet<>();
        for (Node n : nodes) {
            if (!ids.add(n.id())) throw new IllegalArgumentException("two nodes have the id '" + n.id() + "'");
            String why = Names.documentProblem(n.name());
            if (why != null) throw new IllegalArgumentException(why);
            if (!names.add(n.name())) throw new IllegalArgumentException("two nodes are named '" + n.name() + "'; names must be unique");
        }
        Set<Edge> seen = new HashSet<>();
        for (Edge e : edges) {
            checkEnds(e);
            if (!seen.add(e)) throw new IllegalArgumentException("the connection " + describe(e) + " appears twice");
        }
        Set<String> blockNames = new HashSet<>();
        for (Block b : blocks) if (!blockNames.add(b.name())) throw new IllegalArgumentException("two blocks are named '" + b.name() + "'");
        Set<String> noteIds = new HashSet<>();
        for (Note n : notes) if (!noteIds.add(n.id())) throw new IllegalArgumentException("two notes have the id '" + n.id() + "'");
    }

    private void checkEnds(Edge e) {
        if (node(e.fromNode()) == null) throw new IllegalArgumentException("edge " + e + ": no node with id '" + e.fromNode() + "'");
        if (node(e.toNode()) == null) throw new IllegalArgumentException("edge " + e + ": no node with id '" + e.toNode() + "'");
    }

    // ---- queries ----

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** The nodes in document order (the order they were added; the file keeps it). */
    public List<Node> nodes() {
        return nodes;
    }

    public List<Edge> edges() {
        return edges;
    }

    public List<Block> blocks() {
        return blocks;
    }

    public List<Note> notes() {
        return notes;
    }

    public CanvasView view() {
        return view;
    }

    public Map<String, Object> dataset() {
        return dataset;
    }

    public Map<String, Object> training() {
        return training;
    }

    /** The node with this id, or null. */
    public Node node(String id) {
        Integer i = nodeIndex().get(id);
        return i == null ? null : nodes.get(i);
    }

    /** The node with this id; an error naming it when there is none. */
    public Node requireNode(String id) {
        Node n = node(id);
        if (n == null) throw new IllegalArgumentException("no node with id '" + id + "'");
        return n;
    }

    public int indexOf(String nodeId) {
        Integer i = nodeIndex().get(nodeId);
        return i == null ? -1 : i;
    }

    /** The node with this name, or null. */
    public Node nodeByName(String nodeName) {
        if (byName == null) {
            Map<String, Node> m = new HashMap<>();
            for (Node n : nodes) m.put(n.name(), n);
            byName = m;
        }
        return byName.get(nodeName);
    }

    /** Edges into the node, in document order. */
    public List<Edge> incoming(String nodeId) {
        if (incoming == null) buildAdjacency();
        return incoming.getOrDefault(nodeId, List.of());
    }

    /** The ids of the nodes {@code ids} depend on through edges, themselves included. */
    public Set<String> upstreamOf(Collection<String> ids) {
        Set<String> need = new LinkedHashSet<>();
        List<String> stack = new ArrayList<>(ids);
        while (!stack.isEmpty()) {
            String id = stack.remove(stack.size() - 1);
            if (!need.add(id)) continue;
            for (Edge e : incoming(id)) stack.add(e.fromNode());
        }
        return need;
    }

    /** The ids of the nodes the Output nodes depend on, the Outputs included: what a forward pass computes. */
    public Set<String> neededByOutputs() {
        List<String> outs = new ArrayList<>();
        for (Node n : nodes) if (n.kind().equals("Output")) outs.add(n.id());
        return upstreamOf(outs);
    }

    /** Edges out of the node, in document order. */
    public List<Edge> outgoing(String nodeId) {
        if (outgoing == null) buildAdjacency();
        return outgoing.getOrDefault(nodeId, List.of());
    }

    public Block block(String blockName) {
        for (Block b : blocks) if (b.name().equals(blockName)) return b;
        return null;
    }

    public Note note(String id) {
        for (Note n : notes) if (n.id().equals(id)) return n;
        return null;
    }

    /** An id no node or note has yet: {@code n1}, {@code n2}, … */
    public String freshId() {
        return Names.fresh("n", id -> node(id) != null || note(id) != null);
    }

    /** A name no node has yet: {@code conv1}, {@code conv2}, … */
    public String freshName(String prefix) {
        return Names.fresh(prefix, n -> nodeByName(n) != null);
    }

    /** "conv1.out → relu1.in", with node names, for messages. */
    public String describe(Edge e) {
        Node a = node(e.fromNode()), b = node(e.toNode());
        return (a == null ? e.fromNode() : a.name()) + "." + e.fromPort() + " → " + (b == null ? e.toNode() : b.name()) + "." + e.toPort();
    }

    private Map<String, Integer> nodeIndex() {
        if (nodeIndex == null) {
            Map<String, Integer> m = new HashMap<>(nodes.size() * 2);
            for (int i = 0; i < nodes.size(); i++) m.put(nodes.get(i).id(), i);
            nodeIndex = m;
        }
        return nodeIndex;
    }

    private void buildAdjacency() {
        Map<String, List<Edge>> in = new HashMap<>(), out = new HashMap<>();
        for (Edge e : edges) {
            in.computeIfAbsent(e.toNode(), k -> new ArrayList<>(2)).add(e);
            out.computeIfAbsent(e.fromNode(), k -> new ArrayList<>(2)).add(e);
        }
        incoming = in;
        outgoing = out;
    }

    // ---- operations: each returns the new graph and its changes ----

    /** Adds {@code node} at the end. Its id and name must be new, its name a valid identifier. */
    public Edit addNode(Node node) {
        return edit(List.of(new NodeAdded(node, nodes.size())));
    }

    /** Adds a node of {@code kind} with a fresh id and name ({@code conv3}) and no params set. */
    public Edit addNode(String kind, Position at) {
        return addNode(new Node(freshId(), freshName(Names.prefixFor(kind)), kind, Map.of(), at));
    }

    /** Removes the node and, first, every edge touching it. */
    public Edit removeNode(String id) {
        return removeNodes(List.of(id));
    }

    /** Removes the nodes and every edge touching them (edges first, so undo restores them in order). */
    public Edit removeNodes(Collection<String> ids) {
        Set<String> gone = new LinkedHashSet<>(ids);
        for (String id : gone) requireNode(id);
        List<GraphChange> cs = new ArrayList<>();
        for (int i = edges.size() - 1; i >= 0; i--) {
            Edge e = edges.get(i);
            if (gone.contains(e.fromNode()) || gone.contains(e.toNode())) cs.add(new EdgeRemoved(e, i));
        }
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (gone.contains(nodes.get(i).id())) cs.add(new NodeRemoved(nodes.get(i), i));
        }
        return edit(cs);
    }

    public Edit moveNode(String id, Position to) {
        Node n = requireNode(id);
        if (n.position().equals(to)) return Edit.none(this);
        return edit(List.of(new NodeMoved(id, n.position(), to)));
    }

    /** Sets {@code param} (a PyTorch name) to {@code value}; null unsets it (default, or auto from the shape). */
    public Edit setParam(String id, String param, Object value) {
        Node n = requireNode(id);
        Object old = n.param(param);
        Object normalised = value == null ? null : n.withParam(param, value).param(param);
        if (Objects.equals(old, normalised)) return Edit.none(this);
        return edit(List.of(new ParamChanged(id, param, old, normalised)));
    }

    public Edit rename(String id, String newName) {
        Node n = requireNode(id);
        if (n.name().equals(newName)) return Edit.none(this);
        return edit(List.of(new NodeRenamed(id, n.name(), newName)));
    }

    /** Freezes a node's weights (they stay as they are while the rest of the network trains) or unfreezes them. */
    public Edit setFrozen(String id, boolean frozen) {
        if (requireNode(id).frozen() == frozen) return Edit.none(this);
        return edit(List.of(new NodeFrozen(id, frozen)));
    }

    /**
     * Sets the initialiser of a node's {@code role} tensors ({@code weight} or {@code bias}); null goes back to PyTorch's
     * default initialisation.
     */
    public Edit setInit(String id, String role, InitChoice choice) {
        InitChoice old = requireNode(id).init(role);
        if (Objects.equals(old, choice)) return Edit.none(this);
        return edit(List.of(new InitChanged(id, role, old, choice)));
    }

    /** Connects an output port to an input port (ids, not names). */
    public Edit connect(Edge e) {
        return edit(List.of(new EdgeAdded(e, edges.size())));
    }

    /** Connects {@code "fromId.port"} to {@code "toId.port"}. */
    public Edit connect(String from, String to) {
        return connect(Edge.of(from, to));
    }

    public Edit disconnect(Edge e) {
        int i = edges.indexOf(e);
        if (i < 0) throw new IllegalArgumentException("there is no connection " + describe(e));
        return edit(List.of(new EdgeRemoved(e, i)));
    }

    public Edit addNote(Note note) {
        return edit(List.of(new NoteAdded(note, notes.size())));
    }

    public Edit removeNote(String id) {
        Note n = note(id);
        if (n == null) throw new IllegalArgumentException("no note with id '" + id + "'");
        return edit(List.of(new NoteRemoved(n, notes.indexOf(n))));
    }

    public Edit updateNote(Note note) {
        Note old = note(note.id());
        if (old == null) throw new IllegalArgumentException("no note with id '" + note.id() + "'");
        if (old.equals(note)) return Edit.none(this);
        return edit(List.of(new NoteChanged(old, note)));
    }

    public Edit addBlock(Block block) {
        return edit(List.of(new BlockAdded(block, blocks.size())));
    }

    /** Replaces the definition of the block with {@code block}'s name; every instance follows. */
    public Edit updateBlock(Block block) {
        Block old = block(block.name());
        if (old == null) throw new IllegalArgumentException("no block named '" + block.name() + "'");
        if (old.equals(block)) return Edit.none(this);
        return edit(List.of(new BlockChanged(old, block)));
    }

    /** Removes a block definition; instances of it remain and are reported by validation. */
    public Edit removeBlock(String blockName) {
        Block b = block(blockName);
        if (b == null) throw new IllegalArgumentException("no block named '" + blockName + "'");
        return edit(List.of(new BlockRemoved(b, blocks.indexOf(b))));
    }

    public Edit setView(CanvasView v) {
        if (view.equals(v)) return Edit.none(this);
        return edit(List.of(new ViewChanged(view, v)));
    }

    /** Sets the project's name, description (strings), dataset or training config (JSON-like maps). */
    public Edit set(Setting setting, Object value) {
        Object old = switch (setting) {
            case NAME -> name;
            case DESCRIPTION -> description;
            case DATASET -> dataset;
            case TRAINING -> training;
        };
        if (Objects.equals(old, value)) return Edit.none(this);
        return edit(List.of(new SettingChanged(setting, old, setting.check(value))));
    }

    private Edit edit(List<GraphChange> changes) {
        return new Edit(this, applyAll(changes), changes);
    }

    /** Applies the changes in order (redo, undo through inverses, or replaying an editor's log). */
    public Graph applyAll(List<GraphChange> changes) {
        Graph g = this;
        for (GraphChange c : changes) g = g.apply(c);
        return g;
    }

    /** Applies one change; a change that does not fit this graph (a stale undo) is refused, never half-applied. */
    public Graph apply(GraphChange change) {
        // An if-chain, not a pattern switch: the build targets Java 17.
        if (change instanceof NodeAdded c) {
            String why = Names.documentProblem(c.node().name());
            if (why != null) throw new IllegalArgumentException(why);
            if (node(c.node().id()) != null) throw new IllegalArgumentException("a node with id '" + c.node().id() + "' exists");
            if (nodeByName(c.node().name()) != null) throw new IllegalArgumentException("a node named '" + c.node().name() + "' exists; names must be unique");
            return withNodes(insert(nodes, c.index(), c.node()));
        }
        if (change instanceof NodeRemoved c) {
            int i = indexOf(c.node().id());
            if (i < 0) throw new IllegalArgumentException("no node with id '" + c.node().id() + "'");
            for (Edge e : edges) {
                if (e.touches(c.node().id())) throw new IllegalStateException("remove the edge " + describe(e) + " before its node");
            }
            List<Node> ns = new ArrayList<>(nodes);
            ns.remove(i);
            return withNodes(ns);
        }
        if (change instanceof NodeMoved c) return replaceNode(requireNode(c.nodeId()).withPosition(c.to()));
        if (change instanceof ParamChanged c) {
            Node n = requireNode(c.nodeId());
            if (!Objects.equals(n.param(c.param()), c.oldValue())) {
                throw new IllegalStateException(n.name() + "." + c.param() + " is " + n.param(c.param()) + ", not " + c.oldValue());
            }
            return replaceNode(n.withParam(c.param(), c.newValue()));
        }
        if (change instanceof NodeFrozen c) return replaceNode(requireNode(c.nodeId()).withFrozen(c.frozen()));
        if (change instanceof InitChanged c) {
            Node n = requireNode(c.nodeId());
            if (!Objects.equals(n.init(c.role()), c.oldChoice())) {
                throw new IllegalStateException(n.name() + "'s " + c.role() + " init is " + n.init(c.role()) + ", not " + c.oldChoice());
            }
            return replaceNode(n.withInit(c.role(), c.newChoice()));
        }
        if (change instanceof NodeRenamed c) {
            Node n = requireNode(c.nodeId());
            String why = Names.documentProblem(c.newName());
            if (why != null) throw new IllegalArgumentException(why);
            Node other = nodeByName(c.newName());
            if (other != null && other != n) throw new IllegalArgumentException("a node named '" + c.newName() + "' exists; names must be unique");
            return replaceNode(n.withName(c.newName()));
        }
        if (change instanceof EdgeAdded c) {
            checkEnds(c.edge());
            if (edges.contains(c.edge())) throw new IllegalArgumentException(describe(c.edge()) + " is already connected");
            return withEdges(insert(edges, c.index(), c.edge()));
        }
        if (change instanceof EdgeRemoved c) {
            List<Edge> es = new ArrayList<>(edges);
            if (!es.remove(c.edge())) throw new IllegalArgumentException("there is no connection " + describe(c.edge()));
            return withEdges(es);
        }
        if (change instanceof NoteAdded c) {
            if (note(c.note().id()) != null || node(c.note().id()) != null) throw new IllegalArgumentException("the id '" + c.note().id() + "' is taken");
            return new Graph(name, description, nodes, edges, blocks, insert(notes, c.index(), c.note()), view, dataset, training);
        }
        if (change instanceof NoteRemoved c) {
            List<Note> ns = new ArrayList<>(notes);
            if (!ns.removeIf(n -> n.id().equals(c.note().id()))) throw new IllegalArgumentException("no note with id '" + c.note().id() + "'");
            return new Graph(name, description, nodes, edges, blocks, ns, view, dataset, training);
        }
        if (change instanceof NoteChanged c) {
            List<Note> ns = new ArrayList<>(notes);
            int i = ns.indexOf(note(c.oldNote().id()));
            if (i < 0) throw new IllegalArgumentException("no note with id '" + c.oldNote().id() + "'");
            ns.set(i, c.newNote());
            return new Graph(name, description, nodes, edges, blocks, ns, view, dataset, training);
        }
        if (change instanceof BlockAdded c) {
            if (block(c.block().name()) != null) throw new IllegalArgumentException("a block named '" + c.block().name() + "' exists");
            return new Graph(name, description, nodes, edges, insert(blocks, c.index(), c.block()), notes, view, dataset, training);
        }
        if (change instanceof BlockRemoved c) {
            List<Block> bs = new ArrayList<>(blocks);
            if (!bs.removeIf(b -> b.name().equals(c.block().name()))) throw new IllegalArgumentException("no block named '" + c.block().name() + "'");
            return new Graph(name, description, nodes, edges, bs, notes, view, dataset, training);
        }
        if (change instanceof BlockChanged c) {
            List<Block> bs = new ArrayList<>(blocks);
            int i = bs.indexOf(block(c.oldBlock().name()));
            if (i < 0) throw new IllegalArgumentException("no block named '" + c.oldBlock().name() + "'");
            if (!c.newBlock().name().equals(c.oldBlock().name()) && block(c.newBlock().name()) != null) {
                throw new IllegalArgumentException("a block named '" + c.newBlock().name() + "' exists");
            }
            bs.set(i, c.newBlock());
            return new Graph(name, description, nodes, edges, bs, notes, view, dataset, training);
        }
        if (change instanceof ViewChanged c) return new Graph(name, description, nodes, edges, blocks, notes, c.newView(), dataset, training);
        if (change instanceof SettingChanged c) return withSetting(c.setting(), c.newValue());
    throw new AssertionError(change);
}

    @SuppressWarnings("unchecked")
    private Graph withSetting(Setting s, Object v) {
        s.check(v);
        return switch (s) {
            case NAME -> new Graph((String) v, description, nodes, edges, blocks, notes, view, dataset, training);
            case DESCRIPTION -> new Graph(name, (String) v, nodes, edges, blocks, notes, view, dataset, training);
            case DATASET -> new Graph(name, description, nodes, edges, blocks, notes, view, (Map<String, Object>) v, training);
            case TRAINING -> new Graph(name, description, nodes, edges, blocks, notes, view, dataset, (Map<String, Object>) v);
        };
    }

    private Graph replaceNode(Node n) {
        List<Node> ns = new ArrayList<>(nodes);
        ns.set(indexOf(n.id()), n);
        Graph g = withNodes(ns);
        // Edges and the id index do not depend on names or params: share them.
        g.nodeIndex = nodeIndex;
        g.incoming = incoming;
        g.outgoing = outgoing;
        return g;
    }

    private Graph withNodes(List<Node> ns) {
        return new Graph(name, description, ns, edges, blocks, notes, view, dataset, training);
    }

    private Graph withEdges(List<Edge> es) {
        Graph g = new Graph(name, description, nodes, es, blocks, notes, view, dataset, training);
        g.nodeIndex = nodeIndex;
        g.byName = byName;
        return g;
    }

    private static <T> List<T> insert(List<T> list, int index, T item) {
        List<T> out = new ArrayList<>(list.size() + 1);
        out.addAll(list);
        out.add(Math.max(0, Math.min(index, list.size())), item);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Graph g && name.equals(g.name) && description.equals(g.description) && nodes.equals(g.nodes)
                && edges.equals(g.edges) && blocks.equals(g.blocks) && notes.equals(g.notes) && view.equals(g.view)
                && dataset.equals(g.dataset) && training.equals(g.training);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, nodes, edges, blocks);
    }

    @Override
    public String toString() {
        return "Graph(" + name + ": " + nodes.size() + " nodes, " + edges.size() + " edges, " + blocks.size() + " blocks)";
    }

    /** Deep-frozen copies of the JSON-like settings maps (maps, lists, strings, numbers, booleans, null). */
    static final class Json {
        private Json() {
        }

        static Map<String, Object> freeze(Map<String, Object> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, freezeValue(v)));
            return Collections.unmodifiableMap(out);
        }

        @SuppressWarnings("unchecked")
        private static Object freezeValue(Object v) {
            if (v instanceof Map<?, ?> m) return freeze((Map<String, Object>) m);
            if (v instanceof List<?> l) {
                List<Object> out = new ArrayList<>(l.size());
                for (Object o : l) out.add(freezeValue(o));
                return Collections.unmodifiableList(out);
            }
            if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) return v;
            throw new IllegalArgumentException("settings hold JSON values only, got " + v.getClass().getSimpleName());
        }
    }
}
