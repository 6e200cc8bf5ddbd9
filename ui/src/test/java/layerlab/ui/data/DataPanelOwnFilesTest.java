package layerlab.ui.data;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The Data tab over a file a user brings from a spreadsheet: what its preview shows is what training reads. */
@ExtendWith(ApplicationExtension.class)
class DataPanelOwnFilesTest {
    @TempDir
    static Path dir;
    private final Map<String, Object> dataset = new LinkedHashMap<>();
    private DataPanel panel;

    @Start
    void start(Stage stage) {
        panel = DataPanels.show(stage, dataset, dir);
    }

    /**
     * Excel's CSV of a European locale (a byte-order mark, CRLF, semicolons, decimal commas, a note over two lines, empty
     * columns at the end) previews as the numbers it holds, the scatter's axes named by its columns (they read x₁ and
     * x₂, though the file names them), and Apply writes the settings that then train.
     */
    @Test
    void aSpreadsheetsSemicolonFilePreviewsItsNumbersUnderItsColumnNames(FxRobot robot) throws Exception {
        Files.write(dir.resolve("excel.csv"), ("\uFEFFID;Height;Weight;Notes;Species;;\r\n"
                + "A1;4,35;0,85;;setosa;;\r\n"
                + "A2;7,5;2,23;\"re-measured\r\nnext day\";virginica;;\r\n"
                + "A3;5,1;1,05;ok;setosa;;\r\n"
                + "A4;6,9;1,91;;virginica;;\r\n").getBytes(StandardCharsets.UTF_8));
        robot.interact(() -> robot.lookup("#dataSource").queryComboBox().getSelectionModel().select("csv"));
        robot.interact(() -> {
            robot.lookup("#data-path").queryAs(TextField.class).setText("excel.csv");
            robot.lookup("#data-delimiter").queryAs(TextField.class).setText(";");
            robot.lookup("#data-features").queryAs(TextField.class).setText("Height, Weight");
            robot.lookup("#data-label_column").queryAs(TextField.class).setText("Species");
        });
        robot.interact(panel::apply);
        waitFor("the file previewed", () -> panel.shown() != null && robot.lookup("#dataScatter").tryQuery().isPresent());

        XYPlot plot = robot.lookup("#dataScatter").queryAs(ChartViewer.class).getChart().getXYPlot();
        assertEquals("Height", plot.getDomainAxis().getLabel());
        assertEquals("Weight", plot.getRangeAxis().getLabel());
        assertEquals(4.35, plot.getDataset().getXValue(0, 0), 1e-6, "the first setosa's height, from \"4,35\"");
        assertEquals(0.85, plot.getDataset().getYValue(0, 0), 1e-6);
        assertEquals(2, plot.getDataset().getItemCount(1), "both virginica rows, the one after the two-line note too");
        assertEquals(";", dataset.get("delimiter"));
    }
    /**
     * A look at another source (or the mouse wheel turned over the source menu) and back keeps what was typed for the file:
     * the path, delimiter and columns were gone, and an Apply then wrote a csv source without them. After an Apply, the
     * project's own settings come back too.
     */
    @Test
    void switchingTheSourceAwayAndBackKeepsWhatWasTyped(FxRobot robot) {
        robot.interact(() -> robot.lookup("#dataSource").queryComboBox().getSelectionModel().select("csv"));
        robot.interact(() -> {
            robot.lookup("#data-path").queryAs(TextField.class).setText("excel.csv");
            robot.lookup("#data-delimiter").queryAs(TextField.class).setText(";");
        });
        robot.interact(() -> robot.lookup("#dataSource").queryComboBox().getSelectionModel().select("images"));
        assertEquals("", robot.lookup("#data-path").queryAs(TextField.class).getText(), "the images' own fields");
        robot.interact(() -> robot.lookup("#dataSource").queryComboBox().getSelectionModel().select("csv"));
        assertEquals("excel.csv", robot.lookup("#data-path").queryAs(TextField.class).getText());
        assertEquals(";", robot.lookup("#data-delimiter").queryAs(TextField.class).getText());

        robot.interact(() -> robot.lookup("#data-label_column").queryAs(TextField.class).setText("Species"));
        robot.interact(panel::apply);
        robot.interact(() -> robot.lookup("#dataSource").queryComboBox().getSelectionModel().select("iris"));
        robot.interact(panel::refresh); // the project read again (an undo, another window's edit): its settings, nothing typed
        robot.interact(() -> robot.lookup("#dataSource").queryComboBox().getSelectionModel().select("images"));
        robot.interact(() -> robot.lookup("#dataSource").queryComboBox().getSelectionModel().select("csv"));
        assertEquals("Species", robot.lookup("#data-label_column").queryAs(TextField.class).getText(), "the project's settings for its source");
    }
}
