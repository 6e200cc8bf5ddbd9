package layerlab.ui.exchange;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import layerlab.data.Normalization;
import layerlab.graph.Graph;
import layerlab.train.ModelLabels;
import layerlab.ui.Captions;

/**
 * Asks what a model imported from elsewhere came without: how its inputs were normalized in training and the names
 * of its classes ({@link ModelLabels}, as {@code layerlab import --mean --std --classes}). torch.onnx.export keeps
 * neither, and a torchvision model given raw pixels predicts nonsense without saying so.
 */
final class ModelLabelsDialog {
    /** The answer: null where the user gave nothing; {@code resize} 0 where pictures are stretched whole. */
    record Labels(Normalization normalization, List<String> classes, int resize) {}

    static final String AS_IS = "As they are (pixel values 0–1)";
    static final String IMAGENET = "ImageNet's (torchvision's models)";
    static final String OTHER = "Another mean and std (transforms.Normalize)";
    static final String STRETCHED = "Stretched whole to the input's size";

    /**
     * torchvision's evaluation framing for an input of {@code h × w}: {@code Resize} of the shorter side to
     * {@code round(min(h, w) / 0.875)} (256 for 224, 342 for 299), then {@code CenterCrop}; 0 for an input too small to say.
     */
    static int evaluationResize(int h, int w) {
        return Math.min(h, w) < 8 ? 0 : (int) Math.round(Math.min(h, w) / 0.875);
    }

    static String cropped(int resize, int h, int w) {
        return "Resize(" + resize + "), then CenterCrop(" + (h == w ? String.valueOf(h) : h + ", " + w) + ") — torchvision's evaluation";
    }

    private ModelLabelsDialog() {}

    /**
     * Whether to ask for {@code g}: an image model (one Input of {@code [C, H, W]}) that came with neither a normalization
     * nor class names.
     */
    static boolean applies(Graph g, Normalization norm, List<String> classes) {
        int[] sample = ModelLabels.inputSample(g);
        return norm == null && classes.isEmpty() && sample != null && sample.length == 3;
    }

