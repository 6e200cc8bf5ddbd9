package layerlab.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import layerlab.graph.json.SettingsReader;
import layerlab.io.FileFormatException;

/**
 * Opens the data a project's {@code "dataset"} settings describe, for the trainer and the command line, e.g.
 * <pre>{"source": "moons", "n": 500, "noise": 0.1, "normalize": "standardize", "validation_split": 0.2, "seed": 0}</pre>
 * The keys of every source are listed in {@link #OPTIONS}; their meaning is in the README ("Data sets"). Mistakes
 * in the settings (an unknown key or source, a value of the wrong type) raise {@link IllegalArgumentException}
 * naming the key and what is allowed; unreadable files raise {@link IOException} ({@link FileFormatException}
 * for bad contents).
 */
public final class DataSources {
    /** Keys every data source accepts. */
    public static final List<String> COMMON = List.of("source", "normalize", "validation_split", "validation", "seed");
    /** The sources that give (or may give) images, which take random transforms of the training images ({@link Augmentation}). */
    private static final List<String> IMAGE_SOURCES = List.of("mnist", "color_mnist", "idx", "images", "npy");
    /** Whether {@code source} takes {@code "augment"}: random transforms of its training images. */
    public static boolean augments(String source) {
        return IMAGE_SOURCES.contains(source);
    }

    /** {@link #COMMON} and the images' {@code "augment"}. */
    private static final List<String> COMMON_AUGMENTED = List.of("source", "normalize", "validation_split", "validation", "seed", "augment");

    /** Each source and its own keys, in the order the README lists them. */
    public static final Map<String, List<String>> OPTIONS = options();

    static final int DEFAULT_N = 500;
    /** Salts the split's random stream so it never mirrors the stream that generated the data from the same seed. */
    static final long SPLIT_SALT = 0x5D1B5EED0F5A17L;
    /** Mixed into the seed that draws augmentation amounts, so they do not follow the split's draws. */
    static final long AUGMENT_SALT = 0xA06D3E47A06L;
    static final Map<String, Double> DEFAULT_NOISE = Map.of(
            "xor", 0.05, "spirals", 0.05, "moons", 0.1, "circles", 0.05, "blobs", 0.25, "sine", 0.1, "linear", 0.1);
    static final int DEFAULT_CLASSES = 3, DEFAULT_TOKENS_N = 2000, DEFAULT_VOCAB = 5, DEFAULT_LENGTH = 10, DEFAULT_COLOR_N = 10_000;
    static final String DEFAULT_TOKENS_TASK = "majority";

    /** Sources whose samples are token ids, which are never normalized. */
    private static final List<String> TEXT_SOURCES = List.of("tokens", "text", "surnames", "spam_subjects");

    private DataSources() {}

