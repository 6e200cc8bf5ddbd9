package layerlab.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import layerlab.data.Normalization;
import layerlab.graph.Graph;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.graph.spec.TensorType;
import layerlab.tensor.DType;

/**
 * The normalization a model was trained with, as the exported files apply it to each data Input: a trained
 * model expects {@code (x − offset) / scale} where {@code layerlab predict} reads raw {@code x}, so an export
 * that left it out would predict something else from the same arrays. A data set's features feed the data
 * Inputs in document order (see {@code Feeds}), so per-feature statistics are cut into one slice per Input;
 * per-channel statistics (image-like samples) belong to the one data Input. A model trained on a table whose gaps
 * were filled first replaces each NaN by its feature's {@code fill} value.
 *
 * @param input     the Input node's name
 * @param offset    null when there is no affine map (only gaps to fill)
 * @param scale     null when {@code offset} is
 * @param fill      per feature, the value standing in for a missing one (NaN); null when gaps are not filled
 * @param constDims the statistics' shape for broadcasting over a batch of this Input: {@code [C, 1, 1]} per
 *                  channel of a {@code [N, C, H, W]} input, {@code [1, F]} per variable of windows {@code [N, steps, F]},
 *                  the sample's own shape per feature
 */
public record InputNormalization(String input, float[] offset, float[] scale, float[] fill, int[] constDims, String description) {
    /** Whether the Input goes through {@code (x − offset) / scale}. */
    public boolean affine() {
        return offset != null;
    }

    /** Per data Input of {@code g}, in document order; empty when {@code norm} is null or changes nothing. */
    public static List<InputNormalization> of(Graph g, Normalization norm) {
        if (norm == null || norm.isIdentity()) return List.of();
        Model m = GraphCompiler.compile(g);
        List<String> data = m.dataInputNames();
        String what = norm.describe();
        List<InputNormalization> out = new ArrayList<>();
        if (norm.per() == Normalization.Per.VARIABLE) {
            // A time series' windows [steps, variables]: one pair per variable, broadcast over the steps.
            int[] d = data.size() == 1 ? m.inputType(data.get(0)).dims() : null;
            int variables = norm.offset().length;
            if (d == null || d.length < 3 || d[d.length - 1] != variables)
                throw new IllegalArgumentException("a normalization " + what + " fits one data Input taking windows [steps, " + variables
                        + "], but the model's data Inputs are " + data);
            int[] dims = new int[d.length - 1];
            Arrays.fill(dims, 1);
            dims[dims.length - 1] = variables;
            out.add(new InputNormalization(data.get(0), norm.offset(), norm.scale(), null, dims, what));
            return out;
        }
        if (norm.per() == Normalization.Per.CHANNEL) {
            if (data.size() != 1) {
                throw new IllegalArgumentException("a normalization " + what + " fits one data Input, but the model has " + data.size() + ": " + data);
            }
            int[] d = m.inputType(data.get(0)).dims();
            int[] sample = Arrays.copyOfRange(d, 1, d.length);
            int channels = norm.offset().length;
            if (sample.length >= 2 && sample[0] == channels) {
                int[] dims = new int[sample.length];
                Arrays.fill(dims, 1);
                dims[0] = channels;
                out.add(new InputNormalization(data.get(0), norm.offset(), norm.scale(), null, dims, what));
                return out;
            }
            // The Input takes the samples in another shape ([784] for [1, 28, 28] images, reshaped as Feeds does):
            // each channel's pair then covers its run of the flattened sample, one value per position.
            int size = Arrays.stream(sample).reduce(1, (a, b) -> a * b);
            if (size % channels != 0) {
                throw new IllegalArgumentException("a normalization " + what + " does not fit Input \"" + data.get(0) + "\" of " + Arrays.toString(sample));
            }
            int inner = size / channels;
            float[] offset = new float[size], scale = new float[size];
            for (int i = 0; i < size; i++) {
                offset[i] = norm.offset()[i / inner];
                scale[i] = norm.scale()[i / inner];
            }
            out.add(new InputNormalization(data.get(0), offset, scale, null, sample, what));
            return out;
        }
        boolean affine = norm.kind() != Normalization.Kind.NONE;
        int features = affine ? norm.offset().length : norm.fill().length;
        int at = 0;
        for (String name : data) {
            TensorType t = m.inputType(name);
            if (t.dtype() != DType.FLOAT32) continue; // token ids are not normalized
            int[] sample = Arrays.copyOfRange(t.dims(), 1, t.dims().length);
            int n = Arrays.stream(sample).reduce(1, (a, b) -> a * b);
            if (at + n > features) break;
            out.add(new InputNormalization(name, affine ? Arrays.copyOfRange(norm.offset(), at, at + n) : null,
                    affine ? Arrays.copyOfRange(norm.scale(), at, at + n) : null, norm.fills() ? Arrays.copyOfRange(norm.fill(), at, at + n) : null,
                    sample, what));
            at += n;
        }
        if (at != features) {
            throw new IllegalArgumentException("a normalization " + what + " of " + features + " features does not fit the model's data "
                    + "Inputs " + data);
        }
        return out;
    }

    /** The entry for Input {@code name}, or null. */
    public static InputNormalization find(List<InputNormalization> all, String name) {
        for (InputNormalization n : all) if (n.input.equals(name)) return n;
        return null;
    }
}
