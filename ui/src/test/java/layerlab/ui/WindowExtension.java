package layerlab.ui;

import java.util.concurrent.ExecutionException;
import javafx.stage.Stage;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Opens a {@link WindowTest}'s window before each of its tests and closes what the test left open after it, as TestFX's
 * {@code ApplicationExtension} does for an {@code @Start} method (which it looks for only in the test class itself, not
 * in a class it extends): the primary stage registered, the window opened on it on the JavaFX thread; afterwards every
 * window hidden (the main window's hiding disposes it: its autosave, runs and data watch stop) and the keys and mouse
 * buttons a failed test left pressed released. Test methods and {@code @BeforeEach} methods take an {@link FxRobot}.
 */
public final class WindowExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        WindowTest test = (WindowTest) context.getRequiredTestInstance();
        onFx(() -> {
            test.stage = stage;
            test.window = test.open(stage);
            test.editor = test.window.editor();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        FxToolkit.cleanupStages();
        FxToolkit.cleanupInput(new FxRobot());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FxRobot.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return new FxRobot();
    }

    private interface FxWork {
        void run() throws Exception;
    }

    /** Runs {@code work} on the JavaFX thread and waits for it; what it throws is thrown here, not wrapped. */
    private static void onFx(FxWork work) throws Exception {
        try {
            WaitForAsyncUtils.asyncFx(() -> {
                work.run();
                return null;
            }).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) throw x;
            if (e.getCause() instanceof Error x) throw x;
            throw e;
        }
    }
}
