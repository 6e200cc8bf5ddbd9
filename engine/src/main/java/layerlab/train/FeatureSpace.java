package layerlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import layerlab.autograd.Autograd;
import layerlab.data.Batch;
import layerlab.data.Dataset;
import layerlab.graph.compile.Model;
import layerlab.nn.Module;
import layerlab.tensor.DType;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;

/**
 * Where a layer puts the samples: its outputs for the first samples of a data set (each flattened to one vector), projected
 * onto their first {@link #COMPONENTS} principal components ({@link Pca}), with each sample's class (or a regression's
 * target) to colour it by and, for a classifier, the class the model predicts for it. A hidden layer that has learnt the
 * task pulls the classes apart; the same samples at the Input show how mixed they started (TensorBoard's projector, with
 * PCA); the samples the model gets wrong show where.
 *
 * @param layer     the node whose outputs these are
 * @param shape     one sample's output shape ({@code [32]}, {@code [16, 7, 7]})
 * @param classes   each sample's class for a classifier, or an autoencoder's of a data set with labels, else null
 * @param predicted each sample's class as the model predicts it (as accuracy counts it), for a classifier with one
 *                  prediction a sample; else null
 * @param targets   each sample's (first) target value for a regression, else null
 */
public record FeatureSpace(String layer, int[] shape, Pca pca, int[] classes, int[] predicted, float[] targets, List<String> classNames) {
    /** Samples projected by default: enough to see the classes' shapes, few enough to draw and compute at once. */
    public static final int SAMPLES = 1000;
    /** Principal components kept: the picture shows two of them at a time. */
    public static final int COMPONENTS = 3;
    /** Samples run through the model at once. */
    private static final int CHUNK = 256;
    /** The most multiply-adds the scatter matrix may take ({@code min(n, d)² · max(n, d)}): a few seconds. */
    static final double WORK = 4e9;

    /** How many samples of {@code width} values each the projection takes at most: all of {@link #SAMPLES} unless that is too much work. */
    static int samplesFor(int width) {
        if ((double) SAMPLES * SAMPLES * width <= WORK) return SAMPLES;
        return (int) Math.max(1, Math.min(SAMPLES, Math.floor(Math.sqrt(WORK / width))));
    }

    public int samples() {
        return pca.samples();
    }

    /** Whether the model gets sample {@code i} wrong: false where there is no prediction or no class (an ignored target). */
    public boolean misclassified(int i) {
        return predicted != null && classes[i] >= 0 && predicted[i] != classes[i];
    }

    /** How many of the samples the model gets wrong ({@link #misclassified}). */
    public int misclassifiedCount() {
        int count = 0;
        for (int i = 0; i < samples(); i++) if (misclassified(i)) count++;
        return count;
    }

    /** A class's name as the data set names it, else its number. */
    public String className(int c) {
        return c >= 0 && c < classNames.size() ? classNames.get(c) : String.valueOf(c);
    }

