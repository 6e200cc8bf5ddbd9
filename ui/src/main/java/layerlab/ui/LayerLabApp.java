package layerlab.ui;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import layerlab.backend.cpu.Parallel;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.shell.ShellModel;
import layerlab.ui.shell.UiPrefs;

/**
 * The JavaFX application: one main window, remembered in the user's preferences. It opens the project named on
 * the command line, else a sample (SimpleCNN) with the start page over it on the first run (or always, if the user
 * asked), and then offers to recover work a crash left unsaved.
 */
public final class LayerLabApp extends Application {
    /** The sample shown when LayerLab starts without a project. */
    public static final String START_SAMPLE = "simple-cnn.json";

    @Override
    public void start(Stage stage) {
        MainWindow w = new MainWindow(new ShellModel("CPU", Parallel.threads()), UiPrefs.forUser());
        w.show(stage);
        List<String> args = getParameters().getRaw();
        if (!args.isEmpty()) {
            w.openPath(Path.of(args.get(0)));
        } else {
            // The sample opens behind the start page, so closing the page leaves a network to play with.
            w.openSampleAtStart(START_SAMPLE);
            Platform.runLater(w::showStartPageIfDue);
        }
        Platform.runLater(w::offerRecovery);
    }
}
