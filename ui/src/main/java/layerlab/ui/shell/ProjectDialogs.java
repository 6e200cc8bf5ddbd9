package layerlab.ui.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import layerlab.ui.Dialogs;
import layerlab.ui.editor.EditorModel;
import layerlab.ui.exchange.PathChooser;
import layerlab.ui.project.ProjectFiles;

/**
 * What the main window asks and says about its project file: save before the work is lost (and export a long run's
 * weights), recover what a crash left, overwrite a file another
 * program changed, a save or an open that failed (in a dialog, not only the status bar), and the file dialogs.
 */
final class ProjectDialogs {
    private final EditorModel editor;
    private final ProjectFiles files;
    private final Supplier<Stage> stage;
    private final BooleanSupplier running;

    private final Supplier<Duration> unexported;
    private final Runnable exportModel;
    private final Supplier<PathChooser> chooser;

    /**
     * @param running whether a training run is going (it is stopped before the project goes)
     * @param unexported how long the finished run trained whose weights were not exported (zero: none)
     * @param exportModel File › Export › Trained model (.llab)
     * @param chooser the file dialogs (Save As)
     */
    ProjectDialogs(EditorModel editor, ProjectFiles files, Supplier<Stage> stage, BooleanSupplier running, Supplier<Duration> unexported,
                   Runnable exportModel, Supplier<PathChooser> chooser) {
        this.chooser = chooser;
        this.editor = editor;
        this.files = files;
        this.stage = stage;
        this.running = running;
        this.unexported = unexported;
        this.exportModel = exportModel;
    }

    /**
     * A run that trained this long is worth a question before its weights go: a run of seconds is run again as quickly
     * as asked about. (Tests lower it.)
     */
    static Duration worthAsking = Duration.ofMinutes(1);

    /**
     * Whether the finished run's weights may go: none trained long enough to ask about, or the user exported them, or
     * chose not to keep them. Saving the project keeps its drawing and settings, not its weights.
     */
    private boolean confirmDropWeights(String what) {
        Duration trained = unexported.get();
        if (trained.isZero() || trained.compareTo(worthAsking) < 0) return true;
        ButtonType export = new ButtonType("Export Trained Model…", ButtonBar.ButtonData.YES);
        ButtonType drop = new ButtonType("Don't Keep", ButtonBar.ButtonData.NO);
        Alert a = Dialogs.alert(Alert.AlertType.CONFIRMATION, "trainedWeightsDialog", "Trained weights not kept", "Keep the trained weights?",
                "The last run trained for " + took(trained) + ", and its weights are in no file yet: "
                + "saving the project keeps its drawing and settings, not the weights. Export the trained model before " + what + "?",
                export, drop, ButtonType.CANCEL);
        Dialogs.attach(a, stage.get());
        Optional<ButtonType> r = a.showAndWait();
        if (r.isEmpty() || r.get() == ButtonType.CANCEL) return false;
        if (r.get() == export) {
            exportModel.run();
            return unexported.get().isZero();
        }
        return true;
    }

    /** "3 min", "1 h 5 min", "45 s". */
    static String took(Duration d) {
        long s = d.toSeconds();
        if (s < 60) return s + " s";
        long m = s / 60;
        return m < 60 ? m + " min" : m / 60 + " h" + (m % 60 == 0 ? "" : " " + m % 60 + " min");
    }

