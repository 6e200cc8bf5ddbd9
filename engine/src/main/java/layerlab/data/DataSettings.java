package layerlab.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import layerlab.graph.json.SettingsReader;
import layerlab.graph.spec.Spelling;

/** One data settings object ({@link DataSources}) read through {@link SettingsReader}: every message names the key as {@code dataset.noise}. */
final class DataSettings extends SettingsReader {
    DataSettings(Map<String, ?> map, String where) {
        super(map, where);
    }

    Map<String, ?> map() {
        return map;
    }

    String source() {
        Object s = map.get("source");
        if (s == null)
            throw refuse(path + ": missing \"source\"; expected one of " + String.join(", ", DataSources.OPTIONS.keySet()));
        if (!(s instanceof String name) || !DataSources.OPTIONS.containsKey(name))
            throw refuse(path("source") + ": unknown source " + show(s) + Spelling.suggestion(String.valueOf(s), DataSources.OPTIONS.keySet())
                    + "; expected one of " + String.join(", ", DataSources.OPTIONS.keySet()));
        return name;
    }

    void checkKeys(String source, List<String> common) {
        TreeSet<String> allowed = new TreeSet<>(common);
        allowed.addAll(DataSources.OPTIONS.get(source));
        // torchtext's name for a text set's vocab: said, since the spelling is not near.
        if (map.containsKey("max_tokens") && allowed.contains("vocab"))
            throw refuse(path + ": unknown key \"max_tokens\" for source \"" + source + "\" (vocab is torchtext's max_tokens: the most tokens, "
                    + "<pad> and <unk> included); the keys are " + String.join(", ", allowed));
        onlyKeys(allowed, " for source \"" + source + "\"");
    }

    Path path(String k, Path baseDir) {
        String s = string(k, null);
        if (s == null || s.isBlank()) throw refuse(path + ": missing \"" + k + "\" (a file or folder path)");
        Path p = Path.of(s);
        return p.isAbsolute() ? p : baseDir.resolve(p);
    }

    /** A separate data source under {@code k} (as {@code "validation"}), or null. */
    Map<String, ?> source(String k) {
        return object(k, "an object with a \"source\"");
    }
}
