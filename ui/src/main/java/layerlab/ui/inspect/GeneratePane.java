package layerlab.ui.inspect;

import java.util.List;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import layerlab.data.NextTokens;
import layerlab.data.Vocabulary;
import layerlab.train.Sampling;
import layerlab.ui.train.TrainingSession;

/**
 * The Results tab's "Generate" for a model trained on next tokens (the SurnameGenerator sample): a temperature slider, a
 * start text, a seed and a count, and the texts the finished model draws ({@link Sampling}, in the engine, off the
 * JavaFX thread, without gradients). The same settings give the same texts, as {@code layerlab generate} prints them.
 * Hidden for other models.
 */
public final class GeneratePane extends VBox {
    private final TrainingSession session;
    private final Slider temperature = new Slider(0.1, 2.0, 1.0);
    private final Label temperatureValue = new Label();
    private final TextField start = new TextField();
    private final Spinner<Integer> seed = new Spinner<>(0, Integer.MAX_VALUE, 0);
    private final Spinner<Integer> count = new Spinner<>(1, 100, 10);
    private final Button generate = new Button("Generate");
    private final ListView<String> texts = new ListView<>();
    private final Label error = new Label(), hint = new Label();
    /** How the finished model reads its texts; null while hidden. */
    private Vocabulary vocabulary;

    public GeneratePane(TrainingSession session) {
        super(6);
        this.session = session;
        setId("generateBox");
        Label head = new Label("Generate");
        head.setStyle("-fx-font-weight: bold");
        hint.setWrapText(true);
        hint.setMaxWidth(360);
        temperature.setId("generateTemperature");
        // Ticks at 0.1, 0.6, 1.1 … would be labelled so (a slider counts them from its minimum): the value beside it says the number.
        temperature.setMajorTickUnit(0.1);
        temperature.setMinorTickCount(0);
        temperature.setShowTickMarks(true);
        temperature.setPrefWidth(200);
        temperature.setTooltip(new Tooltip("Below 1 the likeliest next letters, above 1 rarer ones more often; 1: the model's own probabilities"));
        temperatureValue.setId("generateTemperatureValue");
        temperature.valueProperty().addListener((o, a, b) -> temperatureValue.setText(show(b.doubleValue())));
        temperatureValue.setText(show(temperature.getValue()));
        start.setId("generateStart");
        start.setPromptText("optional: how each begins");
        start.setPrefColumnCount(12);
        start.setOnAction(e -> generate());
        seed.setId("generateSeed");
        seed.setEditable(true);
        seed.setPrefWidth(100);
        seed.setTooltip(new Tooltip("The same seed draws the same texts (layerlab generate --seed)"));
        count.setId("generateCount");
        count.setEditable(true);
        count.setPrefWidth(80);
        // Enter in Seed or How many takes the number typed and generates, as Enter in Start does (it only took the number).
        for (Spinner<Integer> s : List.of(seed, count)) s.getEditor().addEventHandler(javafx.event.ActionEvent.ACTION, e -> {
            try {
                s.commitValue();
            } catch (RuntimeException notANumber) {
                s.cancelEdit();
                return;
            }
            generate();
        });
        generate.setId("generateButton");
        generate.setOnAction(e -> generate());
        texts.setId("generateTexts");
        texts.setPrefHeight(240);
        texts.setMaxWidth(360);
        texts.setPlaceholder(new Label("Generate draws new texts here"));
        error.setId("generateError");
        error.getStyleClass().add("field-error");
        error.setWrapText(true);
        error.setMaxWidth(360);
        GridPane form = new GridPane();
        form.setHgap(6);
        form.setVgap(4);
        form.addRow(0, new Label("Temperature"), temperature, temperatureValue);
        form.addRow(1, new Label("Start"), start);
        form.addRow(2, new Label("Seed"), seed);
        form.addRow(3, new Label("How many"), count);
        form.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(head, hint, form, generate, error, texts);
        hide();
    }

    private static String show(double t) {
        return String.format(Locale.ROOT, "%.2f", t);
    }

    /** Whether a model trained on {@code vocabulary}'s texts generates texts here. */
    static boolean takes(Vocabulary vocabulary) {
        return NextTokens.isNextToken(vocabulary);
    }

    /** Shown for the finished model, which reads texts as {@code v} (one it {@link #takes}); generates at once. */
    void showFor(Vocabulary v, String noun) {
        vocabulary = v;
        hint.setText("New " + noun + " from the trained model, drawn one " + (v.level() == Vocabulary.Level.CHARACTERS ? "letter" : "word")
                + " at a time from softmax(scores / temperature) until <eos>, as layerlab generate draws them.");
        error.setText("");
        setVisible(true);
        setManaged(true);
        generate();
    }

    void hide() {
        vocabulary = null;
        texts.getItems().clear();
        error.setText("");
        setVisible(false);
        setManaged(false);
    }

    /** A refused setting named by its field's label ("How many must be at least 1, got 0"), not the engine's component name. */
    static String refusal(Sampling.BadOption e) {
        String field = switch (e.option()) {
            case "count" -> "How many";
            case "temperature" -> "Temperature";
            default -> e.option();
        };
        return field + " " + e.problem();
    }

    /** The result of one Generate: the texts, or why there are none. */
    private record Drawn(List<String> texts, String error) {}

    /** Draws the texts the settings ask for on the finished model, off the JavaFX thread. */
    public void generate() {
        Vocabulary v = vocabulary;
        if (v == null) return;
        Sampling.Options o;
        try {
            o = new Sampling.Options(count.getValue(), temperature.getValue(), seed.getValue(), start.getText(), 0);
        } catch (Sampling.BadOption e) {
            error.setText(refusal(e));
            return;
        }
        session.afterRun("generate", t -> {
            try {
                return new Drawn(Sampling.generate(t.model(), v, o), null);
            } catch (IllegalArgumentException e) {
                return new Drawn(List.of(), e.getMessage());
            }
        }, d -> {
            if (v != vocabulary) return;
            error.setText(d.error() == null ? "" : d.error());
            texts.getItems().setAll(d.texts());
        });
    }

    /** The generated texts, as listed (tests). */
    public List<String> texts() {
        return List.copyOf(texts.getItems());
    }

    public Slider temperature() {
        return temperature;
    }

    public Label error() {
        return error;
    }
}
