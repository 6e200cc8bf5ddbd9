package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Labeled;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.SelectedRowContrastTest;
import layerlab.ui.shell.Theme;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Advice list reads in both themes: its heading, a finding about the run (a label) and one about a node (a link), each
 * text's computed colour against the fill it is drawn on, WCAG's 4.5:1 for text (as SelectedRowContrastTest measures), the
 * link once clicked too, which keeps the accent of a link (Modena's visited look is the plain text's colour).
 */
@WindowTest.Size(width = 1400, height = 900)
class AdviceContrastTest extends WindowTest {
    @Test
    void everyLineReadsInBothThemes(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.onResults(robot, window, dir, AdviceListTest.DEAD);
        robot.interact(() -> d.tabs().getSelectionModel().select(0));
        VBox list = (VBox) d.charts().lookup("#adviceList");
        robot.clickOn("#trainStart");
        waitFor("the run ended", 120, () -> d.session().state() == TrainingSession.State.FINISHED);
        waitFor("the advice shown", () -> list.isVisible() && list.getChildren().size() == 3);
        // A link once clicked is "visited", which Modena draws in the plain text's colour: it no longer read as a link.
        Hyperlink link = (Hyperlink) list.getChildren().get(2);
        Labeled plain = (Labeled) list.getChildren().get(1);
        robot.interact(link::fire);
        assertTrue(link.isVisited());
        List<String> unreadable = new ArrayList<>();
        for (Theme theme : Theme.values()) {
            robot.interact(() -> window.model().themeProperty().set(theme));
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> {
                list.applyCss();
                list.layout();
            });
            int found = 0;
            for (Node n : list.getChildren()) {
                Labeled l = (Labeled) n;
                Color text = (Color) l.getTextFill(), back = backgroundOf(l);
                double c = SelectedRowContrastTest.contrast(text, back);
                found++;
                if (c < 4.5) unreadable.add(String.format(Locale.ROOT, "%s, %s \"%.30s…\": %s on %s, %.2f:1", theme, l.getClass().getSimpleName(),
                        l.getText(), text, back, c));
            }
            assertEquals(3, found, theme + ": the heading and two findings");
            assertNotEquals(plain.getTextFill(), link.getTextFill(), theme + ": a clicked finding still reads as a link");
            TestWindows.screenshot(robot, stage, "advice-" + theme.name().toLowerCase(Locale.ROOT) + ".png");
        }
        assertEquals(List.of(), unreadable, "Advice lines under 4.5:1");
    }

    /** The colour under {@code n}: the nearest opaque fill above it. */
    private static Color backgroundOf(Node n) {
        for (Node at = n; at != null; at = at.getParent()) {
            if (at instanceof Region r && r.getBackground() != null && !r.getBackground().getFills().isEmpty()) {
                var fills = r.getBackground().getFills();
                if (fills.get(fills.size() - 1).getFill() instanceof Color c && c.getOpacity() > 0.99) return c;
            }
        }
        throw new AssertionError("no background under " + n);
    }
}
