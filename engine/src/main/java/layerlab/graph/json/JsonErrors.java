package layerlab.graph.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Pattern;

/** Jackson's parse errors as a user reads them: the reason alone, with any position Jackson nests in it as plain words. */
public final class JsonErrors {
    /** Jackson nests the other end of an unclosed array or object as {@code [Source: REDACTED (…); line: 1, column: 61]}. */
    private static final Pattern NESTED_LOCATION = Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");

    private JsonErrors() {}

    /** {@code Unexpected end-of-input: expected close marker for Array (start marker at line 1, column 61)}. */
    public static String reason(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        return NESTED_LOCATION.matcher(m).replaceAll("line $1, column $2");
    }
}
