package layerlab.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.regex.Pattern;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.tensor.Tensor;

/**
 * A model's outputs for named samples, as people read them: a classifier's predicted class by name with its
 * probability (and every class's), or a regression's values. The one reading for {@code layerlab predict} and the
 * Results tab's "Predict a file", as text or as CSV.
 */
public final class PredictionTable {
    /** The most characters of a text a table shows. */
    public static final int TEXT_WIDTH = 40;

    private final List<String> samples;
    /** Each sample's text, for a model that reads text; else null. */
    private final List<String> texts;
    /** The outputs, flattened once: a table reads them row by row. */
    private final float[] values;
    private final int width;
    /** Per sample and class; null when the outputs are not class scores. */
    private final float[] probabilities;
    private final List<String> classes;

    /**
     * @param samples       a name per sample
     * @param outputs       the model's first Output, {@code [N, ...]}
     * @param task          what the model was trained for (its loss)
     * @param knownClasses  the class names the model knows (empty when unknown)
     * @param softmaxOutput whether the Output holds a Softmax's probabilities already
     */
    public PredictionTable(List<String> samples, Tensor outputs, Metrics.Task task, List<String> knownClasses, boolean softmaxOutput) {
        this(samples, null, outputs, task, knownClasses, softmaxOutput);
    }

    /**
     * A table of texts a model read: the table names each sample by its text ({@link #shorten shortened}), the CSV
     * has the whole text beside the sample's name.
     *
     * @param texts each sample's text; null when the samples are not texts
     */
    public PredictionTable(List<String> samples, List<String> texts, Tensor outputs, Metrics.Task task, List<String> knownClasses,
                           boolean softmaxOutput) {
        if (texts != null && texts.size() != samples.size())
            throw new IllegalArgumentException(texts.size() + " texts for " + samples.size() + " samples");
        this.samples = List.copyOf(samples);
        this.texts = texts == null ? null : List.copyOf(texts);
        this.values = outputs.toFloatArray();
        this.width = outputs.numel() / Math.max(1, outputs.size(0));
        Tensor p = null;
        if (outputs.dim() == 2 && Predictions.readable(task, outputs.size(1))) p = Predictions.probabilities(outputs, task);
        else if (outputs.dim() == 2 && !task.classification() && knownClasses.size() >= 2 && outputs.size(1) == knownClasses.size()) {
            // A model without a loss (an imported one) that names as many classes as it has outputs: scores for them,
            // probabilities already when its Output is a Softmax's.
            p = softmaxOutput ? outputs : Predictions.probabilities(outputs, Metrics.Task.MULTICLASS);
        }
        this.probabilities = p == null ? null : p.toFloatArray();
        this.classes = p == null ? null : Predictions.classNames(knownClasses, p.size(1));
    }

    /** Whether {@code g}'s Output named {@code output} receives a Softmax's result. */
    public static boolean softmaxOutput(Graph g, String output) {
        Node out = g.nodeByName(output);
        return out != null && g.incoming(out.id()).stream().anyMatch(e -> "Softmax".equals(g.node(e.fromNode()).kind()));
    }

    /** The classes in order, or null when the outputs are values rather than class scores. */
    public List<String> classes() {
        return classes;
    }

    public int size() {
        return samples.size();
    }

    public String sample(int i) {
        return samples.get(i);
    }

    /** Sample {@code i}'s text, or null when the samples are not texts. */
    public String sampleText(int i) {
        return texts == null ? null : texts.get(i);
    }

    /** What a table shows for sample {@code i}: its text {@link #shorten shortened}, else its name ("line 2", "cat/3.png"). */
    public String shown(int i) {
        return texts != null ? shorten(texts.get(i)) : samples.get(i);
    }

    /** The heading of the column of {@link #shown}: "text" or "sample". */
    public String shownHeading() {
        return texts != null ? "text" : "sample";
    }

    /** The most likely class of sample {@code i} (classes only). */
    public String predicted(int i) {
        return classes.get(best(i));
    }

    /** Its probability (classes only). */
    public float probability(int i) {
        return probabilities[i * classes.size() + best(i)];
    }

    /**
     * Sample {@code i}'s {@code k} most likely classes after the first, most likely first, as {@code "name p%"} (classes
     * only): what {@code predict --top k} adds to the table, ImageNet's top-5 (ties keep the class order).
     */
    public List<String> runnersUp(int i, int k) {
        Integer[] order = order(i);
        int off = i * classes.size();
        List<String> out = new ArrayList<>();
        for (int r = 1; r < Math.min(k, order.length); r++) {
            out.add(classes.get(order[r]) + String.format(Locale.ROOT, " %.1f%%", 100 * probabilities[off + order[r]]));
        }
        return out;
    }

