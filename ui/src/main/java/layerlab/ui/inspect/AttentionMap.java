package layerlab.ui.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import layerlab.data.Vocabulary;

/**
 * A MultiheadAttention's weights for one sample, {@code [L, S]} averaged over its heads, as a picture: a row per query
 * position, a column per key position, darker where it looked more (each row sums to 1), a character-level text's
 * letters along both sides. Below it, in words, the key positions the sample's positions looked at most, with their
 * tokens: where a text model reads its answer from.
 */
public final class AttentionMap {
    private AttentionMap() {}

    /** The widest and tallest the picture gets (the inspector's right column). */
    static final double WIDTH = 390, HEIGHT = 260;

    /** One key position and the share of all the attention it got. */
    public record Looked(int position, double share) {}

    /**
     * The {@code count} key positions that got the most attention over all query positions, most first (ties: the earlier
     * position), each with its share of the whole: the column sums over {@code l} rows, divided by {@code l}.
     */
    public static List<Looked> mostLookedAt(float[] w, int l, int s, int count) {
        double[] col = new double[s];
        for (int i = 0; i < l; i++) for (int j = 0; j < s; j++) col[j] += w[i * s + j];
        List<Looked> all = new ArrayList<>();
        for (int j = 0; j < s; j++) all.add(new Looked(j, col[j] / Math.max(1, l)));
        all.sort((a, b) -> a.share() != b.share() ? Double.compare(b.share(), a.share()) : Integer.compare(a.position(), b.position()));
        return all.subList(0, Math.min(count, all.size()));
    }

    /**
     * The picture and its note for weights {@code w} ({@code [L, S]}, one sample) of the node {@code name}. {@code ids} are
     * the sample's token ids when the key is its tokens (a self-attention over the embedded text; null otherwise), named
     * by {@code vocabulary} when there is one.
     */
    public static VBox view(String name, float[] w, int l, int s, float[] ids, Vocabulary vocabulary) {
        return view(name, w, l, s, ids, vocabulary, null, 0, 0);
    }

    /**
     * How a picture's patches lie among a Vision Transformer's positions: {@code rows × cols} patches in reading order from
     * position {@code first} (1 when a class token is position 0, else 0).
     */
    public record PatchGrid(int first, int rows, int cols) {
        /**
         * The grid for {@code positions} positions over an {@code h × w} picture: its patches as many as the positions (after
         * a class token, where one more position than a grid's is there), in rows and columns of the picture's proportions;
         * null when the positions are not a picture's patches.
         */
        public static PatchGrid of(int positions, int h, int w) {
            for (int first = 1; first >= 0; first--) {
                int p = positions - first;
                for (int rows = 1; rows <= p && p > 1; rows++) {
                    if (p % rows == 0 && (long) rows * w == (long) (p / rows) * h) return new PatchGrid(first, rows, p / rows);
                }
            }
            return null;
        }

        /**
         * Each patch's share of the attention: the class token's row over the patches (a ViT classifies from it), or with no
         * class token the mean over every position's row; {@code w} is {@code [L, L]}, one sample.
         */
        public double[] shares(float[] w, int l) {
            double[] out = new double[rows * cols];
            for (int k = 0; k < out.length; k++) {
                if (first == 1) out[k] = w[first + k];
                else {
                    for (int i = 0; i < l; i++) out[k] += w[i * l + first + k];
                    out[k] /= l;
                }
            }
            return out;
        }
    }

    /** The side of the picture the patches' attention is drawn on. */
    static final double PICTURE = 150;

    /**
     * {@link #view(String, float[], int, int, float[], Vocabulary)}, and for a self-attention over a picture's patches (a
     * Vision Transformer's) the sample's {@code picture} ({@code h × w}) beside the map, each patch lit as much as it was
     * looked at ({@link PatchGrid#shares}).
     */
    public static VBox view(String name, float[] w, int l, int s, float[] ids, Vocabulary vocabulary, javafx.scene.image.Image picture, int h, int width) {
        return view(name, w, l, s, ids, vocabulary, picture, h, width, 1);
    }

