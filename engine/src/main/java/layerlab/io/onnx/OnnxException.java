package layerlab.io.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model ONNX cannot hold, or an ONNX file LayerLab cannot import: every reason, each naming its node. The message
 * says each distinct reason once, with the nodes it applies to (a MobileNet has 35 ReLU6 clips: one line, not 35).
 */
public final class OnnxException extends IllegalArgumentException {
    /** The nodes a message names at most for one reason, and the distinct reasons it names at most. */
    static final int NODES_SHOWN = 3, REASONS_SHOWN = 12;
    /** {@code node "a/b" (Op): why} from the importer, {@code Kind "name": why} from the graph's check. */
    private static final Pattern WHO = Pattern.compile("^((?:node )?\"[^\"]*\"(?: \\([^)]*\\))?|\\w+ \"[^\"]*\"): (.+)$", Pattern.DOTALL);

    private final List<String> reasons;

    public OnnxException(String what, List<String> reasons) {
        super(what + ": " + summary(reasons));
        this.reasons = List.copyOf(reasons);
    }

    public OnnxException(String message) {
        super(message);
        this.reasons = List.of(message);
    }

    /** Every reason, one per node, as found. */
    public List<String> reasons() {
        return reasons;
    }

    /** The reasons grouped by what they say, in the order first found, each with the nodes it names. */
    static String summary(List<String> reasons) {
        Map<String, List<String>> byWhy = new LinkedHashMap<>();
        for (String r : reasons) {
            Matcher m = WHO.matcher(r);
            String why = m.matches() ? m.group(2) : r;
            List<String> who = byWhy.computeIfAbsent(why, k -> new ArrayList<>());
            if (m.matches()) who.add(m.group(1));
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : byWhy.entrySet()) {
            if (parts.size() == REASONS_SHOWN) {
                int left = byWhy.size() - REASONS_SHOWN;
                parts.add("and " + left + " more reason" + (left == 1 ? "" : "s") + " for other nodes");
                break;
            }
            List<String> who = e.getValue();
            if (who.isEmpty()) parts.add(e.getKey());
            else if (who.size() == 1) parts.add(who.get(0) + ": " + e.getKey());
            else {
                String named = String.join(", ", who.subList(0, Math.min(NODES_SHOWN, who.size())));
                int more = who.size() - NODES_SHOWN;
                parts.add(e.getKey() + " (" + who.size() + " nodes: " + named + (more > 0 ? " and " + more + " more" : "") + ")");
            }
        }
        return String.join("; ", parts);
    }
}