    /**
     * "relu2: 32 values a sample, 1,000 samples, 12 misclassified; PC1 holds 41.2% of their variance, PC2 17.9%, PC3
     * 9.0%".
     */
    public String describe() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s: %,d value%s a sample, %,d samples", layer, pca.features(),
                pca.features() == 1 ? "" : "s", pca.samples()));
        if (predicted != null) s.append(String.format(Locale.ROOT, ", %,d misclassified", misclassifiedCount()));
        double[] r = pca.ratios();
        if (r.length == 0 || r[0] == 0) return s.append("; all alike (no variance)").toString();
        s.append(String.format(Locale.ROOT, "; PC1 holds %.1f%% of their variance", 100 * r[0]));
        for (int c = 1; c < r.length; c++) s.append(String.format(Locale.ROOT, ", PC%d %.1f%%", c + 1, 100 * r[c]));
        return s.toString();
    }

    /** The last column's name: {@code class}, {@code target}, or null when there is none. */
    public String labelColumn() {
        return classes != null ? "class" : targets != null ? "target" : null;
    }

    /** The CSV's columns: {@code sample}, {@code pc1} … {@code pcK}, then {@code class} or {@code target}, then {@code predicted}. */
    public List<String> columns() {
        List<String> c = new ArrayList<>(List.of("sample"));
        for (int j = 1; j <= pca.k(); j++) c.add("pc" + j);
        if (labelColumn() != null) c.add(labelColumn());
        if (predicted != null) c.add("predicted");
        return c;
    }

    /** As CSV: a row per sample, {@link #columns}: its place along each component, its class name or target, the class predicted. */
    public String csv() {
        StringBuilder csv = new StringBuilder(String.join(",", columns())).append('\n');
        for (int i = 0; i < samples(); i++) {
            csv.append(i);
            for (int j = 0; j < pca.k(); j++) csv.append(',').append(pca.point(i, j));
            if (classes != null) csv.append(',').append(PredictionTable.field(className(classes[i])));
            else if (targets != null) csv.append(',').append(targets[i]);
            if (predicted != null) csv.append(',').append(PredictionTable.field(className(predicted[i])));
            csv.append('\n');
        }
        return csv.toString();
    }

    /**
     * The outputs of {@code layer} for the first {@code maxSamples} samples of {@code data} (eval mode, no gradients),
     * projected onto their first {@link #COMPONENTS} principal components, with the classes the model predicts for them
     * (from the same forward pass); fewer samples when the outputs are so wide that the
     * projection would take more than {@link #WORK} multiply-adds ({@link #samplesFor}: 790 samples of an LSTM's 50 × 128).
     *
     * @throws IllegalArgumentException when the model has no such node, the first Output does not depend on it (a loss, a
     *                                  target's Input, the Output itself), or its output is not floating point
     * @throws java.util.concurrent.CancellationException when the thread is interrupted meanwhile (another layer was asked for)
     */
    public static FeatureSpace of(Evaluator evaluator, Dataset data, String layer, int maxSamples) {
        Model model = evaluator.model();
        checkLayer(evaluator, layer);
        int n = Math.min(data.size(), maxSamples);
        if (n < 1) throw new IllegalArgumentException("no samples to project");
        float[] values = null;
        int per = -1;
        int[] shape = null;
        // An autoencoder's loss ignores the labels, but a data set of digits has them: its code coloured by digit is the
        // classic picture of what it learnt unasked (the classes it never saw, pulled apart). Nothing is predicted then.
        boolean labelled = evaluator.task().classification() || evaluator.reconstructs() && data.isClassification();
        int[] classes = labelled ? new int[n] : null;
        int[] predicted = evaluator.task().classification() ? new int[n] : null;
        String output = evaluator.output();
        float[] targets = classes == null && evaluator.task() == Metrics.Task.REGRESSION ? new float[n] : null;
        boolean wasTraining = model.isTraining();
        model.eval();
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            for (int from = 0; from < n; from += CHUNK) {
                Pca.checkInterrupted();
                int m = Math.min(CHUNK, n - from);
                int[] idx = new int[m];
                for (int i = 0; i < m; i++) idx[i] = from + i;
                Batch batch = data.batch(idx);
                Map<String, Tensor> run = model.run(evaluator.feeds().inputs(batch.inputs(), evaluator.device()),
                        predicted != null ? List.of(layer, output) : List.of(layer));
                Tensor out = run.get(layer);
                if (out == null || out.dim() < 1 || out.size(0) != m) {
                    throw new IllegalArgumentException(layer + " gives no output per sample to project");
                }
                if (out.dtype() != DType.FLOAT32) {
                    throw new IllegalArgumentException(layer + "'s output is " + out.dtype().pyName + ", not values to project (token ids, class indices): choose a layer after it");
                }
                float[] got = out.to(Device.CPU).contiguous().toFloatArray();
                if (values == null) {
                    per = got.length / m;
                    shape = java.util.Arrays.copyOfRange(out.shape(), 1, out.dim());
                    // Wide outputs (a convolution's maps) take fewer samples, so that the projection stays a matter of seconds.
                    n = Math.min(n, Math.max(m, samplesFor(per)));
                    if (classes != null) classes = java.util.Arrays.copyOf(classes, n);
                    if (predicted != null) predicted = java.util.Arrays.copyOf(predicted, n);
                    if (targets != null) targets = java.util.Arrays.copyOf(targets, n);
                    values = new float[n * per];
                }
                System.arraycopy(got, 0, values, from * per, got.length);
                if (predicted != null) {
                    int[] p = Metrics.predictedClasses(evaluator.task(), run.get(output).to(Device.CPU).contiguous());
                    if (p == null || p.length != m) predicted = null;
                    else System.arraycopy(p, 0, predicted, from, m);
                }
                if (classes != null || targets != null) {
                    float[] t = batch.targets().toFloatArray();
                    int tPer = t.length / m;
                    for (int i = 0; i < m; i++) {
                        if (classes != null) classes[from + i] = Math.round(t[i * tPer]);
                        else targets[from + i] = t[i * tPer];
                    }
                }
            }
        } finally {
            model.train(wasTraining);
        }
        if (per < 1) throw new IllegalArgumentException(layer + " gives no values per sample to project");
        return new FeatureSpace(layer, shape, Pca.of(values, n, per, COMPONENTS), classes, predicted, targets, data.classNames());
    }

    /**
     * Refuses a node {@link #of} cannot project before any work is done, saying which can be.
     *
     * @throws IllegalArgumentException when the model has no such node, or the first Output does not depend on it
     */
    public static void checkLayer(Evaluator evaluator, String layer) {
        List<String> allowed = layers(evaluator);
        if (allowed.contains(layer)) return;
        // A layer inside a block placement the output depends on (the inspector's layer1.attn).
        int dot = layer.indexOf('.');
        if (dot > 0 && allowed.contains(layer.substring(0, dot)) && evaluator.model().outputPorts(layer) != null) return;
        String why = evaluator.model().outputPorts(layer) == null ? "the model has no node named \"" + layer + "\""
                : layer + " is not on the way from the Input to the model's output " + evaluator.output();
        throw new IllegalArgumentException(why + ": choose one of " + String.join(", ", allowed));
    }

    /**
     * The nodes whose outputs can be projected: the Inputs and layers the first Output depends on, and what it returns, in
     * the order the model runs them (blocks as one); the data decide nothing here, so an Input of token ids is listed and
     * refused by {@link #of} with the reason.
     */
    public static List<String> layers(Evaluator evaluator) {
        Model model = evaluator.model();
        Set<String> ancestors = Saliency.ancestors(model, evaluator.output());
        List<String> out = new ArrayList<>();
        for (String n : model.nodeNames()) if (ancestors.contains(n)) out.add(n);
        return out;
    }

    /**
     * What the model's last layer sees: walking back from the first Output past layers without weights (a Softmax, an
     * activation), the input of the first layer with weights (the head); the head's own output when its input is an Input of
     * integers; null for a model without an Output.
     */
    public static String defaultLayer(Evaluator evaluator) {
        Model model = evaluator.model();
        String at = firstInput(model, evaluator.output());
        while (at != null) {
            Module m = model.node(at);
            if (m == null || model.inputNames().contains(at)) return at;
            if (!m.namedParameters().isEmpty()) {
                String seen = firstInput(model, at);
                if (seen == null) return at;
                if (model.inputNames().contains(seen)) {
                    var type = model.inputType(seen);
                    return type != null && type.dtype() != DType.FLOAT32 ? at : seen;
                }
                return seen;
            }
            at = firstInput(model, at);
        }
        return null;
    }

    /** The node feeding {@code node}'s first input (its name, without a port), or null. */
    private static String firstInput(Model model, String node) {
        List<String> in = model.inputsOf(node);
        return in.isEmpty() || in.get(0) == null ? null : Saliency.nodeOf(model, in.get(0));
    }
}
