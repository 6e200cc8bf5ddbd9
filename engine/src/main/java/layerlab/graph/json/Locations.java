package layerlab.graph.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each value of a JSON text starts, by JSON pointer ({@code /nodes/3/kind}), so errors found in the
 * parsed tree can still name a line and column. Jackson's tree model keeps no locations; one streaming pass
 * over well-formed text rebuilds them.
 */
final class Locations {
    private final Map<String, int[]> at = new HashMap<>();

    private Locations() {
    }

    static Locations index(JsonFactory factory, String text) throws IOException {
        Locations l = new Locations();
        try (JsonParser p = factory.createParser(text)) {
            Deque<Object> path = new ArrayDeque<>(); // String field names and int[] array counters
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    path.push(p.currentName());
                    continue;
                }
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    path.pop(); // the container's own marker
                    endValue(path);
                    continue;
                }
                if (!path.isEmpty() && path.peek() instanceof int[] counter) counter[0]++;
                l.put(pointer(path), p.currentTokenLocation());
                if (t == JsonToken.START_OBJECT) path.push("{");
                else if (t == JsonToken.START_ARRAY) path.push(new int[] {-1});
                else endValue(path);
            }
        }
        return l;
    }

    /** After a value: drop its field name (array counters stay for the next element). */
    private static void endValue(Deque<Object> path) {
        if (!path.isEmpty() && path.peek() instanceof String s && !s.equals("{")) path.pop();
    }

    private static String pointer(Deque<Object> path) {
        StringBuilder sb = new StringBuilder();
        var it = path.descendingIterator();
        while (it.hasNext()) {
            Object o = it.next();
            if (o instanceof int[] c) sb.append('/').append(c[0]);
            else if (!o.equals("{")) sb.append('/').append(((String) o).replace("~", "~0").replace("/", "~1"));
        }
        return sb.toString();
    }

    private void put(String pointer, JsonLocation loc) {
        at.put(pointer, new int[] {loc.getLineNr(), loc.getColumnNr()});
    }

    /** {line, column} of the value at {@code pointer}, or of its nearest located ancestor; {0, 0} if none. */
    int[] of(String pointer) {
        for (String p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
            int[] l = at.get(p);
            if (l != null) return l;
            if (p.isEmpty()) return new int[] {0, 0};
        }
    }
}
