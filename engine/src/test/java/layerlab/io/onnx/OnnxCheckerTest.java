package layerlab.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import layerlab.data.DataNames;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.data.Normalization;
import layerlab.tensor.Tensor;
import layerlab.testing.Python;
import layerlab.testing.Torch;
import org.junit.jupiter.api.Test;

/**
 * Every export the ONNX tests make, and every sample as {@code layerlab export} writes it (its training data's normalization and
 * names), passes the ONNX project's own {@code onnx.checker.check_model(full_check=True)} and strict shape inference, which
 * infers for each graph output the shape LayerLab's analysis gives it (the batch as the symbolic N). Needs Debian's python3-onnx;
 * skipped, saying so, without it.
 */
class OnnxCheckerTest {
    static final Path SCRIPT = Path.of("src", "test", "python", "onnx_check.py");

    /** One export to check: its ONNX bytes and each graph output's dims as LayerLab infers them, N for the batch. */
    record Export(String name, byte[] onnx, Map<String, String> outputs) {}

    @Test
    void everyExportPassesTheOnnxCheckerAndItsInferredShapesAreLayerLabs() throws Exception {
        Torch.assumeModule("onnx", "no python3 with onnx here (apt-get install python3-onnx): onnx.checker cannot run");
        Path dir = Files.createDirectories(Path.of("target", "onnx-checked"));
        List<Export> exports = new ArrayList<>();
        for (ExportCases.Case c : ExportCases.all()) exports.add(export(c.name(), c, null, DataNames.NONE));
        for (ExportCases.Case c : ExportCases.samples()) {
            // As layerlab export writes a project: its data set's normalization (fitted again) and its class and feature names.
            DataSplit d = DataSources.open(c.graph().dataset(), ExportCases.SAMPLES);
            Object kind = c.graph().dataset().get("normalize");
            Normalization norm = kind != null && !"none".equals(kind) ? d.normalization() : null;
            exports.add(export("sample-" + c.name(), c, norm, DataNames.of(d.train(), c.graph().dataset())));
        }
        Map<String, String[]> results = check(dir, exports);
        List<String> failed = new ArrayList<>(), batchUnknown = new ArrayList<>();
        for (Export e : exports) {
            String[] r = results.get(e.name());
            if (r == null) failed.add(e.name() + ": no answer from the checker");
            else if (!r[0].equals("ok")) failed.add(e.name() + ": " + r[2]);
            else if (!r[2].equals(shapes(e.outputs()))) {
                if (!r[2].replaceAll("(unk__\\d+|\\?)", "N").equals(shapes(e.outputs()))) failed.add(e.name() + ": onnx infers " + r[2] + ", LayerLab " + shapes(e.outputs()));
                else batchUnknown.add(e.name());
            }
        }
        assertEquals(List.of(), failed, "exports onnx.checker or its shape inference refuses, or whose outputs it infers other shapes for");
        assertTrue(exports.size() > 2 * ExportCases.samples().size(), "every case and sample checked");
        // onnx 1.12 infers only an Einsum's rank, not its dims: after a Bilinear (one Einsum) it cannot know the batch is N. Everywhere
        // else it follows the batch from the inputs to the outputs, except through a Resize (an Upsample): its scales multiply the batch
        // by 1.0, and its sizes read N, H and W with Shape, which onnx 1.12 does not follow; a Conv after it gives the channels back.
        assertEquals(List.of("bilinear-features", "kinds-signal", "kinds-upsample", "kinds-upsample-pair", "sample-bilinear-features"), batchUnknown.stream().sorted().toList(),
                "the exports whose batch onnx's shape inference loses");
    }

    /** The export and its graph outputs' dims as it declares them, each checked against the shape of LayerLab's prediction (N = 3). */
    static Export export(String name, ExportCases.Case c, Normalization norm, DataNames names) {
        OnnxProto.Model m = OnnxExporter.export(c.graph(), c.weights(), norm, names);
        Map<String, String> outs = new LinkedHashMap<>();
        for (OnnxProto.ValueInfo v : m.graph().outputs()) {
            String dims = v.dims().stream().map(Object::toString).collect(Collectors.joining(","));
            Tensor t = c.expected().get(v.name());
            assertEquals(IntStream.range(0, t.dim()).mapToObj(i -> Integer.toString(t.size(i))).collect(Collectors.joining(",")), dims.replace("N", "3"),
                    name + " " + v.name() + ": the declared shape is the prediction's");
            outs.put(v.name(), dims);
        }
        try {
            return new Export(name, OnnxWire.write(m), outs);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String shapes(Map<String, String> outputs) {
        return outputs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
    }

    /** Runs the checker once on every export: each one's name to its {@code ok}/{@code FAIL} line's three fields. */
    static Map<String, String[]> check(Path dir, List<Export> exports) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toAbsolutePath().toString()));
        Map<String, String> byFile = new LinkedHashMap<>();
        for (Export e : exports) {
            Path f = dir.resolve(e.name() + ".onnx");
            Files.write(f, e.onnx());
            cmd.add(f.toString());
            byFile.put(f.toString(), e.name());
        }
        Python.Result run = Python.of(cmd.toArray(String[]::new)).run();
        String out = run.output();
        assertEquals(0, run.exit(), "the checker script stopped:\n" + out);
        Map<String, String[]> results = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", 3);
            if (f.length == 3 && byFile.containsKey(f[1])) results.put(byFile.get(f[1]), f);
        }
        return results;
    }
}
