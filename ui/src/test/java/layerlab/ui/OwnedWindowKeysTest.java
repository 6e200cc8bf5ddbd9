package layerlab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Modality;
import javafx.stage.Stage;
import layerlab.ui.editor.Commands;
import layerlab.ui.shell.MainWindow;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The main window's menu keys pressed in a tool window it owns act in the main window, as over a desktop app's palettes:
 * with the layer help focused, Ctrl+Z undid nothing and Ctrl+Shift+T showed no dashboard (the keys live in the main
 * window's scene). The help's own keys come first; cut, copy, paste and select all stay with the focused window; a modal
 * window passes nothing on.
 */
public class OwnedWindowKeysTest extends WindowTest {
    /**
     * With {@code focus} (a control of the tool window {@code tool}) focused, Ctrl+Z undoes a rename in {@code window}'s
     * editor and Ctrl+Shift+T shows or hides its dashboard; the tool window stays open. The first node is renamed and
     * undone: its name is as it was after.
     */
    public static void mainWindowsKeysActFrom(FxRobot robot, MainWindow window, Stage tool, javafx.scene.Node focus) {
        var editor = window.editor();
        String id = editor.graph().nodes().get(0).id(), name = editor.graph().nodes().get(0).name();
        robot.interact(() -> editor.execute(Commands.rename(editor.graph(), id, "renamed")));
        assertEquals("renamed", editor.graph().node(id).name());
        robot.interact(() -> {
            tool.requestFocus();
            focus.requestFocus();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(tool.isFocused() && focus.isFocused(), "the tool window has the focus");
        TestWindows.keys(robot, KeyCode.CONTROL, KeyCode.Z);
        assertEquals(name, editor.graph().node(id).name(), "Ctrl+Z in " + tool.getTitle() + " undoes the rename");
        boolean shown = window.dashboard().shownProperty().get();
        TestWindows.keys(robot, KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T);
        assertEquals(!shown, window.dashboard().shownProperty().get(), "Ctrl+Shift+T in " + tool.getTitle() + " shows or hides the dashboard");
        assertTrue(tool.isShowing(), "the tool window stays open");
    }

    @Test
    void theMainWindowsKeysPressedInTheLayerHelpActInTheMainWindow(FxRobot robot) throws Exception {
        robot.interact(() -> {
            window.openSampleAtStart("simple-cnn.json");
            window.showLayerHelp("Linear");
        });
        WaitForAsyncUtils.waitForFxEvents();
        String id = editor.graph().nodes().get(0).id();
        Stage help = TestWindows.windowWith("helpWindow");
        assertNotNull(help);
        TextField filter = (TextField) help.getScene().lookup("#helpFilter");
        assertFalse(window.dashboard().shownProperty().get());
        mainWindowsKeysActFrom(robot, window, help, help.getScene().lookup("#helpKinds"));
        assertTrue(window.dashboard().shownProperty().get(), "Ctrl+Shift+T in the help showed the dashboard");

        // Copy and select all belong to the focused window: the canvas's selection is neither copied nor changed.
        robot.interact(() -> {
            editor.select(Set.of());
            help.getScene().lookup(".help-scroll").requestFocus();
        });
        TestWindows.keys(robot, KeyCode.CONTROL, KeyCode.A);
        assertTrue(editor.selection().isEmpty(), "Ctrl+A in the help leaves the canvas's selection alone");

        // The help's own keys come first: Ctrl+Z in its filter undoes the typing there, not the redo-able rename.
        robot.interact(() -> editor.execute(Commands.rename(editor.graph(), id, "again")));
        robot.interact(filter::requestFocus);
        robot.write("conv");
        WaitForAsyncUtils.waitForFxEvents();
        TestWindows.keys(robot, KeyCode.CONTROL, KeyCode.Z);
        assertEquals("again", editor.graph().node(id).name(), "the filter's Ctrl+Z undoes its own typing, not the rename");
        // Ctrl+W closes the help, as it did.
        TestWindows.keys(robot, KeyCode.CONTROL, KeyCode.W);
        assertFalse(help.isShowing());
    }

    @Test
    void aModalWindowPassesNothingOn(FxRobot robot) {
        robot.interact(() -> {
            Stage modal = new Stage();
            modal.initOwner(stage);
            modal.initModality(Modality.WINDOW_MODAL);
            assertThrows(IllegalStateException.class, () -> OwnerKeys.forward(modal, stage));
        });
    }
}
