package layerlab.io.onnx;

import static layerlab.io.onnx.OnnxAttributes.decimal;
import static layerlab.io.onnx.OnnxAttributes.stringAttr;
import static layerlab.io.onnx.OnnxAttributes.unsupported;
import static layerlab.io.onnx.OnnxImportState.BATCH;
import static layerlab.io.onnx.OnnxImportState.rank;

import java.util.ArrayList;
import java.util.List;
import layerlab.io.onnx.OnnxImportState.Port;
import layerlab.io.onnx.OnnxImportState.ShapeVec;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/**
 * {@code Resize} back to an {@code Upsample}, in the forms {@code nn.Upsample} exports as (torch.onnx.export and LayerLab
 * alike): nearest with {@code asymmetric} coordinates and {@code floor}, or linear with {@code half_pixel} or
 * {@code align_corners}; a constant {@code scales} input (one factor for H and W, or one each) or {@code sizes} (constant, or the
 * input's N and C read with Shape and Slice, then the output's H and W).
 */
final class OnnxResize {
    private final OnnxImportState st;

    OnnxResize(OnnxImportState st) {
        this.st = st;
    }

    void resize(OnnxProto.Node n) {
        String mode = stringAttr(n, "mode", "nearest"), ctm = stringAttr(n, "coordinate_transformation_mode", "half_pixel");
        List<Object> kv = new ArrayList<>();
        if (mode.equals("nearest")) {
            String nearest = stringAttr(n, "nearest_mode", "round_prefer_floor");
            if (!ctm.equals("asymmetric") || !nearest.equals("floor")) {
                throw unsupported(n, "a nearest Resize is an Upsample only with coordinate_transformation_mode 'asymmetric' and nearest_mode "
                        + "'floor' (PyTorch's rule), not '" + ctm + "' and '" + nearest + "'");
            }
        } else if (mode.equals("linear")) {
            if (!ctm.equals("half_pixel") && !ctm.equals("align_corners")) {
                throw unsupported(n, "a linear Resize is a bilinear Upsample only with coordinate_transformation_mode 'half_pixel' or "
                        + "'align_corners', not '" + ctm + "'");
            }
            kv.addAll(List.of("mode", "bilinear"));
            if (ctm.equals("align_corners")) kv.addAll(List.of("align_corners", true));
        } else {
            throw unsupported(n, "only the nearest and linear modes are an Upsample, not '" + mode + "'");
        }
        Port x = st.port(n.input(0), n);
        if (rank(x) != 4) throw unsupported(n, "only images [N, C, H, W] are resized by an Upsample");
        String scales = n.inputs().size() > 2 ? n.input(2) : "", sizes = n.inputs().size() > 3 ? n.input(3) : "";
        Tensor sc = scales.isEmpty() ? null : st.consts.get(scales);
        if (sc != null && sc.numel() > 0) {
            float[] s = sc.toFloatArray();
            if (sc.dtype() != DType.FLOAT32 || s.length != 4 || s[0] != 1f || s[1] != 1f) {
                throw unsupported(n, "only scales [1, 1, s, s] (the image's H and W alone) are an Upsample");
            }
            // One factor for H and W is a number, as nn.Upsample(scale_factor=2.0) exports; two are a pair (H, W).
            kv.addAll(List.of("scale_factor", s[2] == s[3] ? decimal(s[2]) : List.of(decimal(s[2]), decimal(s[3]))));
        } else if (!sizes.isEmpty()) {
            long[] hw = sizesHw(n, sizes);
            kv.addAll(List.of("size", List.of((int) hw[0], (int) hw[1])));
        } else {
            throw unsupported(n, "only constant scales, or sizes whose H and W are constant, are an Upsample");
        }
        st.layer(n, "Upsample", x, 4, kv.toArray());
    }

    /** The H and W of a sizes input: constant, or N and C read from the input (Shape, Slice) then constants (Concat). */
    private long[] sizesHw(OnnxProto.Node n, String sizes) {
        long[] c = st.longs(sizes);
        if (c == null && st.values.get(sizes) instanceof ShapeVec sv && sv.dims().length == 4 && sv.dims()[0] == BATCH) c = sv.dims();
        if (c == null || c.length != 4 || c[2] <= 0 || c[3] <= 0 || c[2] > Integer.MAX_VALUE || c[3] > Integer.MAX_VALUE) {
            throw unsupported(n, "only sizes whose H and W are constant are an Upsample");
        }
        return new long[] {c[2], c[3]};
    }
}
