package layerlab.ui.editor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import layerlab.graph.AutoLayout;
import layerlab.graph.Block;
import layerlab.graph.Edge;
import layerlab.graph.Edit;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.graph.Names;
import layerlab.graph.Node;
import layerlab.graph.Note;
import layerlab.graph.Position;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.AutoFill;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.ParamSpec;
import layerlab.graph.spec.PortSpec;
import layerlab.graph.spec.Registry;
import layerlab.graph.spec.ResolvedParams;
import layerlab.init.InitChoice;

/** The editor's commands, one factory per user intent; compound ones (paste, insert, layout) chain graph operations. */
public final class Commands {
    private Commands() {
    }

    /** A new node of {@code kind} (for a block instance: {@code Block} with {@code block} set); {@code idOut[0]} gets its id. */
    public static Command addNode(String kind, String blockName, Position at, String[] idOut) {
        String shown = blockName != null ? blockName : kind;
        return new Command("Add " + shown, g -> {
            String id = g.freshId();
            if (idOut != null) idOut[0] = id;
            String prefix = blockName != null ? blockName.toLowerCase(java.util.Locale.ROOT) : Names.prefixFor(kind);
            LayerSpec spec = blockName != null ? null : Registry.find(kind);
            Map<String, Object> params = blockName != null ? Map.of("block", blockName) : spec != null ? spec.addedWith() : Map.of();
            return g.addNode(new Node(id, g.freshName(prefix), kind, params, at));
        });
    }

    public static Command connect(Graph g, Edge e) {
        return new Command("Connect " + g.describe(e), x -> x.connect(e));
    }

    /**
     * A wire dropped on an Add, Multiply or Concat whose inputs are all fed: {@code num_inputs} grows by one and the wire goes
     * into the new port, in one step (an Inception module's third branch joins its Concat as drawn). Null when the node has
     * no {@code num_inputs}, is at its maximum, has a free input already, or the new connection would be refused (a loop).
     */
    public static Command connectToAnotherInput(Graph g, Analysis a, String fromNode, String fromPort, String toId) {
        Node to = g.requireNode(toId);
        LayerSpec spec = Registry.find(to.kind());
        ParamSpec count = spec == null ? null : spec.param("num_inputs");
        if (count == null) return null;
        List<PortSpec> ins = Ports.inputs(g, a, to);
        for (PortSpec in : ins) {
            if (g.incoming(toId).stream().noneMatch(x -> x.toPort().equals(in.name()))) return null;
        }
        int k = ins.size() + 1;
        if (count.max() != null && k > count.max()) return null;
        Edge wire = new Edge(fromNode, fromPort, toId, "in" + k);
        Graph grown = g.setParam(toId, "num_inputs", k).after();
        if (Connections.refusal(grown, Analysis.of(grown), wire) != null) return null;
        return new Command("Connect " + g.node(fromNode).name() + "." + fromPort + " → " + to.name() + "." + wire.toPort() + " (num_inputs " + k + ")",
                x -> x.setParam(toId, "num_inputs", k).then(y -> y.connect(wire)));
    }

    public static Command disconnect(Graph g, Edge e) {
        return new Command("Delete connection " + g.describe(e), x -> x.disconnect(e));
    }

    /** Moves one end of {@code old}: the edge is replaced by {@code now} in one step. */
    public static Command reconnect(Edge old, Edge now) {
        return new Command("Reconnect", x -> x.disconnect(old).then(y -> y.connect(now)));
    }

    public static Command move(Graph g, Map<String, Position> to) {
        String what = to.size() == 1 ? label(g, to.keySet().iterator().next()) : to.size() + " nodes";
        return new Command("Move " + what, x -> {
            Edit e = Edit.none(x);
            for (Map.Entry<String, Position> m : to.entrySet()) {
                if (x.node(m.getKey()) != null) e = e.then(y -> y.moveNode(m.getKey(), m.getValue()));
                else {
                    Note n = e.after().note(m.getKey());
                    if (n != null) e = e.then(y -> y.updateNote(n.withPosition(m.getValue())));
                }
            }
            return e;
        });
    }

