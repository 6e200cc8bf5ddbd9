package layerlab.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.autograd.Autograd;
import layerlab.data.DataSources;
import layerlab.data.Normalization;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.io.Npy;
import layerlab.io.PyTorchExport;
import layerlab.tensor.Tensor;
import layerlab.testing.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A time-series model exported with its statistics per variable ({@link Normalization.Per#VARIABLE}): ONNX Runtime and
 * the PyTorch script, given raw windows of sunspot numbers, give what LayerLab's model gives for the windows it
 * normalized, and the ONNX file imports back with those statistics.
 */
class SeriesExportTest {
    static final Path SAMPLE = Path.of("..", "sample-projects", "sunspots-lstm.json");

    /** Three raw windows of the sample's shape [12, 1] (1990–2001, 1991–2002, 1992–2003 read from the data), and what the model says of them. */
    record Fixture(Graph graph, ExportCases.Case c, Normalization norm, Tensor raw, Tensor want) {}

    static Fixture fixture() throws Exception {
        Graph g = ProjectJson.load(SAMPLE);
        ExportCases.Case c = ExportCases.of("sunspots-lstm", g);
        Normalization norm = DataSources.open(g.dataset(), SAMPLE.getParent()).normalization();
        assertEquals(Normalization.Per.VARIABLE, norm.per());
        float[] years = {142.6f, 145.7f, 94.3f, 54.6f, 29.9f, 17.5f, 8.6f, 21.5f, 64.3f, 93.3f, 119.6f, 111.0f, 104.0f, 63.7f};
        float[] x = new float[3 * 12];
        for (int w = 0; w < 3; w++) System.arraycopy(years, w, x, w * 12, 12);
        Tensor raw = Tensor.of(x, 3, 12, 1);
        Tensor want;
        try (var ng = Autograd.noGrad()) {
            want = c.model().run(Map.of("window", norm.apply(raw)), List.of("forecast")).get("forecast");
        }
        return new Fixture(g, c, norm, raw, want);
    }

    static void same(Tensor want, Tensor got) {
        float[] w = want.toFloatArray(), o = got.toFloatArray();
        assertEquals(w.length, o.length);
        for (int i = 0; i < w.length; i++) assertEquals(w[i], o[i], 1e-5 * Math.max(1, Math.abs(w[i])), "forecast " + i);
    }

    @Test
    void onnxNormalizesEachVariableAsTraining() throws Exception {
        Fixture f = fixture();
        Map<String, Tensor> got = Ort.run(OnnxWire.write(OnnxExporter.export(f.graph(), f.c().weights(), f.norm())), Map.of("window", f.raw()));
        same(f.want(), got.get("forecast"));
    }

    /** The export imports back with its statistics per variable, not refused as a normalization LayerLab cannot keep. */
    @Test
    void onnxImportKeepsTheStatisticsPerVariable() throws Exception {
        Fixture f = fixture();
        OnnxImporter.Imported im = OnnxImporter.read(OnnxWire.write(OnnxExporter.export(f.graph(), f.c().weights(), f.norm())), "sunspots");
        assertEquals(f.norm(), im.normalization());
    }

    @Test
    void thePyTorchScriptNormalizesEachVariableAsTraining(@TempDir Path dir) throws Exception {
        Torch.assume();
        Fixture f = fixture();
        Path script = dir.resolve("sunspots.py");
        PyTorchExport.save(f.graph(), f.c().weights(), f.norm(), script);
        Npy.write(dir.resolve("x.npy"), f.raw());
        Torch.python(0, script.toString(), "--input", dir.resolve("x.npy").toString(), "--output",
                dir.resolve("y.npy").toString());
        same(f.want(), Npy.read(dir.resolve("y.npy")));
    }
}
