package layerlab.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.data.Batch;
import layerlab.data.Dataset;
import layerlab.data.TargetHead;
import layerlab.graph.compile.Model;
import layerlab.graph.spec.TensorType;
import layerlab.tensor.DType;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;

/**
 * Turns a batch into the model's feeds. A data set has one feature tensor per sample; a model may have several data
 * Inputs (a Bilinear's two): their values are then taken from each sample's features in the Inputs' document order
 * ({@code a}'s 8 values, then {@code b}'s 6). The targets go to the one Input that only the loss needs ({@code labels}).
 * Values are reshaped to each Input's shape when the count per sample agrees ({@code [784]} into {@code [1, 28, 28]},
 * {@code [B]} labels into {@code [B, 1]}) and cast to its dtype (int64 token ids, float32 0/1 targets for BCELoss).
 * A network of several target Inputs (a head per target) takes a data set whose {@code "targets"} names each one's
 * columns ({@link TargetHead}): each Input is fed its own columns of the targets, a column of whole numbers to an int64
 * Input as the index of its value among the column's classes.
 */
public final class Feeds {
    private final Model model;
    private final List<String> dataInputs;
    private final TensorType[] dataTypes;
    private final int[] dataSizes;
    private final String targetInput;
    /** Every Input that no Output depends on, in document order: the first is {@link #targetInput}. */
    private final List<String> targetInputs;
    /** With several targets, what each target Input takes of a batch's targets ({@link #check(Dataset)} sets them); else empty. */
    private List<TargetHead> heads = List.of();

    public Feeds(Model model) {
        this.model = model;
        this.dataInputs = model.dataInputNames();
        if (dataInputs.isEmpty()) throw new IllegalArgumentException("the model has no Input that its Outputs depend on");
        dataTypes = new TensorType[dataInputs.size()];
        dataSizes = new int[dataInputs.size()];
        for (int i = 0; i < dataTypes.length; i++) {
            dataTypes[i] = model.inputType(dataInputs.get(i));
            dataSizes[i] = perSample(dataTypes[i]);
        }
        targetInputs = model.inputNames().stream().filter(n -> !dataInputs.contains(n)).toList();
        targetInput = targetInputs.isEmpty() ? null : targetInputs.get(0);
    }

    /** The Input the targets go to (the first, with several), or null when the graph has no loss with a target Input. */
    public String targetInput() {
        return targetInput;
    }

    /** Every target Input (an Input no Output depends on), in document order. */
    public List<String> targetInputs() {
        return targetInputs;
    }

    /** What each target Input takes of the targets, when a data set gives several ({@code "targets"}); empty for one target. */
    public List<TargetHead> heads() {
        return heads;
    }