    /** Deletes nodes (with their edges) and notes. */
    public static Command delete(Graph g, Collection<String> ids) {
        Set<String> nodes = new LinkedHashSet<>(), notes = new LinkedHashSet<>();
        for (String id : ids) {
            if (g.node(id) != null) nodes.add(id);
            else if (g.note(id) != null) notes.add(id);
        }
        int n = nodes.size() + notes.size();
        String what = n == 1 ? label(g, ids.iterator().next()) : n + (notes.isEmpty() ? " nodes" : " items");
        return new Command("Delete " + what, x -> {
            Edit e = nodes.isEmpty() ? Edit.none(x) : x.removeNodes(nodes);
            for (String id : notes) e = e.then(y -> y.removeNote(id));
            return e;
        });
    }

    /** Deletes a node and connects what fed it to what it fed (Ctrl+Delete), so a chain stays a chain. */
    public static Command deleteAndBridge(Graph g, String id) {
        return new Command("Delete " + label(g, id) + " and bridge", x -> {
            List<Edge> in = x.incoming(id), out = x.outgoing(id);
            Edit e = x.removeNode(id);
            if (in.size() == 1) {
                Edge src = in.get(0);
                for (Edge o : out) {
                    Edge bridge = new Edge(src.fromNode(), src.fromPort(), o.toNode(), o.toPort());
                    if (!e.after().edges().contains(bridge)) e = e.then(y -> y.connect(bridge));
                }
            }
            return e;
        });
    }

    /**
     * Replaces node {@code id} by a layer of another kind (or a block) in its place, as one step: its wires go to the new
     * layer's ports in order (first input to first input, …; a wire without a matching port is dropped), the params both
     * kinds have keep their values where the new kind allows them, so do frozen weights and initialisers that fit, and a name made from the old kind ("relu1") becomes one from the new ("gelu1"); a
     * name the user gave stays.
     */
    public static Command replace(Graph g, String id, String kind, String blockName) {
        Node old = g.requireNode(id);
        String shown = blockName != null ? blockName : kind;
        return new Command("Replace " + old.name() + " with " + shown, x -> {
            Node o = x.requireNode(id);
            Analysis before = Analysis.of(x);
            List<PortSpec> oldIns = Ports.inputs(x, before, o), oldOuts = Ports.outputs(x, before, o);
            List<Edge> in = x.incoming(id), out = x.outgoing(id);
            Map<String, Object> params = new LinkedHashMap<>();
            LayerSpec spec = Registry.find(kind);
            if (blockName != null) params.put("block", blockName);
            else if (spec != null) {
                params.putAll(spec.addedWith());
                for (Map.Entry<String, Object> p : o.params().entrySet()) {
                    // A value the new kind allows (Conv2d's padding_mode "reflect" is not a ConvTranspose2d's).
                    if (spec.params().stream().anyMatch(ps -> ps.name().equals(p.getKey()) && ps.check(p.getValue()) == null)) params.put(p.getKey(), p.getValue());
                }
            }
            Edit e = x.removeNodes(Set.of(id));
            String oldPrefix = o.param("block") instanceof String b ? b.toLowerCase(Locale.ROOT) : Names.prefixFor(o.kind());
            String newPrefix = blockName != null ? blockName.toLowerCase(Locale.ROOT) : Names.prefixFor(kind);
            String name = o.name().matches(Pattern.quote(oldPrefix) + "\\d*") ? e.after().freshName(newPrefix) : o.name();
            // Frozen weights and initialisers carry over where the new kind has such tensors and they fit them
            // (a Conv2d's kaiming_normal stays on the Conv1d replacing it; not on a BatchNorm's per-channel vector).
            Map<String, Integer> roles = spec == null ? Map.of() : spec.parameterRoles(new ResolvedParams(spec, params, Map.of()));
            Map<String, InitChoice> init = new LinkedHashMap<>();
            o.init().forEach((role, c) -> {
                if (roles.containsKey(role) && c.problem(role, roles.get(role)) == null) init.put(role, c);
            });
            Node now = new Node(id, name, kind, params, o.position(), o.frozen() && !roles.isEmpty(), init);
            e = e.then(y -> y.addNode(now));
            Analysis after = Analysis.of(e.after());
            List<PortSpec> newIns = Ports.inputs(e.after(), after, now), newOuts = Ports.outputs(e.after(), after, now);
            for (Edge w : in) {
                int i = indexOf(oldIns, w.toPort());
                if (i >= 0 && i < newIns.size()) {
                    Edge c = new Edge(w.fromNode(), w.fromPort(), id, newIns.get(i).name());
                    e = e.then(y -> y.connect(c));
                }
            }
            for (Edge w : out) {
                int i = indexOf(oldOuts, w.fromPort());
                if (i >= 0 && i < newOuts.size()) {
                    Edge c = new Edge(id, newOuts.get(i).name(), w.toNode(), w.toPort());
                    e = e.then(y -> y.connect(c));
                }
            }
            return e;
        });
    }

