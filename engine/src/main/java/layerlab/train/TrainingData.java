package layerlab.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;

/**
 * A project's {@code "dataset"} settings: opened by {@link DataSources} (every source, the sample projects'
 * {@code "tokens"} and {@code "color_mnist"} included), and overridden from the command line ({@link #override}).
 */
public final class TrainingData {
    private TrainingData() {
    }

    /** Every source a project may name, in the order messages list them. */
    public static List<String> sources() {
        return List.copyOf(DataSources.OPTIONS.keySet());
    }

    /** Loads, splits and normalizes the data; relative paths resolve against {@code baseDir}. */
    public static DataSplit open(Map<String, ?> dataset, Path baseDir) throws IOException {
        return DataSources.open(dataset, baseDir);
    }

    /**
     * The project's dataset object with {@code KEY=VALUE} overrides applied (values read as JSON when they parse:
     * numbers, true/false, lists; otherwise strings). Setting {@code source} to another source starts a new object.
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
        if (source != null && !source.equals(dataset.get("source"))) m.clear();
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
