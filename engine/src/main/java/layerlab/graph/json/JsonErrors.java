package layerlab.graph.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Jackson's parse errors as a user reads them: the reason alone, with any position Jackson nests in it as plain words. */
public final class JsonErrors {
    /** Jackson nests the other end of an unclosed array or object as {@code [Source: REDACTED (…); line: 1, column: 61]}. */
    private static final Pattern NESTED_LOCATION = Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");
    /** {@code Non-standard token 'NaN': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow}, and -Infinity, +INF… */
    private static final Pattern NON_NUMERIC = Pattern.compile("Non-standard token '([^']*)': enable `JsonReadFeature\\.ALLOW_NON_NUMERIC_NUMBERS`.*");
    private static final String COMMENT = "maybe a (non-standard) comment?";
    private static final String PLUS_SIGN = "JSON spec does not allow numbers to have plus signs";

    private JsonErrors() {}

    /** {@code Unexpected end-of-input: expected close marker for Array (start marker at line 1, column 61)}. */
    public static String reason(JsonProcessingException e) {
        String plain = nonStandard(e, null);
        if (plain != null) return plain;
        String m = String.valueOf(e.getOriginalMessage());
        return NESTED_LOCATION.matcher(m).replaceAll("line $1, column $2");
    }

    /**
     * What people write by hand that JSON does not have — NaN or Infinity, a comment, a plus sign — said in plain words,
     * where Jackson names the feature that would allow it ({@code enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS`});
     * null for any other error. With the parsed {@code text} (null when not at hand), a comment is named by its kind.
     */
    public static String nonStandard(JsonProcessingException e, CharSequence text) {
        String m = String.valueOf(e.getOriginalMessage());
        Matcher nan = NON_NUMERIC.matcher(m);
        if (nan.matches()) return nan.group(1) + " is not a JSON number: write a number";
        if (m.contains(PLUS_SIGN)) return "a JSON number has no plus sign: remove the +";
        if (m.startsWith("Unexpected character ('/'") && m.contains(COMMENT)) {
            JsonLocation at = e.getLocation();
            long i = at == null ? -1 : at.getCharOffset() + 1;
            char next = text != null && i > 0 && i < text.length() ? text.charAt((int) i) : 0;
            return "JSON has no comments: remove the " + (next == '/' ? "// comment" : next == '*' ? "/* */ comment" : "comment");
        }
        return null;
    }

    /**
     * Where the error is, {line, column}, 1-based ({0, 0} when Jackson does not say): at the start of a NaN or Infinity,
     * or of a number's plus sign, which Jackson places after them.
     */
    public static int[] place(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 1) return new int[] {0, 0};
        int line = at.getLineNr(), column = at.getColumnNr();
        String m = String.valueOf(e.getOriginalMessage());
        Matcher nan = NON_NUMERIC.matcher(m);
        if (nan.matches()) column -= nan.group(1).length();
        else if (m.contains(PLUS_SIGN)) column -= 1;
        return new int[] {line, Math.max(column, 1)};
    }
}
