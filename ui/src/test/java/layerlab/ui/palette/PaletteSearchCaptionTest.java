package layerlab.ui.palette;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.AccessibleAttribute;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.shell.TextSize;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * The palette's search field has a caption that stays in view once something is typed (the prompt text goes with the
 * first letter) and that a screen reader reads as the field's name, whole at 200 % text; the field's accessible text is
 * still what is typed in it.
 */
class PaletteSearchCaptionTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.projector(stage, dir.resolve("recovery.json"), 1280, 720, TextSize.LARGEST);
    }

    @Test
    void theSearchFieldHasACaptionPeopleAndScreenReadersSee(FxRobot robot) throws Exception {
        TextField search = robot.lookup("#paletteSearch").queryAs(TextField.class);
        robot.clickOn(search).write("conv");
        TestWindows.awaitPulses(stage.getScene(), 2);
        Label caption = robot.lookup("#paletteSearchCaption").queryAs(Label.class);
        assertTrue(caption.isVisible() && caption.getHeight() > 0, "shown");
        assertEquals("Find a layer", caption.getText());
        assertEquals(caption.getText(), TestWindows.shownText(caption).replace('\n', ' '), "whole at 200 %");
        assertTrue(caption.localToScene(caption.getLayoutBounds()).getMaxY() <= search.localToScene(search.getLayoutBounds()).getMinY() + 0.5, "above the field");
        Object[] by = {null, null, null};
        robot.interact(() -> {
            by[0] = search.queryAccessibleAttribute(AccessibleAttribute.LABELED_BY);
            by[1] = search.queryAccessibleAttribute(AccessibleAttribute.TEXT);
            by[2] = search.queryAccessibleAttribute(AccessibleAttribute.HELP);
        });
        assertSame(caption, by[0], "the caption names the field to a screen reader");
        assertEquals("conv", by[1], "what is typed is still read as the field's text");
        assertNotNull(by[2], "and a hint how to use it");
        TestWindows.screenshot(robot, stage, "palette-search-200.png");
    }
}
