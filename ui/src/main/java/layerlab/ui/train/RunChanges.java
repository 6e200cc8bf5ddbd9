package layerlab.ui.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.train.TrainingEvent;

/** What the runs' table ({@link RunsTable}) says of a run: what it trained, what changed from the run before, how it went. */
final class RunChanges {
    private RunChanges() {
    }

    /** "97.33% (4)" for accuracy, "0.123 MAE (4)" for a regression: the best validation score and its epoch; "–" before one. */
    static String best(RunRecord r) {
        boolean accuracy = r.secondMetric().equals("accuracy");
        String key = accuracy ? "val_accuracy" : "val_mae";
        double best = Double.NaN;
        int at = 0;
        for (TrainingEvent.EpochEnded e : r.epochs()) {
            Double v = e.metrics().get(key);
            if (v == null || v.isNaN()) continue;
            if (Double.isNaN(best) || (accuracy ? v > best : v < best)) {
                best = v;
                at = e.epoch();
            }
        }
        if (Double.isNaN(best)) return "–";
        return (accuracy ? String.format(Locale.ROOT, "%.2f%%", 100 * best) : String.format(Locale.ROOT, "%.4g MAE", best)) + " (" + at + ")";
    }

    /** "running", "done, 12.3 s", "stopped, 4.0 s", "early stop, 8.1 s", "failed". */
    static String ended(RunRecord r) {
        if (r.end() == null) return "running";
        if (r.end() instanceof TrainingEvent.RunFailed) return "failed";
        TrainingEvent.RunFinished f = (TrainingEvent.RunFinished) r.end();
        String how = switch (f.reason()) {
            case COMPLETED -> "done";
            default -> f.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
        return how + String.format(Locale.ROOT, ", %.1f s", f.seconds());
    }

    /**
     * What a run was: its training settings ({@code optimizer.lr}, {@code epochs}, …; defaults written out), its data set's
     * ({@code dataset.augment}, …) and each layer by name ({@code layer conv1} → {@code Conv2d {out_channels=32, …}}),
     * flattened, so that two runs compare key by key.
     */
    static Map<String, Object> settings(Graph g) {
        Map<String, Object> out = new LinkedHashMap<>();
        // Every option written out, so that a default the panel wrote in (Adam's betas once lr was edited) is no change.
        Map<String, ?> training;
        try {
            training = layerlab.train.TrainingConfig.fromMap(g.training()).toMap();
        } catch (IllegalArgumentException e) {
            training = g.training();
        }
        flatten("", training, out);
        flatten("dataset.", g.dataset(), out);
        for (Node n : g.nodes()) out.put("layer " + n.name(), n.kind() + " " + n.params());
        return out;
    }

    private static void flatten(String prefix, Map<String, ?> m, Map<String, Object> out) {
        if (m == null) return;
        for (Map.Entry<String, ?> e : m.entrySet()) {
            // A training setting's options ("optimizer": {"name": "Adam", "lr": 0.001}) by their own keys; the dataset's
            // lists and objects (augment, a separate validation source) as a whole.
            if (e.getValue() instanceof Map<?, ?> inner && !prefix.startsWith("dataset")) {
                @SuppressWarnings("unchecked")
                Map<String, ?> typed = (Map<String, ?>) inner;
                flatten(prefix + e.getKey() + ".", typed, out);
            } else {
                out.put(prefix + e.getKey(), e.getValue());
            }
        }
    }

    /**
     * "optimizer.lr 0.001 → 0.01; epochs 5 → 10; dataset.augment added; conv2 changed; relu3 added" — what differs
     * from {@code before} to {@code after} (numbers equal in value are equal: 5 and 5.0).
     */
    static String changes(Map<String, Object> before, Map<String, Object> after) {
        if (before == null) return "first run";
        List<String> out = new ArrayList<>();
        List<String> layers = new ArrayList<>();
        List<String> ordered = new ArrayList<>(after.keySet());
        for (String k : before.keySet()) if (!after.containsKey(k)) ordered.add(k);
        for (String k : ordered) {
            Object a = before.get(k), b = after.get(k);
            if (same(a, b)) continue;
            boolean layer = k.startsWith("layer ");
            String name = layer ? k.substring("layer ".length()) : k;
            String what = a == null ? name + " added" + (layer ? "" : " (" + show(b) + ")")
                    : b == null ? name + " removed"
                    : layer ? name + " changed" : name + " " + show(a) + " → " + show(b);
            (layer ? layers : out).add(what);
        }
        out.addAll(layers);
        return out.isEmpty() ? "the same settings" : String.join("; ", out);
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue();
        return java.util.Objects.equals(a, b);
    }

    private static String show(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf(d.longValue());
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object x : l) parts.add(x instanceof Map<?, ?> m && m.get("name") != null ? String.valueOf(m.get("name")) : show(x));
            return "[" + String.join(", ", parts) + "]";
        }
        return String.valueOf(v);
    }
}
