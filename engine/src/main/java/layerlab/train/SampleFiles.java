package layerlab.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.data.CsvLoader;
import layerlab.data.DataFiles;
import layerlab.data.DataNames;
import layerlab.data.DataSources;
import layerlab.data.Images;
import layerlab.data.TextLoader;
import layerlab.data.Vocabulary;
import layerlab.io.Npy;
import layerlab.tensor.Tensor;

/**
 * New samples from a person's file, prepared as training prepared the model's data, for {@code layerlab predict} and the
 * Results tab: an {@code .npy} array, a CSV file (the training columns by their header names, or as the data set chose
 * them), a picture or a folder of pictures (resized as the image loader resizes); for a model that reads text, texts (a
 * CSV/TSV file's text column, a text file's lines, a folder's text files, or texts typed in) numbered by its vocabulary.
 * Not yet normalized: the caller applies the model's statistics.
 */
public final class SampleFiles {
    private SampleFiles() {}

    /**
     * The samples and a name for each, as a table lists them: "line 2", "cat/3.png", "7"; for texts, each one's text too
     * ({@code texts} null for other samples); {@code note}, when not null, what the reader guessed that the user should know
     * (a one-column file's first line taken for its header).
     */
    public record Samples(Tensor x, List<String> names, List<String> texts, String note) {
        public Samples(Tensor x, List<String> names) {
            this(x, names, null, null);
        }

        public Samples(Tensor x, List<String> names, List<String> texts) {
            this(x, names, texts, null);
        }
    }

    /** The files a text model's texts may come in, besides a folder of text files (and an {@code .npy} array of token ids). */
    private static final List<String> TEXT_FILES = List.of("csv", "tsv", "tab", "gz", "txt", "text");

    /**
     * Reads {@code input} for a model whose data {@code names} describe (see {@link #numbersOrPictures}). A model
     * that reads text (its names have a vocabulary) takes texts: a CSV/TSV file's text column (as the data set
     * {@code dataset} chose it; a label column may be there), a {@code .txt} file's lines that are not blank, or the text
     * files of a folder, each numbered by the vocabulary; an {@code .npy} array of token ids goes in as it is.
     *
     * <p>A CSV's gap (an empty, NA, … cell) is NaN where the model fills gaps ({@code fillsGaps}: its normalization
     * {@link layerlab.data.Normalization#fills}), whatever the data set's settings say now; else it is refused, naming
     * the line and column.
     *
     * @throws IllegalArgumentException when the file's samples cannot be the model's, saying why
     */
    public static Samples read(Path input, Feeds feeds, Map<String, ?> dataset, DataNames names, boolean fillsGaps) throws IOException {
        Vocabulary v = names.vocabulary();
        if (v == null || DataFiles.extension(input).equals("npy")) return numbersOrPictures(input, feeds, dataset, names, fillsGaps);
        if (!Files.exists(input)) throw new NoSuchFileException(input.toString());
        if (!Files.isDirectory(input) && !TEXT_FILES.contains(DataFiles.extension(input)))
            throw new IllegalArgumentException(input + ": the model reads text: expected a .csv or .tsv file with a text column, a .txt file (a text a "
                    + "line), a folder of text files (." + String.join(", .", TextLoader.EXTENSIONS) + "), or token ids as an .npy array");
        TextLoader.Texts t = TextLoader.texts(input, DataSources.textOptions(dataset), names.classes());
        Samples s = texts(t.texts(), t.places(), v);
        String read = s.note();
        return new Samples(s.x(), s.names(), s.texts(), t.note() == null ? read : read == null ? t.note() : t.note() + "\n" + read);
    }

