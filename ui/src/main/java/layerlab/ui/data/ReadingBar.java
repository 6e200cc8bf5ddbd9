package layerlab.ui.data;

import javafx.animation.PauseTransition;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import layerlab.io.ReadProgress;

/**
 * While a data set is read: a bar, "Reading big.csv — 45 % (120 of 270 MB)" and Cancel. Shown only once a read has gone on
 * for a moment, so that a small data set's preview does not flash it. Used on the JavaFX thread.
 */
final class ReadingBar extends VBox {
    /** How long a read goes on before the bar shows. */
    static final Duration AFTER = Duration.millis(300);

    private final ProgressBar bar = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
    private final Label text = new Label();
    private final Button cancel = new Button("Cancel");
    private final PauseTransition wait = new PauseTransition(AFTER);
    private boolean reading;

    ReadingBar() {
        super(3);
        setId("dataReading");
        bar.setId("dataReadingBar");
        text.setId("dataReadingText");
        text.setWrapText(true);
        cancel.setId("dataReadingCancel");
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, Priority.ALWAYS);
        HBox line = new HBox(6, bar, cancel);
        line.setAlignment(Pos.CENTER_LEFT);
        // The bar and Cancel first: the text may take two lines ("…, making the samples…"), and Cancel must not move
        // from under the pointer as it does.
        getChildren().setAll(line, text);
        wait.setOnFinished(e -> {
            if (reading) shown(true);
        });
        shown(false);
    }

    /** A read starts; {@code onCancel} stops it. */
    void start(String what, Runnable onCancel) {
        reading = true;
        bar.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
        text.setText("Reading " + what + "…");
        cancel.setDisable(false);
        cancel.setOnAction(e -> {
            cancel.setDisable(true);
            text.setText("Cancelling…");
            onCancel.run();
        });
        wait.playFromStart();
    }

    /** How far the read is. */
    void show(ReadProgress p) {
        if (!reading || cancel.isDisabled()) return;
        text.setText(p.toString());
        bar.setProgress(p.total() > 0 ? p.fraction() : ProgressBar.INDETERMINATE_PROGRESS);
    }

    /** The read ended (read, failed or cancelled). */
    void stop() {
        reading = false;
        wait.stop();
        shown(false);
    }

    boolean reading() {
        return reading;
    }

    private void shown(boolean on) {
        setVisible(on);
        setManaged(on);
        // Cancel hidden with the bar, itself too: a hidden bar's button still counted as shown to a lookup of "Cancel"
        // (TestFX clicked it, under a dialog's own Cancel).
        cancel.setVisible(on);
    }
}
