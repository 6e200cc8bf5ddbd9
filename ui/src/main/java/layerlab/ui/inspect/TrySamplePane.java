package layerlab.ui.inspect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import layerlab.data.DataSplit;
import layerlab.data.Dataset;
import layerlab.data.Vocabulary;
import layerlab.tensor.Tensor;
import layerlab.train.Predictions;
import layerlab.train.TokenShares;
import layerlab.train.Trainer;
import layerlab.ui.Captions;
import layerlab.ui.TypedText;
import layerlab.ui.train.TrainingSession;

/**
 * The Results tab's "Try a sample": a field per value of a table-like sample, named as the data file names its columns
 * and holding the values as the file has them, or for a text model one field to type a text in (read by the data's
 * {@link Vocabulary}, as the training texts were); and what the finished model makes of them: a classifier's class
 * probabilities ({@link ProbabilityBars}), a regression's prediction. Hidden until a model is ready.
 */
public final class TrySamplePane extends VBox {
    /** Table-like samples up to this many values get a field each. */
    static final int MAX_TRY_VALUES = 32;

    private final TrainingSession session;
    private final Consumer<float[]> shown;
    private final GridPane fields = new GridPane();
    /** The label of each slot, beside its field. */
    private final List<Label> labels = new ArrayList<>();
    /** Label-and-field pairs a row of {@link #fields}: two, or one where two do not fit. */
    private int perRow = 2;
    /**
     * What each field stands for: a number typed for feature {@code from}, or, for the features {@code column=word} of
     * one column of words (one-hot encoded in training), a choice of the word: 1 for it, 0 for the others.
     */
    private record Slot(int from, int width, String label, javafx.scene.control.Control control) {}

    private final List<Slot> slots = new ArrayList<>();
    private final VBox probabilities = new VBox(2);
    private final Label error = new Label(), hint = new Label();
    /** A text model's one field, and what it says about the typed text (tokens it does not know, a text cut short). */
    private final TextField text = new TextField();
    private final Label textNote = new Label();
    /** What swayed the answer about a typed text, or a typed row. */
    private final TokenSharesPane shares = new TokenSharesPane();
    private final FeatureSharesPane rowShares = new FeatureSharesPane();
    /** How a text model reads its texts; null for table-like samples. */
    private Vocabulary vocabulary;
    /** "a surname": what the text field asks for, after the model's Input. */
    private String noun = "a text";

    /** {@code shown} hears the class probabilities of every typed sample, once they show. */
    public TrySamplePane(TrainingSession session, Consumer<float[]> shown) {
        super(6);
        this.session = session;
        this.shown = shown;
        setId("tryBox");
        fields.setId("tryFields");
        fields.setHgap(6);
        fields.setVgap(3);
        probabilities.setId("tryProbabilities");
        error.setId("tryError");
        error.getStyleClass().add("field-error");
        Button predict = new Button("Predict");
        predict.setId("tryPredict");
        predict.setOnAction(e -> predictTyped());
        Label head = new Label("Try a sample");
        head.setStyle("-fx-font-weight: bold");
        hint.setWrapText(true);
        hint.setMaxWidth(360);
        text.setId("tryText");
        text.setPrefColumnCount(24);
        text.setMaxWidth(360);
        text.setOnAction(e -> predictTyped());
        textNote.setId("tryTextNote");
        textNote.setWrapText(true);
        textNote.setMaxWidth(360);
        getChildren().addAll(head, hint, fields, text, textNote, predict, error, shares, rowShares, probabilities);
        showText(false);
        setVisible(false);
        setManaged(false);
    }

    /** Whether a model trained on {@code ds} can be tried here: texts, or table-like samples of a few values. */
    static boolean takes(Dataset ds) {
        return ds.vocabulary() != null || ds.sampleShape().length == 1 && ds.sampleShape()[0] <= MAX_TRY_VALUES;
    }

