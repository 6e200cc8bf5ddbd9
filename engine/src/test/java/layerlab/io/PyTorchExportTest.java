package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.autograd.Autograd;
import layerlab.data.DataNames;
import layerlab.data.Normalization;
import layerlab.data.Vocabulary;
import layerlab.graph.Graph;
import layerlab.graph.TestGraphs;
import layerlab.graph.json.ProjectJson;
import layerlab.io.onnx.ExportCases;
import layerlab.tensor.Tensor;
import layerlab.testing.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PyTorch script export. Its numbers are checked by tools/check_exports.py, which runs each script left in
 * target/exports with Debian's torch (JUnit itself needs no Python).
 */
class PyTorchExportTest {
    static List<ExportCases.Case> cases() throws IOException {
        return ExportCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesAScriptAndItsWeights(ExportCases.Case c) throws IOException {
        Path dir = ExportCases.OUT.resolve(c.name());
        Files.createDirectories(dir);
        Path script = dir.resolve("model.py");
        PyTorchExport.save(c.graph(), c.weights(), script);
        Map<String, Tensor> back = Safetensors.load(dir.resolve("model.safetensors")).tensors();
        assertEquals(c.weights().keySet(), back.keySet());
        String text = Files.readString(script);
        assertTrue(text.contains("class " + layerlab.graph.Names.className(c.graph().name()) + "(nn.Module):"), text);
        ExportCases.leaveInputs(c);
    }

    /**
     * The Code tab shows the classes the script holds, letter for letter (names, order, the variables forward uses):
     * what a student reads in the window is what runs after export.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theCodeTabShowsTheScriptsClasses(ExportCases.Case c) {
        assertEquals(modules(PyTorchExport.script(c.graph(), "model.safetensors")), modules(layerlab.graph.PyTorchSource.of(c.graph())));
    }

    /** The nn.Module classes of a text, without the code view's comment on losses. */
    private static List<String> modules(String text) {
        return java.util.Arrays.stream(text.split("\n\n\n")).filter(p -> p.contains("(nn.Module):"))
                .map(p -> p.replaceAll("(?s)\n# Losses.*", "").strip()).toList();
    }

    private static final Normalization IRIS = new Normalization(Normalization.Kind.STANDARDIZE, Normalization.Per.FEATURE,
            new float[] {5.8f, 3.0f, 3.7f, 1.2f}, new float[] {0.8f, 0.4f, 1.7f, 0.75f});

    /** A model trained on normalized inputs: the script carries the statistics per Input and its command line applies them. */
    @Test
    void theTrainingNormalizationGoesWithTheScript(@TempDir Path dir) throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "bilinear-features.json"));
        Path script = dir.resolve("iris.py");
        PyTorchExport.save(g, ExportCases.of("bilinear-features", g).weights(), IRIS, script);
        String text = Files.readString(script);
        assertTrue(text.contains("    \"sepal\": ([5.8, 3.0], [0.8, 0.4], None, [2]),\n    \"petal\": ([3.7, 1.2], [1.7, 0.75], None, [2]),\n"), text);
        assertTrue(text.contains("xs = [normalize(name, x) for name, x in zip([\"sepal\", \"petal\"], xs)]"), text);
        assertTrue(text.contains("model(normalize(\"sepal\", x))"), text);
    }

    /** A layer whose output goes nowhere (a warning, not an error) is left out of the script and of its weights alike. */
    @Test
    void aLayerTheOutputsDoNotNeedIsLeftOutOfScriptAndWeights(@TempDir Path dir) throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "iris.json"));
        g = g.addNode(new layerlab.graph.Node("nx", "extra", "Linear", Map.of("out_features", 2), new layerlab.graph.Position(900, 0))).after()
                .connect(g.nodeByName("relu").id() + ".out", "nx.in").after();
        Map<String, Tensor> weights = layerlab.graph.compile.GraphCompiler.compile(g).stateDict();
        assertTrue(weights.containsKey("extra.weight"), "LayerLab's model has it");
        Path script = dir.resolve("iris.py");
        PyTorchExport.save(g, weights, script);
        assertFalse(Files.readString(script).contains("extra"), "not in the module");
        Map<String, Tensor> saved = Safetensors.load(dir.resolve("iris.safetensors")).tensors();
        assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"), List.copyOf(saved.keySet()),
                "exactly the module's state dict: load_state_dict(strict=True) takes it");
    }

    /**
     * Python takes "coding: x" in the first two lines as the file's encoding: a description there that reads "… PositionalEncoding:
     * attention …" (the attention sample's did) made the script a SyntaxError. Its first line names UTF-8, and it compiles.
     */
    @Test
    void aDescriptionThatLooksLikeAnEncodingDoesNotBreakTheScript(@TempDir Path dir) throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "iris.json"));
        g = Graph.of(g.name(), "Positions added (PositionalEncoding: attention alone does not know word order). Übung: ≥ 90 %.", g.nodes(),
                g.edges(), g.blocks(), g.notes(), g.view(), g.dataset(), g.training());
        Path script = dir.resolve("iris.py");
        PyTorchExport.save(g, layerlab.graph.compile.GraphCompiler.compile(g).stateDict(), script);
        List<String> lines = Files.readAllLines(script);
        java.util.regex.Pattern cookie = java.util.regex.Pattern.compile("^[ \\t\\f]*#.*?coding[:=][ \\t]*([-\\w.]+)");
        java.util.regex.Matcher first = cookie.matcher(lines.get(0));
        assertTrue(first.find() && first.group(1).equals("utf-8"), "Python reads the first line's encoding, not the description's: " + lines.subList(0, 2));
        if (Files.isExecutable(Path.of(Torch.PYTHON))) {
            Torch.python(0, "-m", "py_compile", script.toString());
        }
    }

    /**
     * The header names the seed of the project's training; with it, the script's class makes LayerLab's starting weights
     * (the attention sample: Embedding's normals, MultiheadAttention's draws in PyTorch's order, blocks). The comparison
     * needs python3 with torch and is skipped without it; tools/check_exports.py makes it for every exported case.
     */
    @Test
    void theScriptsClassMakesTheWeightsTrainingStartsFromForItsSeed(@TempDir Path dir) throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "attention-sentiment.json"));
        Map<String, Object> training = new java.util.LinkedHashMap<>(g.training());
        training.put("seed", 7);
        g = Graph.of(g.name(), g.description(), g.nodes(), g.edges(), g.blocks(), g.notes(), g.view(), g.dataset(), training);
        Map<String, Tensor> fresh;
        try (var seeded = layerlab.tensor.Generator.use(new layerlab.tensor.Generator(7))) {
            fresh = layerlab.graph.compile.GraphCompiler.compile(g).stateDict();
        }
        Path script = dir.resolve("model.py");
        PyTorchExport.save(g, fresh, script);
        String text = Files.readString(script);
        assertTrue(text.contains("\n# torch.manual_seed(7); AttentionSentiment() makes the very weights LayerLab's training starts from\n"), text.substring(0, 1200));
        Graph dangling = TestGraphs.graph().node("x", "Input", "shape", List.of(4)).node("fc", "Linear", "out_features", 3)
                .node("spare", "Linear", "out_features", 2).node("out", "Output").chain("x", "fc", "out").edge("x.out", "spare.in").build();
        assertFalse(PyTorchExport.script(dangling, "m.safetensors", null).contains("torch.manual_seed"),
                "a layer whose output goes nowhere is not in the script, so its class would draw other numbers: no seed is promised");
        Torch.assume();
        String out = Torch.python(0, "-c", String.join("\n",
                "import importlib.util, sys, torch",
                "spec = importlib.util.spec_from_file_location('exported', sys.argv[1]); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)",
                "want = m.load_safetensors(sys.argv[2])",
                "torch.manual_seed(7); got = m.AttentionSentiment().state_dict()",
                "assert set(got) == set(want), (sorted(got), sorted(want))",
                "print(len(got), max(float(((got[k].double() - want[k].double()).abs() / want[k].double().abs().clamp(min=1)).max()) for k in got))"),
                script.toString(), dir.resolve("model.safetensors").toString());
        String[] parts = out.trim().split(" ");
        assertEquals(fresh.size(), Integer.parseInt(parts[0]), out);
        assertTrue(Double.parseDouble(parts[1]) <= 1e-6, "PyTorch's weights for seed 7 differ from LayerLab's by " + parts[1]);
    }

    @Test
    void theScriptNamesTheClassesAndFeatures(@TempDir Path dir) throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "iris.json"));
        String text = PyTorchExport.script(g, "iris.safetensors", null, new DataNames(List.of("sepal length"), List.of("setosa", "\"odd\" one")));
        assertTrue(text.contains("\nCLASSES = [\"setosa\", \"\\\"odd\\\" one\"]  # what the first output scores, in order\n"), text);
        assertTrue(text.contains("\nFEATURES = [\"sepal length\"]  # a sample's values, in order\n"), text);
        assertFalse(PyTorchExport.script(g, "iris.safetensors", null).contains("CLASSES"), "no names, no lists");
    }

    /**
     * The script run on raw inputs prints what the model gives for the normalized ones, as layerlab predict does.
     * It needs python3 with torch and is skipped, saying so, without them (tools/check_exports.py covers the rest).
     */
    @Test
    void theScriptNormalizesWhatItReads(@TempDir Path dir) throws Exception {
        Torch.assume();
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "bilinear-features.json"));
        ExportCases.Case c = ExportCases.of("bilinear-features", g);
        Path script = dir.resolve("iris.py");
        PyTorchExport.save(g, c.weights(), IRIS, script);
        Tensor sepal = Tensor.of(new float[] {5.1f, 3.5f, 6.7f, 3.1f}, 2, 2), petal = Tensor.of(new float[] {1.4f, 0.2f, 4.4f, 1.4f}, 2, 2);
        Map<String, Tensor> seen = Map.of("sepal", Tensor.of(new float[] {(5.1f - 5.8f) / 0.8f, (3.5f - 3.0f) / 0.4f, (6.7f - 5.8f) / 0.8f,
                (3.1f - 3.0f) / 0.4f}, 2, 2), "petal", Tensor.of(new float[] {(1.4f - 3.7f) / 1.7f, (0.2f - 1.2f) / 0.75f, (4.4f - 3.7f) / 1.7f,
                (1.4f - 1.2f) / 0.75f}, 2, 2));
        Tensor want;
        try (var ng = Autograd.noGrad()) {
            want = c.model().run(seen, List.of("logits")).get("logits");
        }
        Npy.write(dir.resolve("sepal.npy"), sepal);
        Npy.write(dir.resolve("petal.npy"), petal);
        Torch.python(0, script.toString(), "--input", dir.resolve("sepal.npy").toString(), "--input",
                dir.resolve("petal.npy").toString(), "--output", dir.resolve("y.npy").toString());
        float[] got = Npy.read(dir.resolve("y.npy")).toFloatArray(), exp = want.toFloatArray();
        for (int i = 0; i < exp.length; i++) assertEquals(exp[i], got[i], 1e-5 * Math.max(1, Math.abs(exp[i])), "logit " + i);
    }

    /**
     * A model with named features reads a CSV as layerlab predict does: the columns by name in any order, a column of words
     * one-hot by the "column=word" names (a word training never saw is all 0s). Needs python3 with torch to run.
     */
    @Test
    void theScriptReadsACsvByTheTrainingColumnsAndTheirWords(@TempDir Path dir) throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "penguins.json"));
        DataNames names = PENGUINS;
        String text = PyTorchExport.script(g, "penguins.safetensors", null, names);
        assertTrue(text.contains("\ndef read_csv(path):\n"), text);
        assertTrue(text.contains("    xs = [read_csv(p) if p.lower().endswith(\".csv\") else read_npy(p) for p in args.input]\n"), text);
        assertFalse(PyTorchExport.script(g, "penguins.safetensors", null).contains("read_csv"), "no feature names, no CSV");
        Torch.assume();
        Tensor seen = Tensor.of(new float[] {0, 0, 1, 39.1f, 18.7f, 181, 3750, 0, 1, 0, 0, 0, 48.0f, 14.5f, 220, 5100, 1, 0}, 2, 9);
        penguinsScriptPredictsAsTheModel(dir, null, "sex,island,body_mass_g,flipper_length_mm,bill_depth_mm,bill_length_mm,note\n"
                + "male,Torgersen,3750,181,18.7,39.1,x\n\nfemale,Anvers,5100,220,14.5,48.0,y\n", seen);
    }

    /**
     * A model trained on a file without a header (features named by column: "0=Biscoe", "1", …) reads new rows without
     * one by those columns, with the label column or without it, as layerlab predict does.
     */
    @Test
    void theScriptReadsACsvWithoutAHeaderByColumn(@TempDir Path dir) throws Exception {
        DataNames byIndex = new DataNames(List.of("0=Biscoe", "0=Dream", "0=Torgersen", "1", "2", "3", "4", "5=female", "5=male"), PENGUINS.classes());
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "penguins.json"));
        String text = PyTorchExport.script(g, "penguins.safetensors", null, byIndex);
        assertTrue(text.contains("--input new.csv                predicts from a CSV without a header, its columns as in training"), text);
        Torch.assume();
        Tensor seen = Tensor.of(new float[] {0, 0, 1, 39.1f, 18.7f, 181, 3750, 0, 1, 0, 0, 0, 48.0f, 14.5f, 220, 5100, 1, 0}, 2, 9);
        penguinsScriptPredictsAsTheModel(dir, null, byIndex, "Torgersen,39.1,18.7,181,3750,male,Adelie\nAnvers,48.0,14.5,220,5100,female,Gentoo\n", seen);
        penguinsScriptPredictsAsTheModel(dir, null, byIndex, "Torgersen,39.1,18.7,181,3750,male\nAnvers,48.0,14.5,220,5100,female\n", seen);
    }

    /**
     * Runs the penguins sample's script (its statistics {@code norm}, null: none) on a CSV of {@code csvText}, and checks
     * its logits against LayerLab's model on {@code seen}, the inputs the model takes from those rows; returns the CSV.
     */
    private static Path penguinsScriptPredictsAsTheModel(Path dir, layerlab.data.Normalization norm, String csvText, Tensor seen) throws Exception {
        return penguinsScriptPredictsAsTheModel(dir, norm, PENGUINS, csvText, seen);
    }

    /** {@link #penguinsScriptPredictsAsTheModel(Path, layerlab.data.Normalization, String, Tensor)} with the features named {@code names}. */
    private static Path penguinsScriptPredictsAsTheModel(Path dir, layerlab.data.Normalization norm, DataNames names, String csvText, Tensor seen)
            throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "penguins.json"));
        ExportCases.Case c = ExportCases.of("penguins", g);
        Path script = dir.resolve("penguins.py");
        PyTorchExport.save(g, c.weights(), norm, names, script);
        Path csv = java.nio.file.Files.writeString(dir.resolve("new.csv"), csvText);
        Torch.python(0, script.toString(), "--input", csv.toString(), "--output", dir.resolve("y.npy").toString());
        Tensor want;
        try (var ng = Autograd.noGrad()) {
            want = c.model().run(Map.of("penguin", seen), List.of("logits")).get("logits");
        }
        float[] got = Npy.read(dir.resolve("y.npy")).toFloatArray(), exp = want.toFloatArray();
        assertEquals(exp.length, got.length);
        for (int i = 0; i < exp.length; i++) assertEquals(exp[i], got[i], 1e-5 * Math.max(1, Math.abs(exp[i])), "logit " + i);
        return csv;
    }

    /**
     * A model trained with missing: fill: the script's read_csv reads a gap (empty, NA, ?) as NaN and normalize() fills
     * it with the training mean before scaling, as layerlab predict does; a script whose model does not fill refuses a
     * gap, naming the line and column.
     */
    @Test
    void theScriptFillsGapsAsTrainingDid(@TempDir Path dir) throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "penguins.json"));
        DataNames names = PENGUINS;
        float[] fill = {0.49f, 0.37f, 0.14f, 43.9f, 17.2f, 200.9f, 4201.8f, 0.5f, 0.5f};
        layerlab.data.Normalization norm = new layerlab.data.Normalization(layerlab.data.Normalization.Kind.STANDARDIZE,
                layerlab.data.Normalization.Per.FEATURE, new float[] {0.5f, 0.4f, 0.1f, 44, 17, 200, 4200, 0.5f, 0.5f},
                new float[] {0.5f, 0.5f, 0.3f, 5.5f, 2, 14, 800, 0.5f, 0.5f}, fill);
        String text = PyTorchExport.script(g, "penguins.safetensors", norm, names);
        assertTrue(text.contains("x with each NaN (a missing value) replaced by its feature's fill value (the training set's)"), text);
        Torch.assume();
        float nan = Float.NaN;
        Tensor raw = Tensor.of(new float[] {0, 0, 1, 39.1f, 18.7f, 181, 3750, nan, nan, nan, nan, nan, 48.0f, nan, 220, 5100, 1, 0}, 2, 9);
        Path csv = penguinsScriptPredictsAsTheModel(dir, norm, "island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex\n"
                + "Torgersen,39.1,18.7,181,3750,NA\n,48.0,?,220,5100,female\n", norm.apply(raw));
        // Without filling, a gap is refused.
        Path plain = dir.resolve("plain.py");
        PyTorchExport.save(g, ExportCases.of("penguins", g).weights(), null, names, plain);
        String out = Torch.python(1, plain.toString(), "--input", csv.toString());
        assertEquals(csv + ": line 2: column sex has no value; the model needs every feature", out.strip());
    }

    /** What the penguins sample's inputs and outputs mean (its island and sex one-hot). */
    static final DataNames PENGUINS = new DataNames(List.of("island=Biscoe", "island=Dream", "island=Torgersen", "bill_length_mm", "bill_depth_mm",
            "flipper_length_mm", "body_mass_g", "sex=female", "sex=male"), List.of("Adelie", "Chinstrap", "Gentoo"));

    private static final Path SAMPLES = Path.of("..", "sample-projects");

    /** A text model's script holds its vocabulary and encode(), and its command line reads texts; other scripts have neither. */
    @Test
    void aTextModelsScriptCarriesItsVocabularyAndReadsTexts() throws IOException {
        Graph g = ProjectJson.load(SAMPLES.resolve("surname-classifier.json"));
        Vocabulary v = Vocabulary.build(List.of("Rossi", "\"O\" Brien"), Vocabulary.Level.CHARACTERS, true, 24, 100);
        String text = PyTorchExport.script(g, "names.safetensors", null, new DataNames(List.of(), List.of("en", "it"), v));
        assertTrue(text.contains("\nTOKENIZE = \"characters\"  # "), text);
        assertTrue(text.contains("\nLOWERCASE = True  # "), text);
        assertTrue(text.contains("\nLENGTH = 24  # "), text);
        assertTrue(text.contains("\nVOCABULARY = [\"<pad>\", \"<unk>\", \"r\", \"o\", \"s\", \"i\", \"\\\"\", \" \", \"b\", \"e\", \"n\"]  # "), text);
        assertTrue(text.contains("\ndef encode(texts):\n") && text.contains("\nimport unicodedata\n"), text);
        assertTrue(text.contains("ap.add_argument(\"--text\""), text);
        assertTrue(text.contains("\n# python3 names.py --text \"some text\" [--text …]   classifies texts (or --input texts.txt, a text a line)\n"), text);
        String plain = PyTorchExport.script(g, "names.safetensors", null, new DataNames(List.of(), List.of("en", "it")));
        for (String part : List.of("VOCABULARY", "def encode", "unicodedata", "--text")) assertFalse(plain.contains(part), part);
    }

    /** Texts that a tokenizer can get wrong: apostrophes, marks, scripts, digits of all kinds, spaces Java's \\s does not know. */
    static final List<String> HARD_TEXTS = List.of(
            "Don't stop\u2014rock'n'roll isn\u2019t dead!",
            "nai\u0308ve cafe\u0301, O'Neill's 3rd-place: 42.5%",
            "rock' n 'roll '' x''y don't9x a1'b2 \u2019quoted\u2019 it'",
            "\u03a3\u039f\u03a6\u039f\u03a3 \u039f\u0394\u03a5\u03a3\u03a3\u0395\u03a5\u03a3 \u03c3\u03bf\u03c6\u03cc\u03c2",
            "\u0130stanbul I\u015eIK \u01c5emal stra\u00dfe \u1e9e",
            "\u6771\u4eac\u30bf\u30ef\u30fc \ud83d\ude00\ud83d\udc4d\ud83c\udffd \u0661\u0662\u0663 \u216b \u00bd \u00b2x",
            "a\u00a0b\u2003c\tD\nE\r\nf\013g\fh",
            "", "   ",
            "one two three four five six seven eight nine ten eleven twelve");

    /**
     * The script cuts and numbers texts exactly as Vocabulary does, for words and characters, lower-cased or not: the same
     * tokens, the same ids (unknown ones 1), padded on the left (or the right) and cut to LENGTH alike. Needs python3 with torch.
     */
    @Test
    void theScriptCutsAndNumbersTextsAsLayerLabDoes(@TempDir Path dir) throws Exception {
        Torch.assume();
        Graph g = ProjectJson.load(SAMPLES.resolve("surname-classifier.json"));
        List<String> texts = new java.util.ArrayList<>(HARD_TEXTS);
        texts.addAll(List.of("Zebras don't know QUIRKY words", "\u00c5ngstr\u00f6m \u00e5ngstr\u00f6m"));
        List<Vocabulary> vocabularies = new java.util.ArrayList<>();
        List<String> modules = new java.util.ArrayList<>();
        for (Vocabulary.Level level : Vocabulary.Level.values()) {
            for (boolean lower : List.of(true, false)) {
                // Built from the hard texts only, so that the last two have unknown tokens; short enough to cut some texts.
                Vocabulary v = Vocabulary.build(HARD_TEXTS, level, lower, level == Vocabulary.Level.WORDS ? 8 : 20, 1000);
                String module = "text_" + level.id() + (lower ? "_lower" : "");
                Files.writeString(dir.resolve(module + ".py"), PyTorchExport.script(g, "x.safetensors", null, new DataNames(List.of(), List.of(), v)));
                vocabularies.add(v);
                modules.add(module);
            }
        }
        // Padded on the right (for a model that masks the padding): the ids at the start, then 0s.
        Vocabulary right = Vocabulary.build(HARD_TEXTS, Vocabulary.Level.WORDS, true, 8, 1000).withPadding(Vocabulary.Padding.RIGHT);
        Files.writeString(dir.resolve("text_right.py"), PyTorchExport.script(g, "x.safetensors", null, new DataNames(List.of(), List.of(), right)));
        vocabularies.add(right);
        modules.add("text_right");
        Path json = dir.resolve("texts.json");
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(json.toFile(), texts);
        List<String> args = new java.util.ArrayList<>(List.of("-c", ENCODE, dir.toString(), json.toString()));
        args.addAll(modules);
        var got = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Torch.python(0, args.toArray(String[]::new)));
        for (int m = 0; m < modules.size(); m++) {
            Vocabulary v = vocabularies.get(m);
            float[] ids = v.encode(texts);
            for (int i = 0; i < texts.size(); i++) {
                List<String> tokens = new java.util.ArrayList<>();
                got.get(m).get("tokens").get(i).forEach(t -> tokens.add(t.asText()));
                assertEquals(Vocabulary.tokenize(texts.get(i), v.level(), v.lowercase()), tokens, modules.get(m) + ": " + texts.get(i));
                for (int j = 0; j < v.length(); j++)
                    assertEquals((long) ids[i * v.length() + j], got.get(m).get("ids").get(i).get(j).asLong(), modules.get(m) + ": " + texts.get(i) + " id " + j);
            }
        }
    }

    /** Prints, per module named after the folder and the texts' JSON file, the tokens and ids its tokenize and encode give. */
    private static final String ENCODE = """
            import json, sys
            sys.path.insert(0, sys.argv[1])
            texts = json.load(open(sys.argv[2], encoding="utf-8"))
            out = []
            for name in sys.argv[3:]:
                m = __import__(name)
                out.append({"tokens": [m.tokenize(t) for t in texts], "ids": m.encode(texts).tolist()})
            print(json.dumps(out))
            """;

    /**
     * The script of a trained surnames model, run on names (one with characters the model never saw, one longer than its 24
     * ids, blank ones) from a .txt file and from --text, gives LayerLab's logits and prints LayerLab's classes.
     */
    @Test
    void aTrainedTextModelsScriptPredictsWhatLayerLabPredicts(@TempDir Path dir) throws Exception {
        Torch.assume();
        Graph g = ProjectJson.load(SAMPLES.resolve("surname-classifier.json"));
        layerlab.data.DataSplit data = layerlab.data.DataSources.open(g.dataset(), SAMPLES);
        Map<String, Object> settings = new java.util.HashMap<>(g.training());
        settings.put("device", "cpu");
        layerlab.train.Trainer t = new layerlab.train.Trainer(g, layerlab.train.TrainingConfig.fromMap(settings), data.train(), data.validation());
        t.setMaxSteps(60);
        t.run();
        DataNames names = t.dataNames();
        Vocabulary v = names.vocabulary();
        assertEquals(24, v.length());
        Path script = dir.resolve("surnames.py");
        PyTorchExport.save(g, t.model().stateDict(), null, names, script);

        List<String> inFile = List.of("Rossi", "M\u00fcller", "Nakamura\u674e\ud83d\ude00", "Wolfeschlegelsteinhausenbergerdorff", " O'Brien ");
        Files.write(dir.resolve("names.txt"), ("\uFEFF" + String.join("\n", inFile.subList(0, 2)) + "\n\n" + String.join("\r\n", inFile.subList(2, 5)) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Torch.python(0, script.toString(), "--input", dir.resolve("names.txt").toString(), "--output", dir.resolve("y.npy").toString());
        assertLogits(t, v, inFile, Npy.read(dir.resolve("y.npy")));

        List<String> typed = List.of("", "  ", "Kowalski", "Rossi");
        String printed = Torch.python(0, script.toString(), "--text", "", "--text", "  ", "--text", "Kowalski", "--text", "Rossi");
        Tensor logits = logits(t, v, typed);
        List<String> expected = new java.util.ArrayList<>();
        List<String> shown = List.of("\"\"", "\"\"", "Kowalski", "Rossi");
        int width = 0;
        for (int i = 0; i < typed.size(); i++) {
            float[] row = java.util.Arrays.copyOfRange(logits.toFloatArray(), i * 8, i * 8 + 8);
            expected.add(names.classes().get(layerlab.train.Predictions.best(row)));
            width = Math.max(width, expected.get(i).length());
        }
        for (int i = 0; i < typed.size(); i++) expected.set(i, expected.get(i) + " ".repeat(width - expected.get(i).length()) + "  " + shown.get(i));
        assertEquals(expected, printed.lines().toList());

        // encode() itself, on the names of both.
        List<String> all = new java.util.ArrayList<>(inFile);
        all.addAll(typed);
        Path json = dir.resolve("names.json");
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(json.toFile(), all);
        var got = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Torch.python(0, "-c", ENCODE, dir.toString(), json.toString(), "surnames")).get(0).get("ids");
        float[] ids = v.encode(all);
        for (int i = 0; i < all.size(); i++)
            for (int j = 0; j < 24; j++) assertEquals((long) ids[i * 24 + j], got.get(i).get(j).asLong(), all.get(i) + " id " + j);
        assertEquals(1, (long) ids[2 * 24 + 23], "the emoji is not one of the surnames' characters");
    }

    private static Tensor logits(layerlab.train.Trainer t, Vocabulary v, List<String> texts) {
        float[] ids = v.encode(texts);
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) longs[i] = (long) ids[i];
        try (var ng = Autograd.noGrad()) {
            return t.model().run(Map.of("surname", Tensor.ofLongs(longs, texts.size(), v.length())), List.of("logits")).get("logits");
        }
    }

    private static void assertLogits(layerlab.train.Trainer t, Vocabulary v, List<String> texts, Tensor got) {
        float[] exp = logits(t, v, texts).toFloatArray(), y = got.toFloatArray();
        assertEquals(exp.length, y.length);
        for (int i = 0; i < exp.length; i++) assertEquals(exp[i], y[i], 1e-4 * Math.max(1, Math.abs(exp[i])), "logit " + i + " (" + texts.get(i / 8) + ")");
    }

    @Test
    void theResBlockSampleBecomesTwoClasses() throws IOException {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "net-with-resblock.json"));
        String text = PyTorchExport.script(g, "model.safetensors");
        assertTrue(text.contains("""
                class ResBlock(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.conv1 = nn.Conv2d(16, 16, 3, padding=1, bias=False)
                        self.bn1 = nn.BatchNorm2d(16)
                        self.relu1 = nn.ReLU()
                        self.conv2 = nn.Conv2d(16, 16, 3, padding=1, bias=False)
                        self.bn2 = nn.BatchNorm2d(16)
                        self.relu2 = nn.ReLU()

                    def forward(self, x):
                        conv1 = self.conv1(x)
                        bn1 = self.bn1(conv1)
                        relu1 = self.relu1(bn1)
                        conv2 = self.conv2(relu1)
                        bn2 = self.bn2(conv2)
                        add = bn2 + x
                        relu2 = self.relu2(add)
                        return relu2
                """), text);
        assertTrue(text.contains("        self.res1 = ResBlock()\n"), text);
        assertTrue(text.contains("        res1 = self.res1(conv1)\n"), text);
    }

    @Test
    void aLossFeedingAnOutputIsNamed() {
        Graph g = TestGraphs.graph()
                .node("x", "Input", "shape", List.of(4))
                .node("y", "Input", "shape", List.of(4))
                .node("loss", "MSELoss")
                .node("out", "Output")
                .edge("x.out", "loss.input").edge("y.out", "loss.target").edge("loss.loss", "out.in")
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PyTorchExport.script(g, "w.safetensors"));
        assertEquals("cannot export \"Untitled\" to PyTorch: node \"loss\" (MSELoss): a loss cannot be part of the exported model", e.getMessage());
    }
}
