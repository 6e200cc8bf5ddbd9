package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.data.DataNames;
import layerlab.graph.Block;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.json.ProjectJson;
import layerlab.io.ModelBundle;
import layerlab.io.Npy;
import layerlab.io.Safetensors;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportImportCommandTest {
    private static final Path SAMPLES = Path.of("..", "sample-projects");
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LayerLabCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void aBundleExportsToOnnxAndPyTorchAndTheOnnxImportsBack(@TempDir Path dir) throws Exception {
        Graph g = ProjectJson.load(SAMPLES.resolve("simple-cnn.json"));
        Path bundle = dir.resolve("cnn.llab");
        ModelBundle.save(bundle, new ModelBundle(g, GraphCompiler.compile(g).stateDict(), Map.of(), List.of(), null));

        assertEquals(0, run("export", bundle.toString(), "--format", "onnx", "--out", dir.resolve("cnn.onnx").toString()), err.toString());
        assertTrue(out.toString().contains("(ONNX opset 17)"), out.toString());
        assertEquals(0, run("export", bundle.toString(), "--format", "pytorch", "--out", dir.resolve("cnn.py").toString()), err.toString());
        assertTrue(Files.readString(dir.resolve("cnn.py")).contains("class SimpleCNN(nn.Module):"));
        assertTrue(Files.exists(dir.resolve("cnn.safetensors")));

        assertEquals(0, run("import", dir.resolve("cnn.onnx").toString(), "--out", dir.resolve("back.json").toString()), err.toString());
        Graph back = ProjectJson.load(dir.resolve("back.json"));
        assertEquals(g.nodes().stream().filter(n -> !n.kind().endsWith("Loss") && !n.name().equals("labels")).map(n -> n.name()).toList(),
                back.nodes().stream().map(n -> n.name()).toList());
        GraphCompiler.compile(back).loadStateDict(Safetensors.load(dir.resolve("back.safetensors")).tensors(), true);
        assertEquals("", err.toString());
    }

    /** A classifier's class names go out in the ONNX metadata and come back in the bundle an import writes: predict still names them. */
    @Test
    void theClassNamesTravelThroughOnnxAndBack(@TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("iris.llab"), onnx = dir.resolve("iris.onnx"), back = dir.resolve("back.llab");
        assertEquals(0, run("train", SAMPLES.resolve("iris.json").toString(), "--epochs", "30", "--device", "cpu", "--save-bundle", bundle.toString()),
                err.toString());
        assertEquals(0, run("export", bundle.toString(), "--format", "onnx", "--out", onnx.toString()), err.toString());
        assertEquals(0, run("import", onnx.toString(), "--out", back.toString()), err.toString());
        assertTrue(out.toString().contains("; classes setosa, versicolor, virginica)"), out.toString());
        assertEquals(ModelBundle.load(bundle).names(), ModelBundle.load(back).names());
        Path flowers = Files.writeString(dir.resolve("f.csv"), "sepal_length,sepal_width,petal_length,petal_width\n5.0,3.4,1.5,0.2\n");
        out.getBuffer().setLength(0);
        assertEquals(0, run("predict", back.toString(), "--input", flowers.toString()), err.toString());
        assertTrue(out.toString().lines().toList().get(1).matches("line 2  setosa +\\d+\\.\\d%"), "the imported model has no loss, yet names its "
                + "classes: " + out);
    }

    /**
     * A model from elsewhere (torch.onnx.export's MobileNetV3 block) takes the class names and the normalization it came
     * without: predict normalizes raw inputs as torchvision's transforms.Normalize(mean, std) did, and names the classes.
     */
    @Test
    void anImportedModelTakesTheClassNamesAndNormalizationItCameWithout(@TempDir Path dir) throws Exception {
        Path fixtures = Path.of("..", "engine", "src", "test", "resources", "onnx");
        Tensor x = Npy.read(fixtures.resolve("torch_mobile_v3.input.npy")), want = Npy.read(fixtures.resolve("torch_mobile_v3.expected.npy"));
        float[] mean = {0.485f, 0.456f, 0.406f}, std = {0.229f, 0.224f, 0.225f};
        // What the pictures were before Normalize: x·std + mean, which the bundle's normalization takes back to x.
        float[] raw = x.toFloatArray();
        int plane = x.size(2) * x.size(3);
        for (int i = 0; i < raw.length; i++) raw[i] = raw[i] * std[i / plane % 3] + mean[i / plane % 3];
        Path rawFile = dir.resolve("raw.npy"), classes = Files.writeString(dir.resolve("classes.txt"), "cat\ndog\n\nbird\n"), bundle = dir.resolve("m.llab");
        Npy.write(rawFile, Tensor.of(raw, x.shape()));
        assertEquals(0, run("import", fixtures.resolve("torch_mobile_v3.onnx").toString(), "--mean", "0.485,0.456,0.406", "--std", "0.229,0.224,0.225",
                "--classes", classes.toString(), "--out", bundle.toString()), err.toString());
        assertTrue(out.toString().contains("and its input normalization, standardize per channel (3); classes cat, dog, bird)"), out.toString());
        assertEquals(0, run("predict", bundle.toString(), "--input", rawFile.toString(), "--out", dir.resolve("y.npy").toString()), err.toString());
        float[] got = Npy.read(dir.resolve("y.npy")).toFloatArray(), expected = want.toFloatArray();
        assertEquals(expected.length, got.length);
        for (int i = 0; i < got.length; i++) assertEquals(expected[i], got[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "output " + i + ", normalized as in training");
        out.getBuffer().setLength(0);
        assertEquals(0, run("predict", bundle.toString(), "--input", rawFile.toString()), err.toString());
        float[] w = want.toFloatArray();
        String first = List.of("cat", "dog", "bird").get(w[0] >= w[1] && w[0] >= w[2] ? 0 : w[1] >= w[2] ? 1 : 2);
        assertTrue(out.toString().lines().toList().get(1).matches("0 +" + first + " +\\d+\\.\\d%"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("predict", bundle.toString(), "--input", rawFile.toString(), "--top", "3"), err.toString());
        // The two other classes after the first, each with its probability.
        assertTrue(out.toString().lines().toList().get(1).matches("0 +" + first + " +\\d+\\.\\d%  \\w+ \\d+\\.\\d%, \\w+ \\d+\\.\\d%"), out.toString());

        // What does not fit is said before anything is written.
        Path other = dir.resolve("other.llab");
        assertEquals(2, run("import", fixtures.resolve("torch_mobile_v3.onnx").toString(), "--classes", "a,b", "--out", other.toString()));
        assertTrue(err.toString().contains("--classes names 2 classes, but the model's Output has 3 values a sample"), err.toString());
        assertEquals(2, run("import", fixtures.resolve("torch_mobile_v3.onnx").toString(), "--mean", "0.5,0.5", "--std", "0.2", "--out", other.toString()));
        assertTrue(err.toString().contains("--mean has 2 values; the Input has 3 channels"), err.toString());
        assertEquals(2, run("import", fixtures.resolve("torch_mobile_v3.onnx").toString(), "--mean", "0.5", "--std", "0.2", "--out", dir.resolve("p.json").toString()));
        assertTrue(err.toString().contains("are kept in a model bundle: give --out NAME.llab"), err.toString());
        assertTrue(Files.notExists(other) && Files.notExists(dir.resolve("p.json")));
    }

    /**
     * A BatchNorm whose ONNX momentum is 1.0 (PyTorch's momentum=None or 0, which the file cannot tell apart): the import
     * says how it was read, naming the layers, on stderr, and writes the project all the same.
     */
    @Test
    void importSaysHowAnAmbiguousBatchNormMomentumWasRead(@TempDir Path dir) throws Exception {
        Path onnx = Path.of("..", "engine", "src", "test", "resources", "onnx", "torch_bn_momentum.onnx");
        assertEquals(0, run("import", onnx.toString(), "--out", dir.resolve("bn.json").toString()), err.toString());
        assertTrue(err.toString().contains("layerlab import: note: " + onnx + ": cumulative, frozen: ONNX momentum 1.0, which torch.onnx.export "
                + "writes for PyTorch's momentum=0 and momentum=None alike, imported as momentum 0"), err.toString());
        assertTrue(out.toString().startsWith("wrote "), out.toString());
    }

    /**
     * {@code --resize N}: the bundle frames pictures as torchvision's evaluation transforms do (Resize(N), then CenterCrop to
     * the Input's 8×8), so predict on a 30×20 picture gives what the same model gives for those framed pixels; without it
     * the picture is stretched whole, which differs. Kept in the bundle only, for a picture model only.
     */
    @Test
    void anImportedPictureModelFramesPicturesAsTorchvisionsEvaluation(@TempDir Path dir) throws Exception {
        Path onnx = Path.of("..", "engine", "src", "test", "resources", "onnx", "torch_mobile_v3.onnx");
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(30, 20, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.util.Random r = new java.util.Random(5);
        for (int y = 0; y < 20; y++) for (int x = 0; x < 30; x++) img.setRGB(x, y, r.nextInt(1 << 24));
        Path picture = dir.resolve("wide.png");
        javax.imageio.ImageIO.write(img, "png", picture.toFile());
        Path framed = dir.resolve("framed.npy"), stretched = dir.resolve("stretched.npy");
        float[] px = new float[3 * 8 * 8];
        layerlab.data.Images.framed(img.getRGB(0, 0, 30, 20, null, 0, 30), 30, 20, 3, 8, 8, 10, px, 0);
        Npy.write(framed, Tensor.of(px, 1, 3, 8, 8));
        Path cropping = dir.resolve("crop.llab"), whole = dir.resolve("whole.llab");
        assertEquals(0, run("import", onnx.toString(), "--mean", "0.485,0.456,0.406", "--std", "0.229,0.224,0.225", "--resize", "10",
                "--out", cropping.toString()), err.toString());
        assertTrue(out.toString().contains("; pictures framed as Resize(10), then CenterCrop)"), out.toString());
        assertEquals(10, ModelBundle.load(cropping).names().resize());
        assertEquals(0, run("import", onnx.toString(), "--mean", "0.485,0.456,0.406", "--std", "0.229,0.224,0.225", "--out", whole.toString()), err.toString());
        assertEquals(0, run("predict", cropping.toString(), "--input", picture.toString(), "--out", dir.resolve("a.npy").toString()), err.toString());
        assertEquals(0, run("predict", whole.toString(), "--input", framed.toString(), "--out", dir.resolve("b.npy").toString()), err.toString());
        assertEquals(0, run("predict", whole.toString(), "--input", picture.toString(), "--out", stretched.toString()), err.toString());
        float[] a = Npy.read(dir.resolve("a.npy")).toFloatArray(), b = Npy.read(dir.resolve("b.npy")).toFloatArray(), c = Npy.read(stretched).toFloatArray();
        assertArrayEquals(b, a, 1e-6f, "the picture framed by the bundle = the framed pixels given as an array");
        assertTrue(!java.util.Arrays.equals(a, c), "stretched whole, the same picture gives other scores");
        // Through ONNX and back (its metadata "resize"), the framing stays with the model.
        Path back = dir.resolve("back.onnx"), again = dir.resolve("again.llab");
        assertEquals(0, run("export", cropping.toString(), "--format", "onnx", "--out", back.toString()), err.toString());
        assertEquals(0, run("import", back.toString(), "--out", again.toString()), err.toString());
        assertEquals(10, ModelBundle.load(again).names().resize());

        assertEquals(2, run("import", onnx.toString(), "--resize", "10", "--out", dir.resolve("p.json").toString()));
        assertTrue(err.toString().contains("--resize are kept in a model bundle"), err.toString());
        assertEquals(2, run("import", onnx.toString(), "--resize", "0", "--out", dir.resolve("z.llab").toString()));
        assertTrue(err.toString().contains("--resize must be a number of pixels from 1 to 65536, got 0"), err.toString());
    }

    /** Without a loss, an Output fed by a Softmax holds probabilities already: predict shows them as they are. */
    @Test
    void aSoftmaxOutputIsReadAsProbabilities(@TempDir Path dir) throws Exception {
        Graph g = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(2)), new Position(0, 0))).after()
                .addNode(new Node("fc", "fc", "Linear", Map.of("out_features", 3), new Position(280, 0))).after()
                .addNode(new Node("p", "p", "Softmax", Map.of("dim", 1), new Position(560, 0))).after()
                .addNode(new Node("y", "y", "Output", Map.of(), new Position(840, 0))).after()
                .connect("x.out", "fc.in").after().connect("fc.out", "p.in").after().connect("p.out", "y.in").after();
        Path bundle = dir.resolve("soft.llab"), csv = dir.resolve("p.csv"), npy = dir.resolve("p.npy");
        ModelBundle.save(bundle, new ModelBundle(g, GraphCompiler.compile(g).stateDict(), Map.of(), List.of(), null,
                new DataNames(List.of(), List.of("a", "b", "c"))));
        Path xs = Files.writeString(dir.resolve("x.csv"), "u,v\n1,2\n-3,0.5\n");
        assertEquals(0, run("predict", bundle.toString(), "--input", xs.toString(), "--output", csv.toString()), err.toString());
        assertEquals(0, run("predict", bundle.toString(), "--input", xs.toString(), "--output", npy.toString()), err.toString());
        float[] raw = Npy.read(npy).toFloatArray();
        String[] row = Files.readAllLines(csv).get(1).split(",");
        assertEquals("sample,predicted,probability,a,b,c", Files.readAllLines(csv).get(0));
        for (int j = 0; j < 3; j++) assertEquals(raw[j], Float.parseFloat(row[3 + j]), 1e-7f, "the Softmax's own probabilities, not a softmax of them");
    }

    @Test
    void aModelTrainedOnNormalizedInputsIsExportedWithItsNormalization(@TempDir Path dir) throws Exception {
        // simple-cnn standardizes its images per channel; the bundle stores the statistics and both exports apply them.
        Path bundle = dir.resolve("cnn.llab");
        assertEquals(0, run("train", SAMPLES.resolve("simple-cnn.json").toString(), "--steps", "1", "--save-bundle", bundle.toString(),
                "--device", "cpu"), err.toString());
        assertEquals(0, run("export", bundle.toString(), "--format", "onnx", "--out", dir.resolve("cnn.onnx").toString()), err.toString());
        assertTrue(out.toString().contains("(ONNX opset 17; inputs normalized as in training: standardize per channel (1))"), out.toString());
        assertEquals(0, run("export", bundle.toString(), "--format", "pytorch", "--out", dir.resolve("cnn.py").toString()), err.toString());
        String script = Files.readString(dir.resolve("cnn.py"));
        assertTrue(script.contains("NORMALIZE = {") && script.contains("    \"x\": (["), script);
        // A project with its weights restores the statistics from its data, as training fitted them.
        Path w = dir.resolve("w.safetensors");
        Safetensors.save(w, ModelBundle.load(bundle).weights());
        assertEquals(0, run("export", SAMPLES.resolve("simple-cnn.json").toString(), "--weights", w.toString(), "--format", "pytorch",
                "--out", dir.resolve("cnn2.py").toString()), err.toString());
        // Imported back: a bundle keeps the statistics, a project says they are dropped.
        assertEquals(0, run("import", dir.resolve("cnn.onnx").toString(), "--out", dir.resolve("back.llab").toString()), err.toString());
        assertEquals(ModelBundle.load(bundle).normalization(), ModelBundle.load(dir.resolve("back.llab")).normalization());
        assertEquals(0, run("import", dir.resolve("cnn.onnx").toString(), "--out", dir.resolve("back.json").toString()), err.toString());
        assertTrue(err.toString().contains("normalizes its inputs first (standardize per channel (1)); a project refits that"), err.toString());
        // Its predictions take the inputs as they come, and say so once: the bundle's would differ.
        Npy.write(dir.resolve("digit.npy"), Tensor.zeros(2, 1, 28, 28));
        err.getBuffer().setLength(0);
        assertEquals(0, run("predict", dir.resolve("back.json").toString(), "--weights", dir.resolve("back.safetensors").toString(), "--input",
                dir.resolve("digit.npy").toString()), err.toString());
        assertEquals("layerlab predict: note: " + dir.resolve("back.json") + " has no data set, so nothing says how its inputs were normalized in "
                + "training: they go in as they are. A model imported from ONNX that normalized its inputs keeps those statistics only in a bundle: "
                + "layerlab import MODEL.onnx -o MODEL.llab\n", err.toString());
        // A project with a data set fits them again, and has nothing to say.
        err.getBuffer().setLength(0);
        assertEquals(0, run("predict", SAMPLES.resolve("simple-cnn.json").toString(), "--weights", w.toString(), "--input",
                dir.resolve("digit.npy").toString()), err.toString());
        assertEquals("", err.toString());
        String other = Files.readString(dir.resolve("cnn2.py"));
        assertEquals(script.substring(script.indexOf("NORMALIZE = {"), script.indexOf("def normalize")),
                other.substring(other.indexOf("NORMALIZE = {"), other.indexOf("def normalize")), "the same statistics from the bundle and from the project's data");
    }

    @Test
    void anOnnxModelImportsAsABundleThatPredicts(@TempDir Path dir) throws Exception {
        Graph g = ProjectJson.load(SAMPLES.resolve("regression.json"));
        Path onnx = dir.resolve("r.onnx"), w = dir.resolve("r.safetensors");
        Safetensors.save(w, GraphCompiler.compile(g).stateDict());
        assertEquals(0, run("export", SAMPLES.resolve("regression.json").toString(), "--weights", w.toString(), "--format", "onnx",
                "--out", onnx.toString()), err.toString());
        Path bundle = dir.resolve("back.llab");
        // -o, as most tools spell it, and --output, as predict does, are the same option.
        assertEquals(0, run("import", onnx.toString(), "-o", bundle.toString()), err.toString());
        assertEquals(0, run("export", SAMPLES.resolve("regression.json").toString(), "--weights", w.toString(), "--format", "onnx",
                "--output", dir.resolve("r2.onnx").toString()), err.toString());
        assertTrue(Files.exists(dir.resolve("r2.onnx")));
        assertTrue(out.toString().contains("wrote " + bundle + " ("), out.toString());
        ModelBundle back = ModelBundle.load(bundle);
        GraphCompiler.compile(back.graph()).loadStateDict(back.weights(), true);
        assertEquals(2, run("import", onnx.toString(), "--out", dir.resolve("again.llab").toString(), "--weights-out", w.toString()));
        assertTrue(err.toString().contains("is a bundle, which holds the weights itself"), err.toString());
    }

    /** torchvision's ConvNeXt (two stages; the first of two alike blocks): its repeated modules come as blocks, and it says so. */
    @Test
    void anImportSaysWhichModulesBecameBlocks(@TempDir Path dir) throws Exception {
        Path fixtures = Path.of("..", "engine", "src", "test", "resources", "onnx");
        Path json = dir.resolve("convnext.json");
        assertEquals(0, run("import", fixtures.resolve("torch_convnext.onnx").toString(), "--out", json.toString()), err.toString());
        assertTrue(out.toString().contains("wrote " + json + " (22 nodes; 2 blocks placed 4 times for its repeated modules) and "), out.toString());
        Graph g = ProjectJson.load(json);
        assertEquals(List.of("LayerNormBlock", "Features1"), g.blocks().stream().map(Block::name).toList());
        // It predicts what PyTorch did, from the project and its weights.
        Path y = dir.resolve("y.npy");
        assertEquals(0, run("predict", json.toString(), "--weights", dir.resolve("convnext.safetensors").toString(), "--input",
                fixtures.resolve("torch_convnext.input.npy").toString(), "-o", y.toString()), err.toString());
        Tensor want = Npy.read(fixtures.resolve("torch_convnext.expected.npy")), got = Npy.read(y);
        float[] a = want.toFloatArray(), b = got.toFloatArray();
        for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-5 * (1 + Math.abs(a[i])), "output " + i);
    }

    /**
     * A run's bundle keeps the state to go on training (Adam's moments: twice the weights); {@code --format llab} writes
     * the model alone, to hand on: same weights, names, normalization and metrics, smaller, and it predicts the same.
     */
    @Test
    void aBundleExportsAsTheModelAloneWithoutItsTrainingState(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run.llab"), alone = dir.resolve("model.llab");
        assertEquals(0, run("train", SAMPLES.resolve("iris.json").toString(), "--epochs", "5", "--device", "cpu", "--optimizer", "Adam",
                "--save-bundle", run.toString()), err.toString());
        assertEquals(0, run("export", run.toString(), "--format", "llab", "--out", alone.toString()), err.toString());
        assertTrue(out.toString().contains("wrote " + alone + " (") && out.toString().contains(" KB: the model and its weights; inputs normalized as in "
                + "training: ") && out.toString().contains("; run.llab's training state left out, so it cannot go on training)"), out.toString());
        ModelBundle before = ModelBundle.load(run), after = ModelBundle.load(alone);
        assertTrue(before.resume() != null && after.resume() == null);
        assertEquals(before.weights().keySet(), after.weights().keySet());
        for (String k : before.weights().keySet()) {
            assertArrayEquals(before.weights().get(k).toFloatArray(), after.weights().get(k).toFloatArray(), k);
        }
        assertEquals(before.names(), after.names());
        assertEquals(before.normalization(), after.normalization());
        assertEquals(before.metrics(), after.metrics());
        assertEquals(before.training(), after.training());
        assertTrue(Files.size(alone) < Files.size(run) * 0.6, Files.size(alone) + " of " + Files.size(run));

        Path flowers = Files.writeString(dir.resolve("f.csv"), "sepal_length,sepal_width,petal_length,petal_width\n6.3,2.9,5.6,1.8\n");
        out.getBuffer().setLength(0);
        assertEquals(0, run("predict", run.toString(), "--input", flowers.toString()), err.toString());
        String fromRun = out.toString();
        out.getBuffer().setLength(0);
        assertEquals(0, run("predict", alone.toString(), "--input", flowers.toString()), err.toString());
        assertEquals(fromRun, out.toString());

        Path weights = dir.resolve("w.safetensors");
        assertEquals(0, run("export", run.toString(), "--format", "safetensors", "--out", weights.toString()), err.toString());
        assertTrue(out.toString().contains("wrote " + weights + " (4 tensors with PyTorch's state_dict names;"), out.toString());
        Map<String, layerlab.tensor.Tensor> ws = Safetensors.load(weights).tensors();
        assertEquals(before.weights().keySet(), ws.keySet());
        for (String k : ws.keySet()) assertArrayEquals(before.weights().get(k).toFloatArray(), ws.get(k).toFloatArray(), k);

        assertEquals(2, run("train", SAMPLES.resolve("iris.json").toString(), "--resume", alone.toString(), "--epochs", "8"));
        assertTrue(err.toString().contains("model.llab"), err.toString());
    }

    /** A project and its weights become a bundle: the model with the project's settings and its data's normalization. */
    @Test
    void aProjectWithItsWeightsExportsAsABundle(@TempDir Path dir) throws Exception {
        Path project = SAMPLES.resolve("iris.json"), w = dir.resolve("iris.safetensors"), bundle = dir.resolve("iris.llab");
        Graph g = ProjectJson.load(project);
        Safetensors.save(w, GraphCompiler.compile(g).stateDict());
        assertEquals(0, run("export", project.toString(), "--weights", w.toString(), "--format", "llab", "--out", bundle.toString()), err.toString());
        assertTrue(out.toString().contains(" KB: the model and its weights; inputs normalized as in training: "), out.toString());
        assertTrue(!out.toString().contains("training state"), out.toString());
        ModelBundle b = ModelBundle.load(bundle);
        assertEquals(g.training(), b.training());
        assertEquals(Safetensors.load(w).tensors().keySet(), b.weights().keySet());
        assertTrue(b.normalization() != null && b.resume() == null && b.metrics().isEmpty());
        assertEquals(List.of("setosa", "versicolor", "virginica"), b.names().classes());
    }

    @Test
    void aProjectNeedsItsWeights(@TempDir Path dir) throws Exception {
        String project = SAMPLES.resolve("regression.json").toString();
        assertEquals(2, run("export", project, "--format", "onnx", "--out", dir.resolve("r.onnx").toString()));
        assertTrue(err.toString().contains("is a project: give its weights with --weights"), err.toString());
        Graph g = ProjectJson.load(SAMPLES.resolve("regression.json"));
        Path w = dir.resolve("r.safetensors");
        Safetensors.save(w, GraphCompiler.compile(g).stateDict());
        assertEquals(0, run("export", project, "--weights", w.toString(), "--format", "onnx", "--out", dir.resolve("r.onnx").toString()), err.toString());
    }

    @Test
    void weightsThatDoNotFitAreNamedAndExitWith2(@TempDir Path dir) throws Exception {
        Path w = dir.resolve("w.safetensors");
        Safetensors.save(w, Map.of("fc1.weight", layerlab.tensor.Tensor.zeros(2, 2)));
        assertEquals(2, run("export", SAMPLES.resolve("regression.json").toString(), "--weights", w.toString(), "--format", "onnx", "--out",
                dir.resolve("r.onnx").toString()));
        assertTrue(err.toString().contains("Missing key(s): fc1.bias"), err.toString());
        assertTrue(err.toString().contains("fc1.weight: checkpoint has (2, 2)"), err.toString());
    }

    @Test
    void anUnreadableOnnxFileExitsWith2(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.onnx");
        Files.writeString(bad, "not a model");
        assertEquals(2, run("import", bad.toString(), "--out", dir.resolve("p.json").toString()));
        assertTrue(err.toString().startsWith("layerlab import: " + bad + ": not an ONNX model, or a damaged one ("), err.toString());
    }

    /** A LayerLab project or bundle given to import is said to be one, with what to do with it instead, not "not an ONNX model". */
    @Test
    void importSaysALayerLabFileNeedsNoImport(@TempDir Path dir) throws Exception {
        Path project = Files.copy(SAMPLES.resolve("iris.json"), dir.resolve("project.json"));
        assertEquals(2, run("import", project.toString(), "--out", dir.resolve("p.json").toString()));
        assertEquals("layerlab import: " + project + " is a LayerLab project, not an ONNX model: it needs no import; use it as it is (layerlab check "
                + "project.json, layerlab train project.json) or open it in the editor (layerlab project.json, or File › Open). import reads .onnx files (torch.onnx.export's)\n",
                err.toString());
        Path bundle = dir.resolve("iris.llab");
        assertEquals(0, run("train", project.toString(), "--steps", "1", "--device", "cpu", "--save-bundle", bundle.toString()), err.toString());
        assertEquals(2, run("import", bundle.toString(), "--out", dir.resolve("p.json").toString()));
        assertTrue(err.toString().contains("layerlab import: " + bundle + " is a LayerLab model bundle, not an ONNX model: it needs no import; "
                + "use it as it is (layerlab predict iris.llab --input …, layerlab eval iris.llab)"), err.toString());
        assertTrue(err.toString().contains("layerlab export iris.llab --out model.onnx makes an ONNX model of it"), err.toString());
        assertFalse(Files.exists(dir.resolve("p.json")));
    }

    /** A missing file is bad input for every command that reads a model, said the same way. */
    @Test
    void aMissingFileIsBadInputEverywhere(@TempDir Path dir) throws Exception {
        Path none = dir.resolve("none.llab");
        assertEquals(2, run("export", none.toString(), "--format", "onnx", "--out", dir.resolve("x.onnx").toString()));
        assertTrue(err.toString().contains("layerlab export: " + none + ": no such file"), err.toString());
        assertEquals(2, run("import", dir.resolve("none.onnx").toString(), "--out", dir.resolve("x.json").toString()));
        assertTrue(err.toString().contains("layerlab import: " + dir.resolve("none.onnx") + ": no such file"), err.toString());
        assertEquals(2, run("eval", none.toString()));
        assertTrue(err.toString().contains("layerlab eval: " + none + ": no such file"), err.toString());
    }

    /** A folder where a file belongs is said so, by every command that reads one. */
    @Test
    void aFolderIsNotAFileEverywhere(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("model.onnx"));
        for (String[] args : List.of(new String[] {"import", folder.toString(), "--out", dir.resolve("x.json").toString()},
                new String[] {"eval", folder.toString()}, new String[] {"train", folder.toString()},
                new String[] {"export", folder.toString(), "--format", "onnx", "--out", dir.resolve("x.onnx").toString()})) {
            err.getBuffer().setLength(0);
            assertEquals(2, run(args), args[0]);
            assertEquals("layerlab " + args[0] + ": " + folder + " is a folder, not a file\n", err.toString().replace("\r", ""));
        }
        err.getBuffer().setLength(0);
        // check reads a folder's projects (CheckFolderTest): this one holds none.
        assertEquals(2, run("check", folder.toString()));
        assertEquals("layerlab check: " + folder + " is a folder holding no project (.json) or bundle (.llab)\n", err.toString().replace("\r", ""));
    }
    /** Weights holding NaN or infinities are read as PyTorch reads them; predict says which tensors hold them, and goes on. */
    @Test
    void weightsThatAreNotFiniteAreReadAndNamedInANote(@TempDir Path dir) throws Exception {
        Graph g = ProjectJson.load(SAMPLES.resolve("iris.json"));
        Map<String, Tensor> state = new java.util.LinkedHashMap<>(GraphCompiler.compile(g).stateDict());
        String key = state.keySet().iterator().next();
        float[] w = state.get(key).toFloatArray();
        w[0] = Float.NaN;
        w[1] = Float.NEGATIVE_INFINITY;
        state.put(key, Tensor.of(w, state.get(key).shape()));
        Path weights = dir.resolve("w.safetensors");
        Safetensors.save(weights, state);
        Npy.write(dir.resolve("flowers.npy"), Tensor.zeros(2, 4));
        assertEquals(0, run("predict", SAMPLES.resolve("iris.json").toString(), "--weights", weights.toString(), "--input",
                dir.resolve("flowers.npy").toString()), err.toString());
        assertEquals("layerlab predict: note: w.safetensors: " + key + " holds 1 NaN and 1 infinite values of " + w.length + ": outputs they take part "
                + "in are NaN or infinite (a run that diverged saves NaN; an attention mask holds -inf by right)\n", err.toString());
    }
}
