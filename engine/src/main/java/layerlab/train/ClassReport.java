package layerlab.train;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-class precision, recall, F1 and support of a classifier, from its confusion matrix (rows: true class, columns:
 * predicted), as scikit-learn's {@code classification_report} computes them with every class listed and
 * {@code zero_division=0}: precision = TP / predicted, recall = TP / support, F1 = 2·TP / (2·TP + FP + FN), each 0 where
 * its denominator is; the macro average weighs every class alike, the weighted average by support. Accuracy alone hides
 * a class the model never gets right when it is a small one; this shows it.
 *
 * @param classes the class names, one per row of the matrix
 * @param rows    one per class, in order
 */
public record ClassReport(List<String> classes, List<Row> rows, double accuracy, long total) {
    /** One class's scores, or an average's ({@code support} then the total). */
    public record Row(String name, double precision, double recall, double f1, long support) {}

    public ClassReport {
        classes = List.copyOf(classes);
        rows = List.copyOf(rows);
    }

    /**
     * The report of {@code confusion} ({@code k × k}); {@code names} names the classes (fewer names: the others are
     * called by their index).
     */
    public static ClassReport of(long[][] confusion, List<String> names) {
        int k = confusion.length;
        long total = 0, correct = 0;
        long[] predicted = new long[k];
        List<String> classes = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            if (confusion[i].length != k) throw new IllegalArgumentException("a confusion matrix is square; row " + i + " has " + confusion[i].length + " of " + k);
            for (int j = 0; j < k; j++) {
                predicted[j] += confusion[i][j];
                total += confusion[i][j];
            }
            correct += confusion[i][i];
        }
        for (int i = 0; i < k; i++) {
            long tp = confusion[i][i], support = 0;
            for (long v : confusion[i]) support += v;
            long fp = predicted[i] - tp, fn = support - tp;
            String name = i < names.size() ? names.get(i) : Integer.toString(i);
            classes.add(name);
            rows.add(new Row(name, ratio(tp, predicted[i]), ratio(tp, support), ratio(2 * tp, 2 * tp + fp + fn), support));
        }
        return new ClassReport(classes, rows, ratio(correct, total), total);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }

    /** Every class alike. */
    public Row macro() {
        double p = 0, r = 0, f = 0;
        for (Row c : rows) {
            p += c.precision;
            r += c.recall;
            f += c.f1;
        }
        int k = Math.max(1, rows.size());
        return new Row("macro avg", p / k, r / k, f / k, total);
    }

    /** Each class by its support. */
    public Row weighted() {
        double p = 0, r = 0, f = 0;
        for (Row c : rows) {
            p += c.precision * c.support;
            r += c.recall * c.support;
            f += c.f1 * c.support;
        }
        double n = Math.max(1, total);
        return new Row("weighted avg", p / n, r / n, f / n, total);
    }

    /**
     * The report as scikit-learn's {@code classification_report(y_true, y_pred, labels=…, target_names=…, digits=…)}
     * prints it, character for character (numbers rounded half to even, as Python's format does).
     */
    public String text(int digits) {
        int width = "weighted avg".length();
        for (String c : classes) width = Math.max(width, c.length());
        width = Math.max(width, digits);
        StringBuilder sb = new StringBuilder();
        sb.append(pad("", width)).append(' ');
        for (String h : List.of("precision", "recall", "f1-score", "support")) sb.append(' ').append(pad(h, 9));
        sb.append("\n\n");
        for (Row r : rows) line(sb, r, width, digits);
        sb.append('\n');
        sb.append(pad("accuracy", width)).append(' ').append(' ').append(pad("", 9)).append(' ').append(pad("", 9)).append(' ')
                .append(pad(fixed(accuracy, digits), 9)).append(' ').append(pad(Long.toString(total), 9)).append('\n');
        line(sb, macro(), width, digits);
        line(sb, weighted(), width, digits);
        return sb.toString();
    }

    private static void line(StringBuilder sb, Row r, int width, int digits) {
        sb.append(pad(r.name, width)).append(' ');
        for (double v : new double[] {r.precision, r.recall, r.f1}) sb.append(' ').append(pad(fixed(v, digits), 9));
        sb.append(' ').append(pad(Long.toString(r.support), 9)).append('\n');
    }

    /** {@code v} with {@code digits} decimals, ties to even on its exact binary value, as Python's {@code f"{v:.2f}"}. */
    public static String fixed(double v, int digits) {
        return new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Right-aligned in {@code width} (Python's {@code >}). */
    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
