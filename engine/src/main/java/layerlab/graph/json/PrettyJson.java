package layerlab.graph.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;

/**
 * The project file's layout, chosen so files diff cleanly: two-space indents, one member per line, except that
 * an object or array holding only scalars (and arrays of scalars) that fits in {@value #WIDTH} columns stays on
 * one line ({@code "params": {"out_features": 512, "bias": true}}, {@code {"from": "x.out", "to": "fc1.in"}}).
 * Keys keep the order they were put in; the writer puts them in a fixed order.
 */
final class PrettyJson {
    static final int WIDTH = 110;

    private final ObjectMapper mapper;

    PrettyJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String write(JsonNode root) {
        StringBuilder sb = new StringBuilder();
        write(root, 0, 0, sb);
        return sb.append('\n').toString();
    }

    private void write(JsonNode n, int indent, int used, StringBuilder sb) {
        if (!n.isContainerNode()) {
            sb.append(scalar(n));
            return;
        }
        if (n.isEmpty()) {
            sb.append(n.isObject() ? "{}" : "[]");
            return;
        }
        if (flat(n)) {
            String inline = inline(n);
            if (used + inline.length() <= WIDTH) {
                sb.append(inline);
                return;
            }
        }
        String pad = " ".repeat(indent + 2);
        sb.append(n.isObject() ? "{\n" : "[\n");
        if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = scalar(mapper.getNodeFactory().textNode(e.getKey())) + ": ";
                sb.append(pad).append(key);
                write(e.getValue(), indent + 2, indent + 2 + key.length(), sb);
                sb.append(it.hasNext() ? ",\n" : "\n");
            }
        } else {
            for (int i = 0; i < n.size(); i++) {
                sb.append(pad);
                write(n.get(i), indent + 2, indent + 2, sb);
                sb.append(i < n.size() - 1 ? ",\n" : "\n");
            }
        }
        sb.append(" ".repeat(indent)).append(n.isObject() ? "}" : "]");
    }

    /** Only scalars, or arrays of scalars, inside. */
    private static boolean flat(JsonNode n) {
        for (JsonNode c : n) {
            if (c.isObject()) return false;
            if (c.isArray()) for (JsonNode d : c) if (d.isContainerNode()) return false;
        }
        return true;
    }

    private String inline(JsonNode n) {
        StringBuilder sb = new StringBuilder(n.isObject() ? "{" : "[");
        if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                sb.append(scalar(mapper.getNodeFactory().textNode(e.getKey()))).append(": ");
                sb.append(e.getValue().isArray() ? inline(e.getValue()) : scalar(e.getValue()));
                if (it.hasNext()) sb.append(", ");
            }
        } else {
            for (int i = 0; i < n.size(); i++) sb.append(i > 0 ? ", " : "").append(n.get(i).isArray() ? inline(n.get(i)) : scalar(n.get(i)));
        }
        return sb.append(n.isObject() ? "}" : "]").toString();
    }

    private String scalar(JsonNode n) {
        try {
            return mapper.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
