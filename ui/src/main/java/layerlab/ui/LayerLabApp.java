package layerlab.ui;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import layerlab.backend.BackendProvider;
import layerlab.backend.Backends;
import layerlab.backend.cpu.Parallel;
import layerlab.tensor.Device;
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
    /**
     * The system property that makes a start a warm-up: the window opens (on Monocle's headless screen) as it would for a
     * user, is drawn a few times, and Java exits. The launcher records the classes loaded so into its class-data archive.
     */
    public static final String WARM_UP = "layerlab.warmUp";
    private static final int WARM_UP_FRAMES = 30;

    /** The CUDA GPU's name for the status bar ("NVIDIA H200"), or null where CUDA is unavailable (probed once, cached). */
    static String gpuName() {
        BackendProvider.Availability cuda = Backends.availability(Device.Kind.CUDA);
        // The detail reads "NAME, 139 GiB, compute 9.0, driver 13.0".
        return cuda.available() ? cuda.detail().split(",")[0].trim() : null;
    }

    @Override
    public void start(Stage stage) {
        // A warm-up opens the window as for a user, but with settings of its own: it is run by a launcher or an installer's
        // build, never by the user, and must neither take the user's window size and theme nor leave its own behind.
        UiPrefs prefs = Boolean.getBoolean(WARM_UP) ? new UiPrefs(new MemoryPreferences()) : UiPrefs.forUser();
        MainWindow w = new MainWindow(new ShellModel("CPU", Parallel.threads(), gpuName()), prefs);
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
        Platform.runLater(w::sayWhatIsNotKept);
        if (Boolean.getBoolean(WARM_UP)) exitAfterFrames(WARM_UP_FRAMES);
    }

    /** Exits Java once {@code frames} frames have been drawn (half a second at 60 per second), whatever the window holds. */
    private static void exitAfterFrames(int frames) {
        new javafx.animation.AnimationTimer() {
            private int drawn;

            @Override
            public void handle(long now) {
                if (++drawn >= frames) {
                    stop();
                    System.exit(0);
                }
            }
        }.start();
    }
}
