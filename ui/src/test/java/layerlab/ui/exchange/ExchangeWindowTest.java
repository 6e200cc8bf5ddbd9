package layerlab.ui.exchange;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import layerlab.data.DataNames;
import layerlab.data.Normalization;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.graph.json.ProjectJson;
import layerlab.io.ModelBundle;
import layerlab.io.Safetensors;
import layerlab.io.onnx.OnnxImporter;
import layerlab.io.onnx.OnnxProto;
import layerlab.io.onnx.OnnxWire;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import layerlab.train.Checkpoints;
import layerlab.train.TrainingConfig;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.editor.Command;
import layerlab.ui.editor.Commands;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.train.TrainingSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** File › Export and Import ONNX in the real main window (headless under Monocle); the file dialogs answer from the test. */
class ExchangeWindowTest extends WindowTest {
    @TempDir
    Path dir;
    /** What the stand-in dialog answers next, and what it was asked ("save iris.onnx", "open onnx"). */
    private Path answer;
    private final List<String> asked = new ArrayList<>();

    @Override
    protected MainWindow open(Stage stage) throws Exception {
        MainWindow window = TestWindows.open(stage, Path.of(System.getProperty("java.io.tmpdir"), "layerlab-exchange-test-recovery.json"), 1240, 780);
        window.exchange().setChooser(new PathChooser() {
            @Override
            public Path open(Window owner, String title, String description, String extension, Path folder) {
                asked.add("open " + extension);
                return answer;
            }

            @Override
            public Path save(Window owner, String title, String description, String extension, Path folder, String name) {
                asked.add("save " + name);
                return answer;
            }
        });
        return window;
    }

    /**
     * Fires a File menu item, found by id in the window's menu bar. Submenus do not follow TestFX's pointer reliably
     * under Monocle (the submenu closes as the pointer crosses the items below), so the item is fired as a click would.
     */
    private void menu(FxRobot robot, String... ids) {
        Menu file = robot.lookup("#menuBar").queryAs(MenuBar.class).getMenus().get(0);
        List<MenuItem> items = file.getItems();
        MenuItem item = null;
        for (String id : ids) {
            String want = id.substring(1);
            item = items.stream().filter(i -> want.equals(i.getId())).findFirst().orElseThrow(() -> new AssertionError(id + " in the File menu"));
            if (item instanceof Menu sub) items = sub.getItems();
        }
        // Later, not interact(): an alert's showAndWait must not block the test thread.
        Platform.runLater(item::fire);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void exportTo(FxRobot robot, String itemId, Path out) {
        answer = out;
        menu(robot, "#fileExport", itemId);
    }

    private String message() {
        return editor.messageProperty().get();
    }

    /** The alert's text, after closing it. */
    private String closeAlert(FxRobot robot, String id) {
        DialogPane pane = robot.lookup(id).queryAs(DialogPane.class);
        assertNotNull(pane, id + " shown");
        String text = pane.getContentText();
        robot.clickOn("OK");
        WaitForAsyncUtils.waitForFxEvents();
        return text;
    }

    private static void assertSameWeights(Map<String, Tensor> want, Map<String, Tensor> got) {
        assertEquals(List.copyOf(want.keySet()), List.copyOf(got.keySet()));
        want.forEach((k, t) -> assertArrayEquals(t.toFloatArray(), got.get(k).toFloatArray(), 0f, k));
    }

    @Test
    void theFileMenuHasExportAndImportAfterSaveAs(FxRobot robot) {
        robot.clickOn("#menuFile");
        assertTrue(robot.lookup("#fileExport").tryQuery().isPresent() && robot.lookup("#fileImportOnnx").tryQuery().isPresent());
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        List<MenuItem> items = robot.lookup("#menuBar").queryAs(MenuBar.class).getMenus().get(0).getItems();
        List<String> ids = items.stream().map(MenuItem::getId).toList();
        assertEquals(ids.indexOf("fileSaveAs") + 1, ids.indexOf("fileExport"));
        assertEquals(ids.indexOf("fileExport") + 1, ids.indexOf("fileImportOnnx"));
        assertEquals(ids.indexOf("fileImportOnnx") + 1, ids.indexOf("fileImportWeights"));
        assertEquals(List.of("Trained model (.llab)…", "Trained model without training state (.llab)…", "ONNX…", "PyTorch script…", "Weights (safetensors)…", "", "Picture of the network (PNG)…",
                        "Picture of the network (SVG)…"),
                ((Menu) items.get(ids.indexOf("fileExport"))).getItems().stream().map(i -> i.getText() == null ? "" : i.getText()).toList());
    }

    /** The whole drawing, also the cards far out of view, at twice the canvas's 100 %, on its background. */
    @Test
    void aPictureOfTheNetworkHoldsEveryCardWhereverTheViewIs(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("net-with-resblock.json"));
        // Zoomed in on the first card: most cards are out of view, out of the scene.
        robot.interact(() -> {
            window.canvas().zoomBy(2.5);
            window.canvas().zoomBy(1.25);
        });
        WaitForAsyncUtils.waitForFxEvents();
        Path out = dir.resolve("net.png");
        exportTo(robot, "#fileExportPicture", out);
        assertEquals(List.of("save NetWithResBlock.png"), asked);
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(out.toFile());
        assertNotNull(img, "a PNG");
        assertTrue(message().startsWith("Wrote a picture of the network, " + img.getWidth() + " × " + img.getHeight() + " pixels"), message());
        Graph g = editor.graph();
        // The picture starts 40 units before the drawing's extent, at two pixels per unit.
        javafx.geometry.Rectangle2D b = window.canvas().worldBounds();
        double x0 = b.getMinX() - 40, y0 = b.getMinY() - 40;
        assertEquals((int) Math.ceil((b.getWidth() + 80) * 2), img.getWidth());
        int background = img.getRGB(2, 2);
        // The middle of every card's body is drawn (not the background), at two pixels per world unit.
        for (Node n : g.nodes()) {
            int px = (int) ((n.position().x() - x0 + 90) * 2), py = (int) ((n.position().y() - y0 + 52) * 2);
            assertTrue(px < img.getWidth() && py < img.getHeight(), n.name() + " inside the picture");
            boolean drawn = false;
            for (int dx = -20; dx <= 20 && !drawn; dx += 4) drawn = img.getRGB(px + dx, py) != background;
            assertTrue(drawn, n.name() + " is drawn");
        }
        asked.clear();
        robot.interact(() -> window.files().newProject(Graph.empty()));
        menu(robot, "#fileExport", "#fileExportPicture");
        assertEquals(List.of(), asked, "an empty canvas asks for no file");
        assertEquals("The canvas is empty: there is nothing to picture yet.", message());
    }

