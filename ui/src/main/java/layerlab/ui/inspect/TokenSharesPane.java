package layerlab.ui.inspect;

import java.util.List;
import java.util.Locale;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import layerlab.data.Vocabulary;
import layerlab.train.TokenShares;

/**
 * What swayed a text model's answer: the text's tokens, each on green (it raised the class's score) or red (it lowered
 * it), the stronger the larger its share ({@link TokenShares}, computed by the engine); a token's tooltip gives its
 * share. Hidden until shown.
 */
public final class TokenSharesPane extends VBox {
    private final Label caption = new Label();
    private final FlowPane tokens = new FlowPane();
    private final Label total = new Label();
    private TokenShares shown;

    public TokenSharesPane() {
        super(3);
        setId("tokenShares");
        caption.setId("tokenSharesCaption");
        caption.setStyle("-fx-font-weight: bold");
        tokens.setId("tokenSharesTokens");
        tokens.setVgap(3);
        total.setId("tokenSharesTotal");
        total.getStyleClass().add("muted");
        total.setWrapText(true);
        total.setMaxWidth(360);
        getChildren().addAll(caption, tokens, total);
        clear();
    }

    /**
     * Shows {@code s} (its ids read by {@code vocabulary}) for {@code what} ("“Polish”": a class's score; "the
     * prediction": a regression's value); null hides the pane.
     */
    public void show(TokenShares s, Vocabulary vocabulary, String what) {
        if (s == null) {
            clear();
            return;
        }
        shown = s;
        caption.setText("What swayed " + what);
        boolean characters = vocabulary.level() == Vocabulary.Level.CHARACTERS;
        tokens.setHgap(characters ? 1 : 4);
        tokens.getChildren().clear();
        float max = s.maxAbs();
        for (int i = 0; i < s.ids().length; i++) {
            int id = (int) s.ids()[i];
            if (id == Vocabulary.PAD_ID) continue;
            String token = id > 0 && id < vocabulary.tokens().size() ? vocabulary.tokens().get(id) : Vocabulary.UNK;
            Label l = new Label(token);
            l.setId("token-" + i);
            l.setStyle(style(s.shares()[i], max, characters));
            l.setTooltip(new Tooltip(String.format(Locale.ROOT, "“%s”: %+.3g to %s", token, s.shares()[i], of(what))));
            tokens.getChildren().add(l);
        }
        total.setText(String.format(Locale.ROOT, "Green raised %s, red lowered it. The shares add up to %+.3g: its rise from %s (%.3g) to "
                + "this one (%.3g).", of(what), sum(s.shares()), s.baseline(), s.baselineScore(), s.score()));
        setVisible(true);
        setManaged(true);
    }

    /** "the score of “Polish”", "the prediction": what a share adds to. */
    static String of(String what) {
        return what.startsWith("“") ? "the score of " + what : what;
    }

    /** Green for a positive share, red for a negative one, as opaque as the share is large against the largest. */
    static String style(float share, float max, boolean characters) {
        double a = max > 0 ? Math.min(1, Math.abs(share) / max) : 0;
        return "-fx-background-color: " + colour(share, 0.08 + 0.72 * a) + "; -fx-padding: 1 3 1 3; -fx-background-radius: 3"
                + (characters ? "; -fx-font-family: monospace; -fx-font-size: 1.077em" : "");
    }

    /** A share's colour at opacity {@code alpha}: green for raising the score, red for lowering it (the tokens' and the rows' bars). */
    static String colour(double share, double alpha) {
        return String.format(Locale.ROOT, "rgba(%s, %.3f)", share >= 0 ? "44, 160, 44" : "214, 39, 40", alpha);
    }

    private static double sum(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        return s;
    }

    /** What is shown (tests); null when hidden. */
    public TokenShares shown() {
        return shown;
    }

    /** The token labels shown, in order (tests). */
    public List<javafx.scene.Node> tokens() {
        return tokens.getChildren();
    }

    public void clear() {
        shown = null;
        tokens.getChildren().clear();
        setVisible(false);
        setManaged(false);
    }
}
