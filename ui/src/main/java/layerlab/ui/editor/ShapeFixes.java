package layerlab.ui.editor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.graph.AutoLayout;
import layerlab.graph.Edge;
import layerlab.graph.Edit;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.ProblemCode;
import layerlab.graph.spec.Params;
import layerlab.graph.spec.TensorType;

/**
 * One-click fixes where paths meet at other sizes: the Add of a residual block, the Concat of a U-Net or an Inception
 * module. The error shows on the node where the paths meet, but the cause lies upstream, so the fix changes what is
 * there: convolutions that shrink their path get the padding that keeps its size ({@code padding = kernel_size // 2});
 * an up-sampling ConvTranspose2d left at stride 1 gets its kernel_size as stride, one short of its skip's size an
 * output_padding; else, at an Add, the shortcut gets a 1×1 convolution to the main path's channels, strided down to its size (ResNet's
 * projection). A fix is offered only where the analysis of the graph it makes finds the sizes meeting.
 */
final class ShapeFixes {
    private ShapeFixes() {
    }

    /**
     * The fixes found for the last analysis, by the meeting node's id: each is worked out by analysing the graph with
     * it made, up to five times, and the Problems list asks again whenever it draws a line. (The FX thread's only.)
     */
    private static Analysis cachedFor;
    private static final Map<String, java.util.Optional<QuickFixes.Fix>> CACHE = new java.util.HashMap<>();

    /** The fix for the shape error of {@code meet} (an Add, Multiply or Concat), or null. */
    static QuickFixes.Fix of(Graph g, Analysis a, Node meet) {
        if (cachedFor != a) {
            cachedFor = a;
            CACHE.clear();
        }
        return CACHE.computeIfAbsent(meet.id(), id -> java.util.Optional.ofNullable(find(g, a, meet))).orElse(null);
    }

    private static QuickFixes.Fix find(Graph g, Analysis a, Node meet) {
        Set<String> up = g.upstreamOf(List.of(meet.id()));
        Setting padding = padding(g, a, up), stride = upsampling(g, a, up);
        // Alone first, then together (a U-Net drawn with the defaults needs both); a setting none needs is null.
        for (Setting[] tried : new Setting[][] {{padding}, {stride}, {padding, stride}}) {
            if (java.util.Arrays.asList(tried).contains(null)) continue;
            QuickFixes.Fix f = verified(g, a, meet, List.of(tried));
            if (f != null) return f;
        }
        QuickFixes.Fix f = outputPadding(g, a, meet, up);
        if (f == null && meet.kind().equals("Add")) f = projection(g, a, meet);
        return f;
    }

    /** One param set on some nodes upstream, node id to value: "padding to 1 on conv1, conv2". */
    private record Setting(String param, Map<String, Object> values, String words) {
        static Setting of(Graph g, String param, Map<String, Object> values) {
            if (values.isEmpty()) return null;
            List<String> names = new ArrayList<>();
            for (String id : values.keySet()) names.add(g.requireNode(id).name());
            boolean one = values.values().stream().distinct().count() == 1;
            return new Setting(param, values, param + " to " + (one ? ParamText.format(values.values().iterator().next()) : "keep sizes") + " on " + list(names));
        }

        Edit apply(Edit e) {
            for (Map.Entry<String, Object> m : values.entrySet()) e = e.then(y -> y.setParam(m.getKey(), param, m.getValue()));
            return e;
        }
    }

    /** The settings as one step ("Set padding to 1 on c1, c2 and stride to 2 on up"), if it makes the paths meet. */
    private static QuickFixes.Fix verified(Graph g, Analysis a, Node meet, List<Setting> settings) {
        List<String> words = new ArrayList<>();
        for (Setting st : settings) words.add(st.words());
        String label = "Set " + String.join(" and ", words);
        Command c = new Command(label, x -> {
            Edit e = Edit.none(x);
            for (Setting st : settings) e = st.apply(e);
            return e;
        });
        return meets(a, c.execute(g), meet.id()) ? new QuickFixes.Fix(label, c) : null;
    }

    /**
     * ConvTranspose2d layers upstream left at stride 1 (the default, as PyTorch's), which grow a size by kernel_size - 1
     * rather than multiply it: stride set to their kernel_size, the up-sampling a U-Net's up path means.
     */
    private static Setting upsampling(Graph g, Analysis a, Set<String> up) {
        Map<String, Object> set = new LinkedHashMap<>();
        for (String id : a.order()) {
            Node n = g.requireNode(id);
            if (!up.contains(id) || !n.kind().equals("ConvTranspose2d") || a.info(id).hasErrors()) continue;
            Params p = a.params(id);
            int[] k = p.size("kernel_size", 2), s = p.size("stride", 2);
            if (s[0] == 1 && s[1] == 1 && k[0] >= 2 && k[1] >= 2) set.put(id, k[0] == k[1] ? (Object) k[0] : List.of(k[0], k[1]));
        }
        return Setting.of(g, "stride", set);
    }

    /**
     * An up-sampling ConvTranspose2d upstream that comes back one short of the skip's size (a pooling floored an odd
     * size: 7 → 3, then ×2 → 6 against 7) gets the output_padding that adds it, as PyTorch's U-Nets do.
     */
    private static QuickFixes.Fix outputPadding(Graph g, Analysis a, Node meet, Set<String> up) {
        for (String id : a.order()) {
            Node n = g.requireNode(id);
            if (!up.contains(id) || !n.kind().equals("ConvTranspose2d") || a.info(id).hasErrors()) continue;
            Params p = a.params(id);
            int[] s = p.size("stride", 2), op = p.size("output_padding", 2);
            for (int extra = 1; extra < Math.max(s[0], s[1]); extra++) {
                if (extra < s[0] && extra < s[1] && extra > op[0] && extra > op[1]) {
                    QuickFixes.Fix f = verified(g, a, meet, List.of(Setting.of(g, "output_padding", Map.of(id, extra))));
                    if (f != null) return f;
                }
            }
        }
        return null;
    }