    /**
     * Shown for {@code ds} (one of {@code data}'s sets, which it {@link #takes}): a field per value, named as the data file
     * names its columns, holding the first sample as the file has it; or for texts one field holding a sample's text
     * ({@link #preset}). Predicted at once.
     */
    void showFor(Dataset ds, DataSplit data) {
        vocabulary = ds.vocabulary();
        shares.clear();
        rowShares.clear();
        showText(vocabulary != null);
        probabilities.getChildren().clear();
        error.setText("");
        setVisible(true);
        setManaged(true);
        if (vocabulary != null) {
            noun = noun(dataInput(session.finished()));
            hint.setText("Type " + noun + "; Enter predicts. It is read as the training texts were: " + vocabulary.describe() + ".");
            text.setPromptText("Type " + noun);
            int n = Math.min(ds.size(), PRESET_LOOK);
            text.setText(preset(vocabulary, ds.batch(java.util.stream.IntStream.range(0, n).toArray()).inputs().toFloatArray(), n));
        } else {
            hint.setText("Values as the data file holds them (before normalization); Enter predicts."
                    + (data.normalization().fills() ? " A blank value, or unknown, is missing: the model fills it with the training "
                            + data.normalization().fillWith().mark() + "." : ""));
            fillFields(ds, data);
        }
        predictTyped();
    }

    private void showText(boolean texts) {
        text.setVisible(texts);
        text.setManaged(texts);
        textNote.setVisible(texts);
        note("");
        fields.setVisible(!texts);
        fields.setManaged(!texts);
    }

    /** The one data Input of {@code t}'s model, or null. */
    private static String dataInput(Trainer t) {
        List<String> inputs = t == null ? List.of() : t.evaluator().feeds().dataInputs();
        return inputs.size() == 1 ? inputs.get(0) : null;
    }

    /** Input names that say nothing about what the text is. */
    private static final Set<String> PLAIN_NAMES = Set.of("input", "inputs", "tokens", "ids", "data", "sample", "samples", "features", "sequence",
            "text", "texts");

    /** What to ask for, after the text's Input: "a surname" for {@code surname}, "a review" for {@code review}; else "a text". */
    static String noun(String input) {
        String w = input == null ? "" : input.replace('_', ' ').trim();
        if (!w.matches("[A-Za-z][A-Za-z ]{2,}") || PLAIN_NAMES.contains(w.toLowerCase(Locale.ROOT))) w = "text";
        return ("aeioAEIO".indexOf(w.charAt(0)) >= 0 ? "an " : "a ") + w;
    }

    /** Puts {@code t} in the text field and predicts it (a misclassified text clicked in the results). */
    void tryText(String t) {
        if (vocabulary == null) return;
        text.setText(t);
        predictTyped();
    }

    private void fillFields(Dataset ds, DataSplit data) {
        int per = ds.sampleShape()[0];
        List<String> names = ds.featureNames().size() == per ? ds.featureNames() : null;
        float[] first = data.normalization().restore(ds.batch(new int[] {0}).inputs()).toFloatArray();
        // A model trained with gaps filled takes a gap here too: a blank field, or "unknown" for a column of words.
        boolean gaps = data.normalization().fills();
        fields.getChildren().clear();
        slots.clear();
        labels.clear();
        for (int j = 0; j < per; ) {
            // A column of words (island=Biscoe, island=Dream, …) is one choice of its words.
            String column = names == null ? null : column(names.get(j));
            List<String> words = new ArrayList<>();
            for (int k = j; column != null && k < per && column.equals(column(names.get(k))); k++) words.add(names.get(k).substring(column.length() + 1));
            if (words.size() >= 2) {
                List<String> choices = new ArrayList<>(words);
                if (gaps) choices.add(UNKNOWN);
                javafx.scene.control.ComboBox<String> box = new javafx.scene.control.ComboBox<>(javafx.collections.FXCollections.observableArrayList(choices));
                box.setId("try-" + j);
                box.setMinWidth(Region.USE_PREF_SIZE); // a word cut short ("unkno…") is no choice to read
                int hot = 0;
                for (int m = 0; m < words.size(); m++) if (first[j + m] > 0.5f) hot = m;
                box.getSelectionModel().select(hot);
                box.setOnAction(e -> predictTyped());
                place(new Slot(j, words.size(), column, box));
                j += words.size();
                continue;
            }
            TextField f = new TextField(Numbers.compact(first[j]));
            f.setId("try-" + j);
            f.setPrefColumnCount(7);
            if (gaps) {
                String with = data.normalization().fillWith().mark();
                f.setPromptText(with);
                f.setTooltip(new javafx.scene.control.Tooltip("Leave it blank for a missing value: the model fills it with the training " + with + ", as in training."));
            }
            f.setOnAction(e -> predictTyped());
            place(new Slot(j, 1, names != null ? names.get(j) : "x" + j, f));
            j++;
        }
    }