    /**
     * The SVG picture is the canvas's drawing as shapes and text: every card (its name, kind and output shape as text),
     * every wire as a curve with its shape label, the notes' wrapped lines, within a view box around the whole drawing.
     */
    @Test
    void anSvgPictureHoldsEveryCardWireAndNoteAsShapesAndText(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("neural-network.json"));
        robot.interact(() -> window.canvas().zoomBy(3));
        WaitForAsyncUtils.waitForFxEvents();
        Path out = dir.resolve("net.svg");
        exportTo(robot, "#fileExportSvg", out);
        assertEquals(List.of("save NeuralNetwork.svg"), asked);
        String shots = System.getProperty("layerlab.screenshots");
        if (shots != null) Files.copy(out, Path.of(shots).resolve("network-picture.svg"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Graph g = editor.graph();
        assertEquals("Wrote a picture of the network (SVG, " + g.nodes().size() + " nodes) to net.svg", message());
        var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        org.w3c.dom.Document doc = factory.newDocumentBuilder().parse(out.toFile());
        org.w3c.dom.Element svg = doc.getDocumentElement();
        assertEquals("svg", svg.getTagName());
        assertEquals("NeuralNetwork", doc.getElementsByTagName("title").item(0).getTextContent());
        javafx.geometry.Rectangle2D b = window.canvas().worldBounds();
        String[] box = svg.getAttribute("viewBox").split(" ");
        assertEquals(b.getMinX() - 40, Double.parseDouble(box[0]), 0.01);
        assertEquals(b.getWidth() + 80, Double.parseDouble(box[2]), 0.01);
        Map<String, org.w3c.dom.Element> byId = new LinkedHashMap<>();
        var groups = doc.getElementsByTagName("g");
        int curves = 0;
        for (int i = 0; i < groups.getLength(); i++) {
            var e = (org.w3c.dom.Element) groups.item(i);
            if (!e.getAttribute("id").isEmpty()) byId.put(e.getAttribute("id"), e);
        }
        var paths = doc.getElementsByTagName("path");
        for (int i = 0; i < paths.getLength(); i++) {
            var e = (org.w3c.dom.Element) paths.item(i);
            if (e.getAttribute("class").contains("edge-curve")) {
                curves++;
                assertTrue(e.getAttribute("d").matches("M[-0-9.,]+(C[-0-9., ]+)+"), e.getAttribute("d"));
                assertEquals("none", e.getAttribute("fill"));
                assertFalse(e.getAttribute("stroke").isEmpty(), "a wire has a colour");
            }
        }
        assertEquals(g.edges().size(), curves, "one curve per wire");
        for (Node n : g.nodes()) {
            org.w3c.dom.Element card = byId.get("node-" + n.id());
            assertNotNull(card, n.name() + " has a group");
            // Placed where the card is: its translation is the node's position.
            Position at = n.position();
            assertEquals(at.x() == 0 && at.y() == 0 ? "" : "translate(" + num(at.x()) + "," + num(at.y()) + ")", card.getAttribute("transform"));
            List<String> texts = texts(card);
            assertTrue(texts.contains(n.name()), n.name() + " among " + texts);
            assertTrue(texts.contains(n.kind()), n.kind() + " among " + texts);
            var main = editor.analysis().info(n.id()).mainOutput();
            String shape = main == null ? "[]" : main.toString();
            assertTrue(texts.stream().anyMatch(t -> t.contains(shape.substring(1, shape.length() - 1))), shape + " among " + texts);
            assertTrue(card.getElementsByTagName("circle").getLength() >= 1, "its ports");
        }
        // The note's text, wrapped into lines that each fit the note's width.
        String note = g.notes().get(0).text();
        org.w3c.dom.Element noteGroup = byId.get("note-" + g.notes().get(0).id());
        assertNotNull(noteGroup);
        List<String> lines = texts(noteGroup);
        assertTrue(lines.size() > 1, "wrapped: " + lines);
        assertEquals(note.replaceAll("\\s+", " ").trim(), String.join(" ", lines).replaceAll("\\s+", " ").trim());
        var noteTexts = noteGroup.getElementsByTagName("text");
        for (int i = 0; i < noteTexts.getLength(); i++) {
            var t = (org.w3c.dom.Element) noteTexts.item(i);
            assertTrue(t.getTextContent().length() < note.length());
            double y = Double.parseDouble(t.getAttribute("y")), width = Double.parseDouble(t.getAttribute("textLength"));
            // Each line a line lower than the one before, and no wider than the note.
            if (i > 0) assertTrue(y > Double.parseDouble(((org.w3c.dom.Element) noteTexts.item(i - 1)).getAttribute("y")) + 10, "line " + i + " lower");
            else assertTrue(y > 8, "the first line's baseline below the note's top: " + y);
            assertTrue(width > 50 && width <= g.notes().get(0).width(), "line " + i + " is " + width + " wide");
        }
        asked.clear();
        robot.interact(() -> window.files().newProject(Graph.empty()));
        menu(robot, "#fileExport", "#fileExportSvg");
        assertEquals(List.of(), asked, "an empty canvas asks for no file");
        assertEquals("The canvas is empty: there is nothing to picture yet.", message());
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** The texts under an element, in document order. */
    private static List<String> texts(org.w3c.dom.Element e) {
        List<String> out = new ArrayList<>();
        var ts = e.getElementsByTagName("text");
        for (int i = 0; i < ts.getLength(); i++) out.add(ts.item(i).getTextContent());
        return out;
    }

    @Test
    void exportsTheSampleToOnnxPyTorchAndSafetensorsWithItsSeededWeights(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        Graph g = editor.graph();

        exportTo(robot, "#fileExportOnnx", dir.resolve("iris.onnx"));
        assertTrue(message().startsWith("Exported iris.onnx with freshly initialised weights (seed "), message());
        OnnxImporter.Imported back = OnnxImporter.load(dir.resolve("iris.onnx"));
        assertNotNull(back.graph().nodeByName("fc1"), back.graph().nodes().toString());

        exportTo(robot, "#fileExportPyTorch", dir.resolve("iris"));
        assertTrue(message().startsWith("Exported iris.py and iris.safetensors"), message());
        String script = Files.readString(dir.resolve("iris.py"));
        assertTrue(script.contains("class ") && script.contains("(nn.Module):"), script);

        exportTo(robot, "#fileExportWeights", dir.resolve("w.safetensors"));
        assertEquals(List.of("save Iris.onnx", "save Iris.py", "save Iris.safetensors"), asked);
        // Fresh weights are the ones a training run would start from: seeded like Trainer's compile.
        Generator.manualSeed(TrainingConfig.fromMap(g.training()).seed());
        Map<String, Tensor> seeded = GraphCompiler.compile(g).stateDict();
        assertSameWeights(seeded, Safetensors.load(dir.resolve("w.safetensors")).tensors());
        assertSameWeights(seeded, Safetensors.load(dir.resolve("iris.safetensors")).tensors());
        assertSameWeights(seeded, back.weights());

        // Cancelling the dialog writes nothing.
        answer = null;
        robot.interact(() -> editor.messageProperty().set(""));
        menu(robot, "#fileExport", "#fileExportOnnx");
        assertEquals("", message());
    }

    @Test
    void afterARunExportWritesTheTrainedWeightsUntilALayerChanges(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        robot.interact(() -> {
            Map<String, Object> t = new LinkedHashMap<>(editor.graph().training());
            t.put("epochs", 1);
            editor.execute(new Command("Set training options", g -> g.set(GraphChange.Setting.TRAINING, t)));
        });
        TrainingSession s = window.dashboard().session();
        robot.interact(() -> window.dashboard().start());
        waitFor("the run ends (" + s.statusProperty().get() + ")", () -> s.state() == TrainingSession.State.FINISHED);
        Map<String, Tensor> trained = Checkpoints.weights(s.finished());

        // Moving a card leaves the network as it was.
        robot.interact(() -> editor.execute(Commands.move(editor.graph(), Map.of("n2", new Position(900, 900)))));
        exportTo(robot, "#fileExportWeights", dir.resolve("trained.safetensors"));
        assertEquals("Exported trained.safetensors with the last training run's weights", message());
        assertSameWeights(trained, Safetensors.load(dir.resolve("trained.safetensors")).tensors());

        // The whole trained model as one file, as `layerlab train --save-bundle` writes it: it predicts by class name.
        exportTo(robot, "#fileExportBundle", dir.resolve("trained.llab"));
        assertEquals("Exported trained.llab with the last training run's weights and the state to go on training (Go On after opening it; "
                + "File › Export › Trained model without training state writes the model alone); inputs normalized as in training "
                + "(standardize per feature (4))", message());
        ModelBundle b = ModelBundle.load(dir.resolve("trained.llab"));
        assertNotNull(b.resume(), "the run's state");
        // The model alone, to hand on: the same bundle without the state.
        exportTo(robot, "#fileExportModelOnly", dir.resolve("alone.llab"));
        assertEquals("Exported alone.llab with the last training run's weights; inputs normalized as in training (standardize per feature (4))",
                message());
        ModelBundle alone = ModelBundle.load(dir.resolve("alone.llab"));
        assertNull(alone.resume());
        assertSameWeights(trained, alone.weights());
        assertEquals(b.metrics(), alone.metrics());
        assertEquals(b.names(), alone.names());
        assertTrue(Files.size(dir.resolve("alone.llab")) < Files.size(dir.resolve("trained.llab")));
        assertSameWeights(trained, b.weights());
        assertEquals(List.of("setosa", "versicolor", "virginica"), b.names().classes());
        assertEquals(1, b.metrics().size(), "the run's one epoch");
        assertEquals(1, ((Number) b.training().get("epochs")).intValue());
        assertEquals(s.data().normalization().toMap(), b.normalization());
        assertEquals(new Position(900, 900), b.graph().node("n2").position(), "the drawing as it is now");
        // The other formats name the classes too: ONNX in its metadata, the script in CLASSES.
        exportTo(robot, "#fileExportOnnx", dir.resolve("trained.onnx"));
        assertEquals("[\"setosa\",\"versicolor\",\"virginica\"]",
                layerlab.io.onnx.OnnxWire.read(Files.readAllBytes(dir.resolve("trained.onnx"))).metadata().get("classes"));
        exportTo(robot, "#fileExportPyTorch", dir.resolve("trained.py"));
        assertTrue(Files.readString(dir.resolve("trained.py")).contains("CLASSES = [\"setosa\", \"versicolor\", \"virginica\"]"));

        robot.interact(() -> editor.execute(Commands.setParam(editor.graph(), "n2", "bias", false)));
        exportTo(robot, "#fileExportBundle", dir.resolve("fresh.llab"));
        ModelBundle untrained = ModelBundle.load(dir.resolve("fresh.llab"));
        assertTrue(untrained.metrics().isEmpty() && untrained.names().isEmpty() && untrained.normalization() == null,
                "weights no run trained come without a run's metrics, classes or statistics");
        exportTo(robot, "#fileExportWeights", dir.resolve("fresh.safetensors"));
        assertTrue(message().contains("freshly initialised weights"), message());
        Map<String, Tensor> fresh = Safetensors.load(dir.resolve("fresh.safetensors")).tensors();
        assertFalse(fresh.containsKey("fc1.bias"), fresh.keySet().toString());
    }

    @Test
    void aGraphAFormatCannotHoldShowsTheExportersMessageAndWritesNothing(FxRobot robot) {
        Graph mse = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(4)), new Position(0, 0))).after()
                .addNode(new Node("y", "y", "Input", Map.of("shape", List.of(4)), new Position(0, 200))).after()
                .addNode(new Node("loss", "loss", "MSELoss", Map.of(), new Position(250, 0))).after()
                .addNode(new Node("out", "out", "Output", Map.of(), new Position(500, 0))).after()
                .connect("x.out", "loss.input").after().connect("y.out", "loss.target").after().connect("loss.loss", "out.in").after();
        robot.interact(() -> editor.load(mse));
        exportTo(robot, "#fileExportOnnx", dir.resolve("mse.onnx"));
        assertEquals("cannot export \"Untitled\" to ONNX: node \"loss\" (MSELoss): MSELoss cannot be exported to ONNX",
                closeAlert(robot, "#exportErrorDialog"));
        exportTo(robot, "#fileExportPyTorch", dir.resolve("mse.py"));
        assertEquals("cannot export \"Untitled\" to PyTorch: node \"loss\" (MSELoss): a loss cannot be part of the exported model",
                closeAlert(robot, "#exportErrorDialog"));