    /** Whether the analysis after {@code e} finds no shape error at {@code meet}. */
    private static boolean meets(Analysis a, Edit e, String meet) {
        Analysis b = a.update(e);
        return b.problems().stream().noneMatch(p -> meet.equals(p.nodeId()) && (p.code() == ProblemCode.SHAPE || p.code() == ProblemCode.SHAPE_MISMATCH));
    }

    /**
     * Every stride-1 convolution upstream of {@code meet} whose padding is less than what keeps the size (an odd kernel,
     * padding left at 0) gets that padding: "padding to 1 on conv1, conv2".
     */
    private static Setting padding(Graph g, Analysis a, Set<String> up) {
        Map<String, Object> set = new LinkedHashMap<>();
        for (String id : a.order()) {
            if (!up.contains(id)) continue;
            Object keep = keepingPadding(a, g.requireNode(id));
            if (keep != null) set.put(id, keep);
        }
        return Setting.of(g, "padding", set);
    }

    /** The padding that keeps a convolution's size, where it shrinks it now; null where it does not (or cannot keep it). */
    private static Object keepingPadding(Analysis a, Node n) {
        if (!n.kind().matches("Conv[123]d") || a.info(n.id()).hasErrors()) return null;
        int d = n.kind().charAt(4) - '0';
        Params p = a.params(n.id());
        if (p.value("padding") instanceof String) return null;
        int[] k = p.size("kernel_size", d), s = p.size("stride", d), dil = p.size("dilation", d), pad = p.size("padding", d);
        List<Integer> want = new ArrayList<>();
        boolean shrinks = false;
        for (int i = 0; i < d; i++) {
            if (s[i] != 1 || k[i] % 2 == 0) return null;
            int keep = dil[i] * (k[i] - 1) / 2;
            shrinks |= pad[i] < keep;
            want.add(Math.max(pad[i], keep));
        }
        if (!shrinks) return null;
        return want.stream().distinct().count() == 1 ? (Object) want.get(0) : want;
    }

    /**
     * A residual Add whose shortcut (the input that branches off before the other) has other channels, or a size the
     * main path's is a whole fraction of: a 1×1 convolution on the shortcut to the main path's channels, with that
     * fraction as its stride.
     */
    private static QuickFixes.Fix projection(Graph g, Analysis a, Node add) {
        List<Edge> ins = g.incoming(add.id());
        if (ins.size() != 2) return null;
        for (int i = 0; i < 2; i++) {
            Edge shortcut = ins.get(i), main = ins.get(1 - i);
            if (!g.upstreamOf(List.of(main.fromNode())).contains(shortcut.fromNode())) continue;
            TensorType s = a.edgeType(shortcut), m = a.edgeType(main);
            if (s == null || m == null || s.rank() != m.rank() || s.rank() < 3 || s.rank() > 5) continue;
            int stride = stride(s, m);
            if (stride < 1) continue;
            return project(g, a, add, shortcut, s.rank() - 2, m.dim(1), stride, s.dim(1));
        }
        return null;
    }

    /** The stride that takes the shortcut's size to the main path's (the same in every spatial dim), or 0. */
    private static int stride(TensorType s, TensorType m) {
        int stride = 0;
        for (int i = 2; i < s.rank(); i++) {
            if (m.dim(i) <= 0 || s.dim(i) % m.dim(i) != 0) return 0;
            int r = s.dim(i) / m.dim(i);
            if (stride != 0 && r != stride) return 0;
            stride = r;
        }
        return stride;
    }

    private static QuickFixes.Fix project(Graph g, Analysis a, Node add, Edge shortcut, int d, int channels, int stride, int from) {
        // A row below the main path's last layer, just before the Add: the shortcut ends there, beside the path it
        // goes round, whether it comes along the Add's row or from the row above.
        Position at = Placement.freeBelow(g, add.position().x() - AutoLayout.COLUMN, add.position().y() + AutoLayout.ROW);
        String kind = "Conv" + d + "d";
        String[] id = {null};
        Command insert = Commands.addOnEdge(g, a, kind, null, at, shortcut, id);
        if (insert == null) return null;
        // The link short (it shares the Problems line with the message); the Edit menu's step says it all.
        String label = "Insert a 1×1 " + kind + " on the shortcut" + (stride > 1 ? " (stride " + stride + ")" : "");
        String step = "Insert a 1×1 " + kind + " on the shortcut into " + add.name() + " (" + from + " → " + channels + " channels"
                + (stride > 1 ? ", stride " + stride : "") + ")";
        Command c = new Command(step, x0 -> insert.execute(x0).then(y -> {
            Edit e = y.setParam(id[0], "kernel_size", 1).then(z -> z.setParam(id[0], "out_channels", channels));
            return stride > 1 ? e.then(z -> z.setParam(id[0], "stride", stride)) : e;
        }));
        return meets(a, c.execute(g), add.id()) ? new QuickFixes.Fix(label, c) : null;
    }

    /** "conv1, conv2", "conv1, conv2, conv3 and 2 more". */
    private static String list(List<String> names) {
        if (names.size() <= 4) return String.join(", ", names);
        return String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
    }
}
