package layerlab.ui.exchange;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import layerlab.backend.cpu.Parallel;
import layerlab.data.DataFingerprint;
import layerlab.io.ModelBundle;
import layerlab.train.RunEnvironment;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.train.TrainingSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A researcher repeats a run someone made in the window: Start, then File › Export › Trained model writes the bundle with
 * its run record (seed, threads, device, the data files' fingerprint and where they were read), as {@code layerlab train
 * --save-bundle} writes it; it had none, and {@code layerlab info} could say only the settings' seed.
 */
class ExportRunRecordWindowTest extends WindowTest {
    @TempDir
    Path project;

    /** The iris network over flowers.csv (150 rows, three classes) in {@code project}, seed 11, one epoch. */
    private String flowers() throws Exception {
        StringBuilder csv = new StringBuilder("a,b,c,d,species\n");
        for (int i = 0; i < 150; i++) {
            csv.append(String.format(java.util.Locale.ROOT, "%.2f,%.2f,%.2f,%.2f,%s%n", 5 + Math.sin(i), 3 + Math.cos(1.7 * i), 1 + (i % 3) * 2 + 0.1 * Math.sin(3.1 * i),
                    0.2 + (i % 3) * 0.9 + 0.05 * Math.cos(i), List.of("setosa", "versicolor", "virginica").get(i % 3)));
        }
        Files.writeString(project.resolve("flowers.csv"), csv);
        return Files.readString(Path.of("..", "sample-projects", "iris.json"))
                .replace("\"source\": \"iris\"", "\"source\": \"csv\", \"path\": \"flowers.csv\", \"label_column\": \"species\"")
                .replace("\"epochs\": 100", "\"epochs\": 1")
                .replace("\"batch_size\": 16,\n    \"seed\": 0", "\"batch_size\": 16,\n    \"seed\": 11");
    }

    /** Fires File › Export › {@code id} as a click would (submenus do not follow TestFX's pointer under Monocle). */
    private void export(FxRobot robot, String id, Path out) {
        List<String> asked = new ArrayList<>();
        window.exchange().setChooser(TestWindows.savesTo(out, asked));
        Menu file = robot.lookup("#menuBar").queryAs(MenuBar.class).getMenus().get(0);
        Menu exports = (Menu) file.getItems().stream().filter(i -> "fileExport".equals(i.getId())).findFirst().orElseThrow();
        MenuItem item = exports.getItems().stream().filter(i -> id.equals(i.getId())).findFirst().orElseThrow();
        Platform.runLater(item::fire);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theExportedBundleSaysHowTheWindowsRunWasMade(FxRobot robot) throws Exception {
        String json = flowers();
        assertTrue(json.contains("\"seed\": 11") && json.contains("flowers.csv"), "the sample's settings as this test expects them");
        var dashboard = TestWindows.onResults(robot, window, project, json);
        TrainingSession s = dashboard.session();
        robot.interact(dashboard::start);
        waitFor("the run ends (" + s.statusProperty().get() + ")", 60, () -> s.state() == TrainingSession.State.FINISHED);

        Path out = project.resolve("flowers.llab");
        export(robot, "fileExportBundle", out);
        waitFor("the bundle written", () -> Files.exists(out));
        Object run = ModelBundle.manifest(out).get("run");
        assertTrue(run instanceof Map<?, ?>, "the manifest holds the run record: " + ModelBundle.manifest(out));
        RunEnvironment env = RunEnvironment.fromMap((Map<?, ?>) run);
        assertEquals(11, env.seed());
        assertEquals(Parallel.threads(), env.threads());
        assertEquals("cpu", env.device());
        Map<String, Object> dataset = layerlab.graph.json.ProjectJson.read(json, "flowers.json").dataset();
        assertEquals(DataFingerprint.of(dataset, project), env.data());
        assertTrue(env.data().startsWith("sha256:"), env.data());
        assertEquals(project.toAbsolutePath().normalize().toString(), env.dataFolder());

        // The runs table tells this run from another beyond what changed: its number's tooltip holds the seed, device, threads, data files.
        String identity = "Run 1: seed 11, on cpu, " + Parallel.threads() + (Parallel.threads() == 1 ? " CPU thread" : " CPU threads") + ", data files "
                + DataFingerprint.shortForm(env.data());
        TableView<?> runs = dashboard.charts().runsTable();
        waitFor("the run's row", () -> runs.lookupAll(".table-cell").stream()
                .anyMatch(n -> n instanceof TableCell<?, ?> c && c.getTooltip() != null && identity.equals(c.getTooltip().getText())));
        TestWindows.screenshot(robot, stage, "runs-table-identity.png");
    }
}
