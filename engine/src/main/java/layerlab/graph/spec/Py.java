package layerlab.graph.spec;

import java.math.BigDecimal;
import java.util.List;

/** Python literals, for PyTorch constructor text: {@code True}, {@code 1e-05}, {@code (3, 3)}, {@code 'zeros'}, {@code None}. */
public final class Py {
    private Py() {
    }

    /** A param value as Python writes it; lists become tuples, as PyTorch's own reprs show sizes. */
    public static String repr(Object v) {
        if (v == null) return "None";
        if (v instanceof Boolean b) return b ? "True" : "False";
        if (v instanceof Double d) return num(d);
        if (v instanceof String s) return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < l.size(); i++) sb.append(i > 0 ? ", " : "").append(repr(l.get(i)));
            return sb.append(l.size() == 1 ? ",)" : ")").toString();
        }
        return String.valueOf(v);
    }

    /** A list of numbers as a float32 tensor, as a loss's class weights are given: {@code torch.tensor([1.0, 9.0])}. */
    public static String tensor(List<?> values) {
        StringBuilder sb = new StringBuilder("torch.tensor([");
        for (int i = 0; i < values.size(); i++) sb.append(i > 0 ? ", " : "").append(num(((Number) values.get(i)).doubleValue()));
        return sb.append("])").toString();
    }

    /** Python's {@code repr(float)}: shortest digits, scientific below 1e-4 and from 1e16 ({@code 1e-05}, {@code 0.1}, {@code 2.0}). */
    public static String num(double d) {
        if (Double.isNaN(d)) return "float('nan')";
        if (Double.isInfinite(d)) return d > 0 ? "float('inf')" : "float('-inf')";
        if (d == 0) return 1 / d < 0 ? "-0.0" : "0.0";
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exp = b.precision() - b.scale() - 1;
        if (exp >= -4 && exp < 16) {
            String s = b.toPlainString();
            return s.contains(".") ? s : s + ".0";
        }
        String digits = b.unscaledValue().abs().toString();
        String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d < 0 ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
}