    /** Texts typed in ({@code layerlab predict --text}) for a model that reads them with {@code vocabulary}, named "text 1", "text 2", … */
    public static Samples texts(List<String> texts, Vocabulary vocabulary) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) names.add("text " + (i + 1));
        return texts(texts, names, vocabulary);
    }

    private static Samples texts(List<String> texts, List<String> names, Vocabulary vocabulary) {
        return new Samples(Tensor.of(vocabulary.encode(texts), texts.size(), vocabulary.length()), names, List.copyOf(texts),
                reading(texts, names, vocabulary));
    }

    /** Most samples a note names; the rest are counted. */
    private static final int NAMED = 3;

    /**
     * What the model cannot see of {@code texts}, one line each, or null when it sees them all: texts longer than the
     * vocabulary's length, of which only the first tokens count, and texts with no token the vocabulary knows (empty, or
     * each token {@code <unk>}), whose answer is the model's for padding and {@code <unk>} alone, whatever they say.
     */
    static String reading(List<String> texts, List<String> names, Vocabulary v) {
        Set<String> known = new HashSet<>(v.tokens().subList(2, v.tokens().size()));
        List<String> cut = new ArrayList<>(), blind = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            List<String> tokens = Vocabulary.tokenize(texts.get(i), v.level(), v.lowercase());
            if (tokens.size() > v.length()) cut.add(names.get(i) + " (" + tokens.size() + ")");
            int read = Math.min(tokens.size(), v.length());
            if (tokens.stream().limit(read).noneMatch(known::contains))
                blind.add(names.get(i) + (read == 0 ? " (no tokens)" : " (" + read + (read == 1 ? " token, <unk>)" : " tokens, each <unk>)")));
        }
        String unit = v.level() == Vocabulary.Level.CHARACTERS ? "characters" : "tokens";
        List<String> lines = new ArrayList<>();
        if (!cut.isEmpty()) lines.add(count(cut.size()) + " longer than the " + v.length() + " " + unit + " the model reads, which reads only the first "
                + v.length() + ": " + named(cut));
        if (!blind.isEmpty()) lines.add(count(blind.size()) + " with no token the model's vocabulary knows, so the answer says nothing of the text: "
                + named(blind));
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    private static String count(int n) {
        return n == 1 ? "1 text" : n + " texts";
    }

    private static String named(List<String> items) {
        return String.join(", ", items.subList(0, Math.min(NAMED, items.size()))) + (items.size() > NAMED ? " and " + (items.size() - NAMED) + " more" : "");
    }

    /**
     * Reads {@code input} for a model fed through {@code feeds} and trained on the data {@code dataset} describes, whose
     * samples' values were named by {@code names} (empty when unknown) and its pictures framed as they say.
     *
     * @throws IllegalArgumentException when the file's samples cannot be the model's, saying why
     */
    private static Samples numbersOrPictures(Path input, Feeds feeds, Map<String, ?> dataset, DataNames names, boolean fillsGaps) throws IOException {
        if (!Files.exists(input)) throw new NoSuchFileException(input.toString());
        if (Files.isDirectory(input)) {
            Samples s = images(input, feeds, imagesIn(input), names.resize());
            return new Samples(s.x(), s.names(), null, skipped(input));
        }
        if (Images.isImage(input)) return images(input, feeds, List.of(input), names.resize());
        if (layerlab.data.Series.isSeries(dataset.get("source")) && !DataFiles.extension(input).equals("npy")) return series(input, feeds, dataset);
        String pictures = picturesTaken(feeds);
        // A picture model's samples as numbers come in an .npy array or a CSV; any other file (a .txt) is no picture.
        if (pictures != null && !List.of("npy", "csv", "tsv", "gz").contains(DataFiles.extension(input))) {
            throw new IllegalArgumentException(input + ": the model takes pictures " + pictures + ": give a picture (." + String.join(", .", Images.EXTENSIONS)
                    + "), a folder of pictures (its subfolders too), or their values as an .npy array [N, " + pictures.substring(1) + " or a .csv file");
        }
        return switch (DataFiles.extension(input)) {
            case "npy" -> {
                Tensor x = Npy.read(input);
                if (x.dim() < 1 || x.size(0) == 0) throw new IllegalArgumentException(input + ": expected samples [N, ...], got shape " + Arrays.toString(x.shape()));
                if (x.dim() == 1) x = x.reshape(x.size(0), 1);
                List<String> rows = new ArrayList<>();
                for (int i = 0; i < x.size(0); i++) rows.add(Integer.toString(i));
                yield new Samples(x, rows);
            }
            case "csv", "gz", "tsv", "txt" -> csv(input, feeds, dataset, names.features(), fillsGaps);
            default -> throw new IllegalArgumentException(input + ": expected samples as an .npy array, a .csv file, an image ("
                    + String.join(", ", Images.EXTENSIONS) + ") or a folder of images");
        };
    }

    /**
     * The feature columns: by the training columns' names when they are known and the file's header has them, else
     * chosen as the model's CSV data set chose them (every column but a label's, otherwise).
     */
    private static Samples csv(Path input, Feeds feeds, Map<String, ?> dataset, List<String> featureNames, boolean fillsGaps) throws IOException {
        CsvLoader.Options options = ("csv".equals(dataset.get("source")) ? DataSources.csvOptions(dataset) : CsvLoader.Options.DEFAULT)
                .withMissing(fillsGaps ? CsvLoader.Missing.FILL : CsvLoader.Missing.ERROR);
        int count = feeds.sampleSize();
        CsvLoader.Samples rows = CsvLoader.features(input, options, count, featureNames);
        List<String> names = new ArrayList<>();
        for (int line : rows.lines()) names.add("line " + line);
        return new Samples(Tensor.of(rows.features(), rows.rows(), count), names);
    }

    /**
     * A time series model's windows of a CSV file's rows, read by the training columns ({@link layerlab.data.Series#forecastInputs}):
     * every window of the model's length, the last ending at the file's last row, whose prediction is the forecast past it.
     */
    private static Samples series(Path input, Feeds feeds, Map<String, ?> dataset) throws IOException {
        layerlab.data.Series.Options o = "series".equals(dataset.get("source")) ? layerlab.data.Series.options(dataset)
                : layerlab.data.BundledDatasets.SUNSPOTS.withHeader(CsvLoader.Header.AUTO);
        int[] shape = feeds.sampleShape(0);
        if (feeds.dataInputs().size() != 1 || shape.length != 2)
            throw new IllegalArgumentException(input + ": the model was trained on windows of a time series, but its Inputs do not take windows "
                    + "[steps, variables]: " + feeds.describeInputs());
        layerlab.data.Series.Samples w = layerlab.data.Series.forecastInputs(layerlab.data.Series.readInputs(input, o), shape[0]);
        if (w.variables() != shape[1])
            throw new IllegalArgumentException(input + ": " + w.variables() + " variables a step, but the model's Input takes " + shape[1] + ": " + feeds.describeInputs());
        String note = w.n() == 1 ? null : w.n() + " windows of " + w.window() + " rows; the last, " + w.names().get(w.n() - 1)
                + ", forecasts past the file's end";
        return new Samples(Tensor.of(w.x(), w.n(), w.window(), w.variables()), w.names(), null, note);
    }

    /**
     * Pictures as the model's one image Input takes them: [1 or 3, H, W], resized as the image loader resizes, or framed
     * by {@code Resize(resize)} then a center crop where the model's names say so ({@link Images#framed}).
     */
    private static Samples images(Path input, Feeds feeds, List<Path> files, int resize) throws IOException {
        int[] shape = feeds.sampleShape(0);
        if (feeds.dataInputs().size() != 1 || shape.length != 3 || (shape[0] != 1 && shape[0] != 3))
            throw new IllegalArgumentException(input + ": images need a model whose one Input takes pictures [1 or 3, height, width]; "
                    + feeds.describeInputs());
        int c = shape[0], h = shape[1], w = shape[2], per = c * h * w;
        float[] x = new float[Images.floats(input, files.size(), c, h, w)];
        List<String> names = new ArrayList<>();
        boolean folder = Files.isDirectory(input);
        // Decoded from the file by ImageIO, past InputFiles' counting: counted a picture at a time into the read, when there is one.
        layerlab.io.ReadProgress reading = layerlab.io.ReadProgress.current();
        for (int i = 0; i < files.size(); i++) {
            System.arraycopy(Images.load(files.get(i), c, h, w, resize), 0, x, i * per, per);
            if (reading != null) reading.advance(files.get(i).toFile().length());
            names.add(folder ? input.relativize(files.get(i)).toString().replace('\\', '/') : files.get(i).getFileName().toString());
        }
        return new Samples(Tensor.of(x, files.size(), c, h, w), names);
    }

    /** The shape of the pictures the model's one Input takes ("[1, 28, 28]"), or null when it takes none. */
    private static String picturesTaken(Feeds feeds) {
        if (feeds.dataInputs().size() != 1) return null;
        int[] shape = feeds.sampleShape(0);
        return shape.length == 3 && (shape[0] == 1 || shape[0] == 3) ? Arrays.toString(shape) : null;
    }

    /**
     * What of {@code dir} (a folder of pictures) was not read, in one line: how many files are not pictures and the first
     * of them ("2 files that are not pictures (.png, …) skipped, the first notes.txt"); null when every file was read.
     */
    private static String skipped(Path dir) throws IOException {
        List<Path> others = DataFiles.below(dir, p -> !Images.isImage(p));
        if (others.isEmpty()) return null;
        return others.size() + (others.size() == 1 ? " file that is not a picture (." : " files that are not pictures (.") + String.join(", .", Images.EXTENSIONS)
                + ") skipped" + (others.size() == 1 ? ": " : ", the first: ") + dir.relativize(others.get(0)).toString().replace('\\', '/');
    }

    /** The images in {@code dir} and its subfolders, in name order (hidden files and folders skipped). */
    private static List<Path> imagesIn(Path dir) throws IOException {
        List<Path> found = DataFiles.below(dir, Images::isImage);
        if (found.isEmpty()) throw new IllegalArgumentException(dir + ": no images (." + String.join(", .", Images.EXTENSIONS) + ") in this folder");
        return found;
    }
}
