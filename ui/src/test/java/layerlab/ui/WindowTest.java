package layerlab.ui;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import javafx.stage.Stage;
import layerlab.ui.editor.EditorModel;
import layerlab.ui.shell.MainWindow;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test in the real main window (headless under Monocle), as a person uses it: each test starts in a window of its own,
 * opened by {@link #open} (by default {@link TestWindows#open} at 1240×780, or the class's {@link Size}, with a recovery file
 * in the class's folder),
 * and takes an {@link org.testfx.api.FxRobot} as a parameter to drive it. {@link WindowExtension} does what TestFX's
 * {@code ApplicationExtension} and an {@code @Start} method did in every class.
 */
@ExtendWith(WindowExtension.class)
public abstract class WindowTest {
    /** The class's folder: the windows' recovery file, and whatever else its tests write. */
    @TempDir
    protected static Path dir;
    /** The stage the window is shown on: the same from test to test. */
    protected Stage stage;
    protected MainWindow window;
    protected EditorModel editor;

    /** The size of the class's windows, where it is not 1240×780 (what its layouts and screenshots are measured at). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface Size {
        double width();

        double height();
    }

    /**
     * Opens this test's window on {@code stage} (on the JavaFX thread); a class that needs another text size, recovery file
     * or preferences overrides it.
     */
    protected MainWindow open(Stage stage) throws Exception {
        Size size = getClass().getAnnotation(Size.class);
        return TestWindows.open(stage, dir.resolve("recovery.json"), size == null ? 1240 : size.width(), size == null ? 780 : size.height());
    }
}
