package layerlab.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import layerlab.data.Normalization;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.spec.Category;
import layerlab.graph.spec.Registry;
import layerlab.graph.spec.TensorType;
import layerlab.io.Utf8;
import layerlab.tensor.DType;

/**
 * What a model from elsewhere comes without, given by its user: the class names its outputs score, and the
 * normalization its inputs had in training (torchvision's {@code transforms.Normalize(mean, std)}, which runs before
 * the model, not in it). Checked against the graph; {@code layerlab import --classes/--mean/--std} and the window's
 * Import ONNX… share it.
 */
public final class ModelLabels {
    /** ImageNet's statistics, as torchvision's models were trained with them. */
    public static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406}, IMAGENET_STD = {0.229, 0.224, 0.225};

    private ModelLabels() {}

    /**
     * {@code transforms.Normalize(mean, std)} for {@code g}'s one float Input: per channel of a sample {@code [C, …]},
     * per feature of a flat one; one value for all, or one each.
     *
     * @throws IllegalArgumentException naming the value or count that does not fit ("mean has 2 values; the Input has 3
     *                                  channels…", "std: 0.0 is not a positive number")
     */
    public static Normalization normalization(Graph g, double[] mean, double[] std) {
        List<Node> inputs = dataInputs(g);
        if (inputs.size() != 1) throw new IllegalArgumentException("mean and std normalize one Input; the model has " + inputs.size());
        TensorType t = Analysis.of(g).info(inputs.get(0).id()).output("out");
        if (t == null || t.dtype() != DType.FLOAT32) throw new IllegalArgumentException("mean and std normalize float inputs; the Input is " + t);
        int[] sample = t.sampleDims();
        int groups = sample.length >= 1 ? sample[0] : 1;
        String what = sample.length >= 2 ? "channel" : "feature";
        float[] m = spread("mean", mean, groups, what), s = spread("std", std, groups, what);
        for (int i = 0; i < groups; i++) {
            if (!Float.isFinite(m[i])) throw new IllegalArgumentException("mean: " + mean[Math.min(i, mean.length - 1)] + " is not a number");
            if (!(s[i] > 0) || !Float.isFinite(s[i])) throw new IllegalArgumentException("std: " + std[Math.min(i, std.length - 1)] + " is not a positive number");
        }
        return new Normalization(Normalization.Kind.STANDARDIZE, sample.length >= 2 ? Normalization.Per.CHANNEL : Normalization.Per.FEATURE, m, s);
    }

    /** One value for every {@code what}, or one for each of the {@code groups}. */
    private static float[] spread(String name, double[] v, int groups, String what) {
        if (v.length != 1 && v.length != groups) {
            throw new IllegalArgumentException(name + " has " + v.length + " values; the Input has " + groups + " " + what + (groups == 1 ? "" : "s")
                    + " (give one for each, or one for all)");
        }
        float[] out = new float[groups];
        for (int i = 0; i < groups; i++) out[i] = (float) v[v.length == 1 ? 0 : i];
        return out;
    }

    /** A file of class names, a name a line (PyTorch Hub's {@code imagenet_classes.txt}); blank lines are skipped. */
    public static List<String> readNames(Path file) throws IOException {
        return Utf8.read(file).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /**
     * {@code names} as the class names of {@code g}'s first Output, which must have as many values a sample, each
     * named once; {@code where} names the source in messages (a file, {@code --classes}).
     */
    public static List<String> classes(Graph g, List<String> names, String where) {
        if (names.stream().anyMatch(String::isEmpty)) throw new IllegalArgumentException(where + ": a class has an empty name");
        if (new HashSet<>(names).size() < names.size()) throw new IllegalArgumentException(where + ": a class is named twice");
        int width = outputWidth(g);
        if (names.size() != width) {
            throw new IllegalArgumentException(where + " names " + names.size() + " class" + (names.size() == 1 ? "" : "es") + ", but the model's Output has "
                    + (width < 0 ? "no [N, classes] shape" : width + " values a sample"));
        }
        return List.copyOf(names);
    }

    /** The values a sample of the first Output has ({@code [N, K]} → K); -1 when it is not that shape. */
    static int outputWidth(Graph g) {
        Analysis a = Analysis.of(g);
        for (Node n : g.nodes()) {
            if (!n.kind().equals("Output")) continue;
            List<TensorType> in = a.info(n.id()).inputTypes();
            TensorType t = in.isEmpty() ? null : in.get(0);
            return t != null && t.rank() == 2 ? t.dim(1) : -1;
        }
        return -1;
    }

    /** The Inputs that feed the model, not only a loss's target (the labels). */
    private static List<Node> dataInputs(Graph g) {
        return g.nodes().stream().filter(n -> n.kind().equals("Input") && !g.outgoing(n.id()).stream().allMatch(e -> e.toPort().equals("target")
                && Registry.get(g.node(e.toNode()).kind()).category() == Category.LOSS)).toList();
    }

    /** The sample shape of {@code g}'s one data Input, or null (none, several, or not yet known). */
    public static int[] inputSample(Graph g) {
        List<Node> inputs = dataInputs(g);
        if (inputs.size() != 1) return null;
        TensorType t = Analysis.of(g).info(inputs.get(0).id()).output("out");
        return t == null ? null : t.sampleDims();
    }
}
