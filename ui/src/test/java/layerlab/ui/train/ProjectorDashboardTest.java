package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.stage.Stage;
import layerlab.ui.MemoryPreferences;
import layerlab.ui.TestWindows;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.shell.ShellModel;
import layerlab.ui.shell.TextSize;
import layerlab.ui.shell.Theme;
import layerlab.ui.shell.UiPrefs;
import layerlab.ui.shell.WindowState;
import org.jfree.chart.fx.ChartViewer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The dashboard on a classroom projector: a 1280×720 window at 125, 150 and 200 % text, light and dark. Every chart it
 * shows keeps a plot a class can read (at least 120 px high), not a strip under its title, legend and ticks.
 */
@ExtendWith(ApplicationExtension.class)
class ProjectorDashboardTest {
    @TempDir
    static Path dir;
    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        javafx.application.Platform.setImplicitExit(false);
        UiPrefs prefs = new UiPrefs(new MemoryPreferences());
        prefs.setTextSize(TextSize.LARGER);
        prefs.setWindow(new WindowState(0, 0, 1280, 720, false));
        window = new MainWindow(new ShellModel("CPU", 2), prefs, dir.resolve("recovery.json"));
        window.show(stage);
        TestWindows.shown(window);
    }

    /** The height of {@code id}'s plot (the area inside its axes) as last drawn. */
    private static double plotHeight(FxRobot robot, ChartViewer v) {
        robot.interact(() -> v.getCanvas().draw());
        return v.getCanvas().getRenderingInfo().getPlotInfo().getDataArea().getHeight();
    }

    /** Whether {@code n} is shown: visible up to the scene, and at least partly inside the dashboard's charts tab. */
    private static boolean shown(Node n, Node within) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) return false;
        }
        Bounds a = n.localToScene(n.getLayoutBounds()), b = within.localToScene(within.getLayoutBounds());
        return a.intersects(b) && a.getHeight() > 0;
    }

    private void assertChartsReadable(FxRobot robot, Dashboard d, String when) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        for (String id : List.of("#chart-loss", "#chart-accuracy", "#chart-lr")) {
            ChartViewer v = robot.lookup(id).queryAs(ChartViewer.class);
            if (!shown(v, d.charts())) continue;
            double h = plotHeight(robot, v);
            assertTrue(h >= 120, when + ": " + id + "'s plot is " + h + " px high in a " + v.getHeight() + "-px chart");
        }
    }

    @Test
    void everyChartKeepsAUsablePlotAtLargeText(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("spirals.json"));
        Dashboard d = window.dashboard();
        robot.interact(() -> d.shownProperty().set(true));
        robot.clickOn("#trainStart");
        waitFor("two epochs", () -> d.session().run() != null && d.session().run().epochs().size() >= 2);
        robot.interact(d.session()::stop);
        waitFor("stopped", () -> !d.session().state().active());
        for (Theme theme : List.of(Theme.LIGHT, Theme.DARK)) {
            robot.interact(() -> window.model().themeProperty().set(theme));
            for (TextSize size : List.of(TextSize.LARGER, TextSize.LARGE, TextSize.LARGEST)) {
                robot.interact(() -> window.model().textSizeProperty().set(size));
                WaitForAsyncUtils.waitForFxEvents();
                TestWindows.screenshot(robot, stage, "dashboard-" + size.percent() + "-" + theme.name().toLowerCase(java.util.Locale.ROOT) + ".png");
                assertChartsReadable(robot, d, size.displayName() + " " + theme);
            }
        }
    }
}
