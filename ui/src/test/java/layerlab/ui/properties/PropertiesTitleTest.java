package layerlab.ui.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.shell.TextSize;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * The Properties tab's panel does not say "Properties" a second time under its tab: at a projector's 200 % text the
 * repeated title took a line the node's fields need; its first field sits right under the tab. The auto-fill button's
 * text wraps rather than being cut.
 */
class PropertiesTitleTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.projector(stage, dir.resolve("recovery.json"), 1280, 720, TextSize.LARGEST);
    }

    @Test
    void thePanelStartsWithWhatIsSelectedNotASecondTitle(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        robot.clickOn("#node-n4"); // fc2
        TestWindows.awaitPulses(stage.getScene(), 3);
        TabPane side = robot.lookup(".tab-pane").queryAllAs(TabPane.class).stream()
                .filter(t -> t.getTabs().stream().map(Tab::getText).anyMatch("Properties"::equals)).findFirst().orElseThrow();
        long repeated = robot.lookup("#properties .label").queryAllAs(Label.class).stream().filter(l -> "Properties".equals(l.getText())).count();
        assertEquals(0, repeated, "no second \"Properties\" under the tab");
        TextField name = robot.lookup("#properties .text-field").queryAs(TextField.class);
        assertEquals("fc2", name.getText());
        double gap = name.localToScene(name.getLayoutBounds()).getMinY() - side.localToScene(side.getLayoutBounds()).getMinY();
        // The tab header (~50 px at 200 %) and the field's caption ("name", ~30 px: its monospace font's line, taller in
        // Noto Sans Mono than in DejaVu Sans Mono) above it, and their spacing; no title between (a line of 200 % text).
        double header = side.lookup(".tab-header-area").getLayoutBounds().getHeight();
        Label caption = robot.lookup("#properties .field-label").queryAllAs(Label.class).stream().filter(l -> "name".equals(l.getText()))
                .findFirst().orElseThrow();
        double above = header + caption.getLayoutBounds().getHeight();
        assertTrue(gap < above + 30, "the name field is " + gap + " px under the tabs' top, its header and caption " + above + " px high");
        // Nor is the auto-fill button's text cut: it wraps.
        javafx.scene.control.Button fill = robot.lookup("#autoFill").queryButton();
        assertEquals("Auto-fill from input shape", TestWindows.shownText(fill).replace('\n', ' '));
        TestWindows.screenshot(robot, stage, "properties-200.png");
    }
}
