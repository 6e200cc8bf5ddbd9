package layerlab.ui;

import java.nio.file.Path;
import javafx.application.Platform;
import javafx.stage.Stage;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.shell.ShellModel;
import layerlab.ui.shell.UiPrefs;

/**
 * The main window as the UI tests open it in their {@code @Start}: fresh preferences, a recovery file of the test's
 * own, in the screen's top-left corner at the given size (what the tests' layouts and screenshots are measured at).
 */
public final class TestWindows {
    private TestWindows() {
    }

    public static MainWindow open(Stage stage, Path recovery, double width, double height) {
        Platform.setImplicitExit(false);
        MainWindow window = new MainWindow(new ShellModel("CPU", 2), new UiPrefs(new MemoryPreferences()), recovery);
        window.show(stage);
        stage.setX(0);
        stage.setY(0);
        stage.setWidth(width);
        stage.setHeight(height);
        return window;
    }
}
