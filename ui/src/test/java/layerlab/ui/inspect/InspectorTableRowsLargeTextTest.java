package layerlab.ui.inspect;

import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.shell.TextSize;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/** {@link InspectorTableRowsTest}'s GRU at 150 % text (View › Text Size): its names whole and twelve rows in sight there too. */
class InspectorTableRowsLargeTextTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) {
        return TestWindows.projector(stage, dir.resolve("recovery.json"), 1280, 900, TextSize.LARGER);
    }

    @Test
    void everyNameShowsWholeAt150PercentText(FxRobot robot) throws Exception {
        InspectorTableRowsTest.gruInspected(robot, window, stage, "inspector-gru-table-150.png");
    }
}
