package layerlab.ui.data;

import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import layerlab.data.DataSplit;
import layerlab.data.Dataset;
import layerlab.data.Vocabulary;

/** The Data tab's preview of a text set: its vocabulary, how much of the texts it reads as {@code <unk>}, and the texts. */
final class TextPreview {
    private TextPreview() {}

    /**
     * The share of the ids that are {@code <unk>} among those that are not padding, in the training texts and in the
     * validation texts (NaN when there are none): what {@code min_freq} and the vocabulary's cap cost (the training
     * texts), and how much of new text the vocabulary misses (the validation texts, read as new text is).
     */
    record Unknown(double train, double validation) {
        static Unknown of(DataSplit d) {
            return new Unknown(share(d.trainSamples()), d.validation() == null ? Double.NaN : share(d.validation()));
        }

        private static double share(Dataset d) {
            if (d.size() == 0) return Double.NaN;
            int[] all = new int[d.size()];
            for (int i = 0; i < all.length; i++) all[i] = i;
            long tokens = 0, unknown = 0;
            for (float id : d.batch(all).inputs().toFloatArray()) {
                if (id == Vocabulary.PAD_ID) continue;
                tokens++;
                if (id == Vocabulary.UNK_ID) unknown++;
            }
            return tokens == 0 ? Double.NaN : (double) unknown / tokens;
        }

        /** "<unk> stands for 3.1% of the training texts' tokens and 7.9% of the validation texts'." */
        String describe() {
            String s = "<unk> stands for " + percent(train) + " of the training texts' tokens";
            return s + (Double.isNaN(validation) ? "." : " and " + percent(validation) + " of the validation texts'.");
        }

        private static String percent(double x) {
            return Double.isNaN(x) ? "none" : x > 0 && x < 0.001 ? "under 0.1%" : String.format(Locale.ROOT, "%.1f%%", 100 * x);
        }
    }

    /** A text set's samples as their texts (read back by its vocabulary) beside their targets, under the vocabulary. */
    static VBox of(Preview p) {
        Vocabulary v = p.vocabulary();
        TableView<Integer> t = new TableView<>();
        t.setId("dataTexts");
        t.getColumns().add(PreviewViews.targetColumn(p));
        TableColumn<Integer, String> text = new TableColumn<>("text");
        text.setCellValueFactory(c -> new ReadOnlyStringWrapper(v.decode(p.features(), c.getValue() * v.length())));
        text.setPrefWidth(420);
        TableColumn<Integer, String> count = new TableColumn<>(v.level() == Vocabulary.Level.CHARACTERS ? "characters" : "words");
        count.setCellValueFactory(c -> new ReadOnlyStringWrapper(Integer.toString(tokens(p.features(), c.getValue() * v.length(), v.length()))));
        t.getColumns().add(text);
        t.getColumns().add(count);
        for (int i = 0; i < p.size(); i++) t.getItems().add(i);
        // The vocabulary, with its commonest tokens (after <pad> and <unk>), so that one sees what a token is.
        List<String> common = v.tokens().subList(2, Math.min(v.size(), 22)).stream().map(x -> x.isBlank() ? "“" + x + "”" : x).toList();
        Label head = new Label("Vocabulary: " + v.describe() + ". " + (p.unknown() == null ? "" : p.unknown().describe() + " ")
                + "Commonest: " + String.join(" ", common) + (v.size() > 22 ? " …" : ""));
        head.setId("dataVocabulary");
        head.setWrapText(true);
        // As tall as its lines at the preview's width (else a long line is cut short with "…").
        head.setMinHeight(Region.USE_PREF_SIZE);
        head.setPadding(new Insets(4, 8, 4, 8));
        VBox box = new VBox(head, t);
        VBox.setVgrow(t, javafx.scene.layout.Priority.ALWAYS);
        return box;
    }

    /** The ids at {@code f[off .. off+length)} that are not padding: the text's tokens (up to its length). */
    private static int tokens(float[] f, int off, int length) {
        int n = 0;
        for (int j = 0; j < length; j++) if (f[off + j] != Vocabulary.PAD_ID) n++;
        return n;
    }
}