    /** Puts a slot's label and field in the next cell of the grid: two a row, or one where two do not fit. */
    private void place(Slot slot) {
        int at = slots.size();
        slots.add(slot);
        Label l = Captions.of(slot.label(), slot.control());
        l.setMinWidth(Region.USE_PREF_SIZE);
        labels.add(l);
        fields.add(l, (at % perRow) * 2, at / perRow);
        fields.add(slot.control(), (at % perRow) * 2 + 1, at / perRow);
    }

    /** The width two label-and-field pairs a row take. */
    private double twoPairsWidth() {
        double[] w = new double[4];
        for (int i = 0; i < slots.size(); i++) {
            int c = (i % 2) * 2;
            w[c] = Math.max(w[c], labels.get(i).prefWidth(-1));
            w[c + 1] = Math.max(w[c + 1], slots.get(i).control().prefWidth(-1));
        }
        return w[0] + w[1] + w[2] + w[3] + 3 * fields.getHgap();
    }

    /** The width one label-and-field pair a row takes. */
    private double onePairWidth() {
        double label = 0, control = 0;
        for (int i = 0; i < slots.size(); i++) {
            label = Math.max(label, labels.get(i).prefWidth(-1));
            control = Math.max(control, slots.get(i).control().prefWidth(-1));
        }
        return label + control + fields.getHgap();
    }

    @Override
    protected double computeMinWidth(double height) {
        return Math.min(super.computeMinWidth(height), getInsets().getLeft() + onePairWidth() + getInsets().getRight());
    }

    // It asks for the room of two pairs a row, and gets by with one pair a row where it is given less (the Results tab
    // at 200 % text on a 1280×720 projector): two a row ran past the tab's right edge there.
    @Override
    protected double computePrefWidth(double height) {
        return Math.max(super.computePrefWidth(height), getInsets().getLeft() + twoPairsWidth() + getInsets().getRight());
    }

    @Override
    protected void layoutChildren() {
        int want = getWidth() - getInsets().getLeft() - getInsets().getRight() >= twoPairsWidth() ? 2 : 1;
        if (want != perRow) {
            perRow = want;
            for (int i = 0; i < slots.size(); i++) {
                GridPane.setConstraints(labels.get(i), (i % perRow) * 2, i / perRow);
                GridPane.setConstraints(slots.get(i).control(), (i % perRow) * 2 + 1, i / perRow);
            }
        }
        super.layoutChildren();
    }

    /** The choice of a column of words that stands for a missing word (a model that fills gaps only). */
    static final String UNKNOWN = "unknown";

    /** Among how many of the first samples the text field's first text is looked for. */
    static final int PRESET_LOOK = 50;

    /**
     * The text the field starts with: the first of the {@code n} samples {@code ids} ({@code [n, length]}) holding no
     * {@code <unk>}, else the first. Typed back, a "<unk>" would be read as the tokens "<", "unk" and ">", and the
     * prediction would not be the sample's.
     */
    static String preset(Vocabulary v, float[] ids, int n) {
        for (int i = 0; i < n; i++) {
            boolean known = true;
            for (int p = 0; p < v.length() && known; p++) known = ids[i * v.length() + p] != Vocabulary.UNK_ID;
            if (known) return v.decode(ids, i * v.length());
        }
        return v.decode(ids, 0);
    }

    /** The column of a one-hot feature's name ({@code island} for {@code island=Biscoe}), or null for another name. */
    private static String column(String name) {
        int eq = name.indexOf('=');
        return eq > 0 ? name.substring(0, eq) : null;
    }

    /** Hidden again (another project was opened); the next {@link #showFor} fills it afresh. */
    void clear() {
        vocabulary = null;
        shares.clear();
        rowShares.clear();
        setVisible(false);
        setManaged(false);
    }

