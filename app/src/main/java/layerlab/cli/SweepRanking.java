package layerlab.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep's settings ranked by a validation metric: each setting's runs (one a seed) that trained, their metric's mean and
 * standard deviation (over the seeds, the population's, as {@code --folds} gives its folds'), the best first: the highest
 * accuracy, the lowest loss or MAE. A setting none of whose runs trained comes last, unranked.
 */
final class SweepRanking {
    /** The metrics a sweep can be ranked by, as its CSV names them. */
    static final List<String> METRICS = List.of("val_accuracy", "val_loss", "val_mae", "best_val_accuracy", "best_val_loss", "best_val_mae", "train_loss");

    private SweepRanking() {
    }

    /** One setting: its columns' values ({@code lr} → {@code 0.01}), its runs, the values of those that trained. */
    record Setting(Map<String, String> values, int runs, List<Double> scores) {
        double mean() {
            return scores.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        /** The population standard deviation ({@code numpy.std}'s default); 0 for one run. */
        double std() {
            double m = mean();
            return Math.sqrt(scores.stream().mapToDouble(v -> (v - m) * (v - m)).sum() / scores.size());
        }

        boolean ranked() {
            return !scores.isEmpty();
        }
    }

    /** Whether a higher {@code metric} is better (accuracy), else lower (loss, MAE). */
    static boolean higherIsBetter(String metric) {
        return metric.endsWith("accuracy");
    }

    /** The metric to rank by when none is asked for: validation accuracy where the runs measured it, else MAE, else loss; null when none did. */
    static String defaultMetric(List<Map<String, String>> rows) {
        for (String m : List.of("val_accuracy", "val_mae", "val_loss")) {
            if (rows.stream().anyMatch(r -> TrainRuns.trained(r) && !r.getOrDefault(m, "").isEmpty())) return m;
        }
        return null;
    }

    /**
     * The rows grouped by the values of {@code axes} (the swept columns: {@code optimizer}, {@code lr}, …), in the order first
     * met, then sorted best first by {@code metric}'s mean over the runs that trained.
     */
    static List<Setting> rank(List<Map<String, String>> rows, List<String> axes, String metric) {
        Map<Map<String, String>, List<Map<String, String>>> groups = new LinkedHashMap<>();
        for (Map<String, String> r : rows) {
            Map<String, String> key = new LinkedHashMap<>();
            for (String a : axes) key.put(a, r.getOrDefault(a, ""));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        List<Setting> out = new ArrayList<>();
        groups.forEach((key, runs) -> {
            List<Double> scores = new ArrayList<>();
            for (Map<String, String> r : runs) {
                String v = r.getOrDefault(metric, "");
                if (!TrainRuns.trained(r) || v.isEmpty()) continue;
                double d = Double.parseDouble(v);
                if (Double.isFinite(d)) scores.add(d);
            }
            out.add(new Setting(key, runs.size(), scores));
        });
        // Stable: settings alike keep the order they ran in.
        out.sort(Comparator.comparing((Setting s) -> !s.ranked()).thenComparing((a, b) -> a.ranked() && b.ranked() ? compare(a, b, metric) : 0));
        return out;
    }

    private static int compare(Setting a, Setting b, String metric) {
        int c = Double.compare(a.mean(), b.mean());
        return higherIsBetter(metric) ? -c : c;
    }

    /** A value of {@code metric} as the table shows it: accuracy in percent, else 4 decimals. */
    static String show(String metric, double v) {
        return higherIsBetter(metric) ? CliSupport.percent(v) : CliSupport.number(v);
    }

    /** "96.67% ± 1.25%" (over several runs), "96.67%" (one), "–" (none trained). */
    static String meanStd(Setting s, String metric) {
        if (!s.ranked()) return "–";
        return s.scores().size() == 1 ? show(metric, s.mean()) : show(metric, s.mean()) + " ± " + show(metric, s.std());
    }

    /**
     * "lr 0.01, batch_size 32: val_accuracy 96.25% ± 1.06% over 3 runs": the setting and its score, saying when some of its
     * runs did not train (it ranks by the others).
     */
    static String said(Setting s, String metric) {
        List<String> words = new ArrayList<>();
        s.values().forEach((k, v) -> words.add(k + " " + v));
        return (words.isEmpty() ? "the project's settings" : String.join(", ", words)) + ": " + metric + " " + meanStd(s, metric)
                + (s.scores().size() > 1 ? " over " + s.scores().size() + " runs" : "")
                + (s.scores().size() < s.runs() ? " (" + s.scores().size() + " of its " + s.runs() + " runs trained)" : "");
    }

    /**
     * The settings as a table: the swept columns, the metric's mean ± std, how many runs it is over ("3", "2 of 3" when one
     * did not train), best first; at most {@code limit} rows, then how many more.
     */
    static String table(List<Setting> settings, List<String> axes, String metric, int limit) {
        List<List<String>> cells = new ArrayList<>();
        List<String> head = new ArrayList<>(axes);
        head.add(metric);
        head.add("runs");
        cells.add(head);
        for (Setting s : settings.subList(0, Math.min(limit, settings.size()))) {
            List<String> row = new ArrayList<>();
            for (String a : axes) row.add(s.values().get(a));
            row.add(meanStd(s, metric));
            row.add(s.scores().size() == s.runs() ? String.valueOf(s.runs()) : s.scores().size() + " of " + s.runs());
            cells.add(row);
        }
        int[] width = new int[head.size()];
        for (List<String> r : cells) for (int i = 0; i < r.size(); i++) width[i] = Math.max(width[i], r.get(i).length());
        StringBuilder out = new StringBuilder();
        for (List<String> r : cells) {
            StringBuilder line = new StringBuilder(" ");
            for (int i = 0; i < r.size(); i++) line.append(' ').append(String.format(Locale.ROOT, "%-" + width[i] + "s", r.get(i))).append(' ');
            out.append(line.toString().stripTrailing()).append('\n');
        }
        if (settings.size() > limit) out.append("  … ").append(settings.size() - limit).append(" more settings\n");
        return out.toString();
    }
}
