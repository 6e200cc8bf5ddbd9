package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;

import javafx.scene.control.Button;
import javafx.stage.Stage;
import layerlab.ui.OwnedWindowKeysTest;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * The main window's menu keys pressed in Profile a Training Step and in Compare Selected Runs act in the main window
 * ({@link layerlab.ui.OwnerKeys#forward}), as {@link OwnedWindowKeysTest} shows for the layer help.
 */
class ToolWindowKeysTest extends WindowTest {
    @Test
    void theProfileWindowPassesTheMainWindowsKeysOn(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        robot.clickOn("#menuTrain");
        robot.clickOn("#trainMenuProfile");
        waitFor("the window", () -> TestWindows.windowWith("profile") != null);
        Stage profile = TestWindows.windowWith("profile");
        Button again = (Button) profile.getScene().lookup("#profileAgain");
        waitFor("the profile", () -> !again.isDisabled());
        OwnedWindowKeysTest.mainWindowsKeysActFrom(robot, window, profile, profile.getScene().lookup("#profileTable"));
        robot.interact(profile::close);
    }

    @Test
    void theRunsComparisonPassesTheMainWindowsKeysOn(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        // Runs 1 and 3 of RunsComparisonTest's kept sweep, side by side as the runs table's Compare opens them.
        var kept = new layerlab.train.RunLog(dir.resolve("runs")).load(RunsComparisonTest.projectWithSweep(dir));
        RunsComparison[] shown = {null};
        robot.interact(() -> {
            shown[0] = new RunsComparison(stage, java.util.List.of(RunRecord.of(kept.get(0)), RunRecord.of(kept.get(2))));
            shown[0].stage().show();
        });
        Stage comparison = shown[0].stage();
        OwnedWindowKeysTest.mainWindowsKeysActFrom(robot, window, comparison, comparison.getScene().lookup("#runsComparison"));
        robot.interact(comparison::close);
    }
}
