package layerlab.graph.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.graph.Block;
import layerlab.graph.CanvasView;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Names;
import layerlab.graph.Node;
import layerlab.graph.Note;
import layerlab.graph.Position;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.ParamSpec;
import layerlab.graph.spec.ParamType;
import layerlab.graph.spec.PyNone;
import layerlab.graph.spec.Registry;
import layerlab.graph.spec.Spelling;
import layerlab.init.InitChoice;

/**
 * Reads a project file into a {@link Graph}. Malformed JSON is reported with its line and column; a newer
 * version is refused, an older one migrated; unknown kinds, params, keys, nodes and ports are named, all of
 * them at once, each with its line and column. Values out of range are not the reader's business: the file
 * opens and validation reports them on the canvas.
 */
final class ProjectReader {
    private static final Set<String> ROOT_KEYS = Set.of("format", "version", "name", "description", "nodes", "edges", "blocks", "notes",
            "dataset", "training", "view");
    private static final Set<String> NODE_KEYS = Set.of("id", "name", "kind", "params", "position", "frozen", "init");
    private static final Set<String> BLOCK_KEYS = Set.of("name", "description", "nodes", "edges", "notes");

    private final String source;
    private final Migrations migrations;
    private final List<ProjectFormatException.Issue> issues = new ArrayList<>();
    private String text;
    private Locations locations;

    ProjectReader(String source, Migrations migrations) {
        this.source = source;
        this.migrations = migrations;
    }

