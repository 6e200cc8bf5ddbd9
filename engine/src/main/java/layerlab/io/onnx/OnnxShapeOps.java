package layerlab.io.onnx;

import static layerlab.io.onnx.OnnxAttributes.intAttr;
import static layerlab.io.onnx.OnnxAttributes.scalarLong;
import static layerlab.io.onnx.OnnxAttributes.tensor;
import static layerlab.io.onnx.OnnxAttributes.unsupported;
import static layerlab.io.onnx.OnnxImportState.BATCH;
import static layerlab.io.onnx.OnnxImportState.DIM;
import static layerlab.io.onnx.OnnxImportState.MASK_OPS;
import static layerlab.io.onnx.OnnxImportState.near;
import static layerlab.io.onnx.OnnxImportState.rank;
import static layerlab.io.onnx.OnnxImportState.timeMajorOut;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.io.onnx.OnnxImportState.BatchSize;
import layerlab.io.onnx.OnnxImportState.Dim;
import layerlab.io.onnx.OnnxImportState.INode;
import layerlab.io.onnx.OnnxImportState.Port;
import layerlab.io.onnx.OnnxImportState.RnnC;
import layerlab.io.onnx.OnnxImportState.RnnH;
import layerlab.io.onnx.OnnxImportState.RnnSeq;
import layerlab.io.onnx.OnnxImportState.RnnSeqB;
import layerlab.io.onnx.OnnxImportState.RnnStateB;
import layerlab.io.onnx.OnnxImportState.RnnY;
import layerlab.io.onnx.OnnxImportState.RnnYB;
import layerlab.io.onnx.OnnxImportState.RnnYT;
import layerlab.io.onnx.OnnxImportState.ShapeOf;
import layerlab.io.onnx.OnnxImportState.ShapeVec;
import layerlab.io.onnx.OnnxImportState.Src;
import layerlab.io.onnx.OnnxImportState.Tiled;
import layerlab.io.onnx.OnnxImportState.TimeMajor;
import layerlab.io.onnx.OnnxImportState.Zeros;
import layerlab.io.onnx.OnnxProto.Attribute;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/**
 * Ops that move or measure tensors rather than compute: Reshape, Flatten, Squeeze, Transpose, Concat, Gather, Slice, and the
 * sizes read at run time that torch.onnx.export writes ({@code x.view(x.size(0), -1)}, a recurrent layer's zero initial state).
 */
final class OnnxShapeOps {
    private final OnnxImportState st;

    OnnxShapeOps(OnnxImportState st) {
        this.st = st;
    }

    /** An Identity: of a constant, the same constant; else the value it reads. */
    void identity(OnnxProto.Node n) {
        String in = n.input(0);
        if (st.consts.containsKey(in)) st.identity(n);
        else st.values.put(n.outputs().get(0), st.src(in, n));
    }

