package layerlab.ui;

import javafx.application.Application;
import javafx.stage.Stage;
import layerlab.backend.cpu.Parallel;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.shell.ShellModel;
import layerlab.ui.shell.UiPrefs;

/** The JavaFX application: one main window, remembered in the user's preferences. */
public final class LayerLabApp extends Application {
    @Override
    public void start(Stage stage) {
        new MainWindow(new ShellModel("CPU", Parallel.threads()), UiPrefs.forUser()).show(stage);
    }
}
