package layerlab.io.onnx;

import static layerlab.io.onnx.OnnxAttributes.compact;
import static layerlab.io.onnx.OnnxAttributes.intAttr;
import static layerlab.io.onnx.OnnxAttributes.ints;
import static layerlab.io.onnx.OnnxAttributes.stringAttr;
import static layerlab.io.onnx.OnnxAttributes.unsupported;
import static layerlab.io.onnx.OnnxImportState.rank;

import java.util.Arrays;
import layerlab.io.onnx.OnnxImportState.INode;
import layerlab.io.onnx.OnnxImportState.Padded;
import layerlab.io.onnx.OnnxImportState.Port;
import layerlab.io.onnx.OnnxImportState.Src;
import layerlab.io.onnx.OnnxProto.Attribute;
import layerlab.tensor.Tensor;

/**
 * Ops that slide a window: Conv and ConvTranspose (Conv1d/2d/3d, ConvTranspose2d), MaxPool and AveragePool, the global
 * pools, and the Pad before a Conv or an AvgPool that becomes its padding (and padding_mode); with how auto_pad's SAME
 * pads are worked out.
 */
final class OnnxConvOps {
    private final OnnxImportState st;

    OnnxConvOps(OnnxImportState st) {
        this.st = st;
    }

    void pad(OnnxProto.Node n) {
        Port p = st.port(n.input(0), n);
        long[] pads = n.attribute("pads") != null ? n.attribute("pads").ints() : st.longs(n.input(1));
        String mode = stringAttr(n, "mode", "constant");
        Float value = n.input(2).isEmpty() ? Float.valueOf(0f) : st.scalar(n.input(2));
        if (pads == null || mode.equals("constant") && (value == null || value != 0) || mode.equals("wrap")) {
            throw unsupported(n, "only a constant zero, reflect or edge padding before a Conv is understood");
        }
        st.out(n, 0, new Padded(p, mode, pads));
    }

    void conv(OnnxProto.Node n) {
        boolean transposed = n.opType().equals("ConvTranspose");
        Tensor w = st.weight(n, 1);
        int d = w.dim() - 2;
        if (d < 1 || d > 3 || transposed && d != 2) throw unsupported(n, "LayerLab has Conv1d/2d/3d and ConvTranspose2d, not this " + d + "-D form");
        if (n.attribute("output_shape") != null) throw unsupported(n, "output_shape is not understood; export with output_padding");
        Src s = st.values.get(n.input(0));
        String mode = "zeros";
        int[] k = new int[d];
        for (int i = 0; i < d; i++) k[i] = w.size(2 + i);
        long[] strides = ints(n, "strides", d, 1), dil = ints(n, "dilations", d, 1);
        long[] pads;
        Port x;
        if (s instanceof Padded pd && !transposed) {
            if (!explicitPads(n)) throw unsupported(n, "a Conv with auto_pad after a Pad");
            for (long v : ints(n, "pads", 2 * d, 0)) if (v != 0) throw unsupported(n, "a Conv with pads of its own after a Pad");
            long[] all = pd.pads();
            if (all.length != 2 * (d + 2) || all[0] != 0 || all[1] != 0 || all[d + 2] != 0 || all[d + 3] != 0) throw unsupported(n, "its Pad pads the batch or channel dims");
            pads = new long[2 * d];
            for (int i = 0; i < d; i++) {
                pads[i] = all[2 + i];
                pads[d + i] = all[d + 4 + i];
            }
            mode = switch (pd.mode()) {
                case "reflect" -> "reflect";
                case "edge" -> "replicate";
                default -> "zeros";
            };
            x = pd.src();
        } else {
            x = st.port(n.input(0), n);
            if (transposed && !explicitPads(n)) throw unsupported(n, "auto_pad " + stringAttr(n, "auto_pad", "") + " is not understood; export with explicit pads");
            pads = pads(n, x, k, strides, dil);
        }
        long group = intAttr(n, "group", 1);
        INode c = st.add(transposed ? "ConvTranspose2d" : "Conv" + d + "d", st.hintOf(n, n.input(1)));
        c.params.put("in_channels", transposed ? w.size(0) : (int) (w.size(1) * group));
        c.params.put("out_channels", transposed ? (int) (w.size(1) * group) : w.size(0));
        c.params.put("kernel_size", compact(k));
        c.params.put("stride", compact(strides));
        long[] outPad = transposed ? ints(n, "output_padding", d, 0) : null;
        if (transposed) {
            // Less padding at the end than at the start is output_padding (how LayerLab writes one not below stride).
            for (int i = 0; i < d; i++) {
                if (pads[d + i] < pads[i]) {
                    outPad[i] += pads[i] - pads[d + i];
                    pads[d + i] = pads[i];
                }
            }
        }
        boolean symmetric = true;
        for (int i = 0; i < d; i++) symmetric &= pads[i] == pads[d + i];
        if (symmetric) {
            long[] half = Arrays.copyOf(pads, d);
            c.params.put("padding", compact(half));
        } else {
            boolean same = !transposed;
            for (int i = 0; i < d; i++) {
                long total = dil[i] * (k[i] - 1);
                same &= strides[i] == 1 && pads[i] == total / 2 && pads[d + i] == total - total / 2;
            }
            if (!same) {
                throw unsupported(n, "uneven pads " + Arrays.toString(pads) + autoPadNote(n) + " (other than PyTorch's 'same') are not a LayerLab layer");
            }
            c.params.put("padding", "same");
        }
        c.params.put("dilation", compact(dil));
        if (group != 1) c.params.put("groups", (int) group);
        if (!mode.equals("zeros")) c.params.put("padding_mode", mode);
        if (transposed) c.params.put("output_padding", compact(outPad));
        c.state.put("weight", w);
        if (!n.input(2).isEmpty()) c.state.put("bias", st.weight(n, 2));
        else c.params.put("bias", false);
        c.inputs.put("in", x);
        c.ranks.put("out", d + 2);
        st.out(n, 0, new Port(c, "out"));
    }