    /** Sample {@code i}'s classes, most likely first (ties keep the class order). */
    private Integer[] order(int i) {
        int n = classes.size();
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) order[j] = j;
        int off = i * n;
        Arrays.sort(order, (a, b) -> Float.compare(probabilities[off + b], probabilities[off + a]));
        return order;
    }

    /**
     * What {@link #text(DoubleFunction, int) the table} with {@code top} says, as CSV (classes only): sample (and its text),
     * then the {@code top} most likely classes, each with its probability ({@code top_1,probability_1,top_2,…}). A next-token
     * model's answer: its thousands of tokens' scores at every step of the text were not what the table said, and no one
     * reads them.
     */
    public String topCsv(int top) {
        int k = Math.min(top, classes.size());
        StringBuilder sb = new StringBuilder(texts != null ? "sample,text" : "sample");
        for (int r = 1; r <= k; r++) sb.append(",top_").append(r).append(",probability_").append(r);
        sb.append('\n');
        for (int i = 0; i < samples.size(); i++) {
            sb.append(name(i));
            Integer[] order = order(i);
            for (int r = 0; r < k; r++) sb.append(',').append(field(classes.get(order[r]))).append(',').append(probabilities[i * classes.size() + order[r]]);
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Sample {@code i}'s output values, flattened. */
    public float[] values(int i) {
        return Arrays.copyOfRange(values, i * width, (i + 1) * width);
    }

    private int best(int i) {
        int k = classes.size();
        return Predictions.best(Arrays.copyOfRange(probabilities, i * k, (i + 1) * k));
    }

    /** Values per sample, flattened. */
    public int width() {
        return width;
    }

    /** The first ten names and how many more ("tench, goldfish, … and 990 more"): ImageNet's thousand made one line of 20 KB. */
    public static String listed(List<String> names) {
        return names.size() <= 10 ? String.join(", ", names) : String.join(", ", names.subList(0, 10)) + " and " + (names.size() - 10) + " more";
    }

    /** Above this many values a sample, a table shows the largest few ({@link #valuesShown}); files keep them all. */
    public static final int MOST_SHOWN = 10;
    /** How many of the largest values a table shows for a wide output. */
    static final int LARGEST = 5;

    /** The heading of {@link #valuesShown}'s column. */
    public String valuesHeading() {
        return width() == 1 ? "output" : width() <= MOST_SHOWN ? "outputs" : "largest outputs [index] (of " + width() + ")";
    }

    /**
     * Sample {@code i}'s values as a table shows them, written by {@code number}: all of them up to {@link #MOST_SHOWN},
     * else the {@link #LARGEST} largest with their index, largest first ({@code [669] 7.83  [281] 7.25 …}): an imported
     * ImageNet model without class names has 1,000 values a sample, one line of numbers nobody reads.
     */
    public String valuesShown(int i, DoubleFunction<String> number) {
        float[] v = values(i);
        List<String> out = new ArrayList<>();
        if (v.length <= MOST_SHOWN) {
            for (float x : v) out.add(number.apply(x));
            return String.join(" ", out);
        }
        Integer[] order = new Integer[v.length];
        for (int j = 0; j < v.length; j++) order[j] = j;
        // Largest first; NaN last; ties by index.
        Arrays.sort(order, (a, b) -> Float.isNaN(v[a]) != Float.isNaN(v[b]) ? (Float.isNaN(v[a]) ? 1 : -1) : Float.compare(v[b], v[a]));
        for (int j = 0; j < LARGEST; j++) out.add("[" + order[j] + "] " + number.apply(v[order[j]]));
        return String.join("  ", out) + "  …";
    }

    /** What the CSV's columns hold, in words. */
    public String describeColumns() {
        return (texts != null ? "the text, " : "") + (classes != null ? "the predicted class, its probability and each class's (" + listed(classes) + ")"
                : width() + " output value" + (width() == 1 ? "" : "s") + " each");
    }

    /**
     * A table to read: sample, predicted class and probability; or sample and values written by {@code number}. Texts
     * stand for their samples, {@link #shorten shortened}.
     */
    public String text(DoubleFunction<String> number) {
        return text(number, 1);
    }

    /** {@link #text(DoubleFunction)} with each classified sample's next {@code top - 1} classes after its probability. */
    public String text(DoubleFunction<String> number, int top) {
        String first = shownHeading();
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) shown.add(shown(i));
        int nameWidth = first.length();
        for (String n : shown) nameWidth = Math.max(nameWidth, n.length());
        StringBuilder sb = new StringBuilder();
        if (classes != null) {
            int classWidth = "predicted".length();
            for (String c : classes) classWidth = Math.max(classWidth, c.length());
            sb.append(pad(first, nameWidth)).append("  ").append(pad("predicted", classWidth)).append("  probability")
                    .append(top > 1 ? "  then" : "").append('\n');
            for (int i = 0; i < samples.size(); i++) {
                sb.append(pad(shown.get(i), nameWidth)).append("  ").append(pad(predicted(i), classWidth)).append("  ")
                        .append(String.format(Locale.ROOT, "%10.1f%%", 100 * probability(i)));
                if (top > 1) sb.append("  ").append(String.join(", ", runnersUp(i, top)));
                sb.append('\n');
            }
        } else {
            sb.append(pad(first, nameWidth)).append("  ").append(valuesHeading()).append('\n');
            for (int i = 0; i < samples.size(); i++) sb.append(pad(shown.get(i), nameWidth)).append("  ").append(valuesShown(i, number)).append('\n');
        }
        return sb.toString();
    }

    /**
     * {@code text} on one line (runs of spaces and line breaks as one space), cut to {@link #TEXT_WIDTH} characters with
     * an ellipsis; {@code ""} for a blank text.
     */
    public static String shorten(String text) {
        String one = SPACES.matcher(text.strip()).replaceAll(" ");
        if (one.isEmpty()) return "\"\"";
        if (one.codePointCount(0, one.length()) <= TEXT_WIDTH) return one;
        return one.substring(0, one.offsetByCodePoints(0, TEXT_WIDTH - 1)) + "…";
    }

    private static final Pattern SPACES = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    /**
     * The table as CSV: sample, predicted, probability and every class's; or sample and output (output_0, …). Texts come
     * whole in a {@code text} column after the sample's name.
     */
    public String csv() {
        return csv(List.of(this), List.of(""));
    }

    /**
     * The answers of several heads of one model for the same samples as one CSV: the sample (and its text) once, then each
     * table's columns, named by its head ({@code species.predicted}, {@code species.probability}, {@code species.Adelie},
     * …, {@code bill}; {@code heads} gives each table's name, "" for the bare names of {@link #csv()}).
     */
    public static String csv(List<PredictionTable> tables, List<String> heads) {
        PredictionTable first = tables.get(0);
        StringBuilder sb = new StringBuilder(first.texts != null ? "sample,text" : "sample");
        for (int t = 0; t < tables.size(); t++) for (String c : tables.get(t).columns(heads.get(t))) sb.append(',').append(field(c));
        sb.append('\n');
        for (int i = 0; i < first.samples.size(); i++) {
            sb.append(first.name(i));
            for (PredictionTable t : tables) t.row(i, sb);
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The CSV's columns after the sample's, each named {@code head.column} (the bare column for head "", or {@code head} for one value). */
    private List<String> columns(String head) {
        List<String> cs = new ArrayList<>();
        String at = head.isEmpty() ? "" : head + ".";
        if (classes != null) {
            cs.add(at + "predicted");
            cs.add(at + "probability");
            for (String c : classes) cs.add(at + c);
        } else if (width() == 1) cs.add(head.isEmpty() ? "output" : head);
        else for (int j = 0; j < width(); j++) cs.add(at + "output_" + j);
        return cs;
    }

    /** Sample {@code i}'s values of {@link #columns}, each after a comma. */
    private void row(int i, StringBuilder sb) {
        if (classes != null) {
            int k = classes.size();
            sb.append(',').append(field(predicted(i))).append(',').append(probability(i));
            for (int j = 0; j < k; j++) sb.append(',').append(probabilities[i * k + j]);
        } else for (float v : values(i)) sb.append(',').append(v);
    }

    /** Sample {@code i}'s name as CSV fields: its name, and its text when it is one. */
    private String name(int i) {
        return field(samples.get(i)) + (texts != null ? "," + field(texts.get(i)) : "");
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break, or starts or ends with a space (a text's). */
    public static String field(String s) {
        boolean quote = s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") || !s.equals(s.trim());
        return quote ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
