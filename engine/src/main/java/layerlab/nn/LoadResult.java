package layerlab.nn;

import java.util.List;

/** What {@link Module#loadStateDict} could not match, by dotted name, like PyTorch's {@code load_state_dict}. */
public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys, List<String> shapeMismatches) {
    public boolean isClean() {
        return missingKeys.isEmpty() && unexpectedKeys.isEmpty() && shapeMismatches.isEmpty();
    }

    /**
     * The layers (dotted keys up to their last part) that kept their own initial values, with why:
     * "fc2 (its shape changed), fc3 (not in the file)", {@code absent} saying why for a missing one; empty when
     * everything loaded.
     */
    public String freshLayers(String absent) {
        java.util.Map<String, String> why = new java.util.LinkedHashMap<>();
        for (String m : shapeMismatches) why.putIfAbsent(layer(m.substring(0, m.indexOf(':'))), "its shape changed");
        for (String k : missingKeys) why.putIfAbsent(layer(k), absent);
        List<String> out = new java.util.ArrayList<>();
        why.forEach((layer, reason) -> out.add(layer + " (" + reason + ")"));
        return String.join(", ", out);
    }

    private static String layer(String key) {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
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