        Graph circular = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(1, 8, 8)), new Position(0, 0))).after()
                .addNode(new Node("conv", "conv", "Conv2d", Map.of("out_channels", 2, "padding", 1, "padding_mode", "circular"), new Position(250, 0))).after()
                .addNode(new Node("out", "out", "Output", Map.of(), new Position(500, 0))).after()
                .connect("x.out", "conv.in").after().connect("conv.out", "out.in").after();
        robot.interact(() -> editor.load(circular));
        exportTo(robot, "#fileExportOnnx", dir.resolve("circular.onnx"));
        assertEquals("node \"conv\" (Conv2d): padding_mode 'circular' needs ONNX's Pad 'wrap' mode, which opset 17 lacks",
                closeAlert(robot, "#exportErrorDialog"));
        assertFalse(Files.exists(dir.resolve("mse.onnx")) || Files.exists(dir.resolve("mse.py")) || Files.exists(dir.resolve("mse.safetensors"))
                || Files.exists(dir.resolve("circular.onnx")));
    }

    @Test
    void importingAnOnnxModelOpensItWithItsWeightsAfterAskingToSave(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        // Another seed than the run below, whose own initial weights would then differ from the imported ones.
        robot.interact(() -> {
            Map<String, Object> t = new LinkedHashMap<>(editor.graph().training());
            t.put("seed", 7);
            editor.execute(new Command("Set training options", g -> g.set(GraphChange.Setting.TRAINING, t)));
        });
        exportTo(robot, "#fileExportOnnx", dir.resolve("model.onnx"));
        OnnxImporter.Imported expected = OnnxImporter.load(dir.resolve("model.onnx"));
        assertTrue(editor.isDirty());

        answer = dir.resolve("model.onnx");
        menu(robot, "#fileImportOnnx");
        assertNotNull(robot.lookup("#unsavedDialog").tryQuery().orElse(null), "asks to save first");
        robot.clickOn("Don't Save");
        TestWindows.awaitRead(window);
        assertEquals(List.of("save Iris.onnx", "open onnx"), asked);

        assertEquals(expected.graph().nodes(), editor.graph().nodes(), "laid out as the importer lays it out");
        assertNull(window.files().fileProperty().get());
        assertTrue(editor.isDirty(), "an imported model is unsaved work");
        WaitForAsyncUtils.waitForFxEvents();
        for (Node n : editor.graph().nodes()) assertNotNull(robot.lookup("#node-" + n.id()).tryQuery().orElse(null), "card of " + n.name());

        // Its weights stay with it: export writes them back.
        exportTo(robot, "#fileExportWeights", dir.resolve("again.safetensors"));
        assertEquals("Exported again.safetensors with the imported weights", message());
        assertSameWeights(expected.weights(), Safetensors.load(dir.resolve("again.safetensors")).tensors());
        assertEquals(expected.weights().keySet(), window.dashboard().session().initialWeights(editor.graph()).keySet());

        // A run starts from them, also once a loss and its labels are added (they hold no weights): with lr 0 it ends where it began.
        // (Edits of the document: opening another one would let the imported weights go.)
        String fc2 = editor.graph().nodeByName("fc2").id();
        robot.interact(() -> editor.execute(new Command("Add a loss", g -> g
                .addNode(new Node("labels", "labels", "Input", Map.of("shape", List.of(), "dtype", "int64"), new Position(0, 400)))
                .then(x -> x.addNode(new Node("loss", "loss", "CrossEntropyLoss", Map.of(), new Position(900, 400))))
                .then(x -> x.connect(fc2 + ".out", "loss.input"))
                .then(x -> x.connect("labels.out", "loss.target"))
                .then(x -> x.set(GraphChange.Setting.DATASET, Map.of("source", "iris", "normalize", "standardize", "validation_split", 0.2)))
                .then(x -> x.set(GraphChange.Setting.TRAINING, Map.of("optimizer", Map.of("name", "SGD", "lr", 0.0), "epochs", 1, "batch_size", 16))))));
        TrainingSession s = window.dashboard().session();
        robot.interact(() -> window.dashboard().start());
        waitFor("the run ends", () -> s.state() == TrainingSession.State.FINISHED || s.state() == TrainingSession.State.FAILED);
        assertEquals(TrainingSession.State.FINISHED, s.state(), s.statusProperty().get());
        assertSameWeights(expected.weights(), Checkpoints.weights(s.finished()));
    }

    /**
     * A model is read on a thread of its own (held here, as a large one takes seconds): meanwhile the window answers, and a
     * dialog soon says what is read; Cancel lets it go and the project stays. Should the project change while a model is
     * read, the save question comes before the model replaces it. An opened model not changed since is still in its file:
     * another project replaces it without the question; once changed, it asks.
     */
    @Test
    void aModelIsReadInTheBackgroundAndReplacesNoWorkUnasked(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        exportTo(robot, "#fileExportOnnx", dir.resolve("model.onnx"));
        robot.interact(() -> window.openSampleAtStart("spirals.json"));
        Graph spirals = editor.graph();
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        window.exchange().setBeforeRead(() -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        answer = dir.resolve("model.onnx");
        menu(robot, "#fileImportOnnx");
        assertEquals("Importing model.onnx…", message());
        // One read at a time: another is refused while this one goes on.
        menu(robot, "#fileImportOnnx");
        assertEquals("Still reading model.onnx: wait for it, or cancel it, before opening model.onnx", message());
        waitFor("the reading dialog", () -> robot.lookup("#readingDialog").tryQuery().isPresent());
        assertTrue(robot.lookup("#readingDialog .label").queryAll().stream()
                .anyMatch(l -> "Importing model.onnx…".equals(((javafx.scene.control.Label) l).getText())), "says what it reads");
        robot.clickOn("Cancel");
        hold.countDown();
        awaitReadingThread();
        assertSame(spirals, editor.graph(), "cancelled: the project stays");
        assertEquals("Importing model.onnx cancelled; nothing changed", message());
        assertFalse(window.exchange().isReading());

        // Changed while the model is read: asked first; Cancel keeps the change.
        java.util.concurrent.CountDownLatch hold2 = new java.util.concurrent.CountDownLatch(1);
        window.exchange().setBeforeRead(() -> {
            try {
                hold2.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        menu(robot, "#fileImportOnnx");
        robot.interact(() -> editor.execute(Commands.rename(editor.graph(), editor.graph().nodes().get(1).id(), "renamed")));
        Graph edited = editor.graph();
        hold2.countDown();
        waitFor("the save question", () -> robot.lookup("#unsavedDialog").tryQuery().isPresent());
        robot.clickOn("Cancel");
        TestWindows.awaitRead(window);
        assertSame(edited, editor.graph(), "the change kept");
        assertEquals("Importing model.onnx cancelled; nothing changed", message());

        // Read to the end, it opens; as opened, another project replaces it unasked.
        window.exchange().setBeforeRead(() -> {});
        robot.interact(() -> window.openSampleAtStart("spirals.json"));
        menu(robot, "#fileImportOnnx");
        TestWindows.awaitRead(window);
        assertTrue(message().startsWith("Imported model.onnx ("), message());
        assertTrue(editor.isDirty(), "an unsaved project");
        Platform.runLater(() -> window.openSample("spirals.json"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#unsavedDialog").tryQuery().isEmpty(), "nothing to save: model.onnx holds it");
        assertEquals("Spirals", editor.graph().name());

        // Changed, it asks.
        menu(robot, "#fileImportOnnx");
        TestWindows.awaitRead(window);
        robot.interact(() -> editor.execute(Commands.rename(editor.graph(), editor.graph().nodes().get(1).id(), "renamed")));
        Graph imported = editor.graph();
        Platform.runLater(() -> window.openSample("spirals.json"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#unsavedDialog").tryQuery().isPresent(), "the change exists only here");
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertSame(imported, editor.graph());
    }

    /** Waits for a model read that was let go to end (its result then comes, and goes unused). */
    private static void awaitReadingThread() throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) if (t.getName().equals("layerlab-read-model")) t.join(30_000);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** {@code layerlab model.onnx} (and Recent) open an ONNX model as the menu's Import does, whatever the ending's case. */
    @Test
    void anOnnxFileOpensImported(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        exportTo(robot, "#fileExportOnnx", dir.resolve("Model.ONNX"));
        OnnxImporter.Imported expected = OnnxImporter.load(dir.resolve("Model.ONNX"));
        robot.interact(() -> window.openSampleAtStart("simple-cnn.json"));
        TestWindows.openFile(robot, window, dir.resolve("Model.ONNX"));
        assertEquals(expected.graph().nodes(), editor.graph().nodes());
        assertTrue(message().startsWith("Imported Model.ONNX (" + expected.graph().nodes().size() + " nodes)"), message());
        assertSameWeights(expected.weights(), window.dashboard().session().initialWeights(editor.graph()));
        assertNull(window.files().fileProperty().get(), "an unsaved project");
        TrainingSession session = window.dashboard().session();
        waitFor("ready to predict", () -> session.ready() != null);
        assertEquals(expected.normalization(), session.ready().normalization(), "with the normalization its metadata kept");
    }

    /** What the import notes (a BatchNorm momentum the file cannot tell: None or 0) ends the message, naming the layers. */
    @Test
    void anImportsNotesEndItsMessage(FxRobot robot) throws Exception {
        TestWindows.openFile(robot, window, Path.of("..", "engine", "src", "test", "resources", "onnx", "torch_bn_momentum.onnx"));
        assertTrue(message().startsWith("Imported torch_bn_momentum.onnx ("), message());
        assertTrue(message().endsWith("; note: cumulative, frozen: " + layerlab.io.onnx.OnnxImporter.load(
                Path.of("..", "engine", "src", "test", "resources", "onnx", "torch_bn_momentum.onnx")).notes().get(0).replaceFirst("^[^:]*: ", "")), message());
        assertTrue(message().contains("imported as momentum 0"), message());
    }

    /**
     * An image model from PyTorch (torch.onnx.export's MobileNetV3 block) comes without its normalization and class
     * names: Import ONNX… asks for them, refuses a mean that does not fit its 3 channels, and the model predicts with them.
     */
    @Test
    void anImportedImageModelIsAskedForItsNormalizationAndClasses(FxRobot robot) throws Exception {
        Path onnx = Path.of("..", "engine", "src", "test", "resources", "onnx", "torch_mobile_v3.onnx");
        Path classes = Files.writeString(dir.resolve("classes.txt"), "cat\ndog\nbird\n");
        answer = onnx;
        menu(robot, "#fileImportOnnx");
        waitFor("the question", () -> robot.lookup("#modelLabelsDialog").tryQuery().isPresent());
        robot.clickOn("#labelsNormalization").clickOn("Another mean and std (transforms.Normalize)");
        robot.clickOn("#labelsMean").write("0.5, 0.5");
        robot.clickOn("#labelsStd").write("0.2");
        robot.clickOn("Use these");
        assertEquals("mean has 2 values; the Input has 3 channels (give one for each, or one for all)",
                robot.lookup("#labelsError").queryLabeled().getText());
        assertTrue(robot.lookup("#modelLabelsDialog").tryQuery().isPresent(), "still asking");

        robot.clickOn("#labelsNormalization").clickOn(ModelLabelsDialog.IMAGENET);
        // ImageNet's normalization brings torchvision's evaluation framing with it: Resize to the input's side / 0.875, then CenterCrop.
        @SuppressWarnings("unchecked")
        javafx.scene.control.ChoiceBox<String> framing = robot.lookup("#labelsFraming").queryAs(javafx.scene.control.ChoiceBox.class);
        assertTrue(framing.getValue().matches("Resize\\(\\d+\\), then CenterCrop\\(\\d+\\) — torchvision's evaluation"), framing.getValue());
        answer = classes;
        robot.clickOn("#labelsClassesFile");
        assertEquals("3 from classes.txt: cat, dog, bird", robot.lookup("#labelsClasses").queryLabeled().getText());
        robot.clickOn("Use these");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#modelLabelsDialog").tryQuery().isEmpty());

        TrainingSession session = window.dashboard().session();
        var imagenet = layerlab.train.ModelLabels.normalization(editor.graph(), layerlab.train.ModelLabels.IMAGENET_MEAN, layerlab.train.ModelLabels.IMAGENET_STD);
        assertEquals(imagenet, session.initialNormalization());
        assertEquals(List.of("cat", "dog", "bird"), session.initialNames().classes());
        int[] sample = layerlab.train.ModelLabels.inputSample(editor.graph());
        int resize = (int) Math.round(Math.min(sample[1], sample[2]) / 0.875);
        assertEquals(resize, session.initialNames().resize(), "pictures framed as Resize(" + resize + ") then CenterCrop, " + java.util.Arrays.toString(sample));
        assertTrue(message().endsWith("; it normalizes its inputs first (standardize per channel (3)), which Export keeps with these weights; "
                + "pictures are framed as Resize(" + resize + "), then CenterCrop; its 3 classes are named"), message());
        waitFor("ready to predict", () -> session.ready() != null);
        assertEquals(imagenet, session.ready().normalization());
    }

    @Test
    void aTrainedModelsBundleOpensAsAProjectWithItsWeightsAndNormalization(FxRobot robot) throws Exception {
        // A bundle as training writes it: iris with trained-looking weights and its standardization.
        Graph iris = ProjectJson.load(Path.of("..", "sample-projects", "iris.json"));
        Map<String, Tensor> weights = new LinkedHashMap<>(GraphCompiler.compile(iris).stateDict());
        weights.replaceAll((k, t) -> t.add(0.25f));
        var norm = new Normalization(Normalization.Kind.STANDARDIZE, Normalization.Per.FEATURE,
                new float[] {5.8f, 3.0f, 3.7f, 1.2f}, new float[] {0.8f, 0.4f, 1.7f, 0.75f});
        Path bundle = dir.resolve("iris.llab");
        List<Map<String, Object>> metrics = List.of(Map.of("epoch", 1, "train_loss", 0.9, "val_accuracy", 0.7),
                Map.of("epoch", 2, "train_loss", 0.5, "val_accuracy", 0.9));
        ModelBundle.save(bundle, new ModelBundle(iris, weights, Map.of(), metrics, norm.toMap()));

        TestWindows.openFile(robot, window, bundle);
        assertEquals(iris.nodes().stream().map(Node::name).toList(), editor.graph().nodes().stream().map(Node::name).toList());
        assertTrue(message().startsWith("Opened the trained model iris.llab (7 nodes); training and export start from its weights"), message());
        assertTrue(editor.isDirty(), "a bundle opens as an unsaved project");

        // Ready to predict with, as after a run: its data evaluated with the bundle's own statistics, not trained further.
        TrainingSession session = window.dashboard().session();
        waitFor("the opened model evaluated (" + session.statusProperty().get() + ")", () -> session.state() == TrainingSession.State.FINISHED
                && window.dashboard().results().evaluation() != null);
        assertEquals(norm, session.data().normalization());
        assertSameWeights(weights, Checkpoints.weights(session.finished()));
        assertNull(session.trainedWeights(editor.graph()), "evaluated, not trained here: export still says whose weights they are");
        assertTrue(session.statusProperty().get().startsWith("The opened model, evaluated on its data"), session.statusProperty().get());

        exportTo(robot, "#fileExportPyTorch", dir.resolve("back"));
        assertTrue(message().contains("with the imported weights; inputs normalized as in training (standardize per feature (4))"), message());
        assertSameWeights(weights, Safetensors.load(dir.resolve("back.safetensors")).tensors());
        assertTrue(Files.readString(dir.resolve("back.py")).contains("NORMALIZE = {"));
        // Written again as a bundle, it keeps the run's history it came with.
        exportTo(robot, "#fileExportBundle", dir.resolve("again.llab"));
        ModelBundle again = ModelBundle.load(dir.resolve("again.llab"));
        assertEquals(ModelBundle.load(bundle).metrics(), again.metrics());
        assertSameWeights(weights, again.weights());

        // The same network opened afresh (the sample) is another document: it starts from its seed, not the bundle.
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        assertNull(window.dashboard().session().initialWeights(editor.graph()));
        exportTo(robot, "#fileExportWeights", dir.resolve("fresh.safetensors"));
        assertTrue(message().contains("with freshly initialised weights"), message());
    }

    /** A bundle whose weights hold NaN (a run that diverged) opens as PyTorch would read it, and the status line says which. */
    @Test
    void aBundleWithWeightsThatAreNotNumbersOpensAndSaysWhich(FxRobot robot) throws Exception {
        Graph iris = ProjectJson.load(Path.of("..", "sample-projects", "iris.json"));
        Map<String, Tensor> weights = new LinkedHashMap<>(GraphCompiler.compile(iris).stateDict());
        String key = weights.keySet().iterator().next();
        float[] w = weights.get(key).toFloatArray();
        w[2] = Float.NaN;
        weights.put(key, Tensor.of(w, weights.get(key).shape()));
        Path bundle = dir.resolve("diverged.llab");
        ModelBundle.save(bundle, new ModelBundle(iris, weights, Map.of(), List.of(), null));
        TestWindows.openFile(robot, window, bundle);
        assertTrue(message().startsWith("Opened the trained model diverged.llab"), message());
        assertTrue(message().endsWith("; note: " + key + " holds 1 NaN value of " + w.length + ": outputs they take part in are NaN or infinite "
                + "(a run that diverged saves NaN; an attention mask holds -inf by right)"), message());
    }

    /**
     * A model that comes without its data (a torchvision model imported to a bundle with its classes and normalization;
     * here iris without a data set) still predicts files in Results, read and normalized as {@code layerlab predict} does.
     */
    @Test
    void aBundleWithoutDataPredictsFilesInResults(FxRobot robot) throws Exception {
        Graph iris = ProjectJson.load(Path.of("..", "sample-projects", "iris.json"));
        Graph noData = iris.set(layerlab.graph.GraphChange.Setting.DATASET, Map.of()).after();
        Map<String, Tensor> weights = new LinkedHashMap<>(GraphCompiler.compile(iris).stateDict());
        weights.replaceAll((k, t) -> t.add(0.25f));
        var norm = new Normalization(Normalization.Kind.STANDARDIZE, Normalization.Per.FEATURE,
                new float[] {5.8f, 3.0f, 3.7f, 1.2f}, new float[] {0.8f, 0.4f, 1.7f, 0.75f});
        List<String> classes = List.of("setosa", "versicolor", "virginica");
        Path bundle = dir.resolve("nodata.llab");
        ModelBundle.save(bundle, new ModelBundle(noData, weights, Map.of(), List.of(), norm.toMap(), new DataNames(List.of(), classes)));

        TestWindows.openFile(robot, window, bundle);
        TrainingSession session = window.dashboard().session();
        waitFor("the opened model ready (" + session.statusProperty().get() + ")", () -> session.ready() != null);
        assertNull(session.data(), "no data to evaluate on");
        assertTrue(session.statusProperty().get().startsWith("The opened model is ready: Results predicts files with it"), session.statusProperty().get());
        var pane = window.dashboard().results().predictPane();
        assertTrue(pane.isVisible());
        assertEquals("The opened model has no data here to be evaluated on: it predicts new samples below. Choose a data set in the Data "
                + "tab for its accuracy, confusion matrix and the rest.", window.dashboard().results().summaryText(), "Results says why the rest is empty");

        Path flowers = Files.writeString(dir.resolve("flowers.csv"), "sepal_length,sepal_width,petal_length,petal_width\n5.0,3.4,1.5,0.2\n6.9,3.1,5.4,2.1\n");
        robot.interact(() -> pane.predict(flowers));
        waitFor("the file's predictions", () -> pane.predictions() != null);
        // What the bundle's model gives for the rows normalized as the bundle says, computed here without the window.
        Model m = GraphCompiler.compile(noData);
        m.loadStateDict(weights, true);
        Tensor y = new layerlab.train.Evaluator(m, null, layerlab.tensor.Device.CPU)
                .predict(norm.apply(Tensor.of(new float[] {5.0f, 3.4f, 1.5f, 0.2f, 6.9f, 3.1f, 5.4f, 2.1f}, 2, 4)), 256);
        float[] v = y.toFloatArray();
        for (int row = 0; row < 2; row++) {
            int best = 0;
            for (int c = 1; c < 3; c++) if (v[row * 3 + c] > v[row * 3 + best]) best = c;
            assertEquals(classes.get(best), pane.table().getColumns().get(1).getCellData(row), "row " + row + " in " + pane.predictions());
        }
    }

    /** A model without data that cannot predict either (no Output to read) says why in the status line, not nothing. */
    @Test
    void aBundleWithoutDataThatCannotPredictSaysWhy(FxRobot robot) throws Exception {
        Graph iris = ProjectJson.load(Path.of("..", "sample-projects", "iris.json"));
        Map<String, Tensor> weights = new LinkedHashMap<>(GraphCompiler.compile(iris).stateDict());
        Graph noOutput = iris.set(layerlab.graph.GraphChange.Setting.DATASET, Map.of()).after();
        for (Node n : List.copyOf(noOutput.nodes())) if (n.kind().equals("Output")) noOutput = noOutput.removeNode(n.id()).after();
        Path bundle = dir.resolve("nooutput.llab");
        ModelBundle.save(bundle, new ModelBundle(noOutput, weights, Map.of(), List.of(), null));
        TestWindows.openFile(robot, window, bundle);
        TrainingSession session = window.dashboard().session();
        // The analysis names the missing Output on the loss (ProblemCode.NO_PREDICTION), and the layer to put it after.
        waitFor("the reason (" + session.statusProperty().get() + ")", () -> session.statusProperty().get().contains("the network has no Output"));
        assertTrue(session.statusProperty().get().endsWith("CrossEntropyLoss \"loss\": the network has no Output, and training reads its predictions "
                + "from one (accuracy, Try a sample): add an Output after \"fc2\", the layer this loss reads."), session.statusProperty().get());
        assertNull(session.ready());
    }

    @Test
    void aFineTuneOfAnOpenedModelStartsFromTheLayersThatFitAndKeepsTheFrozenOnes(FxRobot robot) throws Exception {
        Graph iris = ProjectJson.load(Path.of("..", "sample-projects", "iris.json"));
        iris = iris.set(layerlab.graph.GraphChange.Setting.TRAINING, new LinkedHashMap<>(Map.of("optimizer", Map.of("name", "SGD", "lr", 0.1),
                "epochs", 3, "batch_size", 16, "seed", 0))).after();
        Map<String, Tensor> weights = new LinkedHashMap<>(GraphCompiler.compile(iris).stateDict());
        weights.replaceAll((k, t) -> t.add(0.25f));
        Path bundle = dir.resolve("tune.llab");
        ModelBundle.save(bundle, new ModelBundle(iris, weights, Map.of(), List.of(), null));
        TestWindows.openFile(robot, window, bundle);
        TrainingSession session = window.dashboard().session();
        waitFor("the opened model evaluated", () -> session.state() == TrainingSession.State.FINISHED);

        // A new head (fc2 renamed: not in the file) on the opened fc1, frozen.
        robot.interact(() -> editor.execute(layerlab.ui.editor.Commands.rename(editor.graph(), editor.graph().nodeByName("fc2").id(), "head")));
        robot.interact(() -> editor.execute(layerlab.ui.editor.Commands.setFrozen(editor.graph(), List.of(editor.graph().nodeByName("fc1").id()), true)));
        TestWindows.showDashboard(robot, window.dashboard());
        robot.clickOn("#trainStart");
        waitFor("the fine-tune trained (" + session.statusProperty().get() + ")", () -> session.state() == TrainingSession.State.FINISHED
                && session.trainedWeights(editor.graph()) != null);
        assertEquals("from the opened model's weights; fresh: head (not in the file)", session.startedFrom());
        Map<String, Tensor> tuned = session.trainedWeights(editor.graph());
        assertSameWeights(Map.of("fc1.weight", weights.get("fc1.weight"), "fc1.bias", weights.get("fc1.bias")),
                Map.of("fc1.weight", tuned.get("fc1.weight"), "fc1.bias", tuned.get("fc1.bias")));
        assertFalse(java.util.Arrays.equals(weights.get("fc2.weight").toFloatArray(), tuned.get("head.weight").toFloatArray()));
        // The next run from the same opened weights, fc1 thawed: it trains too.
        robot.interact(() -> editor.execute(layerlab.ui.editor.Commands.setFrozen(editor.graph(), List.of(editor.graph().nodeByName("fc1").id()), false)));
        robot.clickOn("#trainStart");
        waitFor("the second run trained", () -> session.state() == TrainingSession.State.FINISHED && session.runs().size() == 2);
        List<layerlab.ui.train.RunRecord> runs = session.runs();
        assertEquals("fc1 unfrozen", runs.get(1).changes());
        assertFalse(java.util.Arrays.equals(weights.get("fc1.weight").toFloatArray(), session.trainedWeights(editor.graph()).get("fc1.weight").toFloatArray()));
    }

    /**
     * A bundle written by a run stopped inside an epoch (a terminal's Ctrl-C or --steps) opens with Go On: it finishes that
     * run in the window, and its weights are those of the run that was never stopped, bit for bit.
     */
    @Test
    void anOpenedBundleGoesOnWithTheRunThatWroteIt(FxRobot robot) throws Exception {
        Graph iris = ProjectJson.load(Path.of("..", "sample-projects", "iris.json"));
        iris = iris.set(layerlab.graph.GraphChange.Setting.TRAINING, new LinkedHashMap<>(Map.of("optimizer", Map.of("name", "Adam", "lr", 0.01),
                "epochs", 4, "batch_size", 16, "seed", 0, "device", "cpu"))).after();
        layerlab.data.DataSplit split = layerlab.data.DataSources.open(iris.dataset(), Path.of("..", "sample-projects"));
        layerlab.train.TrainingConfig config = layerlab.train.TrainingConfig.fromMap(iris.training());
        layerlab.train.Trainer whole = new layerlab.train.Trainer(iris, config, split.train(), split.validation());
        whole.run();
        layerlab.train.Trainer part = new layerlab.train.Trainer(iris, config, split.train(), split.validation());
        part.setMaxSteps(13);
        part.run();
        Path bundle = dir.resolve("part.llab");
        ModelBundle.save(bundle, layerlab.train.Checkpoints.bundle(part, iris, iris.dataset(), split.normalization()));

        TestWindows.openFile(robot, window, bundle);
        TrainingSession session = window.dashboard().session();
        waitFor("the opened model evaluated", () -> session.state() == TrainingSession.State.FINISHED);
        TestWindows.showDashboard(robot, window.dashboard());
        javafx.scene.control.Button goOn = robot.lookup("#trainGoOn").queryAs(javafx.scene.control.Button.class);
        assertFalse(goOn.isDisabled(), "the bundle holds where its run stood");
        assertEquals("Go On to Epoch 4", goOn.getText());
        assertTrue(editor.messageProperty().get().endsWith("; Go On continues its run (in epoch 2 after batch 5 of 8, step 13)"),
                editor.messageProperty().get());
        robot.clickOn("#trainGoOn");
        waitFor("gone on (" + session.statusProperty().get() + ")", () -> session.state() == TrainingSession.State.FINISHED && session.runs().size() == 1
                && session.trainedWeights(editor.graph()) != null);
        assertTrue(session.runs().get(0).changes().contains("from part.llab in epoch 2 after batch 5 of 8, step 13"), session.runs().get(0).changes());
        assertEquals(4, session.runs().get(0).epochs().size());
        assertSameWeights(whole.model().stateDict(), session.trainedWeights(editor.graph()));

        // A damaged state: the model still opens, without Go On, and the message says why.
        ModelBundle good = ModelBundle.load(bundle);
        Map<String, Object> broken = new LinkedHashMap<>(good.resume().state());
        broken.remove("step");
        Path damaged = dir.resolve("damaged.llab");
        ModelBundle.save(damaged, new ModelBundle(good.graph(), good.weights(), good.training(), good.metrics(), good.normalization(), good.names(),
                new ModelBundle.Resume(broken, good.resume().tensors())));
        TestWindows.openFile(robot, window, damaged);
        waitFor("the damaged bundle's model evaluated", () -> session.state() == TrainingSession.State.FINISHED && session.runs().isEmpty());
        assertTrue(robot.lookup("#trainGoOn").queryAs(javafx.scene.control.Button.class).isDisabled());
        assertEquals("Go On", robot.lookup("#trainGoOn").queryAs(javafx.scene.control.Button.class).getText());
        assertTrue(editor.messageProperty().get().contains("; its run cannot go on: damaged.llab/resume.json: \"step\" must be a number, it is missing"),
                editor.messageProperty().get());
    }

    @Test
    void anOpTheImporterCannotMapShowsItsMessageAndKeepsTheProject(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        exportTo(robot, "#fileExportOnnx", dir.resolve("iris.onnx"));
        OnnxProto.Model m = OnnxWire.read(Files.readAllBytes(dir.resolve("iris.onnx")));
        List<OnnxProto.Node> nodes = new ArrayList<>();
        for (OnnxProto.Node n : m.graph().nodes()) {
            nodes.add(n.opType().equals("Relu") ? new OnnxProto.Node(n.name(), "Cos", n.domain(), n.inputs(), n.outputs(), n.attributes()) : n);
        }
        OnnxProto.Graph g = new OnnxProto.Graph(m.graph().name(), nodes, m.graph().initializers(), m.graph().inputs(), m.graph().outputs());
        Files.write(dir.resolve("cos.onnx"), OnnxWire.write(new OnnxProto.Model(m.irVersion(), m.producerName(), m.producerVersion(), m.opsets(), g)));
        Graph before = editor.graph();

        answer = dir.resolve("cos.onnx");
        menu(robot, "#fileImportOnnx");
        TestWindows.awaitRead(window);
        String text = closeAlert(robot, "#importErrorDialog");
        assertTrue(text.contains("Cos"), text);
        assertEquals(before, editor.graph(), "nothing half-imported");
        assertNull(window.dashboard().session().initialWeights(before));
    }

    /**
     * File › Import Weights: a state_dict for the drawing as it is (here written as PyTorch would, other values than the
     * project's seed gives). All fitting: evaluated on the project's data at once, trained and exported from; in part: a
     * dialog names what starts fresh, Cancel changes nothing, its OK loads the rest; none fitting: why, nothing changes.
     */
    @Test
    void importsAStateDictForTheDrawingAsItIs(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        Graph g = editor.graph();
        Map<String, Tensor> theirs;
        try (var seeded = Generator.use(new Generator(42))) {
            theirs = GraphCompiler.compile(g).stateDict();
        }
        Path file = dir.resolve("theirs.safetensors");
        Safetensors.save(file, theirs);
        TrainingSession s = window.dashboard().session();
        answer = file;
        menu(robot, "#fileImportWeights");
        assertEquals("open safetensors", asked.get(asked.size() - 1));
        assertEquals("Imported 4 of 4 tensors from theirs.safetensors; training and export start from them until the layers change, and Results "
                + "shows how they do on the project's data", message());
        waitFor("evaluated", () -> s.state() == TrainingSession.State.FINISHED);
        assertEquals("The imported weights, evaluated on the project's data (not trained here): Results predicts with them", s.statusProperty().get());
        assertSameWeights(theirs, Checkpoints.weights(s.finished()));
        waitFor("the results' evaluation", () -> window.dashboard().results().evaluation() != null);
        // Exported as read, with the normalization the project's data went through.
        Path out = dir.resolve("again.safetensors");
        exportTo(robot, "#fileExportWeights", out);
        assertSameWeights(theirs, Safetensors.load(out).tensors());
        Path bundle = dir.resolve("theirs.llab");
        exportTo(robot, "#fileExportModelOnly", bundle);
        assertEquals(Normalization.toMapOrNull(s.data().normalization()), ModelBundle.load(bundle).normalization());

        // In part: fc2 of another shape, a tensor the drawing has not. Cancel: nothing changes.
        Map<String, Tensor> partly = new LinkedHashMap<>(theirs);
        partly.put("fc2.weight", Tensor.zeros(5, 16));
        partly.put("extra.weight", Tensor.zeros(2));
        Path part = dir.resolve("partly.safetensors");
        Safetensors.save(part, partly);
        answer = part;
        String before = message();
        menu(robot, "#fileImportWeights");
        DialogPane pane = robot.lookup("#weightsFitDialog").queryAs(DialogPane.class);
        assertEquals("partly.safetensors fits \"Iris\" in part", pane.getHeaderText());
        assertEquals("3 of the drawing's 4 tensors come from the file; fc2 (its shape changed) start fresh. Unexpected key(s): extra.weight. "
                + "Size mismatch: fc2.weight: checkpoint has (5, 16), model has (3, 16).", pane.getContentText());
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, message());
        assertSameWeights(theirs, s.initialWeights(editor.graph()));
        // OK: the rest loads, fc2.weight fresh from the project's seed as a run would start.
        menu(robot, "#fileImportWeights");
        robot.clickOn("Load the ones that fit");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Imported 3 of 4 tensors from partly.safetensors (fresh: fc2 (its shape changed)); training and export start from them until the "
                + "layers change, and Results shows how they do on the project's data", message());
        Map<String, Tensor> fresh;
        try (var seeded = Generator.use(new Generator(TrainingConfig.fromMap(g.training()).seed()))) {
            fresh = GraphCompiler.compile(g).stateDict();
        }
        Map<String, Tensor> want = new LinkedHashMap<>(theirs);
        want.put("fc2.weight", fresh.get("fc2.weight"));
        assertSameWeights(want, s.initialWeights(editor.graph()));

        // None fitting: why, and nothing changes.
        Path none = dir.resolve("none.safetensors");
        Safetensors.save(none, Map.of("conv.weight", Tensor.zeros(2, 2)));
        answer = none;
        menu(robot, "#fileImportWeights");
        String why = closeAlert(robot, "#importErrorDialog");
        assertEquals("None of the weights in none.safetensors fits \"Iris\"", message());
        assertTrue(why.startsWith("Weights load by their PyTorch names (fc1.weight, conv1.bias) and shapes. Missing key(s): fc1.weight, fc1.bias, "),
                why);
        assertSameWeights(want, s.initialWeights(editor.graph()));
    }
}
