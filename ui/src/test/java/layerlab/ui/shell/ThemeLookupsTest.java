package layerlab.ui.shell;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.stage.Window;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.Registry;
import layerlab.ui.CssWarnings;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.help.LayerDoc;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Every window, dialog and help page, in each theme, styled without a CSS warning: a looked-up colour (-ll-text) that is
 * not defined where a node lives leaves it in Modena's defaults (black text on the dark theme's panels), and JavaFX only
 * logs it ("Could not resolve '-ll-text' while resolving lookups for '-fx-text-fill' from rule '*.help-code'").
 */
class ThemeLookupsTest extends WindowTest {
    @Test
    void everyWindowFindsItsThemesColoursInEveryTheme(FxRobot robot) throws Exception {
        List<String> all = new ArrayList<>();
        robot.interact(() -> window.openSampleAtStart("spirals.json"));
        WaitForAsyncUtils.waitForFxEvents();
        for (Theme theme : Theme.values()) {
            try (CssWarnings css = CssWarnings.capture()) {
                robot.interact(() -> window.model().themeProperty().set(theme));
                styled(robot, stage);
                // Every layer's page: each has its own nodes (params, example, notes).
                robot.interact(() -> window.showLayerHelp("Linear"));
                styled(robot, window.help().stage());
                for (LayerSpec s : Registry.all()) {
                    robot.interact(() -> {
                        window.help().page().show(LayerDoc.of(s.kind()));
                        window.help().stage().getScene().getRoot().applyCss();
                    });
                }
                robot.interact(() -> window.showLayerHelp("Conv2d"));
                styled(robot, window.help().stage());
                TestWindows.screenshot(robot, window.help().stage(), "help-" + theme.name().toLowerCase(java.util.Locale.ROOT) + ".png");
                // View › Theme while the help window is open: it follows (it kept the theme it was opened in).
                Theme other = theme == Theme.LIGHT ? Theme.DARK : Theme.LIGHT;
                robot.interact(() -> window.model().themeProperty().set(other));
                styled(robot, window.help().stage());
                assertEquals(other.stylesheet(), window.help().stage().getScene().getStylesheets().stream()
                        .filter(u -> u.endsWith("light.css") || u.endsWith("dark.css")).findFirst().orElse(null), "the help window's theme");
                robot.interact(() -> window.model().themeProperty().set(theme));
                styled(robot, window.help().stage());
                robot.interact(() -> window.help().stage().hide());
                robot.interact(() -> window.showStartPage(true));
                closeAfter(robot, "startPage", "start-" + theme.name().toLowerCase(java.util.Locale.ROOT) + ".png");
                robot.interact(window::startTour);
                styled(robot, stage);
                for (int i = 0; i < 3; i++) {
                    robot.interact(() -> window.tour().next());
                    styled(robot, stage);
                }
                robot.interact(() -> window.tour().close());
                robot.interact(() -> Platform.runLater(window::showAbout));
                closeAfter(robot, "aboutDialog", null);
                robot.interact(() -> Platform.runLater(window::showShortcuts));
                closeAfter(robot, "shortcutsDialog", null);
                var d = window.dashboard();
                robot.interact(d::findLr);
                closeAfter(robot, "lrFinder", null);
                robot.interact(d::crossValidate);
                closeAfter(robot, "crossValidation", null);
                robot.interact(d::profile);
                closeAfter(robot, "profile", null);
                css.messages().forEach(m -> all.add(theme + ": " + m));
            }
        }
        assertEquals(List.of(), all, "CSS warnings");
    }

    /** Lets {@code w} be styled and laid out over a few pulses. */
    private static void styled(FxRobot robot, Window w) throws Exception {
        robot.interact(() -> w.getScene().getRoot().applyCss());
        TestWindows.awaitPulses(w.getScene(), 2);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void closeAfter(FxRobot robot, String id, String shot) throws Exception {
        waitFor("#" + id + " shown", () -> shown(id) != null);
        Window w = shown(id);
        styled(robot, w);
        if (shot != null && w instanceof javafx.stage.Stage s) TestWindows.screenshot(robot, s, shot);
        robot.interact(w::hide);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Window shown(String id) {
        return Window.getWindows().stream().filter(w -> w.isShowing() && w.getScene() != null && w.getScene().lookup("#" + id) != null)
                .findFirst().orElse(null);
    }
}
