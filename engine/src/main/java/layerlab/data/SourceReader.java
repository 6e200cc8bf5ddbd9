package layerlab.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import layerlab.graph.json.SettingsReader;

/**
 * Reads the samples of one data source as its checked settings say, for {@link DataSources}, which splits, normalizes
 * and describes them: the generated sets, a CSV file or series, IDX and NPY files, a folder of pictures, a text set (its
 * next tokens as targets when asked), the bundled sets; then a trained model's classes and target words put on them, so
 * that a file read for a model numbers its labels as the model's own data did. A mistake in a source's own keys raises
 * {@link IllegalArgumentException} naming the key, as {@link DataSources} says.
 */
final class SourceReader {
    private static final int MAX_GENERATED = 10_000_000;

    private SourceReader() {}

    /**
     * The set {@code s} describes; a text set numbered by {@code vocabulary} when it is given, else by one built from the
     * texts {@code split} (null: none) will put in training; read as the set with the names {@code trained} was (a
     * model's training set; {@link DataNames#NONE}: as it comes): a table's features by the trained ones' names, and
     * the classes numbered as the trained ones.
     */
    static TensorDataset load(DataSettings s, String source, long seed, Path baseDir, Vocabulary vocabulary, DataNames trained, Splits.Plan split)
            throws IOException {
        TensorDataset d = read(s, source, seed, baseDir, vocabulary, trained, split);
        // With several targets, each column of words numbered by the model's own classes for it, not by this file's words.
        if (!trained.targetClasses().isEmpty() && !d.targetHeads().isEmpty()) {
            List<TargetHead> theirs = new ArrayList<>();
            for (TargetHead h : d.targetHeads()) {
                List<String> known = trained.targetClasses().get(h.input());
                theirs.add(h.words() && known != null ? new TargetHead(h.input(), h.columns(), known, true) : h);
            }
            try {
                return d.withHeadsOf(theirs, s.where());
            } catch (IllegalArgumentException e) {
                throw s.refuse(e.getMessage());
            }
        }
        List<String> classes = trained.classes();
        if (classes.isEmpty() || !d.isClassification() || d.classNames().equals(classes)) return d;
        // A table's and a text set's labels were numbered by the classes as they were read; the class indices of NumPy and
        // IDX files are the model's indices; folders of pictures (and the built-in sets) name their classes.
        return switch (source) {
            case "npy", "idx" -> d.indexedAs(classes, s.path("labels", baseDir).toString());
            default -> d.relabeled(classes);
        };
    }