    private static int indexOf(List<PortSpec> ports, String name) {
        for (int i = 0; i < ports.size(); i++) if (ports.get(i).name().equals(name)) return i;
        return -1;
    }

    /** Puts an unconnected node into {@code edge}: from → node → to, with room made for it in a row ({@link Placement#roomInRow}). */
    public static Command insertOnEdge(Graph g, Analysis a, String id, Edge edge) {
        Node n = g.requireNode(id);
        List<PortSpec> ins = Ports.inputs(g, a, n), outs = Ports.outputs(g, a, n);
        if (ins.isEmpty() || outs.isEmpty()) return null;
        Map<String, Position> room = Placement.roomInRow(g, edge.fromNode(), edge.toNode(), id);
        // Not along a row (a skip connection, a wire to the next row): where it was dropped, off any card it lands on.
        if (room.isEmpty()) room = Placement.clearOf(g, id);
        Map<String, Position> moves = room;
        return new Command("Insert " + n.name(), x -> {
            Edit e = x.disconnect(edge)
                    .then(y -> y.connect(new Edge(edge.fromNode(), edge.fromPort(), id, ins.get(0).name())))
                    .then(y -> y.connect(new Edge(id, outs.get(0).name(), edge.toNode(), edge.toPort())));
            for (Map.Entry<String, Position> m : moves.entrySet()) e = e.then(y -> y.moveNode(m.getKey(), m.getValue()));
            return e;
        });
    }

    /**
     * Adds a layer into {@code edge} (dropped onto the wire from the palette): the node, the edge's source into its first
     * input and its first output into the edge's target, as one step; null when the kind lacks an input or an output.
     */
    public static Command addOnEdge(Graph g, Analysis a, String kind, String blockName, Position at, Edge edge, String[] idOut) {
        String[] id = {null};
        Command add = addNode(kind, blockName, at, id);
        Graph added = add.execute(g).after();
        Command insert = insertOnEdge(added, a, id[0], edge);
        if (insert == null) return null;
        String shown = blockName != null ? blockName : kind;
        return new Command("Add " + shown + " into " + g.describe(edge), x -> {
            Edit e = add.execute(x);
            if (idOut != null) idOut[0] = id[0];
            return e.then(insert::execute);
        });
    }

    /** Sets the project's name or description (the Properties overview with nothing selected). */
    public static Command setProjectText(GraphChange.Setting what, String text) {
        String name = what == GraphChange.Setting.NAME ? "Rename the project to " + text : "Describe the project";
        return new Command(name, g -> g.set(what, text));
    }

    /**
     * Renames block definition {@code from} to {@code to} (a Python class name), and every placement with it (in the
     * project and in other blocks' bodies), as one step.
     */
    public static Command renameBlock(String from, String to) {
        return new Command("Rename block " + from + " to " + to, g -> {
            Block b = g.block(from);
            if (b == null) throw new IllegalArgumentException("there is no block named " + from);
            if (g.block(to) != null) throw new IllegalArgumentException("a block named " + to + " exists already");
            Block renamed = new Block(to, b.description(), b.body());
            Edit e = g.removeBlock(from).then(x -> x.addBlock(renamed));
            for (Node n : g.nodes()) {
                if (from.equals(n.param("block"))) e = e.then(x -> x.setParam(n.id(), "block", to));
            }
            // A block placed inside another block's body is renamed there too (Blocks.placed counts those placements).
            for (Block other : e.after().blocks()) {
                Graph body = other.body();
                for (Node n : other.body().nodes()) if (from.equals(n.param("block"))) body = body.setParam(n.id(), "block", to).after();
                Block now = other.withBody(body);
                if (body != other.body()) e = e.then(x -> x.updateBlock(now));
            }
            return e;
        });
    }

    /** Deletes block definition {@code name}, which nothing may place any more. */
    public static Command deleteBlock(String name) {
        return new Command("Delete block " + name, g -> {
            if (Blocks.placed(g, name)) throw new IllegalArgumentException(name + " is still placed; delete or ungroup its placements first");
            return g.removeBlock(name);
        });
    }