    Graph read(String text) throws ProjectFormatException {
        this.text = text = ProjectJson.withoutByteOrderMark(text);
        if (text.isBlank()) throw new ProjectFormatException(source, 0, 0, "the file is empty; a LayerLab project is a JSON object");
        JsonNode parsed;
        try {
            parsed = ProjectJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            int[] at = JsonErrors.place(e);
            String plain = JsonErrors.nonStandard(e, text);
            throw new ProjectFormatException(source, at[0], at[1], plain != null ? plain : "malformed JSON: " + JsonErrors.reason(e));
        }
        if (!(parsed instanceof ObjectNode root)) throw new ProjectFormatException(source, 1, 1, "not a LayerLab project: the file must hold one JSON object");
        JsonNode format = root.get("format");
        if (format == null || !ProjectJson.FORMAT.equals(format.asText())) {
            fail(format == null ? "" : "/format", "not a LayerLab project: it needs \"format\": \"" + ProjectJson.FORMAT + "\""
                    + (format == null ? "" : ", not " + format));
        }
        JsonNode v = root.get("version");
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) fail(v == null ? "" : "/version", "\"version\" must be a whole number, such as 1");
        int version = v.intValue();
        if (version > migrations.current()) {
            fail("/version", "this project was saved by a newer LayerLab (file version " + version + "; this LayerLab reads versions up to "
                    + migrations.current() + "); update LayerLab to open it");
        }
        if (version < 1) fail("/version", "version " + version + " is not a LayerLab project version (they start at 1)");
        ObjectNode current = migrations.migrate(root, version);
        Graph g = graph(current);
        if (!issues.isEmpty()) throw new ProjectFormatException(source, issues);
        return g;
    }

    private Graph graph(ObjectNode root) {
        unknownKeys(root, "", ROOT_KEYS, "the project");
        String name = text(root, "/name", "name", "Untitled");
        String description = text(root, "/description", "description", "");
        ParsedNodes top = nodes(root.get("nodes"), "/nodes");
        List<Edge> edges = edges(root.get("edges"), "/edges", top);
        List<Block> blocks = new ArrayList<>();
        JsonNode bs = array(root, "blocks");
        for (int i = 0; i < bs.size(); i++) {
            String at = "/blocks/" + i;
            JsonNode b = bs.get(i);
            if (!b.isObject()) {
                issue(at, "a block must be an object with name, nodes and edges");
                continue;
            }
            unknownKeys(b, at, BLOCK_KEYS, "a block");
            String bn = text(b, at + "/name", "name", null);
            if (bn == null) continue;
            if (!Names.isIdentifier(bn)) issue(at + "/name", "block name \"" + bn + "\" must be a Python class name (letters, digits, _)");
            ParsedNodes body = nodes(b.get("nodes"), at + "/nodes");
            List<Edge> bodyEdges = edges(b.get("edges"), at + "/edges", body);
            List<Note> bodyNotes = notes(b.get("notes"), at + "/notes");
            if (issues.isEmpty()) {
                blocks.add(new Block(bn, text(b, at + "/description", "description", ""), build(Graph.empty().name(), "", body.nodes, bodyEdges,
                        List.of(), bodyNotes, CanvasView.DEFAULT, Map.of(), Map.of(), at)));
            }
        }
        List<Note> notes = notes(root.get("notes"), "/notes");
        Map<String, Object> dataset = settings(root, "dataset");
        Map<String, Object> training = settings(root, "training");
        CanvasView view = view(root.get("view"));
        if (!issues.isEmpty()) return null;
        return build(name, description, top.nodes, edges, blocks, notes, view, dataset, training, "");
    }

    private Graph build(String name, String description, List<Node> nodes, List<Edge> edges, List<Block> blocks, List<Note> notes, CanvasView view,
                        Map<String, Object> dataset, Map<String, Object> training, String at) {
        try {
            return Graph.of(name, description, nodes, edges, blocks, notes, view, dataset, training);
        } catch (IllegalArgumentException e) {
            issue(at, e.getMessage());
            return null;
        }
    }

    private record ParsedNodes(List<Node> nodes, Map<String, Node> byName) {}

    private ParsedNodes nodes(JsonNode arr, String at) {
        List<Node> out = new ArrayList<>();
        Map<String, Node> byName = new HashMap<>();
        Map<String, String> ids = new HashMap<>();
        if (arr == null) return new ParsedNodes(out, byName);
        if (!arr.isArray()) {
            issue(at, "\"nodes\" must be a list");
            return new ParsedNodes(out, byName);
        }
        for (int i = 0; i < arr.size(); i++) {
            String here = at + "/" + i;
            JsonNode o = arr.get(i);
            if (!o.isObject()) {
                issue(here, "a node must be an object with id, name, kind, params and position");
                continue;
            }
            String name = text(o, here + "/name", "name", null);
            String label = name == null ? "node " + i : "node \"" + name + "\"";
            unknownKeys(o, here, NODE_KEYS, label);
            String id = text(o, here + "/id", "id", null);
            String kind = text(o, here + "/kind", "kind", null);
            if (id == null || name == null || kind == null) continue;
            String why = Names.documentProblem(name);
            if (why != null) issue(here + "/name", label + ": " + why);
            String first = ids.putIfAbsent(id, name);
            if (first != null) issue(here + "/id", label + ": the id \"" + id + "\" is already the id of node \"" + first + "\"; ids must be unique");
            LayerSpec spec = Registry.find(kind);
            if (spec == null) issue(here + "/kind", label + ": " + Registry.unknownKind(kind));
            Map<String, Object> params = params(o.get("params"), here + "/params", label, spec);
            Position position = position(o.get("position"), here + "/position", label);
            if (byName.containsKey(name)) {
                issue(here + "/name", "two nodes are named \"" + name + "\"; names must be unique");
                continue;
            }
            JsonNode frozen = o.get("frozen");
            if (frozen != null && !frozen.isBoolean()) issue(here + "/frozen", label + ": \"frozen\" is true or false, got " + frozen);
            Node n = new Node(id, name, kind, params, position, frozen != null && frozen.asBoolean(), init(o.get("init"), here + "/init", label));
            out.add(n);
            byName.put(name, n);
        }
        return new ParsedNodes(out, byName);
    }

    /**
     * {@code "init": {"weight": "kaiming_normal", "bias": {"name": "constant", "val": 0.1}}}: an initialiser by role, its name
     * alone or with torch.nn.init's keyword arguments (numbers or strings). Only the form is checked here; whether the
     * node's tensors can take it is the analysis's (a problem on the node).
     */
    private Map<String, InitChoice> init(JsonNode obj, String at, String label) {
        Map<String, InitChoice> out = new LinkedHashMap<>();
        if (obj == null || obj.isNull()) return out;
        if (!obj.isObject()) {
            issue(at, label + ": \"init\" must be an object like {\"weight\": \"xavier_uniform\", \"bias\": \"zeros\"}");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String role = f.getKey(), here = at + "/" + role;
            JsonNode v = f.getValue();
            if (!InitChoice.ROLES.contains(role)) {
                issue(here, label + ": init has no role \"" + role + "\"; its roles are " + String.join(", ", InitChoice.ROLES));
                continue;
            }
            if (v.isTextual()) {
                out.put(role, InitChoice.of(v.asText()));
                continue;
            }
            JsonNode name = v.isObject() ? v.get("name") : null;
            if (name == null || !name.isTextual()) {
                issue(here, label + ": the " + role + " initialiser is a name (\"xavier_uniform\") or an object with one "
                        + "({\"name\": \"kaiming_normal\", \"mode\": \"fan_out\"}), got " + v);
                continue;
            }
            Map<String, Object> args = new LinkedHashMap<>();
            boolean ok = true;
            for (Iterator<Map.Entry<String, JsonNode>> a = v.fields(); a.hasNext(); ) {
                Map.Entry<String, JsonNode> arg = a.next();
                if (arg.getKey().equals("name")) continue;
                JsonNode av = arg.getValue();
                if (av.isNumber()) args.put(arg.getKey(), av.asDouble());
                else if (av.isTextual()) args.put(arg.getKey(), av.asText());
                else {
                    issue(here + "/" + arg.getKey(), label + ": the " + role + " initialiser's argument \"" + arg.getKey() + "\" is a number or a string, got " + av);
                    ok = false;
                }
            }
            if (ok) out.put(role, new InitChoice(name.asText(), args));
        }
        return out;
    }

    private Map<String, Object> params(JsonNode obj, String at, String label, LayerSpec spec) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (obj == null || obj.isNull()) return out;
        if (!obj.isObject()) {
            issue(at, label + ": \"params\" must be an object");
            return out;
        }
        var it = obj.fields();
        while (it.hasNext()) {
            var e = it.next();
            String key = e.getKey(), here = at + "/" + key;
            ParamSpec ps = spec == null ? null : spec.param(key);
            if (spec != null && ps == null) {
                List<String> names = spec.params().stream().map(ParamSpec::name).toList();
                issue(here, label + " (" + spec.kind() + "): unknown param \"" + key + "\"" + Spelling.suggestion(key, names)
                        + "; " + (names.isEmpty() ? "it takes none" : "its params are " + String.join(", ", names)));
                continue;
            }
            if (e.getValue().isNull()) {
                // null is PyTorch's None: what leaving a param out means where None is its default (a pool's stride,
                // padding_idx) or where the shape fills it. Where None means something of its own that LayerLab has
                // (BatchNorm's momentum=None, a cumulative average) it is kept as set; elsewhere (Softmax's dim=None, an
                // implicit dim) taking the default for it would train other numbers without a word.
                if (ps != null && ps.explicitNone()) {
                    out.put(key, PyNone.NONE);
                } else if (ps != null && !ps.nullable() && !ps.auto()) {
                    issue(here, label + ": " + key + " cannot be null (PyTorch's None) in LayerLab; leave it out for its default, "
                            + ps.defaultText());
                }
                continue;
            }
            if (ps != null && ps.type() == ParamType.FLOATS) {
                Object v = numbers(e.getValue());
                String why = ps.typeProblem(v);
                if (why != null) issue(here, label + ": " + why);
                else out.put(key, v);
                continue;
            }
            // A whole number written for a float param is a float, however large; for any other param it must fit an int.
            boolean floatParam = ps != null && ps.type() == ParamType.FLOAT;
            String range = floatParam ? null : outOfRange(key, e.getValue());
            if (range != null) {
                issue(here, label + ": " + range);
                continue;
            }
            Object v = floatParam && e.getValue().isIntegralNumber() ? (Object) e.getValue().doubleValue()
                    // A float param's list (a scale per dim): its numbers as doubles, whole ones too; null when one is not a number.
                    : floatParam && e.getValue().isArray() ? (numbers(e.getValue()) instanceof List<?> l ? l : null) : javaValue(e.getValue());
            if (v == null) {
                issue(here, label + ": " + key + " must be a number, true/false, a string or a list of whole numbers, got " + e.getValue());
                continue;
            }
            if (ps != null) {
                String why = ps.typeProblem(v);
                if (why != null) {
                    issue(here, label + ": " + why);
                    continue;
                }
            }
            out.put(key, v);
        }
        return out;
    }

    /** Why a whole number {@code v} holds (itself or in its list) does not fit an int, or null when all do. */
    private static String outOfRange(String key, JsonNode v) {
        JsonNode n = null;
        if (v.isIntegralNumber() && !v.canConvertToInt()) n = v;
        for (JsonNode x : v.isArray() ? v : ProjectJson.MAPPER.createArrayNode()) if (n == null && x.isIntegralNumber() && !x.canConvertToInt()) n = x;
        if (n == null) return null;
        return key + " " + (n == v ? n + " is " : v + " holds " + n + ", ")
                + (n.bigIntegerValue().signum() < 0 ? "too small: the smallest whole number allowed is " + Integer.MIN_VALUE
                        : "too large: the largest whole number allowed is " + Integer.MAX_VALUE);
    }

    /** A JSON list of numbers as doubles (whole numbers too: {@code [1, 9]} is {@code [1.0, 9.0]}); otherwise the value as it is, for the message. */
    private static Object numbers(JsonNode v) {
        if (!v.isArray()) return v.isNumber() ? v.doubleValue() : v.toString();
        List<Double> out = new ArrayList<>();
        for (JsonNode x : v) {
            if (!x.isNumber()) return v.toString();
            out.add(x.doubleValue());
        }
        return out;
    }

    /** A JSON param value as the document holds it, or null when it has no such form. */
    private static Object javaValue(JsonNode v) {
        if (v.isIntegralNumber()) return v.canConvertToInt() ? (Object) v.intValue() : null;
        if (v.isNumber()) return v.doubleValue();
        if (v.isBoolean()) return v.booleanValue();
        if (v.isTextual()) return v.textValue();
        if (v.isArray()) {
            List<Integer> out = new ArrayList<>();
            for (JsonNode x : v) {
                if (!x.isIntegralNumber() || !x.canConvertToInt()) return null;
                out.add(x.intValue());
            }
            return out;
        }
        return null;
    }

    private List<Edge> edges(JsonNode arr, String at, ParsedNodes nodes) {
        List<Edge> out = new ArrayList<>();
        if (arr == null) return out;
        if (!arr.isArray()) {
            issue(at, "\"edges\" must be a list");
            return out;
        }
        for (int i = 0; i < arr.size(); i++) {
            String here = at + "/" + i;
            JsonNode o = arr.get(i);
            if (!o.isObject() || o.size() != 2 || !o.path("from").isTextual() || !o.path("to").isTextual()) {
                issue(here, "an edge is written {\"from\": \"conv1.out\", \"to\": \"relu1.in\"}, got " + o);
                continue;
            }
            String[] from = end(o.get("from").textValue(), here + "/from", nodes), to = end(o.get("to").textValue(), here + "/to", nodes);
            if (from != null && to != null) out.add(new Edge(from[0], from[1], to[0], to[1]));
        }
        return out;
    }

    /** {@code "conv1.out"} → {id, port}. */
    private String[] end(String s, String at, ParsedNodes nodes) {
        int dot = s.lastIndexOf('.');
        if (dot <= 0 || dot == s.length() - 1) {
            issue(at, "\"" + s + "\" must name a node and a port, as in \"conv1.out\"");
            return null;
        }
        Node n = nodes.byName.get(s.substring(0, dot));
        if (n == null) {
            issue(at, "the edge end \"" + s + "\" names no node \"" + s.substring(0, dot) + "\"" + Spelling.suggestion(s.substring(0, dot), nodes.byName.keySet()));
            return null;
        }
        return new String[] {n.id(), s.substring(dot + 1)};
    }

    private List<Note> notes(JsonNode arr, String at) {
        List<Note> out = new ArrayList<>();
        if (arr == null) return out;
        if (!arr.isArray()) {
            issue(at, "\"notes\" must be a list");
            return out;
        }
        for (int i = 0; i < arr.size(); i++) {
            JsonNode o = arr.get(i);
            String here = at + "/" + i;
            String id = text(o, here + "/id", "id", null), t = text(o, here + "/text", "text", null);
            double w = number(o.get("width"), here + "/width", 200), h = number(o.get("height"), here + "/height", 120);
            if (id == null || t == null) continue;
            if (!(w > 0 && h > 0)) {
                issue(here, "a note's width and height must be positive");
                continue;
            }
            out.add(new Note(id, t, position(o.get("position"), here + "/position", "note \"" + id + "\""), w, h));
        }
        return out;
    }

    /** {@code label}: whose position it is ({@code node "fc1"}), named in the message. */
    private Position position(JsonNode o, String at, String label) {
        if (o == null) return Position.ORIGIN;
        if (!o.isObject()) {
            issue(at, label + ": a position is written {\"x\": 120, \"y\": 40}, got " + o);
            return Position.ORIGIN;
        }
        return new Position(number(o.get("x"), at + "/x", 0, label + ": position x"), number(o.get("y"), at + "/y", 0, label + ": position y"));
    }

    private CanvasView view(JsonNode o) {
        if (o == null) return CanvasView.DEFAULT;
        double zoom = number(o.get("zoom"), "/view/zoom", 1);
        if (!(zoom > 0)) {
            issue("/view/zoom", "the view's zoom must be positive");
            return CanvasView.DEFAULT;
        }
        return new CanvasView(number(o.get("x"), "/view/x", 0), number(o.get("y"), "/view/y", 0), zoom);
    }

    private double number(JsonNode v, String at, double fallback) {
        return number(v, at, fallback, null);
    }

    /** {@code what}: the value's name in the message ({@code node "fc1": position x}); null: none. */
    private double number(JsonNode v, String at, double fallback, String what) {
        if (v == null) return fallback;
        if (!v.isNumber()) {
            issue(at, (what == null ? "" : what + ": ") + "expected a number, got " + v);
            return fallback;
        }
        return v.doubleValue();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> settings(ObjectNode root, String key) {
        JsonNode o = root.get(key);
        if (o == null || o.isNull()) return Map.of();
        if (!o.isObject()) {
            issue("/" + key, "\"" + key + "\" must be an object");
            return Map.of();
        }
        return ProjectJson.MAPPER.convertValue(o, LinkedHashMap.class);
    }

    private String text(JsonNode o, String at, String key, String fallback) {
        JsonNode v = o.get(key);
        if (v == null) {
            if (fallback == null) issue(at.substring(0, at.lastIndexOf('/')), "missing \"" + key + "\"");
            return fallback;
        }
        if (!v.isTextual()) {
            issue(at, "\"" + key + "\" must be a string, got " + v);
            return fallback;
        }
        return v.textValue();
    }

    private JsonNode array(ObjectNode root, String key) {
        JsonNode v = root.get(key);
        if (v == null) return ProjectJson.MAPPER.createArrayNode();
        if (!v.isArray()) {
            issue("/" + key, "\"" + key + "\" must be a list");
            return ProjectJson.MAPPER.createArrayNode();
        }
        return v;
    }

    private void unknownKeys(JsonNode o, String at, Set<String> known, String what) {
        var it = o.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (!known.contains(k)) {
                issue(at + "/" + k, what + " has no key \"" + k + "\"" + Spelling.suggestion(k, known));
            }
        }
    }

    private void issue(String pointer, String message) {
        int[] lc = locate(pointer);
        issues.add(new ProjectFormatException.Issue(lc[0], lc[1], message));
    }

    private void fail(String pointer, String message) throws ProjectFormatException {
        int[] lc = locate(pointer);
        throw new ProjectFormatException(source, lc[0], lc[1], message);
    }

    private int[] locate(String pointer) {
        try {
            if (locations == null) locations = Locations.index(ProjectJson.MAPPER.getFactory(), text);
            return locations.of(pointer);
        } catch (IOException e) {
            return new int[] {0, 0};
        }
    }
}
