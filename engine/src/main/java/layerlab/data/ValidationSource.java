package layerlab.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A data set's separate validation source ({@code "validation": {"source": …}}), read the way the training source is:
 * the same source takes every setting it leaves out from the training source (a generator's task, length, vocab size,
 * noise; a file's columns, task, delimiter, padding, picture size), all but the seed (the training seed + 1 unless
 * given) and the file paths (required). A setting that would give the model data of another kind (another task,
 * another number of classes, sequence length or picture size) is refused naming {@code dataset.validation.KEY} and why,
 * by {@code layerlab check} and at Start alike. Another source than the training one may be a file or a bundled set whose
 * samples and classes fit (checked once both are read, {@link #compatible}); another generator never is.
 */
final class ValidationSource {
    private static final List<String> GENERATORS = List.of("xor", "spirals", "moons", "circles", "blobs", "sine", "linear", "tokens", "color_mnist");
    private static final List<String> TOKEN_SOURCES = List.of("tokens", "text", "surnames", "spam_subjects");
    /** The bundled text sets, which a text file may validate, read as they are. */
    private static final List<String> BUNDLED_TEXTS = List.of("surnames", "spam_subjects");

    private ValidationSource() {}

    /**
     * The validation source's settings ({@code separate}) completed from the training settings {@code training}, checked
     * against them without reading data.
     *
     * @throws IllegalArgumentException naming {@code dataset.validation.KEY} for a setting that does not fit
     */
    static DataSettings settings(DataSettings training, Map<String, ?> separate) {
        DataSettings given = new DataSettings(separate, "dataset.validation");
        String source = given.source();
        given.checkKeys(source, List.of("source", "seed"));
        String trainSource = training.source();
        if (BUNDLED_TEXTS.contains(trainSource) && "text".equals(source)) return textLikeBundled(training, given, separate);
        if (!source.equals(trainSource)) {
            different(trainSource, source);
            return given;
        }
        if (BundledDatasets.names().contains(source))
            throw new IllegalArgumentException(given.path("source") + ": \"" + source + "\" is the training data itself (the bundled set has no other "
                    + "samples), so validation would score the samples the model learned; give \"validation_split\" instead of \"validation\"");
        List<String> paths = DataSources.pathKeys(source);
        if (!paths.isEmpty() && paths.stream().allMatch(k -> given.has(k) && Objects.equals(given.raw(k), training.raw(k))))
            throw new IllegalArgumentException(given.path(paths.get(0)) + ": the training " + (paths.size() > 1 ? "files" : "file") + " itself, so validation "
                    + "would score the samples the model learned; give another file, or \"validation_split\" instead of \"validation\"");
        Map<String, Object> merged = new LinkedHashMap<>();
        merged.put("source", source);
        for (String k : DataSources.OPTIONS.get(source))
            if (!paths.contains(k) && training.has(k)) merged.put(k, training.raw(k));
        merged.putAll(separate);
        DataSettings v = new DataSettings(merged, "dataset.validation");
        for (String k : DataSources.OPTIONS.get(source))
            if (given.has(k) && !paths.contains(k)) sameAsTraining(source, k, training, v);
        return v;
    }

    /**
     * A text file validating a bundled text set (names for the surnames, subjects for the spam subjects): read as the
     * bundled set is (its columns, characters or words, lowercase, padding) where it does not say otherwise; another
     * tokenizing, case or padding is refused as for a text set.
     */
    private static DataSettings textLikeBundled(DataSettings training, DataSettings given, Map<String, ?> separate) {
        TextLoader.Options o = DataSources.textOptions(training.map());
        Map<String, Object> bundled = new LinkedHashMap<>();
        bundled.put("source", "text");
        bundled.put("text_column", o.text().name());
        bundled.put("label_column", o.label().name());
        bundled.put("task", "classification");
        bundled.put("tokenize", o.level().id());
        bundled.put("lowercase", o.lowercase());
        bundled.put("padding", o.padding().id());
        Map<String, Object> merged = new LinkedHashMap<>(bundled);
        merged.putAll(separate);
        DataSettings v = new DataSettings(merged, "dataset.validation");
        DataSettings t = new DataSettings(bundled, "dataset");
        for (String k : List.of("task", "tokenize", "lowercase", "padding"))
            if (given.has(k)) sameAsTraining("text", k, t, v);
        return v;
    }

    /** Another source than the training one: a file or a bundled set, of samples of the same kind (token ids or numbers). */
    private static void different(String trainSource, String source) {
        if (GENERATORS.contains(source))
            throw new IllegalArgumentException("dataset.validation.source: \"" + source + "\" generates data of its own, whose labels mean something "
                    + "else than the training source's (\"" + trainSource + "\"); give \"source\": \"" + trainSource + "\""
                    + (GENERATORS.contains(trainSource) ? " (its samples drawn with another seed)" : " with another file"));
        if ("tokens".equals(trainSource) && TOKEN_SOURCES.contains(source))
            throw new IllegalArgumentException("dataset.validation.source: \"" + source + "\" numbers its tokens by a vocabulary, but the training "
                    + "\"tokens\" are generated ids with none, so a token id would mean something else; give \"source\": \"tokens\"");
        if (TOKEN_SOURCES.contains(trainSource) != TOKEN_SOURCES.contains(source))
            throw new IllegalArgumentException("dataset.validation.source: \"" + source + "\" gives " + (TOKEN_SOURCES.contains(source) ? "token ids" : "numbers")
                    + ", but the model reads " + (TOKEN_SOURCES.contains(trainSource) ? "token ids" : "numbers") + " (the training source is \""
                    + trainSource + "\")");
    }

    /**
     * A setting of the same source that decides what the model reads or what its classes are: the validation source may
     * repeat the training value, not change it.
     */
    private static void sameAsTraining(String source, String k, DataSettings training, DataSettings v) {
        String why = why(source, k, training, v);
        if (why == null) return;
        Object trained = value(source, k, training), validated = value(source, k, v);
        if (Objects.equals(trained, validated)) return;
        throw new IllegalArgumentException(v.path(k) + ": " + show(validated) + ", but the training data's is " + show(trained) + ": " + why
                + "; leave it out to read the validation data as the training data are read");
    }

    /** Why {@code k} must be the training value, or null where the validation data may differ (a row count, noise, columns). */
    private static String why(String source, String k, DataSettings training, DataSettings v) {
        return switch (source + "." + k) {
            case "blobs.classes" -> "the model has one output a class";
            case "tokens.task", "text.task", "csv.task" -> "the labels would mean something else (other classes, or classes for numbers)";
            case "tokens.vocab" -> "token ids the model's Embedding was not trained on";
            case "tokens.length", "text.length" -> "the model reads sequences of the training length";
            case "tokens.padding", "text.padding" -> "the model reads its padding on the training side";
            case "text.tokenize", "text.lowercase" -> "the validation texts are numbered by the training texts' vocabulary, token for token";
            case "text.vocab", "text.min_freq" -> "the validation texts are numbered by the training texts' vocabulary, which this does not change";
            case "images.size", "images.grayscale", "images.resize" -> "the model reads pictures as the training pictures are read";
            case "csv.missing" -> fills(v) && !Objects.equals(value(source, k, training), value(source, k, v))
                    ? "gaps are filled with the training statistics, which only a training set read with the same \"fill\" has" : null;
            default -> null;
        };
    }

    private static boolean fills(DataSettings s) {
        return s.choice("missing", "error", CsvLoader.Missing.class).fillWith() != null;
    }

    /** {@code k}'s value as {@code s} reads it, its default where left out. */
    private static Object value(String source, String k, DataSettings s) {
        if ("text".equals(source)) {
            TextLoader.Options o = TableSettings.text(s);
            return switch (k) {
                case "task" -> o.task();
                case "tokenize" -> o.level();
                case "lowercase" -> o.lowercase();
                case "length" -> o.length() == 0 ? null : o.length();
                case "vocab" -> o.maxVocabulary();
                case "min_freq" -> o.minFreq();
                default -> o.padding();
            };
        }
        return switch (source + "." + k) {
            case "blobs.classes" -> s.integer("classes", DataSources.DEFAULT_CLASSES, 2, 100);
            case "tokens.task" -> s.string("task", DataSources.DEFAULT_TOKENS_TASK);
            case "tokens.vocab" -> s.integer("vocab", DataSources.DEFAULT_VOCAB, 3, 1_000_000);
            case "tokens.length" -> s.integer("length", DataSources.DEFAULT_LENGTH, 1, 100_000);
            case "tokens.padding" -> s.choice("padding", Vocabulary.Padding.LEFT.id(), Vocabulary.Padding.class);
            case "csv.task" -> s.choice("task", "auto", CsvLoader.Task.class);
            case "csv.missing" -> s.choice("missing", "error", CsvLoader.Missing.class);
            case "images.size" -> s.has("size") ? size(s.raw("size")) : null;
            case "images.grayscale" -> s.bool("grayscale", false);
            case "images.resize" -> s.has("resize") ? s.integer("resize", 0, 1, 65_536) : null;
            default -> s.raw(k);
        };
    }

    /** A picture size as {@code [height, width]}: {@code 28} and {@code [28]} are {@code [28, 28]}. */
    private static Object size(Object size) {
        List<?> hw = size instanceof List<?> l ? l : List.of(size);
        if (hw.size() == 1) hw = List.of(hw.get(0), hw.get(0));
        return hw.stream().map(x -> x instanceof Number n ? (Object) n.doubleValue() : x).toList();
    }

    private static String show(Object v) {
        if (v == null) return "not given";
        if (v instanceof Enum<?> e) return "\"" + e.name().toLowerCase(java.util.Locale.ROOT) + "\"";
        if (v instanceof List<?> l) return l.stream().map(x -> x instanceof Double d && d == Math.rint(d) ? String.valueOf(d.longValue()) : String.valueOf(x)).toList().toString();
        return v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
    }

    /**
     * The validation settings {@code v} of {@code source} completed from the training set {@code train} as read: a text
     * file's texts cut at the training texts' (or a bundled text set's) length, a folder's pictures read at the training pictures' size and channels.
     */
    static DataSettings readLike(DataSettings v, String source, String trainSource, TensorDataset train) {
        boolean names = BUNDLED_TEXTS.contains(trainSource) && "text".equals(source);
        if (!source.equals(trainSource) && !names) return v;
        int[] shape = train.sampleShape();
        if ("text".equals(source) && !v.has("length") && shape.length == 1) {
            Map<String, Object> m = new LinkedHashMap<>(v.map());
            m.put("length", shape[0]);
            return new DataSettings(m, v.where());
        }
        if ("images".equals(source)) return new DataSettings(DataSources.picturesFor(v.map(), shape), v.where());
        return v;
    }

    /**
     * Whether the validation samples fit the model trained on {@code train}: the same sample shape, the same classes (or
     * regression targets of the same shape).
     *
     * @throws IllegalArgumentException naming {@code dataset.validation} and what differs
     */
    static void compatible(TensorDataset train, TensorDataset validation) {
        if (!Arrays.equals(train.sampleShape(), validation.sampleShape()))
            throw new IllegalArgumentException("dataset.validation: samples of " + Arrays.toString(validation.sampleShape())
                    + " do not match the training samples of " + Arrays.toString(train.sampleShape()));
        if (!train.classNames().equals(validation.classNames()) || !Arrays.equals(train.targetShape(), validation.targetShape()))
            throw new IllegalArgumentException("dataset.validation: " + validation.describe() + " does not have the training set's targets ("
                    + train.describe() + ")");
    }
}