    /** Sets block {@code name}'s description (the Properties overview inside the block). */
    public static Command describeBlock(String name, String description) {
        return new Command("Describe block " + name, g -> {
            Block b = g.block(name);
            if (b == null) throw new IllegalArgumentException("there is no block named " + name);
            return g.updateBlock(new Block(name, description, b.body()));
        });
    }

    /** Sets {@code param} on every node of {@code ids} (a selection of one kind) as one step. */
    public static Command setParamOnAll(List<String> ids, String param, Object value) {
        return new Command("Set " + param + " on " + ids.size() + " nodes", x -> {
            Edit e = Edit.none(x);
            for (String id : ids) e = e.then(y -> y.setParam(id, param, value));
            return e;
        });
    }

    /** Freezes (or unfreezes) the weights of the nodes {@code ids} as one step: "Freeze conv1", "Unfreeze 3 layers". */
    public static Command setFrozen(Graph g, List<String> ids, boolean frozen) {
        String what = ids.size() == 1 ? g.requireNode(ids.get(0)).name() : ids.size() + " layers";
        return new Command((frozen ? "Freeze " : "Unfreeze ") + what, x -> {
            Edit e = Edit.none(x);
            for (String id : ids) e = e.then(y -> y.setFrozen(id, frozen));
            return e;
        });
    }

    /**
     * Sets (or, with null, unsets) the initialiser of the {@code role} tensors of the nodes {@code ids} as one step:
     * "Initialise fc.weight: xavier_uniform", "Initialise the weight of 3 layers: kaiming_normal".
     */
    public static Command setInit(Graph g, List<String> ids, String role, InitChoice choice) {
        String what = ids.size() == 1 ? g.requireNode(ids.get(0)).name() + "." + role : "the " + role + " of " + ids.size() + " layers";
        return new Command(choice == null ? "Default initialisation of " + what : "Initialise " + what + ": " + choice.name(), x -> {
            Edit e = Edit.none(x);
            for (String id : ids) e = e.then(y -> y.setInit(id, role, choice));
            return e;
        });
    }

    public static Command setParam(Graph g, String id, String param, Object value) {
        return new Command("Set " + g.requireNode(id).name() + "." + param, x -> x.setParam(id, param, value));
    }

    public static Command rename(Graph g, String id, String name) {
        return new Command("Rename " + g.requireNode(id).name() + " to " + name, x -> x.rename(id, name));
    }

    public static Command autoFill(Analysis a, String id) {
        return new Command("Auto-fill " + a.graph().requireNode(id).name(), x -> AutoFill.apply(a, id));
    }

    public static Command addNote(String text, Position at, String[] idOut) {
        return new Command("Add note", g -> {
            String id = g.freshId();
            if (idOut != null) idOut[0] = id;
            return g.addNote(new Note(id, text, at, 200, 120));
        });
    }

    public static Command editNote(Graph g, String id, String text) {
        return new Command("Edit note", x -> x.updateNote(x.note(id).withText(text)));
    }

    /** Auto-layout of {@code ids} (all nodes when empty): one undoable step. */
    public static Command autoLayout(Graph g, Collection<String> ids) {
        Map<String, Position> laid = AutoLayout.layout(g, ids);
        Map<String, Position> to = ids.isEmpty() ? laid : Placement.clearOfOthers(g, laid);
        String what = ids.isEmpty() ? "" : " " + to.size() + " nodes";
        return new Command("Auto-layout" + what, x -> {
            Edit e = Edit.none(x);
            for (Map.Entry<String, Position> m : to.entrySet()) e = e.then(y -> y.moveNode(m.getKey(), m.getValue()));
            return e;
        });
    }

    /** "conv1" for a node, "note" for a note. */
    static String label(Graph g, String id) {
        Node n = g.node(id);
        return n != null ? n.name() : "note";
    }

    /** The ids of nodes in {@code ids} that exist in {@code g}, in document order. */
    static List<String> nodesIn(Graph g, Collection<String> ids) {
        List<String> out = new ArrayList<>();
        for (Node n : g.nodes()) if (ids.contains(n.id())) out.add(n.id());
        return out;
    }

    static boolean isBlockInstance(Node n) {
        return n.kind().equals(Registry.BLOCK);
    }
}