    /**
     * {@link #view(String, float[], int, int, float[], Vocabulary, javafx.scene.image.Image, int, int)} for a window whose
     * text is {@code text} times its 100 % size (View › Text Size): the picture, its cells and the letters along its sides
     * grow with the text (the letters were 12 px at most, under half the window's 26-px text at 200 %), within the room the
     * inspector's column has at that size; where the cells are narrower than a letter, every second (third…) letter is drawn.
     */
    public static VBox view(String name, float[] w, int l, int s, float[] ids, Vocabulary vocabulary, javafx.scene.image.Image picture, int h, int width,
            double text) {
        double grow = Math.max(1, text);
        double wide = WIDTH * grow, high = HEIGHT * grow;
        // A character-level text's letters along both sides, where the cells are wide enough to read them.
        List<String> letters = l == s ? letters(ids, vocabulary) : null;
        double margin = letters == null ? 0 : LABEL * grow;
        double cell = Math.max(1, Math.min(14 * grow, Math.min((wide - margin) / s, (high - margin) / l)));
        if (cell < 9) {
            letters = null;
            margin = 0;
            cell = Math.max(1, Math.min(12 * grow, Math.min(wide / s, high / l)));
        }
        Canvas map = new Canvas(margin + cell * s, margin + cell * l);
        map.setId("inspectAttention");
        GraphicsContext g = map.getGraphicsContext2D();
        // Scaled to the largest weight: a row spread over 50 positions still shows where it leans.
        double top = 1e-12;
        for (float v : w) top = Math.max(top, v);
        for (int i = 0; i < l; i++) {
            for (int j = 0; j < s; j++) {
                g.setFill(shade(w[i * s + j] / top));
                g.fillRect(margin + j * cell, margin + i * cell, cell, cell);
            }
        }
        if (letters != null) {
            g.setFill(Color.gray(0.35));
            double size = letterSize(cell, grow);
            g.setFont(javafx.scene.text.Font.font(size));
            g.setTextAlign(javafx.scene.text.TextAlignment.CENTER);
            g.setTextBaseline(javafx.geometry.VPos.CENTER);
            int every = letterStep(cell, size);
            for (int i = 0; i < letters.size(); i += every) {
                g.fillText(letters.get(i), margin / 2, margin + (i + 0.5) * cell);
                g.fillText(letters.get(i), margin + (i + 0.5) * cell, margin / 2);
            }
        }
        List<String> most = new ArrayList<>();
        for (Looked k : mostLookedAt(w, l, s, 3)) {
            String token = ids == null || k.position() >= ids.length ? "" : " " + token(ids[k.position()], vocabulary);
            most.add(String.format(Locale.ROOT, "%d%s (%.0f%%)", k.position(), token, 100 * k.share()));
        }
        Label note = new Label(String.format(Locale.ROOT, "Attention of %s: row i, where position i looked (darker: more; each row "
                + "adds up to 1), %d × %d, averaged over the heads. Looked at most: %s.", name, l, s, String.join(", ", most)));
        note.setWrapText(true);
        note.setPrefWidth(wide);
        note.setId("inspectAttentionNote");
        PatchGrid grid = picture == null || l != s ? null : PatchGrid.of(s, h, width);
        if (grid != null) {
            double[] shares = grid.shares(w, l);
            double brightest = 1e-12;
            int best = 0;
            for (int k = 0; k < shares.length; k++) {
                if (shares[k] > brightest) best = k;
                brightest = Math.max(brightest, shares[k]);
            }
            double side = PICTURE * grow, ph = side * Math.min(1, (double) h / width), pw = side * Math.min(1, (double) width / h);
            Canvas lit = new Canvas(pw, ph);
            lit.setId("inspectAttentionPicture");
            GraphicsContext pg = lit.getGraphicsContext2D();
            pg.setImageSmoothing(false);
            pg.drawImage(picture, 0, 0, pw, ph);
            double cw = pw / grid.cols(), ch = ph / grid.rows();
            for (int k = 0; k < shares.length; k++) {
                pg.setFill(Color.color(1, 0.55, 0, 0.7 * shares[k] / brightest));
                pg.fillRect((k % grid.cols()) * cw, (k / grid.cols()) * ch, cw, ch);
            }
            pg.setStroke(Color.gray(0.5, 0.5));
            for (int c = 1; c < grid.cols(); c++) pg.strokeLine(c * cw, 0, c * cw, ph);
            for (int r = 1; r < grid.rows(); r++) pg.strokeLine(0, r * ch, pw, r * ch);
            Label litNote = new Label(String.format(Locale.ROOT, "On the picture, %s: its %d patches in %d rows of %d, orange as much as they "
                    + "were looked at. Most: the patch in row %d, column %d (%.0f%%).", grid.first() == 1 ? "where the class token (position 0) looked"
                    : "where the positions looked, on average", shares.length, grid.rows(), grid.cols(), best / grid.cols() + 1, best % grid.cols() + 1,
                    100 * shares[best] / java.util.Arrays.stream(shares).sum()));
            litNote.setWrapText(true);
            litNote.setPrefWidth(wide - pw - 8);
            litNote.setId("inspectAttentionPictureNote");
            VBox box = new VBox(4, map, note, new javafx.scene.layout.HBox(8, lit, litNote));
            box.setMaxWidth(wide);
            return box;
        }
        VBox box = new VBox(4, map, note);
        box.setMaxWidth(wide);
        return box;
    }

    /** The room the letters take along each side, at 100 % text. */
    private static final double LABEL = 14;

    /** The letters' size in px: 12 at 100 % text, {@code text} times that with View › Text Size, within a wide cell. */
    static double letterSize(double cell, double text) {
        return Math.min(12 * text, Math.max(cell - 1, 8 * text));
    }

    /** Every how many positions a letter is drawn: each where it fits its cell, else as sparse as it needs to stay apart. */
    static int letterStep(double cell, double size) {
        return Math.max(1, (int) Math.ceil((size + 1) / cell));
    }

    /**
     * A character-level text's tokens as the map's labels, a letter each ("·" for padding, "?" for a character the
     * vocabulary does not know); null for other data (words, numbers: too wide for a cell).
     */
    static List<String> letters(float[] ids, Vocabulary vocabulary) {
        if (ids == null || vocabulary == null || vocabulary.level() != Vocabulary.Level.CHARACTERS) return null;
        List<String> out = new ArrayList<>(ids.length);
        for (float f : ids) {
            int i = (int) f;
            out.add(i == Vocabulary.PAD_ID ? "·" : i == Vocabulary.UNK_ID || i < 0 || i >= vocabulary.tokens().size() ? "?" : vocabulary.tokens().get(i));
        }
        return out;
    }

    /** A token as the note names it: its word in quotes, or "token 17" without a vocabulary. */
    static String token(float id, Vocabulary vocabulary) {
        int i = (int) id;
        if (vocabulary != null && i >= 0 && i < vocabulary.tokens().size()) return "“" + vocabulary.tokens().get(i) + "”";
        return "token " + i;
    }

    /** White for 0 to deep blue for the largest weight. */
    private static Color shade(double v) {
        double t = Math.max(0, Math.min(1, v));
        return Color.color(1 - 0.85 * t, 1 - 0.6 * t, 1 - 0.25 * t);
    }
}
