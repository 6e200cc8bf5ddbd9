package layerlab.ui.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.scene.control.Control;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The Data tab's buttons without words ("…", the ▾ of a setting's values) say what they do to a screen reader. */
@ExtendWith(ApplicationExtension.class)
class DataPanelAccessTest {
    @TempDir
    static Path dir;
    private final Map<String, Object> dataset = new LinkedHashMap<>();

    @Start
    void start(Stage stage) {
        DataPanels.show(stage, dataset, dir);
    }

    @Test
    void iconButtonsHaveAccessibleTextAndATooltip(FxRobot robot) {
        robot.interact(() -> robot.lookup("#dataSource").queryComboBox().getSelectionModel().select("csv"));
        Control browse = robot.lookup("#data-browse-path").queryAs(Control.class);
        assertEquals("Browse for path", browse.getAccessibleText());
        assertNotNull(browse.getTooltip(), "a tooltip says it too");
        assertEquals("Values for header", robot.lookup("#data-choose-header").query().getAccessibleText());
    }
}
