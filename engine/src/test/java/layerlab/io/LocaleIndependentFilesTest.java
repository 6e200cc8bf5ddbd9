package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import layerlab.graph.Graph;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.json.ProjectJson;
import layerlab.io.onnx.OnnxExporter;
import layerlab.io.onnx.OnnxWire;
import layerlab.tensor.Tensor;
import layerlab.train.Metrics;
import org.junit.jupiter.api.Test;

/**
 * What LayerLab writes is the same on every machine: a student in Cairo (Arabic-Indic digits), Tehran, Istanbul (the
 * dotless i), Berlin or Paris (decimal commas) gets the files a student in Boston gets, byte for byte.
 */
class LocaleIndependentFilesTest {
    /** Locales whose numbers or case differ from English's; fa-IR and ar-EG write Arabic-Indic digits under Java's CLDR data. */
    static final List<String> LOCALES = List.of("ar-EG", "ar-SA", "fa-IR", "hi-IN", "tr-TR", "de-DE", "fr-FR");

    static <T> T under(String tag, Callable<T> what) throws Exception {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag(tag));
            return what.call();
        } finally {
            Locale.setDefault(before);
        }
    }

    /**
     * Every sample's PyTorch script, ONNX model and project JSON. Under ar-EG the script's {@code if len(args.input) != 2:}
     * was written with an Arabic-Indic ٢, which Python refuses as a syntax error.
     */
    @Test
    void exportsAreTheSameUnderEveryLocale() throws Exception {
        List<Path> samples;
        try (Stream<Path> s = Files.list(Path.of("..", "sample-projects"))) {
            samples = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path p : samples) {
            Graph g = ProjectJson.load(p);
            Map<String, Tensor> w = GraphCompiler.compile(g).stateDict();
            String script = PyTorchExport.script(g, "model.safetensors"), json = ProjectJson.write(g);
            byte[] onnx = OnnxWire.write(OnnxExporter.export(g, w));
            for (String tag : LOCALES) {
                assertEquals(script, under(tag, () -> PyTorchExport.script(g, "model.safetensors")), tag + ": " + p);
                assertEquals(json, under(tag, () -> ProjectJson.write(g)), tag + ": " + p);
                assertArrayEquals(onnx, under(tag, () -> OnnxWire.write(OnnxExporter.export(g, w))), tag + ": " + p);
            }
        }
    }

    /** The confusion matrix that eval and cross-validation print, in ASCII digits (it was in Arabic-Indic ones under ar-EG). */
    @Test
    void theConfusionMatrixIsWrittenInAsciiDigits() throws Exception {
        long[][] m = {{12, 0}, {3, 9}};
        String text = Metrics.confusionText(m, List.of("cat", "dog"));
        for (String tag : LOCALES) assertEquals(text, under(tag, () -> Metrics.confusionText(m, List.of("cat", "dog"))), tag);
    }

    /** Under Turkish, MIN lowercased with the default locale was "mın": in errors, and in the recorded op's name. */
    @Test
    void reductionsAreNamedInEnglishUnderTurkish() throws Exception {
        Tensor ints = Tensor.ofLongs(new long[] {1, 2}, 2);
        IllegalArgumentException e = under("tr-TR", () -> assertThrows(IllegalArgumentException.class, () -> ints.min(0, false)));
        assertEquals("min expects a float tensor, got int64", e.getMessage());
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        assertEquals("Min", under("tr-TR", () -> x.min(0, false).gradFn().name()));
    }
}