    private static TensorDataset read(DataSettings s, String source, long seed, Path baseDir, Vocabulary vocabulary, DataNames trained, Splits.Plan split)
            throws IOException {
        switch (source) {
            case "xor", "spirals", "moons", "circles", "blobs", "sine", "linear" -> {
                int n = (int) s.integer("n", DataSources.DEFAULT_N, 1, MAX_GENERATED);
                double noise = s.real("noise", DataSources.DEFAULT_NOISE.get(source), 0, Double.MAX_VALUE);
                return switch (source) {
                    case "xor" -> Generators.xor(n, noise, seed);
                    case "spirals" -> Generators.spirals(n, noise, seed);
                    case "moons" -> Generators.moons(n, noise, seed);
                    case "circles" -> Generators.circles(n, noise, seed);
                    case "blobs" -> Generators.blobs(n, (int) s.integer("classes", DataSources.DEFAULT_CLASSES, 2, 100), noise, seed);
                    case "sine" -> Generators.sine(n, noise, seed);
                    default -> Generators.linear(n, noise, seed);
                };
            }
            case "csv" -> {
                return CsvLoader.load(s.path("path", baseDir), TableSettings.csv(s), trained, TableSettings.targets(s));
            }
            case "series" -> {
                Path file = s.path("path", baseDir);
                Series.Options o = Series.options(s);
                return Series.windows(Series.read(file, o), o, file.getFileName().toString());
            }
            case "sunspots" -> {
                return BundledDatasets.sunspots(Series.options(s));
            }
            case "idx" -> {
                return IdxLoader.load(s.path("images", baseDir), s.path("labels", baseDir));
            }
            case "images" -> {
                int h = 0, w = 0;
                if (s.has("size")) {
                    Object size = s.raw("size");
                    List<?> hw = size instanceof List<?> l ? l : List.of(size);
                    if (hw.size() == 1) hw = List.of(hw.get(0), hw.get(0));
                    if (hw.size() != 2 || !(hw.get(0) instanceof Number a) || !(hw.get(1) instanceof Number b)
                            || a.intValue() < 1 || b.intValue() < 1 || a.doubleValue() != a.intValue() || b.doubleValue() != b.intValue())
                        throw s.refuse(s.path("size") + " must be [height, width] or one size in pixels, got " + SettingsReader.show(size));
                    h = a.intValue();
                    w = b.intValue();
                }
                return ImageFolderLoader.load(s.path("path", baseDir), h, w, s.bool("grayscale", false), DataSources.pictureResize(s));
            }
            case "npy" -> {
                return NpyLoader.load(s.path("features", baseDir), s.path("labels", baseDir));
            }
            case "tokens" -> {
                String task = s.choice("task", DataSources.DEFAULT_TOKENS_TASK, SequenceGenerators.TASKS);
                return SequenceGenerators.generate(task, (int) s.integer("n", DataSources.DEFAULT_TOKENS_N, 1, MAX_GENERATED),
                        (int) s.integer("vocab", DataSources.DEFAULT_VOCAB, 3, 1_000_000), (int) s.integer("length", DataSources.DEFAULT_LENGTH, 1, 100_000), seed,
                        tokensPadding(s, task));
            }
            case "text" -> {
                if (!NextTokens.asked(s, vocabulary))
                    return TextLoader.load(s.path("path", baseDir), TableSettings.text(s), vocabulary, split, trained.classes());
                // Each text's next tokens are its targets: a label column would be read for nothing.
                for (String k : List.of("label_column", "task"))
                    if (s.has(k)) throw s.refuse(s.path(k) + ": with " + NextTokens.KEY + " the targets are each text's next tokens, not a label; leave " + k + " out");
                Path file = s.path("path", baseDir);
                TextLoader.Options o = TableSettings.text(s);
                return NextTokens.read(vocabulary, s.where(), v -> TextLoader.unlabelled(file, o, v, split));
            }
            case "color_mnist" -> {
                return ColorMnist.generate((int) s.integer("n", DataSources.DEFAULT_COLOR_N, 1, MAX_GENERATED), seed);
            }
            case "penguins" -> {
                return BundledDatasets.penguins(missing(s, source), TableSettings.targets(s));
            }
            case "surnames" -> {
                if (!NextTokens.asked(s, vocabulary)) return BundledDatasets.surnames(TableSettings.surnames(s), vocabulary, split);
                return NextTokens.read(vocabulary, s.where(), v -> BundledDatasets.surnameTexts(TableSettings.surnames(s), v, split));
            }
            case "spam_subjects" -> {
                return BundledDatasets.spamSubjects(TableSettings.spamSubjects(s), vocabulary, split);
            }
            default -> {
                return BundledDatasets.load(source, vocabulary, split);
            }
        }
    }

    /** What a table's rows with gaps become: as a CSV's or the penguins' {@code missing} says; null for other sources. */
    static CsvLoader.Missing missing(DataSettings s, String source) {
        return switch (source) {
            case "csv" -> TableSettings.csv(s).missing();
            case "penguins" -> s.choice("missing", "drop", CsvLoader.Missing.class);
            default -> null;
        };
    }

    /**
     * The token sequences' {@code padding}: left (the default) or right, for the sentiment task, whose reviews are of
     * several lengths; majority's sequences fill every step (0 is a token there), so there is no side to choose.
     */
    private static Vocabulary.Padding tokensPadding(DataSettings s, String task) {
        Vocabulary.Padding side = s.choice("padding", Vocabulary.Padding.LEFT.id(), Vocabulary.Padding.class);
        if (s.has("padding") && !"sentiment".equals(task))
            throw new IllegalArgumentException(s.path("padding") + ": the " + task + " task's sequences are all " + s.path("length")
                    + " tokens long, with no padding (0 is a token there); padding is the sentiment task's: leave it out, or set task to \"sentiment\"");
        return side;
    }
}
