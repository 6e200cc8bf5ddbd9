package layerlab.graph.analysis;

import java.util.Objects;

/**
 * One validation finding, tied to a node (and a param or port) where it has one, worded for a student:
 * {@code Linear "fc1": in_features is 3136 but its input "flatten1" gives 1568 values per sample ([N, 32, 7, 7] flattened)}.
 *
 * @param nodeId   the node's id, or null for a problem of the whole graph
 * @param nodeName the node's name when the problem was found, or null
 * @param kind     the node's kind as shown (a block instance shows its block's name), or null
 * @param param    the param the problem is about, or null
 * @param port     the port the problem is about, or null
 * @param message  the sentence after the node's label
 */
public record Problem(Severity severity, ProblemCode code, String nodeId, String nodeName, String kind, String param, String port,
                      String message) {
    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code Linear "fc1"}, or empty for a problem of the whole graph. */
    public String where() {
        return nodeName == null ? "" : kind + " \"" + nodeName + "\"";
    }

    /** The full sentence, with its full stop: {@code Linear "fc1": in_features is 3136 but … flattened).} */
    @Override
    public String toString() {
        String s = nodeName == null ? Character.toUpperCase(message.charAt(0)) + message.substring(1) : where() + ": " + message;
        return s.endsWith(".") || s.endsWith("?") || s.endsWith("!") ? s : s + ".";
    }
}
