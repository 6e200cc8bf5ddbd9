package layerlab.ui.train;

import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The training form's run controls: Start, Pause/Resume, Step and Stop, Go On, the start-from-last tick, the progress
 * bar and line ({@link #progress}, kept apart from the form) and the run's status. They follow {@link TrainingSession}'s state.
 */
final class RunControls {
    private final TrainingSession session;
    final Button start = new Button("Start"), pause = new Button("Pause") {
        /** As wide as its other label, "Resume", so that the row does not change its width when a run pauses. */
        @Override
        protected double computePrefWidth(double height) {
            return super.computePrefWidth(height) + Math.max(0, textWidth("Resume") - textWidth(getText()));
        }

        private double textWidth(String s) {
            javafx.scene.text.Text t = new javafx.scene.text.Text(s);
            t.setFont(getFont());
            return t.getLayoutBounds().getWidth();
        }
    }, step = new Button("Step"), stop = new Button("Stop");
    /** Train on from the last run's weights instead of fresh ones (not kept in the project). */
    private final CheckBox fromLast = new CheckBox("Start from the last run's weights");
    /** Goes on with the last run (its optimiser and schedule too); its text says how far. */
    final Button goOn = new Button("Go On");
    private final List<Node> nodes;
    private final VBox progressBox;
    /** The Epochs setting: how many more epochs Go On trains after a completed run. */
    private final IntSupplier moreEpochs;
    private IntConsumer onGoOn;

    RunControls(TrainingSession session, Runnable onStart, Runnable onStep, IntSupplier moreEpochs) {
        this.session = session;
        this.moreEpochs = moreEpochs;
        start.setId("trainStart");
        pause.setId("trainPause");
        step.setId("trainStep");
        stop.setId("trainStop");
        start.setTooltip(new Tooltip("Start training (Ctrl+Enter)"));
        stop.setTooltip(new Tooltip("Stop after this batch (Esc)"));
        step.setTooltip(new Tooltip("Train one batch, then pause"));
        start.setDefaultButton(false);
        start.setOnAction(e -> onStart.run());
        pause.setOnAction(e -> {
            if (session.state() == TrainingSession.State.PAUSED) session.resume();
            else session.pause();
        });
        step.setOnAction(e -> onStep.run());
        stop.setOnAction(e -> session.stop());
        HBox buttons = new HBox(4, start, pause, step, stop);
        for (Button b : List.of(start, pause, step, stop)) {
            b.setMaxWidth(Double.MAX_VALUE);
            // Never "St…": a button keeps room for its whole label (Pause becomes the wider "Resume"); the panel's
            // least width leaves room for all four.
            b.setMinWidth(Region.USE_PREF_SIZE);
            // A little less padding than a dialog's buttons: the four fit the panel's usual 290 px.
            b.setStyle("-fx-padding: 0.333333em 0.5em 0.333333em 0.5em");
            HBox.setHgrow(b, Priority.ALWAYS);
        }
        ProgressBar bar = new ProgressBar();
        bar.setId("trainProgress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(session.progressProperty());
        Label progress = new Label();
        progress.setId("trainProgressText");
        progress.setWrapText(true);
        progress.textProperty().bind(session.progressTextProperty());
        Label status = new Label();
        status.setId("trainStatus");
        status.setWrapText(true);
        status.textProperty().bind(session.statusProperty());
        fromLast.setId("trainFromLast");
        fromLast.setWrapText(true);
        fromLast.selectedProperty().bindBidirectional(session.continueFromLastProperty());
        fromLast.setTooltip(new Tooltip("The next run starts where the last one ended (to train on, or to fine-tune after changing the head): "
                + "each layer whose weights still fit starts from them, a new or reshaped one fresh. The optimiser's state and the "
                + "scheduler start afresh. Unticked: fresh weights from the seed."));
        goOn.setId("trainGoOn");
        goOn.setMaxWidth(Double.MAX_VALUE);
        goOn.setMinWidth(Region.USE_PREF_SIZE);
        goOn.setTooltip(new Tooltip("Go on with the last run as if it had never stopped: its weights, the optimiser's state (momentum, Adam's "
                + "averages), the schedule and its place in the data, with the settings it was trained with — to its last epoch when it "
                + "was stopped, else for as many more epochs as Epochs says. Its curves continue the last run's."));
        goOn.setOnAction(e -> {
            if (onGoOn != null) onGoOn.accept(moreEpochs.getAsInt());
        });
        // What one clicks stays together and in its place: the run's buttons, Go On and the start-from-last tick, then
        // how it ended under them. The status grows by lines when a run ends: above Go On and the tick, it moved both
        // under the pointer just as one reached for them (a tick aimed at meant Go On). The run's end scrolls the status
        // into view (Dashboard).
        nodes = List.of(buttons, goOn, fromLast, status);
        // How the run goes sits under the scrolling form, always in view (Dashboard): inside it, at 150 % text on a
        // 720-px screen the progress line was below the fold while a run went. It wraps to a second line or back as its
        // figures change (samples/s), moving nothing one clicks.
        progressBox = new VBox(4, bar, progress);
        progressBox.setId("trainProgressBox");
    }

    /** The controls in their order, each a child of the form (the Dashboard finds the row of buttons among them). */
    List<Node> nodes() {
        return nodes;
    }

    /** The progress bar and line, for a place outside the scrolling form. */
    Node progress() {
        return progressBox;
    }

    /** What Go On does: called with the Epochs setting (how many more epochs after a completed run). */
    void setGoOn(IntConsumer action) {
        onGoOn = action;
        updateGoOn();
    }

    /** Enables what the session's state allows. */
    void followState() {
        TrainingSession.State s = session.state();
        start.setDisable(s.active());
        pause.setDisable(s != TrainingSession.State.RUNNING && s != TrainingSession.State.PAUSED);
        pause.setText(s == TrainingSession.State.PAUSED ? "Resume" : "Pause");
        step.setDisable(s == TrainingSession.State.RUNNING || s == TrainingSession.State.PREPARING);
        stop.setDisable(!s.active());
        fromLast.setDisable(!session.canContinue());
        updateGoOn();
    }

    /**
     * Go On is enabled once there is a run to go on with, labelled by how far it would go; before that, and while a run
     * goes, it is disabled in its place, so that the panel never jumps when a run ends (it appeared there, and what
     * was under the pointer became Go On).
     */
    void updateGoOn() {
        if (session.state().active()) {
            goOn.setDisable(true);
            return;
        }
        String text = onGoOn == null ? null : session.goOnText(moreEpochs.getAsInt());
        goOn.setDisable(text == null);
        goOn.setText(text == null ? "Go On" : text);
    }
}