    /** Whether {@code n}'s pads are its {@code pads} attribute (auto_pad NOTSET, or VALID: none). */
    private static boolean explicitPads(OnnxProto.Node n) {
        String auto = stringAttr(n, "auto_pad", "NOTSET");
        return auto.equals("NOTSET") || auto.equals("VALID");
    }

    /**
     * A Conv's or pool's pads, [begin…, end…] as the {@code pads} attribute writes them: that attribute, none for auto_pad
     * VALID, or what SAME_UPPER and SAME_LOWER stand for (an output of ⌈size / stride⌉, the odd pixel at the end or at
     * the beginning), worked out from the input's size, which the layers read so far give.
     */
    private long[] pads(OnnxProto.Node n, Port x, int[] k, long[] strides, long[] dil) {
        int d = k.length;
        String auto = stringAttr(n, "auto_pad", "NOTSET");
        if (auto.equals("NOTSET")) return ints(n, "pads", 2 * d, 0);
        if (auto.equals("VALID")) return new long[2 * d];
        if (!auto.equals("SAME_UPPER") && !auto.equals("SAME_LOWER")) throw unsupported(n, "auto_pad " + auto + " is not understood");
        int[] dims = st.sampleDims(x);
        if (dims == null || dims.length != d + 1) {
            throw unsupported(n, "auto_pad " + auto + " needs the input's height and width, which are not known here; export with explicit pads");
        }
        long[] pads = new long[2 * d];
        for (int i = 0; i < d; i++) {
            long in = dims[1 + i], out = (in + strides[i] - 1) / strides[i];
            long total = Math.max(0, (out - 1) * strides[i] + dil[i] * (k[i] - 1) + 1 - in);
            pads[i] = auto.equals("SAME_UPPER") ? total / 2 : total - total / 2;
            pads[d + i] = total - pads[i];
        }
        return pads;
    }