    /** Predicts on the typed values, normalized as the training data were, or on the typed text. */
    public void predictTyped() {
        DataSplit data = session.data();
        if (data == null || session.finished() == null) return;
        if (vocabulary != null) {
            predictText(data);
            return;
        }
        if (slots.isEmpty()) return;
        Slot last = slots.get(slots.size() - 1);
        float[] x = new float[last.from() + last.width()];
        boolean gaps = data.normalization().fills();
        for (Slot slot : slots) {
            if (slot.control() instanceof javafx.scene.control.ComboBox<?> box) {
                if (UNKNOWN.equals(box.getValue())) java.util.Arrays.fill(x, slot.from(), slot.from() + slot.width(), Float.NaN);
                else x[slot.from() + Math.max(0, box.getSelectionModel().getSelectedIndex())] = 1;
                continue;
            }
            TextField f = (TextField) slot.control();
            try {
                String v = f.getText().trim();
                if (v.isEmpty() && gaps) {
                    x[slot.from()] = Float.NaN;
                    f.getStyleClass().remove("invalid");
                    continue;
                }
                x[slot.from()] = Float.parseFloat(TypedText.decimalPoint(v));
                if (!Float.isFinite(x[slot.from()])) throw new NumberFormatException(v);
                f.getStyleClass().remove("invalid");
            } catch (NumberFormatException e) {
                if (!f.getStyleClass().contains("invalid")) f.getStyleClass().add("invalid");
                error.setText(slot.label() + ": \"" + f.getText() + "\" is not a number");
                rowShares.clear();
                return;
            }
        }
        error.setText("");
        Tensor row = data.normalization().apply(Tensor.of(x, 1, x.length));
        predict(data, row);
        explainRow(data, row);
    }

    /**
     * Each field's share in the likeliest class's score ({@link layerlab.train.FeatureShares}: integrated gradients from
     * the training average), or in a regression's one predicted value; hidden for a regression of several values.
     */
    private void explainRow(DataSplit data, Tensor row) {
        if (!explainable(data)) {
            rowShares.clear();
            return;
        }
        List<FeatureSharesPane.Field> parts = new ArrayList<>();
        for (Slot slot : slots) {
            String label = slot.control() instanceof javafx.scene.control.ComboBox<?> box ? slot.label() + " = " + box.getValue() : slot.label();
            parts.add(new FeatureSharesPane.Field(label, slot.from(), slot.width()));
        }
        String from = layerlab.train.FeatureShares.baseline(data.normalization());
        Tensor x = row.reshape(row.size(1));
        session.afterRun(t -> {
            float[] out = Probes.predict(t, row);
            var s = layerlab.train.FeatureShares.integrated(t.evaluator(), x, Predictions.best(out));
            return java.util.Map.entry(s, shownClass(s.cls(), out.length));
        }, r -> {
            if (vocabulary != null) return;
            rowShares.show(r.getKey(), parts, what(data, r.getValue()), from);
        });
    }

    /** Whether the answer has shares to show: a classifier's, or a regression's of one value. */
    private static boolean explainable(DataSplit data) {
        if (data.train().isClassification()) return true;
        int values = 1;
        for (int d : data.train().targetShape()) values *= d;
        return values == 1;
    }

    /**
     * The class whose score output {@code cls} of {@code outputs} is: itself, but for a two-class model with one output (a
     * Sigmoid's probability, a BCEWithLogitsLoss's logit), whose one value is the score of class 1, not of class 0.
     */
    static int shownClass(int cls, int outputs) {
        return outputs == 1 ? 1 : cls;
    }

    /** What the shares are of, in a caption: "“setosa”" (its score), or "the prediction" (a regression's value). */
    private static String what(DataSplit data, int cls) {
        if (!data.train().isClassification()) return "the prediction";
        List<String> names = data.train().classNames();
        return "“" + Predictions.classNames(names, Math.max(names.size(), cls + 1)).get(cls) + "”";
    }

    /** What swayed the answer about the typed row (tests). */
    public FeatureSharesPane rowShares() {
        return rowShares;
    }

