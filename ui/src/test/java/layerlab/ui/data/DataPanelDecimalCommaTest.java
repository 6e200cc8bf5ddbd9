package layerlab.ui.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import layerlab.ui.Locales;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Data tab under a German locale: a validation split typed "0,2" was read as the text "0,2" and silently left out
 * (training went on without validation), the noise "0,1" as a word; both are numbers now, while a list of feature
 * columns "0,2" stays the columns 0 and 2.
 */
@ExtendWith(ApplicationExtension.class)
class DataPanelDecimalCommaTest {
    @TempDir
    static Path dir;
    private final Map<String, Object> dataset = new LinkedHashMap<>();
    private DataPanel panel;

    @Start
    void start(Stage stage) {
        panel = DataPanels.show(stage, dataset, dir);
    }

    @Test
    void aDecimalCommaIsANumberUnderGerman(FxRobot robot) throws Exception {
        Locales.under(Locale.GERMANY, () -> {
            dataset.putAll(Map.of("source", "moons", "n", 200));
            robot.interact(panel::refresh);
            robot.interact(() -> {
                robot.lookup("#dataSplit").queryAs(TextField.class).setText("0,2");
                robot.lookup("#data-noise").queryAs(TextField.class).setText("0,1");
            });
            robot.interact(panel::apply);
            assertEquals(0.2, dataset.get("validation_split"));
            assertEquals(0.1, dataset.get("noise"));

            dataset.clear();
            dataset.putAll(Map.of("source", "csv", "path", "x.csv"));
            robot.interact(panel::refresh);
            robot.interact(() -> robot.lookup("#data-features").queryAs(TextField.class).setText("0,2"));
            assertEquals("0,2", panel.current().get("features"), "the columns 0 and 2 as typed, not 0.2");
        });
    }
}
