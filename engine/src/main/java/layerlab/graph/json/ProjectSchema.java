package layerlab.graph.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.ParamSpec;
import layerlab.graph.spec.ParamType;
import layerlab.graph.spec.Registry;
import layerlab.init.Init;
import layerlab.init.InitChoice;

/**
 * The JSON Schema (draft 2020-12) of the project file, generated from the layer registry so it can never fall
 * behind: every kind, and for each kind its params with their types, ranges, choices and defaults. The
 * published copy is {@code resources/schema/layerlab-project.schema.json}; a test keeps it equal to this.
 */
public final class ProjectSchema {
    private static final String IDENT = "^[A-Za-z_][A-Za-z0-9_]*$";

    private ProjectSchema() {
    }

    public static String generate() {
        return new PrettyJson(ProjectJson.MAPPER).write(tree());
    }

    static ObjectNode tree() {
        ObjectNode s = obj();
        s.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        s.put("title", "LayerLab project, version " + Migrations.CURRENT);
        s.put("description", "A network drawn in LayerLab: nodes (layers with PyTorch-named params), edges between their ports "
                + "(\"conv1.out\" to \"relu1.in\", by node name), reusable blocks, sticky notes, dataset and training config, canvas view.");
        s.put("type", "object");
        s.set("required", arr("format", "version", "nodes", "edges"));
        s.put("additionalProperties", false);
        ObjectNode p = s.putObject("properties");
        p.putObject("format").put("const", ProjectJson.FORMAT);
        p.putObject("version").put("const", Migrations.CURRENT);
        p.putObject("name").put("type", "string");
        p.putObject("description").put("type", "string");
        p.set("nodes", arrayOf("#/$defs/node"));
        p.set("edges", arrayOf("#/$defs/edge"));
        p.set("blocks", arrayOf("#/$defs/block"));
        p.set("notes", arrayOf("#/$defs/note"));
        p.putObject("dataset").put("type", "object").put("description", "where the training data comes from (read by the training code)");
        p.putObject("training").put("type", "object").put("description", "optimiser, schedule, epochs, … (read by the training code)");
        ObjectNode view = p.putObject("view");
        view.put("type", "object");
        ObjectNode vp = view.putObject("properties");
        vp.putObject("x").put("type", "number");
        vp.putObject("y").put("type", "number");
        vp.putObject("zoom").put("type", "number").put("exclusiveMinimum", 0);

        ObjectNode defs = s.putObject("$defs");
        defs.putObject("identifier").put("type", "string").put("pattern", IDENT)
                .put("description", "a Python identifier (it becomes the PyTorch attribute name)");
        ObjectNode pos = defs.putObject("position");
        pos.put("type", "object");
        pos.set("required", arr("x", "y"));
        pos.put("additionalProperties", false);
        ObjectNode pp = pos.putObject("properties");
        pp.putObject("x").put("type", "number");
        pp.putObject("y").put("type", "number");

        ObjectNode edge = defs.putObject("edge");
        edge.put("type", "object");
        edge.set("required", arr("from", "to"));
        edge.put("additionalProperties", false);
        ObjectNode ep = edge.putObject("properties");
        String end = "^[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*$";
        ep.putObject("from").put("type", "string").put("pattern", end).put("description", "node name and output port, \"conv1.out\"");
        ep.putObject("to").put("type", "string").put("pattern", end).put("description", "node name and input port, \"relu1.in\"");

        ObjectNode note = defs.putObject("note");
        note.put("type", "object");
        note.set("required", arr("id", "text"));
        ObjectNode np = note.putObject("properties");
        np.putObject("id").put("type", "string");
        np.putObject("text").put("type", "string");
        np.putObject("position").put("$ref", "#/$defs/position");
        np.putObject("width").put("type", "number").put("exclusiveMinimum", 0);
        np.putObject("height").put("type", "number").put("exclusiveMinimum", 0);

        ObjectNode block = defs.putObject("block");
        block.put("type", "object");
        block.set("required", arr("name", "nodes", "edges"));
        block.put("additionalProperties", false);
        ObjectNode bp = block.putObject("properties");
        bp.putObject("name").put("$ref", "#/$defs/identifier");
        bp.putObject("description").put("type", "string");
        bp.set("nodes", arrayOf("#/$defs/node"));
        bp.set("edges", arrayOf("#/$defs/edge"));
        bp.set("notes", arrayOf("#/$defs/note"));

        ObjectNode node = defs.putObject("node");
        node.put("type", "object");
        node.set("required", arr("id", "name", "kind"));
        node.put("additionalProperties", false);
        ObjectNode nps = node.putObject("properties");
        nps.putObject("id").put("type", "string").put("description", "stable id, never shown");
        nps.putObject("name").put("$ref", "#/$defs/identifier");
        ArrayNode kinds = nps.putObject("kind").putArray("enum");
        for (String k : Registry.kinds()) kinds.add(k);
        nps.putObject("params").put("type", "object");
        nps.putObject("position").put("$ref", "#/$defs/position");
        nps.putObject("frozen").put("type", "boolean")
                .put("description", "its weights stay as they are while the rest trains (PyTorch's requires_grad_(False)); absent means false");
        ObjectNode init = nps.putObject("init");
        init.put("type", "object").put("additionalProperties", false)
                .put("description", "torch.nn.init initialisers by role (weight: every parameter whose name starts with it; bias likewise); "
                        + "a role left out keeps PyTorch's default initialisation");
        ObjectNode roles = init.putObject("properties");
        for (String role : InitChoice.ROLES) {
            ArrayNode oneOf = roles.putObject(role).putArray("oneOf");
            ObjectNode byName = oneOf.addObject().put("type", "string");
            ObjectNode withArgs = oneOf.addObject().put("type", "object");
            withArgs.putArray("required").add("name");
            ObjectNode name = withArgs.putObject("properties").putObject("name");
            for (ObjectNode names : List.of(byName, name)) {
                ArrayNode values = names.putArray("enum");
                for (String n : Init.NAMES) values.add(n);
            }
            withArgs.putObject("additionalProperties").putArray("type").add("number").add("string");
        }
        ArrayNode all = node.putArray("allOf");
        ObjectNode params = defs.putObject("params");
        for (LayerSpec spec : Registry.all()) {
            ObjectNode rule = all.addObject();
            rule.putObject("if").putObject("properties").putObject("kind").put("const", spec.kind());
            rule.putObject("then").putObject("properties").putObject("params").put("$ref", "#/$defs/params/" + spec.kind());
            ObjectNode ps = params.putObject(spec.kind());
            ps.put("type", "object");
            ps.put("description", spec.displayName() + ": " + spec.doc());
            ps.put("additionalProperties", false);
            ObjectNode props = ps.putObject("properties");
            for (ParamSpec param : spec.params()) props.set(param.name(), param(param));
        }
        return s;
    }

