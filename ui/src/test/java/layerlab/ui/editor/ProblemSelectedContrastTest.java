package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.paint.Color;
import layerlab.graph.analysis.Problem;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A problem's line clicked in the Problems list stays readable: in the dark theme it was the error's red on the blue
 * selection (about 1.3:1). The selected line's text against its background, WCAG's 4.5:1 for text, in both themes,
 * with the list focused (the blue bar) and not (the pale one, after the click hands the focus to the canvas).
 */
class ProblemSelectedContrastTest extends WindowTest {
    @Test
    void aSelectedErrorLineReadsInBothThemes(FxRobot robot) {
        robot.interact(() -> editor.load(TestWindows.chain()));
        robot.interact(() -> editor.execute(Commands.setParam(editor.graph(), "fc1", "in_features", 5)));
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        ListView<Problem> list = robot.lookup("#problemsList").queryAs(ListView.class);
        int row = -1;
        for (int i = 0; i < list.getItems().size(); i++) if ("fc1".equals(list.getItems().get(i).nodeId()) && list.getItems().get(i).isError()) row = i;
        assertTrue(row >= 0, list.getItems().toString());
        for (String theme : List.of("Dark", "Light")) {
            robot.clickOn("#menuView").clickOn("#viewTheme").clickOn("#viewTheme" + theme);
            WaitForAsyncUtils.waitForFxEvents();
            ListCell<?> cell = cell(robot, row);
            robot.clickOn(cell);
            WaitForAsyncUtils.waitForFxEvents();
            assertReadable(theme + ", clicked", cell(robot, row));
            robot.interact(list::requestFocus);
            WaitForAsyncUtils.waitForFxEvents();
            assertReadable(theme + ", the list focused", cell(robot, row));
            robot.interact(() -> robot.lookup("#canvas").query().requestFocus());
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(!list.isFocused(), "the list lost the focus");
            assertReadable(theme + ", the list not focused", cell(robot, row));
        }
    }

    private static ListCell<?> cell(FxRobot robot, int row) {
        return robot.lookup("#problemsList .list-cell").queryAllAs(ListCell.class).stream().filter(c -> c.getIndex() == row).findFirst().orElseThrow();
    }

    private static void assertReadable(String what, ListCell<?> cell) {
        assertTrue(cell.isSelected(), what + ": the line is selected");
        assertTrue(cell.getStyleClass().contains("problem-error"), what + ": " + cell.getStyleClass());
        Color text = (Color) cell.getTextFill();
        var fills = cell.getBackground().getFills();
        Color back = (Color) fills.get(fills.size() - 1).getFill();
        double l1 = luminance(text), l2 = luminance(back);
        double contrast = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
        assertTrue(contrast >= 4.5, what + ": text " + text + " on " + back + ", contrast " + contrast);
    }

    /** WCAG's relative luminance. */
    private static double luminance(Color c) {
        double[] v = {c.getRed(), c.getGreen(), c.getBlue()};
        for (int i = 0; i < 3; i++) v[i] = v[i] <= 0.03928 ? v[i] / 12.92 : Math.pow((v[i] + 0.055) / 1.055, 2.4);
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
    }
}
