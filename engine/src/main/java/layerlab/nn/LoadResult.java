package layerlab.nn;

import java.util.List;

/** What {@link Module#loadStateDict} could not match, by dotted name, like PyTorch's {@code load_state_dict}. */
public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys, List<String> shapeMismatches) {
    public boolean isClean() {
        return missingKeys.isEmpty() && unexpectedKeys.isEmpty() && shapeMismatches.isEmpty();
    }

    @Override
    public String toString() {
        if (isClean()) return "<All keys matched successfully>";
        StringBuilder sb = new StringBuilder();
        if (!missingKeys.isEmpty()) sb.append("Missing key(s): ").append(String.join(", ", missingKeys)).append(". ");
        if (!unexpectedKeys.isEmpty()) sb.append("Unexpected key(s): ").append(String.join(", ", unexpectedKeys)).append(". ");
        if (!shapeMismatches.isEmpty()) sb.append("Size mismatch: ").append(String.join("; ", shapeMismatches)).append('.');
        return sb.toString().trim();
    }
}
