package layerlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Paint;
import javafx.scene.paint.Stop;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.train.Dashboard;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A drop-down's value reads on its button in both themes: the Data tab's source as a teacher picks it ("iris") and the
 * training form's optimizer (Adam), text against every colour of the button's fill, WCAG's 4.5:1 (as
 * SelectedRowContrastTest measures). The value sits in its list's selected cell, which the selected-row rule drew white on
 * the light theme's grey button, 1.2:1.
 */
class DropDownValueContrastTest extends WindowTest {
    @Test
    void aChosenValueReadsOnItsButtonInBothThemes(FxRobot robot) throws Exception {
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        robot.interact(() -> d.tabs().getSelectionModel().select(d.tabs().getTabs().stream().filter(t -> t.getText().equals("Data")).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
        TestWindows.choose(robot, "#dataSource", "iris");
        ComboBox<?> source = robot.lookup("#dataSource").queryAs(ComboBox.class), optimizer = robot.lookup("#trainOptimizer").queryAs(ComboBox.class);
        assertEquals("iris", String.valueOf(source.getValue()));
        List<String> unreadable = new ArrayList<>();
        for (Theme theme : Theme.values()) {
            robot.interact(() -> window.model().themeProperty().set(theme));
            WaitForAsyncUtils.waitForFxEvents();
            for (ComboBox<?> box : List.of(source, optimizer)) {
                robot.interact(() -> {
                    box.applyCss();
                    box.layout();
                });
                ListCell<?> shown = (ListCell<?>) box.lookup(".list-cell");
                Color text = (Color) shown.getTextFill();
                for (Color back : fillOf(box)) {
                    double c = SelectedRowContrastTest.contrast(text, back);
                    if (c < 4.5) unreadable.add(String.format(Locale.ROOT, "%s, %s \"%s\": %s on %s, %.2f:1", theme, box.getId(), shown.getText(), text, back, c));
                }
            }
        }
        assertEquals(List.of(), unreadable, "drop-down values under 4.5:1");
    }

    /** The colours of a button's top fill: one, or each stop of Modena's gradient. */
    private static List<Color> fillOf(Region r) {
        var fills = r.getBackground().getFills();
        Paint top = fills.get(fills.size() - 1).getFill();
        if (top instanceof LinearGradient g) return g.getStops().stream().map(Stop::getColor).toList();
        return List.of((Color) top);
    }
}
