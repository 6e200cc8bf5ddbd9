package layerlab.graph.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.graph.Block;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Note;
import layerlab.graph.Position;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.ParamSpec;
import layerlab.graph.spec.PyNone;
import layerlab.graph.spec.Registry;

/**
 * Writes a {@link Graph} as a project file: keys in a fixed order, params in their kind's signature order,
 * edges by node name ({@code {"from": "conv1.out", "to": "relu1.in"}}), laid out by {@link PrettyJson}, so the
 * same graph always gives the same bytes and an edit changes few lines.
 */
public final class ProjectWriter {
    private ProjectWriter() {
    }

    public static String toJson(Graph g) {
        return new PrettyJson(ProjectJson.MAPPER).write(tree(g));
    }

    static ObjectNode tree(Graph g) {
        ObjectMapper m = ProjectJson.MAPPER;
        ObjectNode root = m.createObjectNode();
        root.put("format", ProjectJson.FORMAT);
        root.put("version", Migrations.CURRENT);
        root.put("name", g.name());
        root.put("description", g.description());
        root.set("nodes", nodes(g));
        root.set("edges", edges(g));
        ArrayNode blocks = root.putArray("blocks");
        for (Block b : g.blocks()) {
            ObjectNode o = blocks.addObject();
            o.put("name", b.name());
            o.put("description", b.description());
            o.set("nodes", nodes(b.body()));
            o.set("edges", edges(b.body()));
            if (!b.body().notes().isEmpty()) o.set("notes", notes(b.body()));
        }
        root.set("notes", notes(g));
        root.set("dataset", m.valueToTree(g.dataset()));
        root.set("training", m.valueToTree(g.training()));
        ObjectNode view = root.putObject("view");
        number(view, "x", g.view().x());
        number(view, "y", g.view().y());
        view.put("zoom", g.view().zoom());
        return root;
    }

    private static ArrayNode nodes(Graph g) {
        ArrayNode out = ProjectJson.MAPPER.createArrayNode();
        for (Node n : g.nodes()) {
            ObjectNode o = out.addObject();
            o.put("id", n.id());
            o.put("name", n.name());
            o.put("kind", n.kind());
            ObjectNode params = o.putObject("params");
            for (String key : paramOrder(n)) params.set(key, value(n.param(key)));
            position(o.putObject("position"), n.position());
            if (n.frozen()) o.put("frozen", true);
            if (!n.init().isEmpty()) {
                ObjectNode init = o.putObject("init");
                n.init().forEach((role, c) -> {
                    if (c.args().isEmpty()) {
                        init.put(role, c.name());
                        return;
                    }
                    ObjectNode one = init.putObject(role);
                    one.put("name", c.name());
                    c.args().forEach((k, v) -> {
                        if (v instanceof Double d) one.put(k, d);
                        else one.put(k, v.toString());
                    });
                });
            }
        }
        return out;
    }

    /** The kind's signature order, then (for an unknown kind, or an unknown param) the order they were set in. */
    private static List<String> paramOrder(Node n) {
        List<String> keys = new ArrayList<>();
        LayerSpec spec = Registry.find(n.kind());
        if (spec != null) for (ParamSpec p : spec.params()) if (n.params().containsKey(p.name())) keys.add(p.name());
        for (String k : n.params().keySet()) if (!keys.contains(k)) keys.add(k);
        return keys;
    }

    private static ArrayNode edges(Graph g) {
        ArrayNode out = ProjectJson.MAPPER.createArrayNode();
        for (Edge e : g.edges()) {
            ObjectNode o = out.addObject();
            o.put("from", g.node(e.fromNode()).name() + "." + e.fromPort());
            o.put("to", g.node(e.toNode()).name() + "." + e.toPort());
        }
        return out;
    }

    private static ArrayNode notes(Graph g) {
        ArrayNode out = ProjectJson.MAPPER.createArrayNode();
        for (Note n : g.notes()) {
            ObjectNode o = out.addObject();
            o.put("id", n.id());
            o.put("text", n.text());
            position(o.putObject("position"), n.position());
            number(o, "width", n.width());
            number(o, "height", n.height());
        }
        return out;
    }

    private static void position(ObjectNode o, Position p) {
        number(o, "x", p.x());
        number(o, "y", p.y());
    }

    /** Canvas numbers: whole ones without ".0" (they are read back as doubles). */
    private static void number(ObjectNode o, String key, double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) o.put(key, (long) v);
        else o.put(key, v);
    }

    private static JsonNode value(Object v) {
        if (v instanceof List<?> l) {
            ArrayNode a = ProjectJson.MAPPER.createArrayNode();
            for (Object o : l) {
                if (o instanceof Double d) a.add(d); // a scale per dim
                else a.add((Integer) o);
            }
            return a;
        }
        if (v == PyNone.NONE) return ProjectJson.MAPPER.nullNode();
        if (v instanceof Map<?, ?>) throw new IllegalArgumentException("param values are never maps");
        return ProjectJson.MAPPER.valueToTree(v);
    }
}
