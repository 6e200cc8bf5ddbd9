package layerlab.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.data.ColorMnist;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.data.Normalization;
import layerlab.data.SequenceGenerators;
import layerlab.data.Splits;
import layerlab.data.TensorDataset;

/**
 * Opens a project's {@code "dataset"}: every source of {@link DataSources}, plus two made for the sample projects:
 * <ul>
 *   <li>{@code "tokens"}: token sequences for the sequence models ({@link SequenceGenerators}), with {@code task}
 *       ({@code majority} or {@code sentiment}), {@code n}, {@code vocab}, {@code length};</li>
 *   <li>{@code "color_mnist"}: MNIST digits painted in random colours, {@code [3, 28, 28]} ({@link ColorMnist}), with {@code n}.</li>
 * </ul>
 * Both take the common keys ({@code normalize}, {@code validation_split}, {@code seed}).
 */
public final class TrainingData {
    private TrainingData() {
    }

    /** The sources added here, with their own keys. */
    public static final Map<String, List<String>> EXTRA = Map.of(
            "tokens", List.of("task", "n", "vocab", "length"),
            "color_mnist", List.of("n"));

    private static final long SPLIT_SALT = 0x5D1B5EED0F5A17L;

    /** Every source a project may name, in the order messages list them. */
    public static List<String> sources() {
        List<String> all = new ArrayList<>(DataSources.OPTIONS.keySet());
        all.addAll(List.of("tokens", "color_mnist"));
        return all;
    }

    /** Loads, splits and normalizes the data; relative paths resolve against {@code baseDir}. */
    public static DataSplit open(Map<String, ?> dataset, Path baseDir) throws IOException {
        Object source = dataset.get("source");
        if (source == null) {
            throw new IllegalArgumentException("dataset: missing \"source\"; expected one of " + String.join(", ", sources()));
        }
        if (!(source instanceof String s) || !EXTRA.containsKey(s)) return DataSources.open(dataset, baseDir);
        ConfigReader r = new ConfigReader(dataset, "dataset");
        List<String> keys = new ArrayList<>(DataSources.COMMON);
        keys.remove("validation");
        keys.addAll(EXTRA.get(s));
        r.onlyKeys(keys);
        long seed = r.longValue("seed", 0);
        double fraction = r.real("validation_split", 0.0, 0);
        if (fraction >= 1) throw new ConfigException("dataset.validation_split must be below 1, got " + ConfigReader.num(fraction));
        String normalize = r.choice("normalize", "none", List.of("none", "standardize", "scale"));
        TensorDataset all;
        if (s.equals("tokens")) {
            if (!normalize.equals("none")) throw new ConfigException("dataset.normalize must be \"none\" for token ids");
            all = SequenceGenerators.generate(r.choice("task", "majority", SequenceGenerators.TASKS), r.integer("n", 2000, 1),
                    r.integer("vocab", 5, 3), r.integer("length", 10, 1), seed);
        } else {
            all = ColorMnist.generate(r.integer("n", 10_000, 1), seed);
        }
        TensorDataset train = all, validation = null;
        if (fraction > 0) {
            Splits.TrainValidation tv = Splits.trainValidation(all, fraction, seed ^ SPLIT_SALT);
            train = tv.train();
            validation = tv.validation();
        }
        Normalization norm = Normalization.fit(Normalization.Kind.valueOf(normalize.toUpperCase(java.util.Locale.ROOT)), train);
        train = norm.apply(train);
        if (validation != null) validation = norm.apply(validation);
        String description = all.describe() + "; " + train.size() + " for training, "
                + (validation == null ? "no validation" : validation.size() + " for validation") + "; normalize: " + norm.describe();
        return new DataSplit(train, validation, norm, description);
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