    /**
     * Feeds each target Input the columns of the targets that {@code heads} give it (a data set's {@link Dataset#targetHeads()}),
     * after checking that they name every target Input and nothing else; an empty list: one target, as most data sets give.
     *
     * @throws IllegalArgumentException naming the Input or the column that does not fit
     */
    public void useHeads(List<TargetHead> heads) {
        if (heads.isEmpty()) {
            this.heads = List.of();
            return;
        }
        for (TargetHead h : heads) {
            if (targetInputs.contains(h.input())) continue;
            throw new IllegalArgumentException("dataset.targets names \"" + h.input() + "\" (column " + h.describeColumns() + "), but "
                    + (targetInputs.isEmpty() ? "the network has no target Input (an Input that only a loss reads)"
                    : "the network's target Input" + (targetInputs.size() == 1 ? " is " : "s are ") + quoted(targetInputs))
                    + (dataInputs.contains(h.input()) ? "; \"" + h.input() + "\" is a data Input, which an Output depends on" : ""));
        }
        for (String t : targetInputs) {
            if (heads.stream().anyMatch(h -> h.input().equals(t))) continue;
            throw new IllegalArgumentException("target Input \"" + t + "\" has no column: dataset.targets names columns for "
                    + quoted(heads.stream().map(TargetHead::input).toList()) + " only; add \"" + t + "\": the column it takes");
        }
        for (TargetHead h : heads) {
            TensorType t = model.inputType(h.input());
            if (perSample(t) != h.width())
                throw new IllegalArgumentException("target Input \"" + h.input() + "\" takes " + perSampleShape(t) + " " + t.dtype().pyName + " per sample, but dataset.targets gives it "
                        + h.width() + " column" + (h.width() == 1 ? "" : "s") + " (" + h.describeColumns() + ")");
            if (t.dtype() == DType.INT64 && !h.words() && h.classes().isEmpty())
                throw new IllegalArgumentException("target Input \"" + h.input() + "\" takes int64 class indices, but column " + h.describeColumns()
                        + " holds numbers that are not all whole: give it a float32 Input and a loss for amounts (MSELoss, L1Loss, SmoothL1Loss)");
        }
        this.heads = List.copyOf(heads);
    }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList());
    }

    public List<String> dataInputs() {
        return dataInputs;
    }

    /** What one sample of the data Input {@code i} is: its shape without the batch dimension. */
    public int[] sampleShape(int i) {
        int[] d = dataTypes[i].dims();
        return Arrays.copyOfRange(d, 1, d.length);
    }

    /** Values per sample the data Inputs take together. */
    public int sampleSize() {
        return Arrays.stream(dataSizes).sum();
    }

    /** A description of what the Inputs take, for messages: {@code Input "x" takes [1, 28, 28] float32}. */
    public String describeInputs() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dataInputs.size(); i++) {
            if (i > 0) sb.append(i == dataInputs.size() - 1 ? " and " : ", ");
            sb.append("Input \"").append(dataInputs.get(i)).append("\" takes ").append(perSampleShape(dataTypes[i])).append(' ')
                    .append(dataTypes[i].dtype().pyName);
        }
        return sb.toString();
    }

    /**
     * Which of a data set's named values each data Input takes, when there are several Inputs (they take each sample's
     * values in turn, in the Inputs' document order, whatever they are named): {@code inputs: sepal ← sepal_length,
     * sepal_width; petal ← petal_length, petal_width}. Null for one Input, or when the names do not count the values.
     */
    public String describeMapping(List<String> featureNames) {
        if (dataInputs.size() < 2 || featureNames.size() != sampleSize()) return null;
        StringBuilder sb = new StringBuilder("inputs: ");
        int at = 0;
        for (int i = 0; i < dataInputs.size(); i++) {
            if (i > 0) sb.append("; ");
            List<String> mine = featureNames.subList(at, at + dataSizes[i]);
            sb.append(dataInputs.get(i)).append(" \u2190 ");
            sb.append(mine.size() <= 6 ? String.join(", ", mine)
                    : String.join(", ", mine.subList(0, 3)) + ", \u2026, " + mine.get(mine.size() - 1) + " (" + mine.size() + " values)");
            at += dataSizes[i];
        }
        return sb.toString();
    }

    /**
     * Checks that {@code data} fits the model: first against the drawing it was built from ({@link DataFit}: the Inputs'
     * shapes, the class scores, an Embedding's rows, the loss and targets, each said on its node), then that its samples
     * and targets can be fed to the Inputs.
     */
    public void check(Dataset data) {
        DataFit.require(model.analysis(), data);
        useHeads(data.targetHeads());
        check(data.sampleShape(), data.targetShape(), data.isClassification());
    }

    /** Checks that samples of {@code sampleShape} and targets of {@code targetShape} fit the model's Inputs. */
    public void check(int[] sampleShape, int[] targetShape, boolean classIndices) {
        int n = Arrays.stream(sampleShape).reduce(1, (a, b) -> a * b);
        if (n != sampleSize()) {
            throw new IllegalArgumentException("the data set's samples have shape " + Arrays.toString(sampleShape) + " (" + n + " value" + (n == 1 ? "" : "s")
                    + ") but " + describeInputs() + (dataInputs.size() > 1 ? " (" + sampleSize() + " values together)" : ""));
        }
        if (targetInputs.size() > 1 && heads.isEmpty())
            throw new IllegalArgumentException("the network has " + targetInputs.size() + " target Inputs (" + quoted(targetInputs) + "), but a data set gives one target "
                    + "per sample unless its \"targets\" names each one's column: \"targets\": {" + String.join(", ", targetInputs.stream().map(t -> "\"" + t + "\": …").toList()) + "}");
        if (targetInput != null && heads.isEmpty()) {
            TensorType t = model.inputType(targetInput);
            int m = Arrays.stream(targetShape).reduce(1, (a, b) -> a * b);
            if (m != perSample(t)) {
                throw new IllegalArgumentException("the data set's targets are " + (classIndices ? "class indices (one per sample)" : "of shape " + Arrays.toString(targetShape))
                        + " but Input \"" + targetInput + "\" takes " + perSampleShape(t) + " " + t.dtype().pyName);
            }
        }
    }

    /** The data Inputs' feeds from {@code inputs} ({@code [B, ...]}), on {@code device}. */
    public Map<String, Tensor> inputs(Tensor inputs, Device device) {
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        int b = inputs.size(0);
        if (dataInputs.size() == 1) {
            // Reshaped, not transposed: samples of the Input's sizes in another order (pictures channels last) are refused.
            String scrambled = DataFit.reordered(sampleShape(0), Arrays.copyOfRange(inputs.shape(), 1, inputs.dim()));
            if (scrambled != null) throw new IllegalArgumentException("Input \"" + dataInputs.get(0) + "\" " + scrambled);
            feeds.put(dataInputs.get(0), adapt(inputs, dataTypes[0], b).to(device));
            return feeds;
        }
        int total = inputs.numel() / Math.max(1, b);
        if (total != sampleSize()) {
            throw new IllegalArgumentException("each sample has " + total + " values but " + describeInputs() + " (" + sampleSize() + " values together)");
        }
        Tensor flat = inputs.contiguous().reshape(b, total);
        int at = 0;
        for (int i = 0; i < dataInputs.size(); i++) {
            Tensor part = flat.narrow(1, at, dataSizes[i]).contiguous();
            feeds.put(dataInputs.get(i), adapt(part, dataTypes[i], b).to(device));
            at += dataSizes[i];
        }
        return feeds;
    }

    /** Inputs and, when the graph has a target Input, the targets. */
    public Map<String, Tensor> of(Batch batch, Device device) {
        Map<String, Tensor> feeds = inputs(batch.inputs(), device);
        if (!heads.isEmpty()) feeds.putAll(headTargets(batch.targets(), device));
        else if (targetInput != null) feeds.put(targetInput, target(batch, device));
        return feeds;
    }

    /**
     * Each target Input's own columns of {@code targets} ({@code [B, W]}, float32, the heads' columns in turn), shaped and
     * typed for it: a column of words is already its class index; a column of whole numbers going to an int64 Input is
     * the index of its value among the column's classes (as one label column of whole numbers is numbered).
     */
    Map<String, Tensor> headTargets(Tensor targets, Device device) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        int b = targets.size(0), w = targets.numel() / Math.max(1, b);
        float[] all = targets.toFloatArray();
        int at = 0;
        for (TargetHead h : heads) {
            TensorType type = model.inputType(h.input());
            Tensor t;
            if (type.dtype() == DType.INT64) {
                long[] k = new long[b];
                for (int i = 0; i < b; i++) {
                    float v = all[i * w + at];
                    k[i] = h.words() ? (long) v : classIndex(h, v);
                }
                t = Tensor.ofLongs(k, b);
            } else {
                float[] v = new float[b * h.width()];
                for (int i = 0; i < b; i++) System.arraycopy(all, i * w + at, v, i * h.width(), h.width());
                t = Tensor.of(v, b, h.width());
            }
            out.put(h.input(), adapt(t, type, b).to(device));
            at += h.width();
        }
        return out;
    }

    /** The class of a column of whole numbers that {@code v} is: its index among the column's distinct values. */
    private static long classIndex(TargetHead h, float v) {
        int k = h.classes().indexOf(Long.toString(Math.round(v)));
        if (k < 0) throw new IllegalArgumentException("target Input \"" + h.input() + "\": " + v + " in column " + h.describeColumns() + " is no class of its (" + String.join(", ", h.classes()) + ")");
        return k;
    }

    /** The batch's targets shaped and typed for the target Input (as they are when there is none), on {@code device}. */
    public Tensor target(Batch batch, Device device) {
        Tensor t = batch.targets();
        if (targetInput != null) t = adapt(t, model.inputType(targetInput), batch.size());
        return t.to(device);
    }

    /** {@code t} ({@code [b, ...]}) reshaped to {@code want}'s per-sample shape and cast to its dtype. */
    static Tensor adapt(Tensor t, TensorType want, int b) {
        int[] d = want.dims();
        d[0] = b;
        if (!Arrays.equals(d, t.shape()) && t.numel() == Arrays.stream(d).reduce(1, (x, y) -> x * y)) t = t.contiguous().reshape(d);
        if (t.dtype() != want.dtype()) t = t.toDType(want.dtype());
        return t;
    }

    /**
     * Targets for a config loss on the first Output: class indices (int64, the output's shape without its class
     * dimension) for CrossEntropyLoss and NLLLoss unless they are probabilities of the output's shape; float32 of the
     * output's shape for the others.
     */
    static Tensor forLoss(Tensor target, Tensor output, boolean classIndices) {
        int[] os = output.shape();
        if (classIndices && !(target.dtype() == DType.FLOAT32 && Arrays.equals(target.shape(), os))) {
            int[] want = new int[os.length - 1];
            want[0] = os[0];
            System.arraycopy(os, 2, want, 1, os.length - 2);
            if (!Arrays.equals(target.shape(), want) && target.numel() == Arrays.stream(want).reduce(1, (x, y) -> x * y)) target = target.contiguous().reshape(want);
            return target.dtype() == DType.INT64 ? target : target.toDType(DType.INT64);
        }
        if (!Arrays.equals(target.shape(), os) && target.numel() == output.numel()) target = target.contiguous().reshape(os);
        return target.dtype() == DType.FLOAT32 ? target : target.toDType(DType.FLOAT32);
    }

    private static int perSample(TensorType t) {
        int n = 1;
        int[] d = t.dims();
        for (int i = 1; i < d.length; i++) n *= d[i];
        return n;
    }

    private static String perSampleShape(TensorType t) {
        int[] d = t.dims();
        return Arrays.toString(Arrays.copyOfRange(d, 1, d.length));
    }
}
