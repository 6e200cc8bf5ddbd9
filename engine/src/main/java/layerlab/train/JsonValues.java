package layerlab.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Values typed on a command line: JSON when they parse as JSON ({@code 0.1}, {@code true}, {@code [3, 6]}), else the text itself. */
final class JsonValues {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonValues() {
    }

    static Object parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) return text;
        char c = t.charAt(0);
        if (!(c == '[' || c == '{' || c == '-' || Character.isDigit(c) || t.equals("true") || t.equals("false") || t.equals("null"))) return text;
        try {
            return JSON.readValue(t, new TypeReference<Object>() { });
        } catch (java.io.IOException e) {
            return text;
        }
    }
}
