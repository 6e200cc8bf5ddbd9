package layerlab.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.tensor.Tensor;

/**
 * A model's outputs for named samples, as people read them: a classifier's predicted class by name with its
 * probability (and every class's), or a regression's values. The one reading for {@code layerlab predict} and the
 * Results tab's "Predict a file", as text or as CSV.
 */
public final class PredictionTable {
    private final List<String> samples;
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
        this.samples = List.copyOf(samples);
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

    /** The most likely class of sample {@code i} (classes only). */
    public String predicted(int i) {
        return classes.get(best(i));
    }

    /** Its probability (classes only). */
    public float probability(int i) {
        return probabilities[i * classes.size() + best(i)];
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

    /** What the CSV's columns hold, in words. */
    public String describeColumns() {
        return classes != null ? "the predicted class, its probability and each class's (" + String.join(", ", classes) + ")"
                : width() + " output value" + (width() == 1 ? "" : "s") + " each";
    }

    /** A table to read: sample, predicted class and probability; or sample and values written by {@code number}. */
    public String text(DoubleFunction<String> number) {
        int nameWidth = "sample".length();
        for (String n : samples) nameWidth = Math.max(nameWidth, n.length());
        StringBuilder sb = new StringBuilder();
        if (classes != null) {
            int classWidth = "predicted".length();
            for (String c : classes) classWidth = Math.max(classWidth, c.length());
            sb.append(pad("sample", nameWidth)).append("  ").append(pad("predicted", classWidth)).append("  probability\n");
            for (int i = 0; i < samples.size(); i++) {
                sb.append(pad(samples.get(i), nameWidth)).append("  ").append(pad(predicted(i), classWidth)).append("  ")
                        .append(String.format(Locale.ROOT, "%10.1f%%", 100 * probability(i))).append('\n');
            }
        } else {
            int w = width();
            sb.append(pad("sample", nameWidth)).append("  ").append(w == 1 ? "output" : "outputs").append('\n');
            for (int i = 0; i < samples.size(); i++) {
                List<String> values = new ArrayList<>();
                for (float v : values(i)) values.add(number.apply(v));
                sb.append(pad(samples.get(i), nameWidth)).append("  ").append(String.join(" ", values)).append('\n');
            }
        }
        return sb.toString();
    }

    /** The table as CSV: sample, predicted, probability and every class's; or sample and output (output_0, …). */
    public String csv() {
        StringBuilder sb = new StringBuilder("sample");
        if (classes != null) {
            int k = classes.size();
            sb.append(",predicted,probability");
            for (String c : classes) sb.append(',').append(field(c));
            sb.append('\n');
            for (int i = 0; i < samples.size(); i++) {
                sb.append(field(samples.get(i))).append(',').append(field(predicted(i))).append(',').append(probability(i));
                for (int j = 0; j < k; j++) sb.append(',').append(probabilities[i * k + j]);
                sb.append('\n');
            }
        } else {
            int w = width();
            if (w == 1) sb.append(",output");
            else for (int j = 0; j < w; j++) sb.append(",output_").append(j);
            sb.append('\n');
            for (int i = 0; i < samples.size(); i++) {
                sb.append(field(samples.get(i)));
                for (float v : values(i)) sb.append(',').append(v);
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break. */
    private static String field(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