    void reshape(OnnxProto.Node n) {
        long[] shape = st.longs(n.input(1));
        if (shape != null) shape = shape.clone();
        if (shape == null && st.values.get(n.input(1)) instanceof ShapeVec sv) {
            if (sv.readsSizes()) {
                // x.flatten(k), x.view(x.size(0), …, x.size(k - 1), -1), x.view(-1, x.size(1)·…·x.size(r − 1)): the sizes
                // before k kept, the rest flattened.
                long[] d = sv.dims();
                int r = sv.of().equals(st.values.get(n.input(0))) ? rank(sv.of()) : -1;
                long rest = 0;
                for (int i = d.length - 1; i < r; i++) rest |= 1L << i;
                boolean flatten = r > 0 && d.length >= 2 && d.length <= r && (d[0] == BATCH || d[0] == -1)
                        && (d[d.length - 1] == -1 && d[0] == BATCH || d[d.length - 1] == DIM + rest);
                for (int i = 1; i < d.length - 1 && flatten; i++) flatten = d[i] == DIM + (1L << i);
                if (flatten) {
                    st.layer(n, "Flatten", sv.of(), d.length, "start_dim", d.length - 1, "end_dim", -1);
                    return;
                }
                // Other sizes read at run time (ShuffleNetV2's x.view(N, groups, C // groups, H, W)): as LayerLab knows them.
                long[] known = resolved(sv);
                if (known == null) throw unsupported(n, "its shape reads sizes of a tensor at run time that LayerLab cannot know before");
                if (d[0] != BATCH && d[0] != -1) {
                    throw unsupported(n, "its shape starts with a size read from a tensor at run time (" + known[0] + "), not the batch size; LayerLab keeps the batch first");
                }
                sv = new ShapeVec(known, null);
            }
            // x.view(x.size(0), …): the batch size first is what a copied first size (0) says.
            shape = sv.dims().clone();
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] == BATCH && i > 0) throw unsupported(n, "its shape puts the batch size at place " + i + "; LayerLab keeps the batch first");
                if (shape[i] == BATCH) shape[i] = 0;
            }
        }
        if (shape == null) throw unsupported(n, "its shape must be a constant, or the batch size and constants");
        if (st.values.get(n.input(0)) instanceof RnnYT y && java.util.Arrays.equals(shape, new long[] {0, 0, -1})) {
            st.out(n, 0, new RnnSeq(y.node(), y.layer()));
            return;
        }
        if (st.values.get(n.input(0)) instanceof RnnYB y && java.util.Arrays.equals(shape, new long[] {0, 0, -1})) {
            st.out(n, 0, new RnnSeqB(y.node(), y.layer()));
            return;
        }
        Port p = st.port(n.input(0), n);
        // Exported without dynamic axes, x.view(x.size(0), -1) keeps the batch size as a number: the inputs' batch size
        // first is the batch.
        if (shape.length >= 2 && st.staticBatch != null && shape[0] == st.staticBatch) shape[0] = 0;
        if (shape.length < 2 || (shape[0] != 0 && shape[0] != -1)) throw unsupported(n, "shape " + java.util.Arrays.toString(shape) + " does not keep the batch dimension first");
        List<Integer> sample = new ArrayList<>();
        for (int i = 1; i < shape.length; i++) {
            if (shape[i] == 0 || shape[i] == -1 && shape[0] == -1) throw unsupported(n, "shape " + java.util.Arrays.toString(shape) + " needs the input's sizes to be read");
            sample.add((int) shape[i]);
        }
        st.layer(n, "Reshape", p, shape.length, "shape", sample);
    }

    /** {@code x[..., start:end]} on one dim after the batch, step 1: a Narrow, its bounds clamped as ONNX's Slice clamps them. */
    private void narrow(OnnxProto.Node n, Port p, long start, long end, long axis, long step) {
        int r = rank(p);
        long a = axis < 0 ? axis + r : axis;
        if (step != 1) throw unsupported(n, "only a Slice with step 1 is a Narrow, not step " + step);
        if (a <= 0 || a >= r) throw unsupported(n, a == 0 ? "it slices the batch dim; layers take whole batches" : "its axis " + axis + " is outside the input's " + r + " dims");
        int[] sizes = st.sampleDims(p);
        if (sizes == null) throw unsupported(n, "the size of the dim it slices is not known before the run");
        long size = sizes[(int) a - 1];
        long from = Math.max(0, Math.min(size, start < 0 ? start + size : start)), to = Math.max(0, Math.min(size, end < 0 ? end + size : end));
        if (to <= from) throw unsupported(n, "it takes nothing (" + start + " … " + end + " of a dim of size " + size + ")");
        if (from == 0 && to == size) {
            st.out(n, 0, p);
            return;
        }
        st.layer(n, "Narrow", p, r, "dim", (int) a, "start", (int) from, "length", (int) (to - from));
    }

    void flatten(OnnxProto.Node n) {
        Port p = st.port(n.input(0), n);
        long axis = intAttr(n, "axis", 1);
        if (axis < 0) axis += rank(p);
        if (axis != 1) throw unsupported(n, "ONNX's Flatten with axis " + axis + " merges the batch into other dims; only axis 1 is a layer");
        st.layer(n, "Flatten", p, 2, "start_dim", 1, "end_dim", -1);
    }

    void squeeze(OnnxProto.Node n) {
        long[] axes = st.axes(n);
        if (st.values.get(n.input(0)) instanceof RnnY y && axes != null && axes.length == 1 && axes[0] == 1 && !y.node().params.containsKey("bidirectional")) {
            st.out(n, 0, new RnnSeq(y.node(), y.layer()));
        } else if (st.values.get(n.input(0)) instanceof RnnYB y && axes != null && axes.length == 1 && (axes[0] == 2 || axes[0] == -2)
                && !y.node().params.containsKey("bidirectional")) {
            st.out(n, 0, new RnnSeqB(y.node(), y.layer()));
        } else if (st.values.get(n.input(0)) instanceof RnnStateB h && axes != null && axes.length == 1 && (axes[0] == 1 || axes[0] == -2)
                && !h.node().params.containsKey("bidirectional")) {
            // Y_h.squeeze(1) of a layout=1 op, one direction: that layer's final state, [N, H]; no later layer joins it.
            h.node().frozen = true;
            st.layer(n, "FinalHidden", new Port(h.node(), h.port()), 2, "layer", h.layer());
        } else if (st.values.get(n.input(0)) instanceof RnnH h && axes != null && axes.length == 1 && axes[0] == 0 && h.node().layers == 1
                && h.layer() == 0 && !h.node().params.containsKey("bidirectional")) {
            // h_n.squeeze(0) of a one-layer, one-direction recurrent layer: its final state, [N, H].
            h.node().frozen = true;
            st.layer(n, "FinalHidden", new Port(h.node(), "h_n"), 2, "layer", 0);
        } else if (st.values.get(n.input(0)) instanceof Port p && axes != null && axes.length == 1 && (rank(p) == 2 || rank(p) == 3)
                && (axes[0] < 0 ? axes[0] + rank(p) : axes[0]) >= 1) {
            // x.squeeze(1) of [N, 1] (a regression's one output) or of [N, 1, F] / [N, F, 1]: a Reshape of each
            // sample, whose rule checks the size squeezed away is 1.
            st.layer(n, "Reshape", p, rank(p) - 1, "shape", rank(p) == 2 ? List.of() : List.of(-1));
        } else throw unsupported(n, "only squeezing a one-directional recurrent op's Y or a sample's size-1 dim is understood");
    }

    void shape(OnnxProto.Node n) {
        if (intAttr(n, "start", 0) != 0 || n.attribute("end") != null) throw unsupported(n, "only a whole Shape (no start or end) is understood");
        // Where the batch is: [T, N, F] on its way into a recurrent op or out of one, [T, D, N, H] its Y.
        Src x = st.src(n.input(0), n);
        int batchAxis = x instanceof TimeMajor || x instanceof RnnSeq || x instanceof RnnYT ? 1 : x instanceof RnnY ? 2 : 0;
        st.out(n, 0, new ShapeOf(batchAxis, batchAxis == 0 ? st.port(n.input(0), n) : null));
    }

    void unsqueeze(OnnxProto.Node n) {
        long[] axes = st.axes(n);
        Src x = st.values.get(n.input(0));
        if (x instanceof Port p && p.node().kind.equals("Lengths")) throw unsupported(n, MASK_OPS);
        if (!(x instanceof BatchSize || x instanceof Dim) || axes == null || axes.length != 1 || axes[0] != 0) {
            throw unsupported(n, "only a size read with x.size(k), made a 1-D shape, is understood");
        }
        st.out(n, 0, x instanceof Dim d ? new ShapeVec(new long[] {DIM + d.axes()}, d.of()) : new ShapeVec(BATCH));
    }

    void constantOfShape(OnnxProto.Node n) {
        Attribute v = n.attribute("value");
        Tensor fill = v == null ? null : tensor(n, v);
        if (!(st.values.get(n.input(0)) instanceof ShapeVec) || fill != null && (fill.dtype() != DType.FLOAT32 || fill.abs().max().item() != 0)) {
            throw unsupported(n, "only zeros the batch's size (a recurrent layer's initial state) are understood");
        }
        st.out(n, 0, new Zeros());
    }

    void expand(OnnxProto.Node n) {
        Tensor c = st.consts.get(n.input(0));
        if (c != null && c.dtype() == DType.FLOAT32 && c.dim() >= 2 && c.size(0) == 1 && st.values.get(n.input(1)) instanceof ShapeVec sv
                && sv.dims().length == c.dim() && sv.dims()[0] == BATCH && tilesOnlyTheBatch(c, sv)) {
            st.out(n, 0, new Tiled(n.input(0)));
            return;
        }
        if (c == null || c.dtype() != DType.FLOAT32 || c.abs().max().item() != 0 || !(st.values.get(n.input(1)) instanceof ShapeVec)) {
            throw unsupported(n, "only zeros expanded to the batch's size (a recurrent layer's initial state) are understood");
        }
        st.out(n, 0, new Zeros());
    }

    void slice(OnnxProto.Node n) {
        Src x = st.values.get(n.input(0));
        long[] starts = st.longs(n.input(1)), ends = st.longs(n.input(2)), axes = n.input(3).isEmpty() ? new long[] {0} : st.longs(n.input(3)),
                steps = n.input(4).isEmpty() ? new long[] {1} : st.longs(n.input(4));
        if (x instanceof ShapeOf sh && sh.of() != null && starts != null && ends != null && axes != null && steps != null && starts.length == 1
                && starts[0] == 0 && ends[0] >= 1 && ends[0] <= rank(sh.of()) && axes[0] == 0 && steps[0] == 1) {
            // x.shape[:k], as x.flatten(k) writes it: the batch and the port's sizes up to k.
            long[] dims = new long[(int) ends[0]];
            dims[0] = BATCH;
            for (int i = 1; i < dims.length; i++) dims[i] = DIM + (1L << i);
            st.out(n, 0, new ShapeVec(dims, sh.of()));
        } else if (x instanceof Zeros) {
            st.out(n, 0, new Zeros());
        } else if (x instanceof Port p && starts != null && ends != null && axes != null && steps != null && starts.length == 1 && ends.length == 1
                && axes.length == 1 && steps.length == 1) {
            narrow(n, p, starts[0], ends[0], axes[0], steps[0]);
        } else throw unsupported(n, "only slicing one dim of a tensor by constant bounds (Narrow), a recurrent layer's zero initial state, or a tensor's leading sizes, is understood");
    }

    void gather(OnnxProto.Node n) {
        long axis = intAttr(n, "axis", 0);
        Tensor table = st.consts.get(n.input(0));
        if (table != null) {
            if (table.dim() != 2 || axis != 0) throw unsupported(n, "only a lookup of rows of a constant matrix is an Embedding");
            Port ids = st.port(n.input(1), n);
            INode e = st.add("Embedding", st.hintOf(n, n.input(0)));
            e.params.put("num_embeddings", table.size(0));
            e.params.put("embedding_dim", table.size(1));
            e.state.put("weight", table);
            e.inputs.put("in", ids);
            e.ranks.put("out", rank(ids) + 1);
            st.out(n, 0, new Port(e, "out"));
            return;
        }
        Tensor idx = st.consts.get(n.input(1));
        Src s = st.values.get(n.input(0));
        if (s instanceof ShapeOf sh) {
            long[] at = idx == null ? null : idx.toLongArray();
            if (axis == 0 && at != null && at.length == 1 && sh.of() != null && at[0] > 0 && at[0] < rank(sh.of())) {
                // A sample size (x.size(1)), understood where a Reshape keeps it in place (x.view(x.size(0), x.size(1), -1)).
                int a = (int) at[0];
                st.out(n, 0, idx.dim() == 0 ? new Dim(sh.of(), 1L << a) : new ShapeVec(new long[] {DIM + (1L << a)}, sh.of()));
                return;
            }
            if (axis != 0 || at == null || at.length != 1 || at[0] != sh.batchAxis()) {
                throw unsupported(n, "only the batch size (Shape(x)[" + sh.batchAxis() + "] here) is understood; other sizes would be read at run time");
            }
            st.out(n, 0, idx.dim() == 0 ? new BatchSize() : new ShapeVec(BATCH));
            return;
        }
        if (idx == null || idx.dim() != 0) throw unsupported(n, "only a constant single index is understood (a last step, a final state)");
        long i = idx.toLongArray()[0];
        Port seq = timeMajorOut(s);
        if (seq != null && axis == 0 && i == -1) {
            st.layer(n, "LastStep", seq, 2, "batch_first", true);
            return;
        }
        Port p = st.port(n.input(0), n);
        boolean state = s instanceof RnnH || s instanceof RnnC || p.port().equals("h_n") || p.port().equals("c_n");
        if (state && axis == 0) st.layer(n, "FinalHidden", p, 2, "layer", (int) i);
        else if (rank(p) == 3 && i == -1 && (axis == 1 || axis == 0)) st.layer(n, "LastStep", p, 2, "batch_first", axis == 1);
        else if (axis != 0 && axis >= -(rank(p) - 1) && axis < rank(p)) st.layer(n, "Select", p, rank(p) - 1, "dim", (int) axis, "index", (int) i);
        else throw unsupported(n, "picking index " + i + " of axis " + axis + " is not a LayerLab layer");
    }

    void concat(OnnxProto.Node n) {
        long axis = intAttr(n, "axis", 0);
        if (n.inputs().stream().anyMatch(v -> st.values.get(v) instanceof ShapeVec)) {
            List<Long> dims = new ArrayList<>();
            Port of = null;
            for (String v : n.inputs()) {
                Tensor c = st.consts.get(v);
                if (st.values.get(v) instanceof ShapeVec sv) {
                    if (sv.readsSizes() && of != null && !of.equals(sv.of())) throw unsupported(n, "a shape joined from the sizes of two tensors");
                    if (sv.readsSizes()) of = sv.of();
                    for (long d : sv.dims()) dims.add(d);
                } else if (c != null && c.dim() == 1 && c.dtype() == DType.INT64) for (long d : c.toLongArray()) dims.add(d);
                else throw unsupported(n, "a shape joined from \"" + v + "\", which is neither constant sizes nor sizes read from a tensor");
            }
            st.out(n, 0, new ShapeVec(dims.stream().mapToLong(Long::longValue).toArray(), of));
            return;
        }
        Src first = st.values.get(n.input(0));
        if (first instanceof RnnH || first instanceof RnnC) {
            INode r = first instanceof RnnH h ? h.node() : ((RnnC) first).node();
            boolean whole = axis == 0 && n.inputs().size() == r.layers;
            for (int l = 0; l < n.inputs().size() && whole; l++) {
                Src s = st.values.get(n.input(l));
                whole = first instanceof RnnH ? s.equals(new RnnH(r, l)) : s.equals(new RnnC(r, l));
            }
            if (!whole) throw unsupported(n, "only joining every layer's final state in order is understood");
            r.frozen = true;
            st.out(n, 0, new Port(r, first instanceof RnnH ? "h_n" : "c_n"));
            return;
        }
        if (first instanceof Tiled t && n.inputs().size() == 2 && st.values.get(n.input(1)) instanceof Port x && rank(x) == 3
                && (axis == 1 || axis == -2) && st.consts.get(t.value()).dim() == 3 && st.consts.get(t.value()).size(1) == 1) {
            // torch.cat([class_token.expand(N, -1, -1), x], dim=1): a Vision Transformer's class token.
            INode c = st.add("ClassToken", st.origin.getOrDefault(t.value(), t.value()) + "/ClassToken"); // named as its parameter: class_token
            c.params.put("embed_dim", st.consts.get(t.value()).size(2));
            c.state.put("class_token", st.consts.get(t.value()));
            c.inputs.put("in", x);
            c.ranks.put("out", 3);
            st.out(n, 0, new Port(c, "out"));
            return;
        }
        List<Port> ins = new ArrayList<>();
        for (String v : n.inputs()) ins.add(st.port(v, n));
        if (ins.size() == 1) { // torch.cat([x]) (a DenseNet block's first layer) is x
            st.out(n, 0, ins.get(0));
            return;
        }
        INode c = st.add("Concat", n.name());
        c.params.put("dim", (int) axis);
        if (ins.size() != 2) c.params.put("num_inputs", ins.size());
        for (int i = 0; i < ins.size(); i++) c.inputs.put("in" + (i + 1), ins.get(i));
        c.ranks.put("out", rank(ins.get(0)));
        st.out(n, 0, new Port(c, "out"));
    }

    void transpose(OnnxProto.Node n) {
        long[] perm = n.attribute("perm") == null ? null : n.attribute("perm").ints();
        String in = n.input(0);
        Tensor c = st.consts.get(in);
        if (c != null) {
            int[] p = new int[c.dim()];
            for (int i = 0; i < p.length; i++) p[i] = perm == null ? p.length - 1 - i : (int) perm[i];
            st.consts.put(n.outputs().get(0), c.permute(p).contiguous());
            if (st.origin.containsKey(in)) st.origin.put(n.outputs().get(0), st.origin.get(in));
            return;
        }
        Src s = st.values.get(in);
        boolean swap01 = java.util.Arrays.equals(perm, new long[] {1, 0, 2});
        if (s instanceof RnnY y && java.util.Arrays.equals(perm, new long[] {0, 2, 1, 3})) st.out(n, 0, new RnnYT(y.node(), y.layer()));
        else if (s instanceof RnnSeq q && swap01 && Boolean.TRUE.equals(q.node().params.get("batch_first")) && q.layer() == q.node().layers - 1) {
            q.node().frozen = true;
            st.out(n, 0, new Port(q.node(), "out"));
        } else if (s instanceof Port p && swap01 && rank(p) == 3 && feedsRecurrent(n.outputs().get(0))) st.out(n, 0, new TimeMajor(p));
        else if (s instanceof Port p && perm != null && perm.length == rank(p) && perm[0] == 0 && swapped(perm) != null) {
            int[] ab = swapped(perm);
            st.layer(n, "Transpose", p, rank(p), "dim0", ab[0], "dim1", ab[1]);
        } else if (s instanceof Port p && perm != null && perm.length == rank(p) && perm[0] == 0 && isOrder(perm)) {
            List<Integer> dims = new ArrayList<>();
            for (long d : perm) dims.add((int) d);
            st.layer(n, "Permute", p, rank(p), "dims", dims);
        } else throw unsupported(n, "only orders of the dims after the batch (x.permute(0, 2, 3, 1), x.transpose(1, 2)) and the transposes around a recurrent layer are understood");
    }

    /** Whether {@code perm} lists each of 0 … length − 1 once. */
    private static boolean isOrder(long[] perm) {
        boolean[] seen = new boolean[perm.length];
        for (long d : perm) {
            if (d < 0 || d >= perm.length || seen[(int) d]) return false;
            seen[(int) d] = true;
        }
        return true;
    }

    /** The two places a permutation swaps, leaving the rest in place; null for any other permutation. */
    private static int[] swapped(long[] perm) {
        List<Integer> moved = new ArrayList<>();
        for (int i = 0; i < perm.length; i++) if (perm[i] != i) moved.add(i);
        if (moved.size() != 2 || perm[moved.get(0)] != moved.get(1)) return null;
        return new int[] {moved.get(0), moved.get(1)};
    }

    /**
     * Whether a [T, N, F] value feeds a recurrent op, as PyTorch's time-major layers read a batch-first input; else its
     * swap is a Transpose layer.
     */
    private boolean feedsRecurrent(String value) {
        for (OnnxProto.Node r : st.consumers.getOrDefault(value, List.of())) {
            if (r.opType().equals("RNN") || r.opType().equals("LSTM") || r.opType().equals("GRU")) return true;
        }
        return false;
    }

    /**
     * Whether {@code n} computes with sizes read at run time and constants only, in a way no layer stands for: ShuffleNetV2's
     * {@code (C + 1) / 2}, {@code C / 2}: then the sizes are taken as they are known before the run ({@link #known}) and the
     * arithmetic folded. A product of sizes alone, their joining into a shape and a Reshape stay as they are read, which
     * keeps {@code x.flatten(k)} a Flatten.
     */
    boolean sizeArithmetic(OnnxProto.Node n) {
        if (!Set.of("Add", "Sub", "Mul", "Div", "Cast").contains(n.opType())) return false;
        boolean sizes = false;
        for (String v : n.inputs()) {
            if (v.isEmpty() || st.consts.containsKey(v)) continue;
            if (!(st.values.get(v) instanceof Dim || st.values.get(v) instanceof ShapeVec sv && sv.readsSizes())) return false;
            sizes = true;
        }
        if (!sizes) return false;
        if (n.opType().equals("Mul")) {
            // num_flat_features's n = 1; n *= size, and its products of sizes, stay sizes.
            boolean factor = false;
            for (String v : n.inputs()) {
                if (st.consts.containsKey(v) && near(st.scalar(v), 1)) return false;
                factor |= st.consts.containsKey(v);
            }
            if (!factor) return false;
        }
        for (String v : n.inputs()) if (!v.isEmpty() && known(v) == null) return false;
        return true;
    }

    /**
     * The value {@code v} has, where it is known before the run: a constant, or sizes of a tensor that LayerLab's shape rules
     * give ({@link #sampleDims}): a {@link Dim} as a scalar, a {@link ShapeVec} without the batch size as a vector; else null.
     */
    Tensor known(String v) {
        if (st.consts.containsKey(v)) return st.consts.get(v);
        if (st.values.get(v) instanceof Dim d) {
            Long size = size(d.of(), d.axes());
            return size == null ? null : scalarLong(size);
        }
        if (st.values.get(v) instanceof ShapeVec sv) {
            long[] dims = resolved(sv);
            if (dims == null) return null;
            for (long d : dims) if (d == BATCH) return null;
            return Tensor.ofLongs(dims, dims.length);
        }
        return null;
    }

    /** {@code sv} with its sizes read from a tensor as the numbers they are (the batch size stays {@link #BATCH}), or null. */
    private long[] resolved(ShapeVec sv) {
        long[] dims = sv.dims().clone();
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > BATCH && dims[i] <= DIM + (1L << 32)) {
                Long size = size(sv.of(), dims[i] - DIM);
                if (size == null) return null;
                dims[i] = size;
            }
        }
        return dims;
    }

    /** The product of the sizes of {@code p} at the axes whose bits {@code axes} has (axis 1 is bit 1), or null when not known. */
    Long size(Port p, long axes) {
        int[] sizes = p == null ? null : st.sampleDims(p);
        if (sizes == null) return null;
        long product = 1;
        for (int a = 1; a <= sizes.length; a++) if ((axes & (1L << a)) != 0) product *= sizes[a - 1];
        return product;
    }

    /** Whether expanding {@code c} to {@code sv} repeats it over the batch alone (its other sizes kept: -1, 1 or its own). */
    private static boolean tilesOnlyTheBatch(Tensor c, ShapeVec sv) {
        for (int i = 1; i < c.dim(); i++) {
            long d = sv.dims()[i];
            if (d != 1 && d != -1 && d != c.size(i)) return false;
        }
        return true;
    }

    /**
     * Arithmetic on shapes that hold the batch size ({@code x.expand(N, -1, -1)}'s {@code Where(Equal(shape, -1), 1, shape)}):
     * run at two batch sizes; what does not change is a constant, a 1-D result whose changing entries are those batch sizes a
     * shape with the batch there, a scalar that is them the batch size. Only for ops none of whose inputs is a computed
     * tensor, and not the forms read as they are above (a batch size made a shape, joined into one, zeros of its size).
     */
    boolean batchArithmetic(OnnxProto.Node n) {
        if (!Set.of("Reshape", "Shape", "Equal", "Where", "Add", "Sub", "Mul", "Div", "Cast", "Gather", "Squeeze", "Unsqueeze", "Slice").contains(n.opType())) return false;
        boolean batch = false;
        for (String v : n.inputs()) {
            if (v.isEmpty() || st.consts.containsKey(v)) continue;
            Src s = st.values.get(v);
            if (s instanceof ShapeVec sv) batch |= java.util.Arrays.stream(sv.dims()).anyMatch(d -> d == BATCH);
            else if (s instanceof BatchSize) batch = true;
            else if (!(s instanceof Dim)) return false;
        }
        // Read as they are elsewhere: x.size(0) made a 1-D shape, a ShapeVec's entries multiplied by sizes.
        if (!batch || n.opType().equals("Unsqueeze") && st.values.get(n.input(0)) instanceof BatchSize) return false;
        Tensor[] r = new Tensor[2];
        long[] sizes = {2, 3};
        for (int k = 0; k < 2; k++) {
            Map<String, Tensor> known = new HashMap<>();
            for (String v : n.inputs()) {
                if (v.isEmpty()) continue;
                Tensor t = withBatch(v, sizes[k]);
                if (t == null) return false;
                known.put(v, t);
            }
            try {
                r[k] = OnnxEval.run(List.of(n), known).get(n.outputs().get(0));
            } catch (OnnxEval.Unsupported | IllegalArgumentException | IndexOutOfBoundsException e) {
                return false;
            }
            if (r[k] == null || r[k].dtype() == DType.FLOAT32) return false;
        }
        long[] a = r[0].toLongArray(), b = r[1].toLongArray();
        if (java.util.Arrays.equals(a, b)) {
            st.consts.put(n.outputs().get(0), r[0]);
            return true;
        }
        if (r[0].dim() == 0) {
            if (a[0] != sizes[0] || b[0] != sizes[1]) return false;
            st.out(n, 0, new BatchSize());
            return true;
        }
        if (r[0].dim() != 1) return false;
        long[] dims = a.clone();
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) continue;
            if (a[i] != sizes[0] || b[i] != sizes[1]) return false;
            dims[i] = BATCH;
        }
        st.out(n, 0, new ShapeVec(dims));
        return true;
    }

    /** {@code v}'s value with the batch size {@code batch}: a constant, or sizes known but for the batch; else null. */
    private Tensor withBatch(String v, long batch) {
        if (st.consts.containsKey(v)) return st.consts.get(v);
        Src s = st.values.get(v);
        if (s instanceof BatchSize) return scalarLong(batch);
        if (s instanceof Dim) return known(v);
        if (s instanceof ShapeVec sv) {
            long[] dims = resolved(sv);
            if (dims == null) return null;
            for (int i = 0; i < dims.length; i++) if (dims[i] == BATCH) dims[i] = batch;
            return Tensor.ofLongs(dims, dims.length);
        }
        return null;
    }
}
