package layerlab.ui.start;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.ui.MemoryPreferences;
import layerlab.ui.project.Samples;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.shell.ShellModel;
import layerlab.ui.shell.UiPrefs;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The start page opens every sample; the guided tour walks to its end and gives the window back. */
class StartAndTourTest extends WindowTest {
    private final MemoryPreferences prefsNode = new MemoryPreferences();

    /** At 1200×760 where its preferences (none yet) place it, simple-cnn open. */
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        Platform.setImplicitExit(false);
        MainWindow window = new MainWindow(new ShellModel("CPU", 2), new UiPrefs(prefsNode), Files.createTempFile("rec", ".json"));
        window.show(stage);
        layerlab.ui.TestWindows.shown(window);
        stage.setWidth(1200);
        stage.setHeight(760);
        window.openSampleAtStart("simple-cnn.json");
        return window;
    }

    @Test
    void startPageOpensEverySampleInTheEditor(FxRobot robot) throws Exception {
        List<String> names = Samples.names();
        assertTrue(names.size() >= 10, names.toString());
        for (String name : names) {
            String id = name.replace(".json", "");
            StartPage[] page = {null};
            robot.interact(() -> page[0] = window.showStartPage(false));
            assertTrue(page[0].stage().isShowing());
            // A card per sample, with its miniature and its line.
            assertEquals(names.size(), robot.lookup("#startSamples").queryParent().getChildrenUnmodifiable().size());
            // Fired rather than clicked: the lower cards are scrolled out of the page's view.
            javafx.scene.control.Button open = robot.lookup("#startOpen-" + id).queryButton();
            // To a screen reader each card's buttons name their sample, not one "Open" of eighteen.
            String title = ((javafx.scene.control.Label) robot.lookup("#startSample-" + id).lookup(".sample-title").query()).getText();
            assertEquals("Open " + title, open.queryAccessibleAttribute(javafx.scene.AccessibleAttribute.TEXT));
            assertEquals("Open and train " + title, robot.lookup("#startTrain-" + id).query().queryAccessibleAttribute(javafx.scene.AccessibleAttribute.TEXT));
            robot.interact(open::fire);
            WaitForAsyncUtils.waitForFxEvents();
            assertFalse(page[0].stage().isShowing(), "the page closes once a project is chosen");
            Graph expected = Samples.load(name);
            Graph shown = window.editor().graph();
            assertEquals(expected.name(), shown.name(), name);
            assertEquals(expected.nodes().size(), shown.nodes().size(), name);
            // At 100% (a fitted big graph is painted as boxes), each node in turn brought into view has its card.
            robot.interact(() -> {
                var vp = window.canvas().viewport();
                vp.zoomAt(0, 0, 1 / vp.zoom());
            });
            // Waited for by the card itself: two flushes of the event queue a node (robot.interact, then waitForFxEvents)
            // took a tenth of a second each, most of this test's time over the samples' nodes.
            for (Node n : shown.nodes()) {
                WaitForAsyncUtils.asyncFx(() -> window.canvas().reveal(n.id())).get();
                layerlab.ui.TestWindows.waitFor(name + ": card of " + n.name(), 10, () -> robot.lookup("#node-" + n.id()).tryQuery().isPresent());
            }
        }
    }

    @Test
    void firstRunShowsTheStartPageWithTheTourOfferOnce(FxRobot robot) {
        StartPrefs prefs = new StartPrefs(prefsNode);
        assertTrue(prefs.showAtStart());
        robot.interact(window::showStartPageIfDue);
        assertTrue(robot.lookup("#startTourBanner").tryQuery().isPresent(), "the first run offers the tour");
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#startPage").tryQuery().isPresent());
        assertFalse(prefs.showAtStart(), "once seen, ./layerlab opens the sample as before");
        prefs.setAlways(true);
        assertTrue(prefs.showAtStart());
    }

    @Test
    void guidedTourWalksToItsEnd(FxRobot robot) {
        Parent root = stage.getScene().getRoot();
        robot.clickOn("#menuHelp").clickOn("#helpTour");
        WaitForAsyncUtils.waitForFxEvents();
        GuidedTour tour = window.tour();
        assertTrue(tour.isShowing());
        List<String> titles = new ArrayList<>();
        titles.add(robot.lookup("#tourTitle").queryAs(Label.class).getText());
        robot.clickOn("#tourNext");
        robot.clickOn("#tourBack");
        assertEquals(0, tour.indexProperty().get(), "Back returns to the previous step");
        for (int i = 1; i < tour.size(); i++) {
            robot.clickOn("#tourNext");
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(i, tour.indexProperty().get());
            titles.add(robot.lookup("#tourTitle").queryAs(Label.class).getText());
            assertEquals((i + 1) + " of " + tour.size(), robot.lookup("#tourCounter").queryAs(Label.class).getText());
            javafx.geometry.Bounds callout = sceneBounds(robot.lookup("#tourCallout").query());
            assertTrue(callout.getMinX() >= 0 && callout.getMinY() >= 0 && callout.getMaxX() <= stage.getScene().getWidth()
                    && callout.getMaxY() <= stage.getScene().getHeight(), "the callout is within the window: " + callout);
            if (i == 4) {
                // Train points at a menu: the callout hangs under the menu bar, covering none of its menus (Help).
                assertTrue(callout.getMinY() >= sceneBounds(robot.lookup("#menuBar").query()).getMaxY(), "under the menu bar: " + callout);
                assertFalse(callout.intersects(sceneBounds(robot.lookup("#menuHelp").query())), "Help stays in view");
            }
        }
        assertEquals(List.of("Welcome to LayerLab", "The palette", "Drag a layer", "Connect", "Train", "Inspect"), titles);
        assertEquals("Done", robot.lookup("#tourNext").queryAs(javafx.scene.control.Button.class).getText());
        robot.clickOn("#tourNext");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(tour.isShowing());
        assertSame(root, stage.getScene().getRoot(), "the window gets its own root back");
        assertFalse(robot.lookup("#tourCallout").tryQuery().isPresent());

        // Reopened from the menu, Esc dismisses it.
        robot.clickOn("#menuHelp").clickOn("#helpTour");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(tour.isShowing());
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(tour.isShowing());
        assertSame(root, stage.getScene().getRoot());
    }

    private static javafx.geometry.Bounds sceneBounds(javafx.scene.Node n) {
        return n.localToScene(n.getLayoutBounds());
    }
}
