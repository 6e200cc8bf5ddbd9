package layerlab.graph.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.graph.Block;
import layerlab.graph.CanvasView;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.graph.Note;
import layerlab.graph.Position;
import layerlab.graph.TestGraphs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectJsonTest {
    private static Graph rich() {
        Graph body = TestGraphs.graph().node("x", "Input").node("fc", "Linear", "out_features", 4).node("y", "Output").chain("x", "fc", "y").build();
        Graph g = TestGraphs.graph().block(new Block("Head", "a linear head", body))
                .node("v", "Input", "shape", List.of(3, 8, 8)).node("conv", "Conv2d", "out_channels", 6, "kernel_size", List.of(3, 5), "padding", "same")
                .node("bn", "BatchNorm2d", "eps", 1e-3, "momentum", 0.05).node("flat", "Flatten").node("h", "Block", "block", "Head")
                .node("out", "Output").chain("v", "conv", "bn", "flat").edge("flat.out", "h.x").edge("h.y", "out.in").build();
        return g.addNote(new Note("note1", "a note\nwith \"quotes\"", new Position(12.5, -3), 240, 90)).after()
                .setView(new CanvasView(-40, 25.25, 1.5)).after()
                .set(GraphChange.Setting.NAME, "Rich").after()
                .set(GraphChange.Setting.DATASET, Map.of("source", "mnist", "split", List.of(0.8, 0.2), "shuffle", true)).after()
                .set(GraphChange.Setting.TRAINING, Map.of("epochs", 3, "optimizer", Map.of("name", "Adam", "lr", 1e-3))).after();
    }

    @Test
    void aSettingsMessageIsLocatedAtTheSettingItNames() {
        String text = "{\n  \"training\": {\n    \"optimizer\": {\"name\": \"SGD\", \"lr\": -1},\n    \"epochs\": \"ten\"\n  }\n}\n";
        assertEquals(List.of(3, 40), toList(ProjectJson.locateSetting(text, "training.optimizer.lr must be at least 0, got -1")));
        assertEquals(List.of(4, 15), toList(ProjectJson.locateSetting(text, "training.epochs must be an integer, got \"ten\"")));
        assertEquals(List.of(2, 15), toList(ProjectJson.locateSetting(text, "training.scheduler is required")), "the nearest setting there is");
        assertEquals(null, ProjectJson.locateSetting(text, "the graph has no loss node"));
        assertEquals(null, ProjectJson.locateSetting("{ not json", "training.epochs must be …"));
        assertEquals("training.optimizer.lr", ProjectJson.settingPath("training.optimizer.lr must be at least 0, got -1"));
        assertEquals("training.shuffel", ProjectJson.settingPath("training: unknown key \"shuffel\" (did you mean shuffle?)"));
        assertEquals("dataset.validation_split", ProjectJson.settingPath("dataset.validation_split must be a fraction below 1, got 1"));
        assertEquals(null, ProjectJson.settingPath("the graph has no loss node"));
    }

    private static List<Integer> toList(int[] a) {
        return a == null ? null : List.of(a[0], a[1]);
    }

    @Test
    void roundTripIsLosslessAndStable() throws Exception {
        Graph g = rich();
        String text = ProjectJson.write(g);
        Graph back = ProjectJson.read(text, "rich.json");
        assertEquals(g, back);
        assertEquals(text, ProjectJson.write(back), "the same graph always gives the same bytes");
    }

    @Test
    void layoutIsStableAndDiffFriendly() {
        String text = ProjectJson.write(rich());
        assertTrue(text.startsWith("{\n  \"format\": \"layerlab-project\",\n  \"version\": 1,\n  \"name\": \"Rich\",\n"));
        assertTrue(text.contains("\n    {\"from\": \"v.out\", \"to\": \"conv.in\"},\n"), "one edge per line, by name");
        assertTrue(text.contains("\"params\": {\"out_channels\": 6, \"kernel_size\": [3, 5], \"padding\": \"same\"},"), "params in signature order");
        assertTrue(text.contains("\"position\": {\"x\": 12.5, \"y\": -3}"));
        assertTrue(text.endsWith("}\n"));
        // Keys in a fixed order whatever order the params were set in.
        Graph g = TestGraphs.graph().node("fc", "Linear", "bias", false, "out_features", 3).build();
        assertTrue(ProjectJson.write(g).contains("\"params\": {\"out_features\": 3, \"bias\": false}"));
    }

    @Test
    void malformedJsonGivesLineAndColumn() {
        String text = "{\n  \"format\": \"layerlab-project\",\n  \"version\": 1,\n  \"nodes\": [\n    {\"id\": \"n1\",}\n  ]\n}\n";
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> ProjectJson.read(text, "bad.json"));
        assertEquals(1, e.issues().size());
        assertEquals(5, e.issues().get(0).line());
        assertEquals(17, e.issues().get(0).column(), "the stray }");
        assertTrue(e.getMessage().startsWith("bad.json:5:17: malformed JSON: Unexpected character ('}'"), e.getMessage());
    }

    @Test
    void nanCommentsAndPlusSignsAreSaidPlainlyAtTheirPlace() {
        String project = "{\n  \"format\": \"layerlab-project\",\n  \"version\": 1,\n  \"training\": {\"lr\": %s}\n}\n";
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("NaN", "n.json:4:22: NaN is not a JSON number: write a number");
        expected.put("-Infinity", "n.json:4:22: -Infinity is not a JSON number: write a number");
        expected.put("+1", "n.json:4:22: a JSON number has no plus sign: remove the +");
        expected.put("1 // the default", "n.json:4:24: JSON has no comments: remove the // comment");
        expected.put("/* 0.1? */ 1", "n.json:4:22: JSON has no comments: remove the /* */ comment");
        for (var c : expected.entrySet()) {
            String text = String.format(project, c.getKey());
            assertEquals(c.getValue(), assertThrows(ProjectFormatException.class, () -> ProjectJson.read(text, "n.json")).getMessage(), c.getKey());
        }
    }

    @Test
    void aTruncatedFileSaysWhereTheUnclosedArrayBegan() {
        String text = "{\"format\": \"layerlab-project\", \"version\": 1, \"nodes\": [{\"id\": \"a\"}";
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> ProjectJson.read(text, "cut.json"));
        assertTrue(e.getMessage().contains("expected close marker for Array (start marker at line 1, column 55)"), e.getMessage());
        assertFalse(e.getMessage().contains("Source:"), e.getMessage());
    }

    /** A file far too large for a project (a log named by mistake, /dev/zero) is refused at once, not read until memory runs out. */
    @Test
    void aFileTooLargeForAProjectIsRefusedUnread(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.json");
        Files.writeString(big, "{\"format\": \"layerlab-project\", \"version\": 1, \"description\": \"" + "x".repeat(200) + "\"}");
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> ProjectJson.load(big, 100));
        assertEquals("big.json: the file holds more than 100 bytes, too much for a LayerLab project: is it the right file?", e.getMessage());
        assertEquals("Untitled", ProjectJson.load(big, 1000).name(), "under the limit it reads");
        Path zero = Path.of("/dev/zero");
        if (Files.isReadable(zero)) {
            assertEquals("zero: the file holds more than 1 MB, too much for a LayerLab project: is it the right file?",
                    assertThrows(ProjectFormatException.class, () -> ProjectJson.load(zero, 1 << 20)).getMessage());
        }
    }

    @Test
    void aByteOrderMarkBeforeTheJsonIsSkipped(@TempDir Path dir) throws Exception {
        Graph g = rich();
        assertEquals(g, ProjectJson.read("\uFEFF" + ProjectJson.write(g), "bom.json"));
        Path file = dir.resolve("notepad.json");
        Files.write(file, ("\uFEFF" + ProjectJson.write(g)).getBytes(StandardCharsets.UTF_8));
        assertEquals((byte) 0xEF, Files.readAllBytes(file)[0], "the file starts with the mark's bytes EF BB BF");
        assertEquals(g, ProjectJson.load(file));
        String text = "\uFEFF{\n  \"training\": {\"epochs\": \"ten\"}\n}\n";
        assertEquals(List.of(2, 26), toList(ProjectJson.locateSetting(text, "training.epochs must be an integer, got \"ten\"")));
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> ProjectJson.read("\uFEFF{\"nodes\": []}", "p.json"));
        assertEquals("p.json:1:1: not a LayerLab project: it needs \"format\": \"layerlab-project\"", e.getMessage(), "places count from after the mark");
    }

    @Test
    void emptyFileAndNotAProject() {
        assertEquals("e.json: the file is empty; a LayerLab project is a JSON object",
                assertThrows(ProjectFormatException.class, () -> ProjectJson.read("  \n", "e.json")).getMessage());
        assertEquals("p.json:1:1: not a LayerLab project: it needs \"format\": \"layerlab-project\"",
                assertThrows(ProjectFormatException.class, () -> ProjectJson.read("{\"nodes\": []}", "p.json")).getMessage());
    }

    @Test
    void aNewerVersionIsRefused() {
        String text = ProjectJson.write(rich()).replace("\"version\": 1,", "\"version\": 7,");
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> ProjectJson.read(text, "new.json"));
        assertEquals("new.json:3:14: this project was saved by a newer LayerLab (file version 7; this LayerLab reads versions up to 1); update "
                + "LayerLab to open it", e.getMessage());
    }

    @Test
    void olderVersionsGoThroughTheMigrationSteps() throws Exception {
        // A made-up history: version 1 called "params" "args"; step 1 renames it.
        Migrations history = new Migrations(2, List.of(root -> {
            root.withArray("nodes").forEach(n -> ((ObjectNode) n).set("params", ((ObjectNode) n).remove("args")));
            return root;
        }));
        String v1 = "{\"format\": \"layerlab-project\", \"version\": 1, \"nodes\": [{\"id\": \"n1\", \"name\": \"fc\", \"kind\": \"Linear\", "
                + "\"args\": {\"out_features\": 3}}], \"edges\": []}";
        Graph g = new ProjectReader("old.json", history).read(v1);
        assertEquals(3, g.node("n1").param("out_features"));
        String v3 = v1.replace("\"version\": 1", "\"version\": 3");
        assertThrows(ProjectFormatException.class, () -> new ProjectReader("x.json", history).read(v3));
    }

    @Test
    void unknownKindsParamsKeysAndNodesAreNamedAllAtOnce() {
        String text = String.join("\n",
                "{",
                "  \"format\": \"layerlab-project\",",
                "  \"version\": 1,",
                "  \"nodes\": [",
                "    {\"id\": \"n1\", \"name\": \"x\", \"kind\": \"Input\", \"params\": {\"shape\": [4]}},",
                "    {\"id\": \"n2\", \"name\": \"conv9\", \"kind\": \"Conv4d\"},",
                "    {\"id\": \"n3\", \"name\": \"fc\", \"kind\": \"Linear\", \"params\": {\"out_feature\": 3}},",
                "    {\"id\": \"n4\", \"name\": \"drop\", \"kind\": \"Dropout\", \"params\": {\"p\": \"half\"}, \"colour\": \"red\"}",
                "  ],",
                "  \"edges\": [",
                "    {\"from\": \"x.out\", \"to\": \"fcc.in\"}",
                "  ]",
                "}");
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> ProjectJson.read(text, "p.json"));
        assertEquals(List.of(
                "p.json:6:43: node \"conv9\": unknown layer kind \"Conv4d\" (did you mean Conv1d?)",
                "p.json:7:76: node \"fc\" (Linear): unknown param \"out_feature\" (did you mean out_features?); its params are in_features, "
                        + "out_features, bias",
                "p.json:8:88: node \"drop\" has no key \"colour\"",
                "p.json:8:69: node \"drop\": p must be a number, got 'half'",
                "p.json:11:29: the edge end \"fcc.in\" names no node \"fcc\" (did you mean fc?)"),
                e.issues().stream().map(i -> i.at("p.json")).toList());
    }

    @Test
    void nullIsRefusedWherePyTorchsNoneIsNotTheDefaultNorLayerLabs() {
        // Softmax's dim=None is an implicit dim: not the default LayerLab would otherwise take, nor one it has. BatchNorm's
        // momentum=None (PyTorch's cumulative average) is kept as set; a pool's stride=None (the kernel's size) and a
        // shape-filled param are their defaults.
        String text = String.join("\n",
                "{",
                "  \"format\": \"layerlab-project\",",
                "  \"version\": 1,",
                "  \"nodes\": [",
                "    {\"id\": \"n1\", \"name\": \"bn\", \"kind\": \"BatchNorm2d\", \"params\": {\"num_features\": null, \"momentum\": null}},",
                "    {\"id\": \"n2\", \"name\": \"pool\", \"kind\": \"MaxPool2d\", \"params\": {\"kernel_size\": 2, \"stride\": null}},",
                "    {\"id\": \"n3\", \"name\": \"sm\", \"kind\": \"Softmax\", \"params\": {\"dim\": null}}",
                "  ],",
                "  \"edges\": []",
                "}");
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> ProjectJson.read(text, "p.json"));
        assertEquals(List.of(
                "p.json:7:69: node \"sm\": dim cannot be null (PyTorch's None) in LayerLab; leave it out for its default, 1"),
                e.issues().stream().map(i -> i.at("p.json")).toList());
    }

    @Test
    void duplicateNamesAndKeysAreRefused() {
        String dupName = "{\"format\": \"layerlab-project\", \"version\": 1, \"nodes\": [{\"id\": \"a\", \"name\": \"x\", \"kind\": \"ReLU\"}, "
                + "{\"id\": \"b\", \"name\": \"x\", \"kind\": \"ReLU\"}], \"edges\": []}";
        assertTrue(assertThrows(ProjectFormatException.class, () -> ProjectJson.read(dupName, "d.json")).getMessage()
                .contains("two nodes are named \"x\"; names must be unique"));
        String dupId = "{\"format\": \"layerlab-project\", \"version\": 1, \"nodes\": [{\"id\": \"a\", \"name\": \"fc1\", \"kind\": \"ReLU\"}, "
                + "{\"id\": \"a\", \"name\": \"relu\", \"kind\": \"ReLU\"}, {\"id\": \"a\", \"name\": \"act\", \"kind\": \"ReLU\"}], \"edges\": []}";
        assertEquals(List.of("d.json:1:107: node \"relu\": the id \"a\" is already the id of node \"fc1\"; ids must be unique",
                        "d.json:1:152: node \"act\": the id \"a\" is already the id of node \"fc1\"; ids must be unique"),
                assertThrows(ProjectFormatException.class, () -> ProjectJson.read(dupId, "d.json")).issues().stream().map(i -> i.at("d.json")).toList(),
                "the node the id first belongs to, and the one that takes it again");
        String dupKey = "{\"format\": \"layerlab-project\", \"version\": 1, \"version\": 1}";
        assertTrue(assertThrows(ProjectFormatException.class, () -> ProjectJson.read(dupKey, "k.json")).getMessage()
                .startsWith("k.json:1:55: malformed JSON: Duplicate field 'version'"));
    }

    @Test
    void valuesOutOfRangeStillLoadAndValidationReportsThem() throws Exception {
        String text = "{\"format\": \"layerlab-project\", \"version\": 1, \"nodes\": [{\"id\": \"a\", \"name\": \"drop\", \"kind\": \"Dropout\", "
                + "\"params\": {\"p\": 2}}], \"edges\": []}";
        Graph g = ProjectJson.read(text, "r.json");
        assertEquals(2.0, g.node("a").param("p"), "an int written for a float param reads as a float");
        Graph huge = ProjectJson.read(text.replace("\"p\": 2", "\"p\": 40000000000"), "r.json");
        assertEquals(4e10, huge.node("a").param("p"), "however large");
    }

    @Test
    void aWholeNumberTooLargeForAnIntIsSaidToBe() {
        String text = "{\"format\": \"layerlab-project\", \"version\": 1, \"nodes\": [{\"id\": \"a\", \"name\": \"x\", \"kind\": \"Input\", "
                + "\"params\": {\"shape\": [3, 4000000000]}}, {\"id\": \"b\", \"name\": \"fc1\", \"kind\": \"Linear\", "
                + "\"params\": {\"out_features\": 99999999999999999999, \"in_features\": -3000000000}}], \"edges\": []}";
        assertEquals(List.of(
                "b.json:1:118: node \"x\": shape [3,4000000000] holds 4000000000, too large: the largest whole number allowed is 2147483647",
                "b.json:1:209: node \"fc1\": out_features 99999999999999999999 is too large: the largest whole number allowed is 2147483647",
                "b.json:1:246: node \"fc1\": in_features -3000000000 is too small: the smallest whole number allowed is -2147483648"),
                assertThrows(ProjectFormatException.class, () -> ProjectJson.read(text, "b.json")).issues().stream().map(i -> i.at("b.json")).toList());
    }

    @Test
    void saveIsAtomicAndLoadReadsItBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/project.json");
        Graph g = rich();
        ProjectJson.save(g, file);
        assertEquals(g, ProjectJson.load(file));
        ProjectJson.save(g.rename("conv", "conv1").after(), file);
        assertEquals("conv1", ProjectJson.load(file).node("conv").name());
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
        assertFalse(Files.readString(file).contains("\r"));
    }

    @Test
    void publishedSchemaIsTheGeneratedOne() throws Exception {
        Path published = Path.of("..", "resources", "schema", "layerlab-project.schema.json");
        assertEquals(ProjectSchema.generate(), Files.readString(published),
                "resources/schema/layerlab-project.schema.json is stale: regenerate it with ProjectSchema.generate()");
    }

    /**
     * A file with a node named as nn.Module names its own methods (forward, training…; LayerLab took such names before
     * it refused them for new nodes) still opens: the node shows an error saying what to rename it to, and saving and
     * loading keep it, so no one's project is locked out.
     */
    @Test
    void anOlderFilesNodeNamedLikeAModuleMethodOpensAndSaysToRenameIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.json");
        Files.writeString(file, Files.readString(Path.of("../sample-projects/iris.json"))
                .replace("\"name\": \"fc1\"", "\"name\": \"forward\"").replace("\"fc1.", "\"forward."));
        Graph g = ProjectJson.load(file);
        assertEquals("Linear", g.nodeByName("forward").kind());
        var errors = layerlab.graph.analysis.Analysis.of(g).errors();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(layerlab.graph.analysis.ProblemCode.RESERVED_NAME, errors.get(0).code());
        assertTrue(errors.get(0).message().startsWith("'forward' is a name every PyTorch nn.Module uses itself (self.forward), so it "
                + "cannot name a layer: try forward_1"), errors.get(0).message());
        ProjectJson.save(g, file);
        assertEquals(g.nodeByName("forward").id(), ProjectJson.load(file).nodeByName("forward").id());
    }
}
