package layerlab.graph.json;

import java.io.IOException;
import java.util.List;

/**
 * A project file that cannot be read: malformed JSON (with line and column), a newer or unknown version, or
 * content that names unknown kinds, params, nodes or ports. Every problem found is listed, each with its place
 * in the file: {@code simple_cnn.json:34:7: node "conv9": unknown layer kind "Conv4d" (did you mean Conv3d?)}.
 */
public final class ProjectFormatException extends IOException {
    /** One problem: 1-based line and column (0 when unknown) and the message. */
    public record Issue(int line, int column, String message) {
        public String at(String source) {
            return source + (line > 0 ? ":" + line + ":" + column : "") + ": " + message;
        }
    }

    private final String source;
    private final List<Issue> issues;

    public ProjectFormatException(String source, List<Issue> issues) {
        super(render(source, issues));
        this.source = source;
        this.issues = List.copyOf(issues);
    }

    public ProjectFormatException(String source, int line, int column, String message) {
        this(source, List.of(new Issue(line, column, message)));
    }

    private static String render(String source, List<Issue> issues) {
        StringBuilder sb = new StringBuilder();
        for (Issue i : issues) sb.append(sb.length() > 0 ? "\n" : "").append(i.at(source));
        return sb.toString();
    }

    /** The file name (or other label) the text came from. */
    public String source() {
        return source;
    }

    public List<Issue> issues() {
        return issues;
    }
}
