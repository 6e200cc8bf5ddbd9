package layerlab.ui.inspect;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.control.TableColumn;
import layerlab.io.ModelBundle;
import layerlab.io.Npy;
import layerlab.io.onnx.OnnxImporter;
import layerlab.train.PredictionTable;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.train.TrainingSession;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * Results › Predict new samples with an imported ONNX model of two outputs (torch_two_heads.onnx, made by
 * make_two_output_onnx.py), opened as a bundle without data: the table has each Output's columns, titled by it, as a native
 * two-head model's has, each value PyTorch's within 1e-5; Save as CSV writes them all ({@link PredictionTable#csv(List, List)}).
 */
@WindowTest.Size(width = 1260, height = 790)
class TwoOutputOnnxPredictPaneTest extends WindowTest {
    private static final Path FIXTURES = Path.of("..", "engine", "src", "test", "resources", "onnx");

    @Test
    void everyOutputHasItsColumns(FxRobot robot) throws Exception {
        OnnxImporter.Imported two = OnnxImporter.load(FIXTURES.resolve("torch_two_heads.onnx"));
        Path bundle = dir.resolve("two.llab");
        ModelBundle.save(bundle, new ModelBundle(two.graph(), two.weights(), Map.of(), List.of(), null, two.names()));
        TestWindows.openFile(robot, window, bundle);
        TrainingSession session = window.dashboard().session();
        waitFor("the opened model ready (" + session.statusProperty().get() + ")", () -> session.ready() != null);
        var pane = window.dashboard().results().predictPane();
        robot.interact(() -> pane.predict(FIXTURES.resolve("torch_two_heads.input.npy")));
        waitFor("the file's predictions", () -> pane.predictions() != null);
        assertEquals(List.of("species", "bill"), List.copyOf(pane.everyPrediction().keySet()));
        assertEquals(List.of("sample", "species\noutputs", "bill\noutput"), pane.table().getColumns().stream().map(TableColumn::getText).toList());
        float[] species = Npy.read(FIXTURES.resolve("torch_two_heads.species.npy")).toFloatArray();
        float[] bill = Npy.read(FIXTURES.resolve("torch_two_heads.bill.npy")).toFloatArray();
        String[] csv = PredictionTable.csv(List.copyOf(pane.everyPrediction().values()), List.copyOf(pane.everyPrediction().keySet())).split("\n");
        assertEquals("sample,species.output_0,species.output_1,species.output_2,bill", csv[0]);
        for (int i = 0; i < 4; i++) {
            String[] f = csv[i + 1].split(",");
            for (int j = 0; j < 3; j++) assertEquals(species[i * 3 + j], Double.parseDouble(f[1 + j]), 1e-5 * Math.max(1, Math.abs(species[i * 3 + j])));
            assertEquals(bill[i], Double.parseDouble(f[4]), 1e-5 * Math.max(1, Math.abs(bill[i])));
        }
        TestWindows.showDashboard(robot, window.dashboard());
        robot.clickOn("Results");
        robot.interact(() -> window.dashboard().results().reveal(pane, pane));
        TestWindows.screenshot(robot, stage, "predict-two-output-onnx.png");
    }
}
