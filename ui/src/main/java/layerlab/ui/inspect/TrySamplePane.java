package layerlab.ui.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import layerlab.data.DataSplit;
import layerlab.data.Dataset;
import layerlab.tensor.Tensor;
import layerlab.ui.train.TrainingSession;

/**
 * The Results tab's "Try a sample": a field per value of a table-like sample, named as the data file names its columns
 * and holding the values as the file has them, and what the finished model makes of them: a classifier's class
 * probabilities ({@link ProbabilityBars}), a regression's prediction. Hidden until a model is ready.
 */
public final class TrySamplePane extends VBox {
    /** Table-like samples up to this many values get a field each. */
    static final int MAX_TRY_VALUES = 32;

    private final TrainingSession session;
    private final Consumer<float[]> shown;
    private final GridPane fields = new GridPane();
    private final List<TextField> inputs = new ArrayList<>();
    private final VBox probabilities = new VBox(2);
    private final Label error = new Label();

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
        Label hint = new Label("Values as the data file holds them (before normalization); Enter predicts.");
        hint.setWrapText(true);
        hint.setMaxWidth(360);
        getChildren().addAll(head, hint, fields, predict, error, probabilities);
        setVisible(false);
        setManaged(false);
    }

    /**
     * Shown for {@code ds} (one of {@code data}'s sets, table-like, up to {@link #MAX_TRY_VALUES} values a sample): a field
     * per value, named as the data file names its columns, holding the first sample as the file has it, predicted at once.
     */
    void showFor(Dataset ds, DataSplit data) {
        int per = ds.sampleShape()[0];
        List<String> names = ds.featureNames().size() == per ? ds.featureNames() : null;
        float[] first = data.normalization().restore(ds.batch(new int[] {0}).inputs()).toFloatArray();
        fields.getChildren().clear();
        inputs.clear();
        for (int j = 0; j < per; j++) {
            TextField f = new TextField(Numbers.compact(first[j]));
            f.setId("try-" + j);
            f.setPrefColumnCount(7);
            f.setOnAction(e -> predictTyped());
            inputs.add(f);
            Label l = new Label(names != null ? names.get(j) : "x" + j);
            l.setMinWidth(Region.USE_PREF_SIZE);
            fields.add(l, (j % 2) * 2, j / 2);
            fields.add(f, (j % 2) * 2 + 1, j / 2);
        }
        probabilities.getChildren().clear();
        error.setText("");
        setVisible(true);
        setManaged(true);
        predictTyped();
    }

    /** Hidden again (another project was opened); the next {@link #showFor} fills it afresh. */
    void clear() {
        setVisible(false);
        setManaged(false);
    }

    /** Predicts on the typed values, normalized as the training data were. */
    public void predictTyped() {
        DataSplit data = session.data();
        if (data == null || session.finished() == null || inputs.isEmpty()) return;
        float[] x = new float[inputs.size()];
        for (int j = 0; j < x.length; j++) {
            TextField f = inputs.get(j);
            try {
                x[j] = Float.parseFloat(f.getText().trim());
                f.getStyleClass().remove("invalid");
            } catch (NumberFormatException e) {
                if (!f.getStyleClass().contains("invalid")) f.getStyleClass().add("invalid");
                error.setText(((Label) fields.getChildren().get(2 * j)).getText() + ": \"" + f.getText() + "\" is not a number");
                return;
            }
        }
        error.setText("");
        Tensor input = data.normalization().apply(Tensor.of(x, 1, x.length));
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

    /** The probabilities the typed sample got, or a regression's prediction (tests). */
    public VBox probabilities() {
        return probabilities;
    }
}