    /**
     * True when there is no unsaved work and no training run going, or the user saved or chose to discard the work and
     * to stop the run.
     */
    boolean confirmDiscard(String what) {
        if (running.getAsBoolean()) {
            ButtonType stop = new ButtonType("Stop Training", ButtonBar.ButtonData.YES);
            Alert a = Dialogs.alert(Alert.AlertType.CONFIRMATION, "runningDialog", "Training in progress", "Training in progress",
                    "A training run of " + files.displayName() + " is going. Stop it before " + what
                    + "? Its weights are not kept unless exported.", stop, ButtonType.CANCEL);
            Dialogs.attach(a, stage.get());
            Optional<ButtonType> r = a.showAndWait();
            if (r.isEmpty() || r.get() != stop) return false;
        }
        if (!confirmDropWeights(what)) return false;
        // A trained model or ONNX model opened and not changed since is still in its file: nothing to save.
        if (!editor.isDirty() || files.unchangedCopy()) return true;
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Don't Save", ButtonBar.ButtonData.NO);
        Alert a = Dialogs.alert(Alert.AlertType.CONFIRMATION, "unsavedDialog", "Unsaved changes", "Unsaved changes",
                "Save the changes to " + files.displayName() + " before " + what + "?",
                save, discard, ButtonType.CANCEL);
        Dialogs.attach(a, stage.get());
        Optional<ButtonType> r = a.showAndWait();
        if (r.isEmpty() || r.get() == ButtonType.CANCEL) return false;
        if (r.get() == save) {
            save();
            return !editor.isDirty();
        }
        return true;
    }

    /** After a crash: offers the autosaved work; {@code recovered} runs once it is open. */
    void offerRecovery(Runnable recovered) {
        if (!files.hasRecovery()) return;
        // Escape and the window's close button recover too: only a click on Discard deletes the work (with Discard as the
        // dialog's cancel button, a reflexive Escape deleted it for good).
        ButtonType recover = new ButtonType("Recover", ButtonBar.ButtonData.CANCEL_CLOSE);
        ButtonType discard = new ButtonType("Discard", ButtonBar.ButtonData.OTHER);
        Alert a = Dialogs.alert(Alert.AlertType.CONFIRMATION, "recoverDialog", "Recover unsaved work", "Recover unsaved work?",
                "LayerLab did not close properly last time. Recover the unsaved work it kept? "
                + "Discard deletes it for good.", discard, recover);
        Dialogs.enterChooses(a, recover);
        Dialogs.attach(a, stage.get());
        Optional<ButtonType> r = a.showAndWait();
        if (r.isEmpty() || r.get() != discard) {
            try {
                files.recover();
                // Written back at once, not at autosave's next minute: a second crash meanwhile lost the recovered work.
                files.autosave();
                recovered.run();
            } catch (IOException e) {
                editor.messageProperty().set("Could not recover: " + e.getMessage());
            }
        } else {
            files.deleteRecovery();
        }
    }

    void save() {
        if (files.changedOnDisk()) {
            ButtonType overwrite = new ButtonType("Overwrite", ButtonBar.ButtonData.YES);
            ButtonType other = new ButtonType("Save As…", ButtonBar.ButtonData.OTHER);
            // Another window (a classmate's, on a shared project) saved its work: take that, leaving this window's edits.
            ButtonType reload = new ButtonType("Reload Theirs", ButtonBar.ButtonData.LEFT);
            Alert a = Dialogs.alert(Alert.AlertType.WARNING, "changedOnDiskDialog", "File changed on disk", files.displayName() + " changed on disk",
                    files.displayName() + " was changed by another program since it was opened here. "
                    + "Saving overwrites those changes. Save As… keeps both; Reload Theirs opens the file as it is now, "
                    + "and this window's changes are lost.", overwrite, other, reload, ButtonType.CANCEL);
            // Enter keeps the other program's changes: overwriting them takes a deliberate click.
            Dialogs.enterChooses(a, ButtonType.CANCEL);
            Dialogs.attach(a, stage.get());
            Optional<ButtonType> r = a.showAndWait();
            if (r.isEmpty() || r.get() == ButtonType.CANCEL) return;
            if (r.get() == other) {
                saveAs();
                return;
            }
            if (r.get() == reload) {
                Path p = files.fileProperty().get();
                try {
                    files.open(p);
                    editor.messageProperty().set("Reloaded " + files.displayName() + " as it is on disk");
                } catch (IOException e) {
                    couldNotOpen(p, e);
                }
                return;
            }
        }
        try {
            if (!files.save()) saveAs();
            else editor.messageProperty().set("Saved " + files.displayName());
        } catch (IOException e) {
            saveFailed(e);
        }
    }

