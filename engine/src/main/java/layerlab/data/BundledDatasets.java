package layerlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The small real data sets shipped with LayerLab (top-level {@code resources/datasets}, on the class path
 * under {@code /layerlab/datasets/}; origins and licenses in that folder's README).
 */
public final class BundledDatasets {
    private static final String DIR = "/layerlab/datasets/";

    private BundledDatasets() {}

    /** The names {@link #load} accepts. */
    public static List<String> names() {
        return List.of("iris", "penguins", "digits", "mnist", "surnames", "spam_subjects", "sunspots");
    }

    /** The bundled set called {@code name} (one of {@link #names()}). */
    public static TensorDataset load(String name) {
        return load(name, null, null);
    }

    /**
     * {@link #load(String)}, a text set's texts numbered by {@code vocabulary} (a trained model's) when it is given, else
     * by a vocabulary built from the texts {@code split} puts in training (null: all), as
     * {@link TextLoader#load(java.nio.file.Path, TextLoader.Options, Vocabulary, Splits.Plan)} numbers them; other sets
     * ignore both.
     */
    public static TensorDataset load(String name, Vocabulary vocabulary, Splits.Plan split) {
        return switch (name) {
            case "iris" -> iris();
            case "penguins" -> penguins();
            case "digits" -> digits();
            case "mnist" -> mnist();
            case "surnames" -> surnames(SURNAMES, vocabulary, split);
            case "spam_subjects" -> spamSubjects(SPAM_SUBJECTS, vocabulary, split);
            case "sunspots" -> sunspots(SUNSPOTS);
            default -> throw new IllegalArgumentException("no bundled data set \"" + name + "\"; there are " + String.join(", ", names()));
        };
    }

    /** Fisher's Iris: 150 flowers × 4 measurements in cm, 3 species (setosa, versicolor, virginica), 50 each. */
    public static TensorDataset iris() {
        return csv("iris.csv.gz", "iris");
    }

    /** The penguins' columns a data set reads: the species, then the features (the file's year is left out). */
    public static final List<String> PENGUIN_COLUMNS = List.of("species", "island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex");

    /**
     * The Palmer penguins (Gorman, Williams and Fraser 2014; Horst, Hill and Gorman's palmerpenguins 0.1.1, CC0, as
     * Debian's r-cran-palmerpenguins ships it): 344 penguins of three species (Adelie, Chinstrap, Gentoo) on three
     * islands. Its features are what a real table has: the island and sex are words, one-hot encoded ({@code
     * island=Biscoe}, …, {@code sex=male}), beside four measurements (bill length and depth, flipper length, body mass);
     * the 11 penguins with a measurement or their sex missing (NA) are left out, as {@code dropna()} would: 333 rows of
     * 9 features.
     */
    public static TensorDataset penguins() {
        try {
            return penguins(CsvLoader.Missing.DROP);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled data set penguins is damaged: " + e.getMessage(), e);
        }
    }

    /**
     * {@link #penguins()}, its 11 rows with gaps read as {@code missing} says (FILL keeps all 344, ERROR refuses the
     * first gap, naming its line and column as for a CSV of one's own).
     */
    public static TensorDataset penguins(CsvLoader.Missing missing) throws IOException {
        return penguins(missing, Map.of());
    }

    /**
     * {@link #penguins(CsvLoader.Missing)} with the targets of several target Inputs ({@code targets}: each one's columns,
     * {@link TargetHead}; empty: the species): the features are those of the six that no target takes, so that
     * {@code {"kind": "species", "mass": "body_mass_g"}} learns each penguin's body mass from the other five.
     */
    public static TensorDataset penguins(CsvLoader.Missing missing, Map<String, List<CsvLoader.Column>> targets) throws IOException {
        java.util.Set<String> taken = new java.util.HashSet<>();
        targets.values().forEach(cs -> cs.forEach(c -> taken.add(c.name())));
        List<CsvLoader.Column> features = PENGUIN_COLUMNS.stream().filter(f -> !f.equals("species") && !taken.contains(f)).map(CsvLoader.Column::named).toList();
        try (InputStream in = open("penguins.csv.gz")) {
            return CsvLoader.load(in, DIR + "penguins.csv.gz", "penguins", new CsvLoader.Options(features, CsvLoader.Column.named("species"),
                    CsvLoader.Task.CLASSIFICATION, CsvLoader.Header.PRESENT, ',', missing), targets);
        }
    }

    /** UCI's 8×8 handwritten digits (scikit-learn's copy): 1,797 samples × 64 pixel counts 0..16, 10 classes. */
    public static TensorDataset digits() {
        return csv("digits.csv.gz", "digits");
    }

    /** 10,000 MNIST digits: {@code [1, 28, 28]} floats in [0, 1], classes "0".."9". */
    public static TensorDataset mnist() {
        try (InputStream images = open("mnist-10k-images-idx3-ubyte.gz"); InputStream labels = open("mnist-10k-labels-idx1-ubyte.gz")) {
            String x = DIR + "mnist-10k-images-idx3-ubyte.gz", y = DIR + "mnist-10k-labels-idx1-ubyte.gz";
            return IdxLoader.dataset("mnist", IdxLoader.read(images, x), x, IdxLoader.read(labels, y), y);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled MNIST subset is damaged: " + e.getMessage(), e);
        }
    }

    /**
     * 3,575 surnames of eight languages (Czech, English, German, Italian, Polish, Romanian, Spanish, Turkish) from the
     * surname lists of the faker library, as characters (lower-cased) for a character-level recurrent network: PyTorch's
     * "classifying names with a character-level RNN" on real names.
     */
    public static TensorDataset surnames() {
        return surnames(SURNAMES, null, null);
    }

    /**
     * {@link #surnames()} padded on the {@code padding} side (a trained model's vocabulary says its own), numbered as
     * {@link #load(String, Vocabulary, Splits.Plan)} says.
     */
    public static TensorDataset surnames(Vocabulary.Padding padding, Vocabulary vocabulary, Splits.Plan split) {
        return surnames(SURNAMES.withPadding(padding), vocabulary, split);
    }

    /**
     * {@link #surnames()} read as {@code options} say ({@link #SURNAMES} with the padding side and {@code min_freq} a
     * project chose), numbered as {@link #load(String, Vocabulary, Splits.Plan)} says.
     */
    public static TensorDataset surnames(TextLoader.Options options, Vocabulary vocabulary, Splits.Plan split) {
        return labelledTexts("surnames.csv.gz", "surnames", options, vocabulary, split);
    }

    /** The bundled table of texts and classes {@code file}, the data set {@code name}, read as {@link TextLoader#load} reads it. */
    private static TensorDataset labelledTexts(String file, String name, TextLoader.Options options, Vocabulary vocabulary, Splits.Plan split) {
        try (InputStream in = open(file)) {
            return TextLoader.load(in, DIR + file, name, options, vocabulary, split);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled data set " + name + " is damaged: " + e.getMessage(), e);
        }
    }

    /** The surnames' texts alone, their languages left out, for next-token sequences ({@link NextTokens}). */
    static TextLoader.Encoded surnameTexts(TextLoader.Options options, Vocabulary vocabulary, Splits.Plan split) {
        String file = "surnames.csv.gz";
        try (InputStream in = open(file)) {
            return TextLoader.unlabelled(in, DIR + file, "surnames", options, vocabulary, split);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled data set surnames is damaged: " + e.getMessage(), e);
        }
    }

    /**
     * Words a subject: 97% of the subjects have at most 20 (half have 8); a longer one keeps its first 20, as a text set
     * cuts at its {@code length}. The longest, 205, would make every sample ten times as long for a few spams' sake.
     */
    public static final int SPAM_SUBJECT_LENGTH = 20;

    /**
     * How the spam subjects are read: the "subject" column as words, lower-cased, {@link #SPAM_SUBJECT_LENGTH} a subject;
     * the "label" column (ham, spam) as the class.
     */
    public static final TextLoader.Options SPAM_SUBJECTS = new TextLoader.Options(CsvLoader.Column.named("subject"), CsvLoader.Column.named("label"),
            CsvLoader.Task.CLASSIFICATION, CsvLoader.Header.PRESENT, ',', Vocabulary.Level.WORDS, true, SPAM_SUBJECT_LENGTH,
            TextLoader.Options.DEFAULT_MAX_VOCABULARY);

    /**
     * 4,188 e-mail subject lines of the SpamAssassin public corpus (2,506 ham, 1,682 spam; decoded, each distinct subject
     * once), as lower-cased words, {@link #SPAM_SUBJECT_LENGTH} a subject: a word-level text classifier on real text,
     * whose Embedding rows are words ("free", "money", "re").
     */
    public static TensorDataset spamSubjects() {
        return spamSubjects(SPAM_SUBJECTS, null, null);
    }

    /**
     * {@link #spamSubjects()} read as {@code options} say ({@link #SPAM_SUBJECTS} with the padding side and {@code
     * min_freq} a project chose), numbered as {@link #load(String, Vocabulary, Splits.Plan)} says.
     */
    public static TensorDataset spamSubjects(TextLoader.Options options, Vocabulary vocabulary, Splits.Plan split) {
        return labelledTexts("spam-subjects.csv.gz", "spam_subjects", options, vocabulary, split);
    }

    /** The sunspots' column, read alone: windows of 10 years, the next year's value to predict. */
    public static final Series.Options SUNSPOTS = new Series.Options(List.of(CsvLoader.Column.named("SUNACTIVITY")), CsvLoader.Column.named("SUNACTIVITY"),
            Series.DEFAULT_WINDOW, 1, 1, CsvLoader.Header.PRESENT, ',');

    /**
     * The yearly mean sunspot numbers 1700–2008 (NOAA's National Geophysical Data Center, public domain, as statsmodels
     * ships them): 309 years of one variable, {@code SUNACTIVITY}, cut into windows as {@code options} say (its columns
     * are this file's whatever they name).
     */
    public static TensorDataset sunspots(Series.Options options) {
        Series.Options o = options.over(SUNSPOTS.columns(), SUNSPOTS.target());
        String file = "sunspots.csv.gz";
        try (InputStream in = open(file)) {
            return Series.windows(Series.read(in, DIR + file, "sunspots", o), o, "sunspots");
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled data set sunspots is damaged: " + e.getMessage(), e);
        }
    }

    /** How the surnames are read: the "surname" column as characters, the "language" column as the class. */
    public static final TextLoader.Options SURNAMES = new TextLoader.Options(CsvLoader.Column.named("surname"), CsvLoader.Column.named("language"),
            CsvLoader.Task.CLASSIFICATION, CsvLoader.Header.PRESENT, ',', Vocabulary.Level.CHARACTERS, true, 0, TextLoader.Options.DEFAULT_MAX_VOCABULARY);

    private static TensorDataset csv(String file, String name) {
        return csv(file, name, CsvLoader.Options.DEFAULT);
    }

    private static TensorDataset csv(String file, String name, CsvLoader.Options options) {
        try (InputStream in = open(file)) {
            return CsvLoader.load(in, DIR + file, name, options);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled data set " + name + " is damaged: " + e.getMessage(), e);
        }
    }

    private static InputStream open(String file) {
        InputStream in = BundledDatasets.class.getResourceAsStream(DIR + file);
        if (in == null)
            throw new IllegalStateException(DIR + file + " is not on the class path (the engine's build copies resources/datasets there)");
        return in;
    }
}