    /** " (auto_pad SAME_LOWER)" where the pads come from auto_pad, else "". */
    private static String autoPadNote(OnnxProto.Node n) {
        return explicitPads(n) ? "" : " (auto_pad " + stringAttr(n, "auto_pad", "") + ")";
    }

    void pool(OnnxProto.Node n) {
        boolean max = n.opType().equals("MaxPool");
        Attribute ks = n.attribute("kernel_shape");
        if (ks == null) throw unsupported(n, "it has no kernel_shape");
        int d = ks.ints().length;
        if (d != 1 && d != 2) throw unsupported(n, "LayerLab pools in 1-D and 2-D, not " + d + "-D");
        if (!max) {
            // Opset 19's AveragePool dilations: PyTorch's AvgPool has none, so leaving them out would average other values.
            for (long v : ints(n, "dilations", d, 1)) if (v != 1) throw unsupported(n, "dilations; PyTorch's AvgPool (and LayerLab's) has no dilation");
        }
        // torch.onnx.export's return_indices: the indices made per plane by ops the patterns took out (OnnxPatterns#findTorchPoolIndices).
        String indices = max ? st.poolIndices.get(n) : null;
        if (indices == null) st.unusedBeyond(n, 1);
        long[] pads;
        Port x;
        boolean countPad = intAttr(n, "count_include_pad", 0) != 0;
        if (st.values.get(n.input(0)) instanceof Padded pd && !max) {
            if (!explicitPads(n)) throw unsupported(n, "an AveragePool with auto_pad after a Pad");
            pads = ints(n, "pads", 2 * d, 0);
            // PyTorch exports AvgPool as a zero Pad (its padding, counted in the mean) and an AveragePool without pads.
            long[] all = pd.pads();
            if (!pd.mode().equals("constant") || all.length != 2 * (d + 2) || all[0] != 0 || all[1] != 0 || all[d + 2] != 0 || all[d + 3] != 0) {
                throw unsupported(n, "its Pad is not zeros on the spatial dims alone");
            }
            for (long v : pads) if (v != 0) throw unsupported(n, "an AveragePool with pads of its own after a Pad");
            for (int i = 0; i < d; i++) {
                pads[i] = all[2 + i];
                pads[d + i] = all[d + 4 + i];
            }
            countPad = true;
            x = pd.src();
        } else {
            x = st.port(n.input(0), n);
            int[] k = new int[d];
            for (int i = 0; i < d; i++) k[i] = (int) ks.ints()[i];
            pads = pads(n, x, k, ints(n, "strides", d, 1), ints(n, "dilations", d, 1));
        }
        for (int i = 0; i < d; i++) {
            if (pads[i] != pads[d + i]) throw unsupported(n, "uneven pads " + Arrays.toString(pads) + autoPadNote(n) + " are not a LayerLab layer");
        }
        INode p = st.add((max ? "MaxPool" : "AvgPool") + d + "d", n.name());
        p.params.put("kernel_size", compact(ks.ints()));
        p.params.put("stride", compact(ints(n, "strides", d, 1)));
        p.params.put("padding", compact(Arrays.copyOf(pads, d)));
        if (max) p.params.put("dilation", compact(ints(n, "dilations", d, 1)));
        if (intAttr(n, "ceil_mode", 0) != 0) p.params.put("ceil_mode", true);
        if (!max) p.params.put("count_include_pad", countPad);
        p.inputs.put("in", x);
        p.ranks.put("out", d + 2);
        st.out(n, 0, new Port(p, "out"));
        if (indices != null) {
            p.params.put("return_indices", true);
            p.ranks.put("indices", d + 2);
            st.values.put(indices, new Port(p, "indices"));
        }
    }

    void globalPool(OnnxProto.Node n) {
        Port p = st.port(n.input(0), n);
        if (rank(p) != 4) throw unsupported(n, "only the 2-D form ([N, C, H, W]) is a LayerLab layer");
        st.layer(n, n.opType().equals("GlobalAveragePool") ? "AdaptiveAvgPool2d" : "AdaptiveMaxPool2d", p, 4, "output_size", 1);
    }

}