    private static Map<String, List<String>> options() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String g : List.of("xor", "spirals", "moons", "circles")) m.put(g, List.of("n", "noise"));
        m.put("blobs", List.of("n", "noise", "classes"));
        m.put("sine", List.of("n", "noise"));
        m.put("linear", List.of("n", "noise"));
        for (String b : BundledDatasets.names()) m.put(b, List.of());
        // missing: its 11 rows with gaps dropped (the default), filled, or an error to learn from; targets: a column per target Input
        m.put("penguins", List.of("missing", "targets"));
        // padding right: for a model that masks its padding (a Lengths node); min_freq: rare letters (ď, ű) as <unk>
        m.put("surnames", List.of("padding", "min_freq", NextTokens.KEY)); // next_token: the names to generate, letter after letter
        m.put("spam_subjects", List.of("padding", "min_freq")); // min_freq: words the training subjects hold fewer times as <unk>
        m.put("csv", List.of("path", "features", "label_column", "targets", "task", "header", "delimiter", "missing"));
        m.put("series", Series.KEYS); // a CSV's rows as a time series, cut into windows
        m.put("sunspots", Series.WINDOW_KEYS);
        m.put("idx", List.of("images", "labels"));
        m.put("images", List.of("path", "size", "grayscale", "resize"));
        m.put("npy", List.of("features", "labels"));
        // next_token: the texts (one a line, or a column) to generate, token after token; no label column then
        m.put("text", List.of("path", "text_column", "label_column", "task", "tokenize", "lowercase", "length", "vocab", "min_freq", "header", "delimiter", "padding",
                NextTokens.KEY));
        // Made for the sample projects: token sequences for the sequence models, MNIST digits in colour.
        m.put("tokens", List.of("task", "n", "vocab", "length", "padding")); // padding: the sentiment reviews'; majority's have none
        m.put("color_mnist", List.of("n"));
        return Collections.unmodifiableMap(m);
    }

    /** The keys of {@code source} whose values are file or folder paths (relative ones resolve against the project's folder). */
    public static List<String> pathKeys(String source) {
        return switch (String.valueOf(source)) {
            case "csv", "images", "text", "series" -> List.of("path");
            case "idx" -> List.of("images", "labels");
            case "npy" -> List.of("features", "labels");
            default -> List.of();
        };
    }

    /** What choosing {@code value} for {@code key} does, in a sentence's words; null where the word says enough. */
    public static String choiceHelp(String key, String value) {
        if (!"missing".equals(key) || !CsvLoader.Missing.ids().contains(value)) return null;
        return CsvLoader.Missing.valueOf(value.toUpperCase(Locale.ROOT)).help();
    }

    /**
     * The values {@code key} of {@code source} takes when they are a few words ({@code ["words", "characters"]} for a
     * text set's {@code tokenize}), for a form to offer; empty for a number, a path or a column.
     */
    public static List<String> choices(String source, String key) {
        if (!OPTIONS.getOrDefault(source, List.of()).contains(key))
            throw new IllegalArgumentException("dataset source \"" + source + "\" has no option \"" + key + "\"");
        return switch (key) {
            case "task" -> "tokens".equals(source) ? List.copyOf(SequenceGenerators.TASKS) : CsvLoader.Task.ids();
            case "header" -> List.of("auto", "true", "false");
            case "tokenize" -> Vocabulary.Level.ids();
            case "padding" -> Vocabulary.Padding.ids();
            case "lowercase", "grayscale", NextTokens.KEY -> List.of("true", "false");
            case "missing" -> CsvLoader.Missing.ids();
            default -> List.of();
        };
    }

    /**
     * What {@code key} of {@code source} is when the settings leave it out, in words for an empty field of a form: its
     * default ("500", "auto", "the last column"), or that it must be given.
     */
    public static String defaultText(String source, String key) {
        if (!OPTIONS.getOrDefault(source, List.of()).contains(key))
            throw new IllegalArgumentException("dataset source \"" + source + "\" has no option \"" + key + "\"");
        if (pathKeys(source).contains(key))
            return "required: a " + ("images".equals(source) ? "folder" : "text".equals(source) ? "file or a folder of class folders" : "file");
        if ("text".equals(source)) {
            switch (key) {
                case "text_column": return "the first column";
                case "tokenize": return TextLoader.Options.DEFAULT.level().id();
                case "lowercase": return String.valueOf(TextLoader.Options.DEFAULT.lowercase());
                case "length": return "the longest text's";
                case "vocab": return TextLoader.Options.DEFAULT_MAX_VOCABULARY + ", commonest first";
                case "min_freq": return "1: every token";
                case "padding": return TextLoader.Options.DEFAULT.padding().id();
                case NextTokens.KEY: return "false: the label column is the target";
                case "delimiter": return "tab for .tsv, else ,";
                default: break;
            }
        }
        return switch (key) {
            case "n" -> String.valueOf("tokens".equals(source) ? DEFAULT_TOKENS_N : "color_mnist".equals(source) ? DEFAULT_COLOR_N : DEFAULT_N);
            case "noise" -> String.valueOf(DEFAULT_NOISE.get(source));
            case "classes" -> String.valueOf(DEFAULT_CLASSES);
            case "vocab" -> String.valueOf(DEFAULT_VOCAB);
            case "length" -> String.valueOf(DEFAULT_LENGTH);
            case "task" -> "tokens".equals(source) ? DEFAULT_TOKENS_TASK : "auto";
            case "features" -> "all but the label";
            case "columns", "target", "window", "horizon", "stride" -> Series.defaultText(source, key);
            case "label_column" -> "the last column";
            case "targets" -> ("penguins".equals(source) ? "species" : "the label column") + "; for several target Inputs: Input=column, …";
            case "header" -> "auto";
            case "delimiter" -> "tab for .tsv, else ,";
            case "size" -> "the first image's";
            case "grayscale" -> "false";
            case "resize" -> "none: each picture stretched to size";
            case "missing" -> "penguins".equals(source) ? "drop" : "error";
            case "min_freq" -> "1: every " + ("spam_subjects".equals(source) ? "word" : "character");
            case NextTokens.KEY -> "false: each name's language is the target";
            case "padding" -> "tokens".equals(source) ? Vocabulary.Padding.LEFT.id() + " (sentiment; majority has none)" : BundledDatasets.SURNAMES.padding().id();
            default -> throw new IllegalArgumentException("dataset source \"" + source + "\" has no option \"" + key + "\"");
        };
    }

    /**
     * Checks the settings {@code config} gives without reading any data: the source and the keys it and every source
     * take, the seed, normalization and split ({@code layerlab check}); the first problem is thrown as {@link #open} would.
     */
    public static void check(Map<String, ?> config) {
        DataSettings s = new DataSettings(config, "dataset");
        common(s);
        TableSettings.targets(s);
        pictureResize(config);
        Map<String, ?> separate = s.source("validation");
        if (separate != null) ValidationSource.settings(s, separate);
    }

    /** The settings every source shares, checked: the source, the keys, the seed, normalization and split. */
    private record Common(String source, long seed, Normalization.Kind kind, double fraction, Augmentation augmentation) {}

    private static Common common(DataSettings s) {
        String source = s.source();
        s.checkKeys(source, IMAGE_SOURCES.contains(source) ? COMMON_AUGMENTED : COMMON);
        long seed = s.integer("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
        Normalization.Kind kind = s.choice("normalize", "none", Normalization.Kind.class);
        double fraction = s.real("validation_split", 0, 0, 1);
        if (fraction >= 1) throw s.refuse(s.path("validation_split") + " must be a fraction below 1, got " + SettingsReader.show(s.raw("validation_split")));
        if (TEXT_SOURCES.contains(source) && kind != Normalization.Kind.NONE) {
            throw new IllegalArgumentException("dataset.normalize: token ids are not normalized; expected \"none\", got \""
                    + kind.name().toLowerCase(Locale.ROOT) + "\"");
        }
        if (fraction > 0 && s.source("validation") != null)
            throw new IllegalArgumentException("dataset: give either \"validation\" (a separate data source) or \"validation_split\", not both");
        Augmentation augmentation = Augmentation.parse(s.raw("augment"));
        return new Common(source, seed, kind, fraction, augmentation);
    }

    /**
     * ColorJitter works on pixels in [0, 1], as torchvision's does on float pictures: it clamps them there, so pictures of 0
     * to 255 (an {@code .npy} array of bytes, read as they are) would become nearly black and white.
     *
     * @throws IllegalArgumentException naming the data and its largest value
     */
    private static void pixelsForJitter(Augmentation augmentation, String name, TensorDataset... parts) {
        if (!jitters(augmentation)) return;
        float low = 0, high = 1;
        for (TensorDataset raw : parts)
            for (float v : raw.features()) {
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
        pixelsForJitter(name, low, high);
    }

    /** Whether {@code augmentation} has a ColorJitter, which needs pixels in [0, 1]. */
    static boolean jitters(Augmentation augmentation) {
        return augmentation.transforms().stream().anyMatch(t -> t instanceof Transform.ColorJitter);
    }

    /** {@link #pixelsForJitter(Augmentation, String, TensorDataset...)} of a set named {@code name} whose values (and 0 and 1) span {@code low..high}. */
    static void pixelsForJitter(String name, float low, float high) {
        if (low < -1e-6 || high > 1 + 1e-6)
            throw new IllegalArgumentException("dataset.augment: ColorJitter works on pixels in [0, 1], as torchvision's on float pictures, but "
                    + name + " holds values from " + low + " to " + high + ": save the pictures scaled to [0, 1] (X / 255 for bytes)");
    }

    /**
     * How the {@code images} source frames its pictures: {@code resize} N, torchvision's {@code Resize(N)} then {@code
     * CenterCrop(size)} ({@link Images#framed}), which needs {@code size}; 0 (stretched whole to {@code size}) when
     * absent or for another source. A trained model's pictures are framed so when it predicts ({@link DataNames#resize}).
     *
     * @throws IllegalArgumentException for a resize that is not a number of pixels, or without a size
     */
    public static int pictureResize(Map<String, ?> config) {
        return pictureResize(new DataSettings(config, "dataset"));
    }

    static int pictureResize(DataSettings s) {
        if (!"images".equals(s.map().get("source")) || !s.map().containsKey("resize")) return 0;
        int resize = (int) s.integer("resize", 0, 1, 65_536);
        if (!s.has("size"))
            throw new IllegalArgumentException(s.path("resize") + ": frames each picture to " + s.path("size") + " (Resize, then CenterCrop): give size too");
        return resize;
    }

    /**
     * {@code config} as a trained model whose Input takes pictures {@code [C, H, W]} ({@code inputShape}) reads them: an
     * {@code images} source that names no {@code size} takes H×W (not its first picture's size), and one that does not say
     * {@code grayscale} is grey for C = 1, as {@code layerlab predict} reads pictures for the model. Other sources and
     * other shapes leave {@code config} as it is.
     */
    public static Map<String, ?> picturesFor(Map<String, ?> config, int[] inputShape) {
        if (!"images".equals(config.get("source")) || inputShape.length != 3 || (inputShape[0] != 1 && inputShape[0] != 3)) return config;
        Map<String, Object> m = new LinkedHashMap<>(config);
        if (config.get("size") == null) m.put("size", List.of(inputShape[1], inputShape[2]));
        if (config.get("grayscale") == null) m.put("grayscale", inputShape[0] == 1);
        return m;
    }

    /**
     * What {@link #open} tells of the training samples ({@link DataFacts}), read through without holding them ({@code
     * layerlab check}): the same facts and refusals, in the same order; null where the source is not read so (then open
     * it): all but an NPY pair in C order without a separate validation source ({@link NpyScan} says why).
     */
    public static DataFacts scan(Map<String, ?> config, Path baseDir) throws IOException {
        DataSettings s = new DataSettings(config, "dataset");
        Common c = common(s);
        if (!"npy".equals(c.source()) || s.source("validation") != null) return null;
        return NpyScan.scan(s.path("features", baseDir), s.path("labels", baseDir), c.fraction(), c.seed() ^ SPLIT_SALT, c.kind(), jitters(c.augmentation()));
    }

    /** Loads, splits and normalizes the data {@code config} describes; relative paths resolve against {@code baseDir}. */
    public static DataSplit open(Map<String, ?> config, Path baseDir) throws IOException {
        return split(config, baseDir, null, null, null);
    }

    /**
     * The folds of a {@code folds}-fold cross-validation of the data {@code config} describes ({@link Folds#open}): one
     * fold of the data set validates, the others train ({@link Splits#fold}), in place of {@code validation_split}; the
     * statistics (normalization, the values that fill gaps) come from the fold's training samples, as scikit-learn's
     * {@code cross_val_score} refits a pipeline per fold. A text set keeps the project's vocabulary (that of its usual
     * split, worked out here once), since the model's Input and Embedding are sized for its token ids and length.
     *
     * @throws IllegalArgumentException for a data set with a separate validation source, which has nothing to fold
     */
    public static Folds folds(Map<String, ?> config, Path baseDir, int folds) throws IOException {
        if (config.get("validation") != null)
            throw new IllegalArgumentException("dataset: cross-validation folds the one data set; it has a separate \"validation\" source to leave out first");
        if (Series.isSeries(config.get("source"))) throw new IllegalArgumentException(Series.NO_FOLDS);
        Common c = common(new DataSettings(config, "dataset"));
        Vocabulary vocabulary = TEXT_SOURCES.contains(c.source()) ? split(config, baseDir, null, null, null).train().vocabulary() : null;
        return new Folds(config, baseDir, folds, c.seed() ^ SPLIT_SALT, vocabulary, c.fraction() > 0 ? c.fraction() : DEFAULT_STOPPING_FRACTION);
    }

    /** The share of a fold's training part that early stopping watches when the data set names no validation_split. */
    static final double DEFAULT_STOPPING_FRACTION = 0.2;
    static final long STOPPING_SALT = 0x57095EED1A7EL;

    /**
     * A data set's cross-validation folds ({@link #folds}); {@code count} of them. {@code stopping} is the share of a fold's
     * training part that {@link #openNested} sets aside for early stopping: the data set's {@code validation_split}, else 0.2.
     */
    public record Folds(Map<String, ?> config, Path baseDir, int count, long seed, Vocabulary vocabulary, double stopping) {
        /** Fold {@code fold} (0-based) held out for validation, the others for training, normalized by the training part. */
        public DataSplit open(int fold) throws IOException {
            return parts(config, baseDir, vocabulary, null, Splits.Plan.fold(count, fold, seed), 0).split();
        }

        /**
         * Fold {@code fold} (0-based) held out to score the model ({@link Nested#scoring}), and of the other folds a random
         * {@link #stopping} share set aside for early stopping to watch (the split's validation set) and the rest to train on
         * (its training set), all three normalized by the part that trains: early stopping never sees the samples that
         * score the fold, as in a nested cross-validation.
         */
        public Nested openNested(int fold) throws IOException {
            return parts(config, baseDir, vocabulary, null, Splits.Plan.fold(count, fold, seed), stopping);
        }
    }

    /**
     * A fold of a nested cross-validation: {@code split} trains (its validation set is what early stopping watches), and
     * {@code scoring}, the held-out fold normalized as the training part is, scores the model.
     */
    public record Nested(DataSplit split, Dataset scoring) {}

    /**
     * {@link #open(Map, Path)}, a text set's texts numbered by {@code vocabulary} when it is given (null: a vocabulary
     * built from the training texts: those {@code validation_split} leaves for training, as the split takes them). A
     * separate validation source is always numbered by the training set's vocabulary.
     */
    private static DataSplit split(Map<String, ?> config, Path baseDir, Vocabulary vocabulary, Normalization stored, Splits.Plan folded)
            throws IOException {
        return parts(config, baseDir, vocabulary, stored, folded, 0).split();
    }

    /**
     * {@link #split}, with {@code stopping} > 0 (folds only) a random share of the training part set aside as the split's
     * validation set and the planned validation part returned apart, normalized alike, as {@link Nested#scoring}.
     */
    private static Nested parts(Map<String, ?> config, Path baseDir, Vocabulary vocabulary, Normalization stored, Splits.Plan folded,
                                double stopping) throws IOException {
        return parts(config, baseDir, vocabulary, stored, DataNames.NONE, folded, stopping);
    }

    /** {@link #parts}, the samples read as a trained model with the names {@code model} read its own ({@link SourceReader#load}). */
    private static Nested parts(Map<String, ?> config, Path baseDir, Vocabulary vocabulary, Normalization stored, DataNames model,
                                Splits.Plan folded, double stopping) throws IOException {
        DataSettings s = new DataSettings(config, "dataset");
        Common c = common(s);
        String source = c.source();
        long seed = c.seed();
        Normalization.Kind kind = c.kind();
        Splits.Plan plan = folded != null ? folded : c.fraction() > 0 ? new Splits.Plan(c.fraction(), seed ^ SPLIT_SALT) : null;
        Map<String, ?> separate = s.source("validation");
        // The training source's settings where the validation source leaves them out, checked before any data is read.
        DataSettings v = separate == null ? null : ValidationSource.settings(s, separate);
        // An NPY pair split by a validation_split is read straight into its parts: read whole, then copied into them, it
        // was held twice at that moment.
        NpyLoader.Parts direct = "npy".equals(source) && v == null && plan != null && model == DataNames.NONE
                ? NpyLoader.loadSplit(s.path("features", baseDir), s.path("labels", baseDir), plan) : null;
        TensorDataset all = direct != null ? null : SourceReader.load(s, source, seed, baseDir, vocabulary, model, plan);
        layerlab.io.ReadProgress.checkCurrent();
        TensorDataset train = all, validation = null;
        if (direct != null) {
            train = direct.split().train();
            validation = direct.split().validation();
        } else if (v != null) {
            // Texts cut and pictures sized as the training ones were read.
            String vSource = v.source();
            v = ValidationSource.readLike(v, vSource, source, all);
            // seed + 1 by default, so that a generator asked for validation data does not repeat the training data; texts
            // numbered as the training texts are, so that a token has one id.
            // A table read as the training table was: its words one-hot encoded and its classes numbered by the training set's.
            validation = SourceReader.load(v, vSource, v.integer("seed", seed + 1, Long.MIN_VALUE, Long.MAX_VALUE), baseDir, all.vocabulary(), DataNames.of(all), null);
            // Several targets: a column of words numbered by the training words, as one label column is.
            validation = validation.withHeadsOf(all.targetHeads(), "dataset.validation");
            ValidationSource.compatible(train, validation);
        } else if (plan != null) {
            // A time series in time: the last windows validate, so that the model is scored on a future it never saw.
            Splits.TrainValidation tv = Series.isSeries(source) ? Series.chronological(all, plan.validationFraction()) : plan.apply(all);
            train = tv.train();
            validation = tv.validation();
        }
        // Said of the samples as read, which are let go below: a split's parts are copies of them, and the set read whole
        // beside its parts and their normalized copies held a 500 MB array three times over while a run started.
        String read = direct != null ? direct.described() : all.describe();
        // Training draws its augmented samples afresh each epoch; a trained model's view of its data (stored) has none.
        if (stored == null && direct != null) pixelsForJitter(c.augmentation(), direct.name(), train, validation);
        else if (stored == null) pixelsForJitter(c.augmentation(), all.name(), all);
        all = null;
        TensorDataset scoring = null;
        if (stopping > 0 && validation != null) {
            Splits.TrainValidation inner = Splits.trainValidation(train, stopping, seed ^ STOPPING_SALT);
            scoring = validation;
            train = inner.train();
            validation = inner.validation();
        }
        // A table read with "missing": "fill" (or "fill_median", "fill_most_frequent") holds NaN in its gaps, which the
        // training statistics fill.
        CsvLoader.Missing missing = SourceReader.missing(s, source);
        Normalization.FillWith fillWith = missing == null ? null : missing.fillWith();
        if (fillWith != null && stored != null && !stored.fills())
            throw new IllegalArgumentException("dataset.missing: \"" + missing.id() + "\" leaves gaps for the model's training statistics to fill, but "
                    + "this model was trained without filling gaps; use \"drop\" (or train it again with \"" + missing.id() + "\")");
        Normalization norm = stored != null ? stored : Series.isSeries(source) ? Normalization.fitVariables(kind, train)
                : Normalization.fit(kind, train, fillWith);
        // Each part is this call's own (a file just read, or a split's copy of it): normalized where it is.
        train = norm.applyInPlace(train);
        if (validation != null) validation = norm.applyInPlace(validation);
        if (scoring != null) scoring = norm.applyInPlace(scoring);
        String description = read + "; " + train.size() + " for training, "
                + (scoring != null ? validation.size() + " to stop early, " + scoring.size() + " for validation"
                : validation == null ? "no validation" : validation.size() + " for validation") + "; normalize: " + norm.describe()
                + (stored != null ? " (the model's)" : "");
        Dataset trainSet = train;
        if (stored == null && !c.augmentation().isEmpty()) {
            trainSet = c.augmentation().over(train, norm, seed ^ AUGMENT_SALT);
            description += "; augment: " + c.augmentation().describe();
        }
        return new Nested(new DataSplit(trainSet, validation, norm, description), scoring);
    }

    /**
     * {@link #open}, normalized with {@code stored} (a trained model's statistics) instead of statistics fitted again on
     * the data, which may have changed since the model was trained: how a trained model sees its data.
     */
    public static DataSplit open(Map<String, ?> config, Path baseDir, Normalization stored) throws IOException {
        return split(config, baseDir, null, stored, null);
    }

    /**
     * {@link #open}, normalized with {@code stored} (null: fitted as the settings say) and a text set's texts numbered by
     * {@code vocabulary} (null: built from the training texts): training on from a model's weights, whose Embedding
     * rows are its tokens.
     */
    public static DataSplit open(Map<String, ?> config, Path baseDir, Normalization stored, Vocabulary vocabulary) throws IOException {
        return split(config, baseDir, vocabulary, stored, null);
    }

    /**
     * How a trained model sees data, other data than its own too (a test file): normalized with {@code stored} (null:
     * fitted as the settings say, as {@link #open(Map, Path)} does), and read as the model's {@code names} say its own
     * data were: texts numbered by its vocabulary (one built from these texts would give their tokens other ids), a
     * table's features found by the model's feature names and its words one-hot encoded by the model's (this file's
     * column order and words would give other features), and the labels numbered by the model's classes (by name; an
     * {@code .npy} or IDX file's class indices as the model's indices). What does not fit is an error saying where.
     */
    public static DataSplit open(Map<String, ?> config, Path baseDir, Normalization stored, DataNames names) throws IOException {
        return parts(config, baseDir, names.vocabulary(), stored, names, null, 0).split();
    }

    /**
     * The columns each target Input takes, by the Input's node name, in the order given: a table's {@code "targets"},
     * {@code {"species": "species", "mass": "body_mass_g"}} (a column by name or 0-based index, or a list of them), or as
     * one line, {@code "species=species, mass=body_mass_g"} (a form's field, a command line's {@code --data targets=…}).
     * Empty when the settings have none: the one target is the label column's.
     */
    public static Map<String, List<CsvLoader.Column>> targets(Map<String, ?> dataset) {
        return TableSettings.targets(new DataSettings(dataset, "dataset"));
    }

    /**
     * The columns of the table the settings {@code dataset} read, whose names a {@code "targets"} object may give a target
     * Input: a CSV file's (its header's names, or numbers from 0; read from {@code baseDir}), the bundled penguins'; empty
     * for a source of no columns.
     *
     * @throws IOException when the file cannot be read
     */
    public static List<String> tableColumns(Map<String, ?> dataset, Path baseDir) throws IOException {
        Object source = dataset.get("source");
        if ("penguins".equals(source)) return BundledDatasets.PENGUIN_COLUMNS;
        if (!"csv".equals(source) || !(dataset.get("path") instanceof String p) || p.isBlank()) return List.of();
        Map<String, Object> s = new LinkedHashMap<>(dataset);
        s.remove("targets");
        return CsvLoader.columnNames(baseDir == null ? Path.of(p) : baseDir.resolve(p), csvOptions(s));
    }

    /**
     * How a CSV data set's columns are read ({@code features}, {@code label_column}, {@code header}, {@code delimiter},
     * {@code task}): {@code layerlab predict} reads new samples of a model trained on {@code dataset} this way.
     */
    public static CsvLoader.Options csvOptions(Map<String, ?> dataset) {
        return TableSettings.csv(new DataSettings(dataset, "dataset"));
    }

    /**
     * How a text data set's texts are found and cut ({@code text_column}, {@code label_column}, {@code task},
     * {@code header}, {@code delimiter}, {@code tokenize}, {@code lowercase}, {@code length}, {@code vocab});
     * {@code layerlab predict} reads new texts of a model trained on {@code dataset} this way.
     */
    public static TextLoader.Options textOptions(Map<String, ?> dataset) {
        return switch (String.valueOf(dataset.get("source"))) {
            case "text" -> TableSettings.text(new DataSettings(dataset, "dataset"));
            // The bundled file's header is no promise about new files: a list of names may have "surname" over it or not.
            case "surnames" -> TableSettings.surnames(new DataSettings(dataset, "dataset")).withHeader(CsvLoader.Header.AUTO);
            case "spam_subjects" -> TableSettings.spamSubjects(new DataSettings(dataset, "dataset")).withHeader(CsvLoader.Header.AUTO);
            default -> TextLoader.Options.DEFAULT;
        };
    }
}