    /** The dialog for {@code g}, read from {@code file}; the class names' file is asked for with {@code chooser}. */
    static Optional<Labels> ask(Window owner, Graph g, Path file, PathChooser chooser) {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("Import ONNX");
        d.setHeaderText("What does " + file.getFileName() + " expect?");
        d.getDialogPane().setId("modelLabelsDialog");
        layerlab.ui.Dialogs.attach(d, owner);
        ButtonType use = new ButtonType("Use these", ButtonBar.ButtonData.OK_DONE), skip = new ButtonType("Skip", ButtonBar.ButtonData.CANCEL_CLOSE);
        d.getDialogPane().getButtonTypes().setAll(use, skip);

        Label why = new Label("An ONNX model from PyTorch keeps neither how its inputs were normalized in training (torchvision's "
                + "transforms.Normalize runs before the model), how pictures were framed, nor the names of its classes. Predictions and "
                + "exports use what you give here.");
        why.setWrapText(true);
        // Widths in em, as wide at 200 % text as at 100 % in words: 560 px kept the text in a narrow column 8 lines tall,
        // which put the buttons below a projector's screen.
        why.setStyle("-fx-max-width: 43em");
        // Wrapped labels keep all their lines when a longer class list makes the dialog lay out again.
        why.setMinHeight(Region.USE_PREF_SIZE);
        ChoiceBox<String> kind = new ChoiceBox<>();
        kind.setId("labelsNormalization");
        kind.getItems().setAll(AS_IS, IMAGENET, OTHER);
        kind.setValue(AS_IS);
        TextField mean = new TextField(), std = new TextField();
        mean.setId("labelsMean");
        std.setId("labelsStd");
        mean.setPromptText("0.5, 0.5, 0.5");
        std.setPromptText("0.25, 0.25, 0.25");
        mean.disableProperty().bind(kind.valueProperty().isNotEqualTo(OTHER));
        std.disableProperty().bind(kind.valueProperty().isNotEqualTo(OTHER));
        // ImageNet's values shown as they are used; another choice starts from empty fields.
        kind.valueProperty().addListener((o, was, now) -> {
            boolean imagenet = IMAGENET.equals(now);
            mean.setText(imagenet ? text(ModelLabels.IMAGENET_MEAN) : "");
            std.setText(imagenet ? text(ModelLabels.IMAGENET_STD) : "");
        });
        // How a picture becomes the input: stretched whole, or as torchvision's evaluation transforms frame it (ImageNet's
        // models expect that; chosen with ImageNet's normalization, and free to change).
        int[] sample = ModelLabels.inputSample(g);
        int h = sample[1], w = sample[2], resize = evaluationResize(h, w);
        ChoiceBox<String> framing = new ChoiceBox<>();
        framing.setId("labelsFraming");
        framing.getItems().add(STRETCHED);
        if (resize > 0) framing.getItems().add(cropped(resize, h, w));
        framing.setValue(STRETCHED);
        kind.valueProperty().addListener((o, was, now) -> {
            if (resize > 0) framing.setValue(IMAGENET.equals(now) ? cropped(resize, h, w) : STRETCHED);
        });
        Label classes = new Label("none (outputs by number)");
        classes.setId("labelsClasses");
        classes.setWrapText(true);
        classes.setStyle("-fx-max-width: 31em");
        classes.setMinHeight(Region.USE_PREF_SIZE);
        Button fromFile = new Button("From a file…");
        fromFile.setId("labelsClassesFile");
        Label error = new Label();
        error.setId("labelsError");
        error.setWrapText(true);
        error.setStyle("-fx-text-fill: #c0392b; -fx-max-width: 43em");
        error.setMinHeight(Region.USE_PREF_SIZE);
        List<List<String>> names = new java.util.ArrayList<>(List.of(List.of()));
        // A dialog keeps its first size: grown to fit a longer class list or a message, or its buttons go below its edge.
        Runnable fit = () -> {
            if (d.getDialogPane().getScene() != null && d.getDialogPane().getScene().getWindow() != null) d.getDialogPane().getScene().getWindow().sizeToScene();
        };
        fromFile.setOnAction(e -> {
            Path f = chooser.open(owner, "Class names (a name a line)", "Text file", "txt", file.toAbsolutePath().getParent());
            if (f == null) return;
            try {
                List<String> read = ModelLabels.classes(g, ModelLabels.readNames(f), f.getFileName().toString());
                names.set(0, read);
                classes.setText(read.size() + " from " + f.getFileName() + ": " + String.join(", ", read.subList(0, Math.min(5, read.size())))
                        + (read.size() > 5 ? ", …" : ""));
                error.setText("");
            } catch (IOException | IllegalArgumentException ex) {
                error.setText(ex.getMessage());
            }
            fit.run();
        });

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, Captions.names(label("Inputs normalized"), kind), kind);
        grid.addRow(1, Captions.names(label("mean"), mean), mean);
        grid.addRow(2, Captions.names(label("std"), std), std);
        grid.addRow(3, Captions.names(label("Pictures"), framing), framing);
        grid.addRow(4, Captions.names(label("Class names"), classes), new VBox(4, classes, fromFile));
        d.getDialogPane().setContent(new VBox(10, why, grid, error));

        Normalization[] norm = {null};
        // Checked when the user confirms: a mean or std that does not fit keeps the dialog open, saying why.
        d.getDialogPane().lookupButton(use).addEventFilter(ActionEvent.ACTION, e -> {
            try {
                norm[0] = switch (kind.getValue()) {
                    case IMAGENET -> ModelLabels.normalization(g, ModelLabels.IMAGENET_MEAN, ModelLabels.IMAGENET_STD);
                    case OTHER -> ModelLabels.normalization(g, numbers("mean", mean.getText()), numbers("std", std.getText()));
                    default -> null;
                };
            } catch (IllegalArgumentException ex) {
                error.setText(ex.getMessage());
                fit.run();
                e.consume();
            }
        });
        // The focus starts on the first question, not on "Use these": from the keyboard, ↓ or Space opens the choices at
        // once, Enter still takes the answers and Esc skips.
        // (After the dialog has given it to its default button, as it does once shown.)
        d.setOnShown(e -> javafx.application.Platform.runLater(kind::requestFocus));
        if (d.showAndWait().orElse(skip) != use) return Optional.empty();
        return Optional.of(new Labels(norm[0], names.get(0), STRETCHED.equals(framing.getValue()) ? 0 : resize));
    }

    /** A row's name, never cut short (the choice's popup once squeezed it to "Inputs normal…"). */
    private static Label label(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static String text(double[] v) {
        return String.join(", ", Arrays.stream(v).mapToObj(Double::toString).toList());
    }

    /** "0.5, 0.4 0.3" → its numbers. */
    static double[] numbers(String what, String text) {
        String[] parts = text.strip().split("[,\\s]+");
        if (text.isBlank()) throw new IllegalArgumentException(what + ": give one number for all channels, or one each");
        try {
            return Arrays.stream(parts).mapToDouble(Double::parseDouble).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": \"" + text.strip() + "\" is not a list of numbers");
        }
    }
}