    private static ObjectNode param(ParamSpec p) {
        ObjectNode o = obj();
        o.put("description", p.doc());
        switch (p.type()) {
            case INT -> number(o, "integer", p);
            case FLOAT -> {
                if (p.arity() > 1) {
                    ArrayNode any = o.putArray("anyOf");
                    number(any.addObject(), "number", p);
                    ObjectNode tuple = any.addObject();
                    tuple.put("type", "array").put("minItems", p.arity()).put("maxItems", p.arity());
                    number(tuple.putObject("items"), "number", p);
                } else {
                    number(o, "number", p);
                }
            }
            case BOOL -> o.put("type", "boolean");
            case CHOICE -> {
                ArrayNode e = o.putArray("enum");
                p.choices().forEach(e::add);
            }
            case STRING -> o.put("type", "string").put("minLength", 1);
            case SIZE, PADDING -> {
                ArrayNode any = o.putArray("anyOf");
                number(any.addObject(), "integer", p);
                ObjectNode tuple = any.addObject();
                tuple.put("type", "array").put("minItems", p.arity()).put("maxItems", p.arity());
                number(tuple.putObject("items"), "integer", p);
                if (!p.choices().isEmpty()) {
                    ArrayNode e = any.addObject().putArray("enum");
                    p.choices().forEach(e::add);
                }
            }
            case FLOATS -> {
                o.put("type", "array").put("minItems", 1);
                o.putObject("items").put("type", "number");
            }
            case SHAPE -> {
                o.put("type", "array");
                ObjectNode items = o.putObject("items").put("type", "integer");
                if (p.min() != null) items.put("minimum", p.min().intValue());
            }
        }
        if (p.nullable() && o.has("anyOf") && p.type() == ParamType.FLOAT) ((ArrayNode) o.get("anyOf")).addObject().put("type", "null");
        if (p.nullable() && !o.has("anyOf")) {
            ArrayNode any = obj().putArray("anyOf");
            ObjectNode copy = o.deepCopy();
            copy.remove("description");
            any.add(copy);
            any.addObject().put("type", "null");
            String doc = o.get("description").asText();
            o.removeAll();
            o.put("description", doc);
            o.set("anyOf", any);
        }
        if (p.defaultValue() != null) o.set("default", ProjectJson.MAPPER.valueToTree(p.defaultValue()));
        return o;
    }

    private static void number(ObjectNode o, String type, ParamSpec p) {
        o.put("type", type);
        if (p.min() != null) {
            if (type.equals("integer")) o.put("minimum", p.min().longValue());
            else o.put("minimum", p.min());
        }
        if (p.max() != null) {
            if (type.equals("integer")) o.put("maximum", p.max().longValue());
            else o.put("maximum", p.max());
        }
    }

    private static ObjectNode arrayOf(String ref) {
        ObjectNode o = obj();
        o.put("type", "array");
        o.putObject("items").put("$ref", ref);
        return o;
    }

    private static ObjectNode obj() {
        return ProjectJson.MAPPER.createObjectNode();
    }

    private static ArrayNode arr(String... items) {
        ArrayNode a = ProjectJson.MAPPER.createArrayNode();
        for (String i : items) a.add(i);
        return a;
    }
}
