package layerlab.ui.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.scene.control.TextField;
import layerlab.train.TrainingConfig;
import layerlab.ui.TypedText;

/** How the training form shows a setting's value in a field and reads the field back, and when it reads it. */
final class SettingText {
    private SettingText() {
    }

    /** A field of the form, {@code #train-<id>}, eight characters wide. */
    static TextField field(String id) {
        TextField t = new TextField();
        t.setId("train-" + id);
        t.setPrefColumnCount(8);
        return t;
    }

    /**
     * Runs {@code action} with the field's text on Enter and when the field loses the focus while it is still shown: a field
     * the form has rebuilt in the meantime (its row made afresh, the focus given to the new one) holds what was shown
     * before, and its text would undo what came since (an undo).
     */
    static void commit(TextField f, Consumer<String> action) {
        f.setOnAction(e -> action.accept(f.getText()));
        f.focusedProperty().addListener((o, was, now) -> {
            if (!now && f.getScene() != null) action.accept(f.getText());
        });
    }

    static int integer(String t) {
        return Integer.parseInt(t.trim());
    }

    static String show(Object v) {
        if (v == null) return "";
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object x : l) parts.add(show(x));
            return String.join(", ", parts);
        }
        if (v instanceof Double d) return fmt(d);
        return String.valueOf(v);
    }

    /**
     * A number in a field as {@link TrainingConfig#valueText} writes it everywhere else ({@code 0.001}, {@code 1e-07}), a whole
     * one with ".0" so that it reads back as the decimal it is ({@code 1.0}).
     */
    static String fmt(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e6) return String.format(Locale.ROOT, "%.1f", d);
        return TrainingConfig.valueText(d);
    }

    /** Reads a field like the value it replaces: a number (a decimal comma too, where the locale writes one), true/false, or a comma-separated list. */
    static Object parse(String t, Object like) {
        // A text option (an lr_lambda such as "max(0.5, 0.9 ** epoch)", a mode) as typed: its commas are no list's.
        if (like instanceof String) return t.isBlank() ? null : t.trim();
        String s = like instanceof List<?> ? t.trim() : TypedText.decimalPoint(t.trim());
        if (s.isEmpty()) return null;
        if (like instanceof Boolean || s.equals("true") || s.equals("false")) return Boolean.parseBoolean(s);
        if (like instanceof List<?> || s.contains(",")) {
            List<Object> out = new ArrayList<>();
            for (String part : s.split(",")) out.add(number(part.trim()));
            return out;
        }
        // An option torch leaves as None (LBFGS's line_search_fn, max_eval) is a number or a word: a word is kept as typed,
        // for the settings to check ("strong_wolfe", or a refusal naming the option).
        if (like == null && !s.matches("[-+0-9.eE]+")) return t.trim();
        return number(s);
    }

    /** A number as typed, or the text itself where it is none, for the engine to refuse in its words naming the setting. */
    static Object numberOrText(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException notNumber) {
                return s;
            }
        }
    }

    private static Object number(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return Double.parseDouble(s);
        }
    }
}