    /**
     * A save that failed (a full disk, a folder gone or read-only) is said in a dialog, not only in the status bar, where
     * it went unseen and the user believed the work saved. It offers Save As… at once (its default button): a project
     * opened from a read-only folder (a course folder, a sample IT installed) is saved in one's own.
     */
    private void saveFailed(IOException e) {
        editor.messageProperty().set("Could not save: " + e.getMessage());
        ButtonType elsewhere = new ButtonType("Save As…", ButtonBar.ButtonData.YES);
        Alert a = Dialogs.alert(Alert.AlertType.ERROR, "saveFailedDialog", "Could not save", "Could not save " + files.displayName(),
                e.getMessage() + "\n\nThe project is still open here, unsaved: Save As… saves it in another folder.",
                elsewhere, ButtonType.CANCEL);
        Dialogs.enterChooses(a, elsewhere);
        Dialogs.attach(a, stage.get());
        if (a.showAndWait().orElse(ButtonType.CANCEL) == elsewhere) saveAs();
    }

    void saveAs() {
        Path current = files.fileProperty().get();
        Path folder = files.folderToWrite();
        String name = files.displayName().endsWith(".json") ? files.displayName() : files.displayName() + ".json";
        Path chosen = chooser.get().save(stage.get(), "Save project as", "LayerLab project", "json", folder, name);
        if (chosen == null) return;
        // The file dialog asked about replacing the name typed, not the one with .json added; the project's own file it may.
        Path p = Dialogs.withExtension(chosen, "json").equals(current) ? current : Dialogs.withExtensionOrAsk(chosen, "json", stage.get());
        if (p == null) return;
        try {
            files.saveAs(p);
            editor.messageProperty().set("Saved " + files.displayName());
        } catch (IOException e) {
            saveFailed(e);
        }
    }

    FileChooser chooser(String title) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("LayerLab project", "*.json"));
        if (title.startsWith("Open")) fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Trained model (bundle)", "*.llab"));
        Path f = files.fileProperty().get();
        if (f != null && f.toAbsolutePath().getParent() != null) fc.setInitialDirectory(f.toAbsolutePath().getParent().toFile());
        return fc;
    }

    /**
     * A recent file that is not there (moved, deleted, or on a network or USB drive not connected now): said so, not as a
     * bare path in an error. True when the user takes it off the recent files; Keep leaves it for when the drive is back.
     */
    boolean recentNotThere(Path p) {
        editor.messageProperty().set("Could not open " + p.getFileName() + ": it is not there");
        ButtonType remove = new ButtonType("Remove from Recent", ButtonBar.ButtonData.YES);
        ButtonType keep = new ButtonType("Keep", ButtonBar.ButtonData.CANCEL_CLOSE);
        Path folder = p.toAbsolutePath().getParent();
        Alert a = Dialogs.alert(Alert.AlertType.WARNING, "recentNotThereDialog", "File not found", p.getFileName() + " is not there",
                p + " is not there now: it was moved, renamed or deleted"
                + (folder != null && !java.nio.file.Files.isDirectory(folder)
                        ? ", or it is on a drive that is not connected now (its folder " + folder + " is not there either)." : ".")
                + "\n\nKeep it in File › Recent for when it is back, or remove it.", remove, keep);
        Dialogs.enterChooses(a, keep);
        Dialogs.attach(a, stage.get());
        return a.showAndWait().orElse(keep) == remove;
    }

    /** An open that failed: said in the status line and in a dialog. */
    void couldNotOpen(Path p, IOException e) {
        editor.messageProperty().set("Could not open " + p.getFileName() + ": " + e.getMessage());
        Alert a = new Alert(Alert.AlertType.ERROR, e.getMessage());
        a.setTitle("Could not open " + p.getFileName());
        a.setHeaderText("Could not open " + p.getFileName());
        Dialogs.attach(a, stage.get());
        a.showAndWait();
    }
}
