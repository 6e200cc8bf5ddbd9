package layerlab.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import layerlab.data.DataSources;

/**
 * A project's {@code "dataset"} settings overridden from the command line ({@link #override}); {@link DataSources}
 * opens them.
 */
public final class TrainingData {
    private TrainingData() {
    }

    /**
     * The project's dataset object with {@code KEY=VALUE} overrides applied (values read as JSON when they parse:
     * numbers, true/false, lists; otherwise strings). Setting {@code source} to another source starts a new object, keeping {@code targets} (each target Input's column).
     */
    public static Map<String, Object> override(Map<String, ?> dataset, Map<String, String> overrides) {
        return override(dataset, overrides, null);
    }

    /**
     * {@link #override}, where a relative path given as an override ({@code path=data.csv} typed on a command line)
     * means one relative to {@code workingDir}, not to the project's folder as a path written in the project does.
     */
    public static Map<String, Object> override(Map<String, ?> dataset, Map<String, String> overrides, Path workingDir) {
        Map<String, Object> m = new LinkedHashMap<>(dataset);
        String source = overrides.get("source");
        if (source != null && !source.equals(dataset.get("source"))) {
            m.clear();
            // Which column each target Input takes belongs to the network, not to the source: another file of the same columns keeps it.
            if (dataset.get("targets") != null) m.put("targets", dataset.get("targets"));
        }
        overrides.forEach((k, v) -> m.put(k, JsonValues.parse(v)));
        if (workingDir != null) {
            for (String k : DataSources.pathKeys(String.valueOf(m.get("source")))) {
                if (overrides.containsKey(k) && m.get(k) instanceof String p && !p.isBlank() && !Path.of(p).isAbsolute()) {
                    m.put(k, workingDir.resolve(p).toAbsolutePath().normalize().toString());
                }
            }
        }
        return m;
    }
}
