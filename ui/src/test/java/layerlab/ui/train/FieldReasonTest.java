package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.event.ActionEvent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import layerlab.optim.EpochExpression;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.shell.TextSize;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A refused value is said at its field, not only in the error line at the bottom of the long training form: the field is
 * outlined red and its tooltip (and what a screen reader says of it) gives the reason first, its help under it, shown
 * beside the field while it has the focus (a keyboard has no pointer to rest on it); once the
 * value is mended the field's own tooltip is back. The scheduler's lr_lambda and the Epochs field, at 200 % text. With
 * {@code -Dlayerlab.screenshots=DIR} the form is written with the lr_lambda refused.
 */
class FieldReasonTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.projector(stage, dir.resolve("recovery.json"), 1280, 720, TextSize.LARGEST);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRefusedLrLambdaSaysWhyAtItsFieldUntilMended(FxRobot robot) throws Exception {
        TestWindows.sample(robot, window, "iris.json");
        ComboBox<String> scheduler = robot.lookup("#trainScheduler").queryAs(ComboBox.class);
        robot.interact(() -> scheduler.setValue("LambdaLR"));
        WaitForAsyncUtils.waitForFxEvents();
        TextField lambda = field(robot, "#train-scheduler-lr_lambda");
        assertEquals(EpochExpression.HELP, lambda.getTooltip().getText(), "the help before");

        set(robot, lambda, "0.95 ** y");
        String error = robot.lookup("#trainError").queryLabeled().getText();
        assertTrue(error.startsWith("training.scheduler.lr_lambda: unexpected \"y\""), error);
        TextField refused = field(robot, "#train-scheduler-lr_lambda");
        assertTrue(refused.getStyleClass().contains("invalid"), "outlined");
        assertEquals(error + "\n\n" + EpochExpression.HELP, refused.getTooltip().getText(), "the reason first, the help under it");
        assertEquals(error, refused.getAccessibleHelp());
        // With the keyboard: the reason shows beside the field while it has the focus.
        robot.interact(() -> robot.lookup("#train-scheduler-lr_lambda").query().requestFocus());
        TestWindows.awaitPulses(stage.getScene(), 2);
        assertTrue(refused.getTooltip().isShowing(), "the reason beside the focused field");
        javafx.geometry.Bounds at = refused.localToScreen(refused.getLayoutBounds());
        assertEquals(at.getMinY(), refused.getTooltip().getAnchorY(), 1, "level with the field");
        assertEquals(at.getMaxX() + 6, refused.getTooltip().getAnchorX(), 1, "right of it");
        TestWindows.screenshot(robot, stage, "lr-lambda-refused-window-200.png");
        snapshotTip(robot, refused.getTooltip(), "lr-lambda-refused-tip-200.png");
        LargeTextTrainingFormTest.snapshot(robot, robot.lookup("#trainingPanel").query(), "lr-lambda-refused-200.png");

        set(robot, refused, "0.9 ** epoch");
        assertFalse(refused.getTooltip() != null && refused.getTooltip().isShowing(), "the reason gone with the mended value");
        TextField mended = field(robot, "#train-scheduler-lr_lambda");
        assertFalse(mended.getStyleClass().contains("invalid"));
        assertEquals(EpochExpression.HELP, mended.getTooltip().getText(), "the help again");
        assertNull(mended.getAccessibleHelp());
    }

    @Test
    void aRefusedEpochsSaysWhyAtItsFieldUntilMended(FxRobot robot) throws Exception {
        TestWindows.sample(robot, window, "iris.json");
        TextField epochs = field(robot, "#train-epochs");
        assertNull(epochs.getTooltip());
        set(robot, epochs, "0");
        String error = robot.lookup("#trainError").queryLabeled().getText();
        assertTrue(error.contains("epochs"), error);
        assertTrue(epochs.getStyleClass().contains("invalid"));
        assertEquals(error, epochs.getTooltip().getText());
        set(robot, epochs, "7");
        assertFalse(epochs.getStyleClass().contains("invalid"));
        assertNull(epochs.getTooltip(), "no reason left");
        assertEquals("", robot.lookup("#trainError").queryLabeled().getText());
    }

    private static void snapshotTip(FxRobot robot, javafx.scene.control.Tooltip t, String name) throws Exception {
        String out = System.getProperty("layerlab.screenshots");
        if (out == null || out.isBlank() || t.getScene() == null) return;
        java.nio.file.Path d = java.nio.file.Files.createDirectories(java.nio.file.Path.of(out));
        javafx.scene.image.WritableImage[] img = {null};
        robot.interact(() -> img[0] = t.getScene().getRoot().snapshot(null, null));
        javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(img[0], null), "png", d.resolve(name).toFile());
    }

    private static TextField field(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(TextField.class);
    }

    private static void set(FxRobot robot, TextField f, String text) {
        robot.interact(() -> {
            f.setText(text);
            f.getOnAction().handle(new ActionEvent());
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