    /** The typed text as the vocabulary's ids (token ids are never normalized), and what the model makes of them. */
    private void predictText(DataSplit data) {
        String t = text.getText();
        if (t.isBlank()) {
            note("");
            error.setText("Type " + noun + " first.");
            probabilities.getChildren().clear();
            shares.clear();
            return;
        }
        error.setText("");
        note(notes(vocabulary, t));
        float[] ids = new float[vocabulary.length()];
        vocabulary.encode(t, ids, 0);
        predict(data, Tensor.of(ids, 1, ids.length));
        explain(data, ids);
    }

    /**
     * Each token's share in the likeliest class's score ({@link TokenShares}), for a classifier that reads its text
     * through an Embedding; hidden for another.
     */
    private void explain(DataSplit data, float[] ids) {
        Vocabulary v = vocabulary;
        if (!explainable(data)) {
            shares.clear();
            return;
        }
        session.afterRun(t -> {
            if (TokenShares.embeddingOf(t.evaluator()) == null) return null;
            float[] out = Probes.predict(t, Tensor.of(ids, 1, ids.length));
            TokenShares s = TokenShares.integrated(t.evaluator(), Tensor.of(ids, ids.length), Predictions.best(out), TokenShares.STEPS);
            return java.util.Map.entry(s, shownClass(s.cls(), out.length));
        }, r -> {
            if (v != vocabulary) return;
            shares.show(r == null ? null : r.getKey(), v, r == null ? "" : what(data, r.getValue()));
        });
    }

    /** What swayed the answer about the typed text (tests). */
    public TokenSharesPane shares() {
        return shares;
    }

    /** Says {@code s} under the text field; no gap there when it says nothing. */
    private void note(String s) {
        textNote.setText(s);
        textNote.setManaged(!s.isEmpty());
    }

    /**
     * What the model will not see of {@code t}: its tokens the vocabulary does not have ("ß is not in the vocabulary")
     * and the tokens past its length; empty when it reads all of it.
     */
    static String notes(Vocabulary v, String t) {
        List<String> tokens = Vocabulary.tokenize(t, v.level(), v.lowercase());
        Set<String> known = new HashSet<>(v.tokens());
        Set<String> unknown = new LinkedHashSet<>();
        // Only the tokens read count: those past the length are not looked up.
        for (String token : tokens.subList(0, Math.min(tokens.size(), v.length()))) if (!known.contains(token)) unknown.add(token);
        boolean characters = v.level() == Vocabulary.Level.CHARACTERS;
        List<String> notes = new ArrayList<>();
        if (!unknown.isEmpty()) {
            // A letter as it is ("ß"); a word, a space or a mark in quotes ("“-”"), so that it reads as what it is.
            List<String> shown = unknown.stream().limit(5).map(u -> characters && Character.isLetterOrDigit(u.codePointAt(0)) ? u : "“" + u + "”")
                    .toList();
            notes.add(String.join(", ", shown) + (unknown.size() > shown.size() ? " and " + (unknown.size() - shown.size()) + " more" : "")
                    + (unknown.size() == 1 ? " is" : " are") + " not in the vocabulary (read as " + Vocabulary.UNK + ").");
        }
        if (tokens.size() > v.length())
            notes.add("Only the first " + v.length() + " " + (characters ? "characters" : "words") + " of " + tokens.size() + " are read.");
        return String.join(" ", notes);
    }

    private void predict(DataSplit data, Tensor input) {
        List<String> names = data.train().classNames();
        if (!data.train().isClassification()) {
            session.afterRun(t -> Probes.predict(t, input), y -> {
                List<String> values = new ArrayList<>();
                for (float v : y) values.add(Numbers.compact(v));
                Label l = new Label("prediction: " + String.join(", ", values));
                l.setId("tryPrediction");
                l.setStyle("-fx-font-family: monospace; -fx-font-weight: bold");
                probabilities.getChildren().setAll(l);
            });
            return;
        }
        ProbabilityBars.predict(session, input, names, probabilities, shown);
    }

    /** A text model's field (tests). */
    public TextField text() {
        return text;
    }

    /** The probabilities the typed sample got, or a regression's prediction (tests). */
    public VBox probabilities() {
        return probabilities;
    }
}
