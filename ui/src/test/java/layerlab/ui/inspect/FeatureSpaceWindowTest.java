package layerlab.ui.inspect;

import static layerlab.ui.TestWindows.setField;
import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import layerlab.data.DataSplit;
import layerlab.train.FeatureSpace;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.train.Dashboard;
import layerlab.ui.train.TrainingSession;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/** The inspector's feature space: where a layer puts the validation samples, live during a run and after it. */
@WindowTest.Size(width = 1260, height = 790)
class FeatureSpaceWindowTest extends WindowTest {
    private static void assertSameProjection(FeatureSpace want, FeatureSpace got) {
        assertEquals(want.layer(), got.layer());
        assertEquals(want.samples(), got.samples());
        assertArrayEquals(want.pca().points(), got.pca().points(), want.layer() + " points");
        assertArrayEquals(want.pca().ratios(), got.pca().ratios(), want.layer() + " ratios");
        assertArrayEquals(want.classes(), got.classes(), want.layer() + " classes");
        assertArrayEquals(want.predicted(), got.predicted(), want.layer() + " predicted classes");
    }

    /** Pixels of a Spirals class's dots in the saved picture ({@link #nearClassColour}). */
    private static int dotPixels(java.awt.image.BufferedImage img, int c) {
        int near = 0;
        for (int y = 0; y < 2 * FeatureSpacePane.HEIGHT; y++) {
            for (int x = 0; x < img.getWidth(); x++) if (nearClassColour(img, x, y, c)) near++;
        }
        return near;
    }

    /** Whether the pixel is a class's dot drawn in full: its colour at 75% over white. */
    private static boolean nearClassColour(java.awt.image.BufferedImage img, int x, int y, int c) {
        javafx.scene.paint.Color want = ClassMarker.color(c, 2);
        double r = 0.75 * want.getRed() + 0.25, g = 0.75 * want.getGreen() + 0.25, b = 0.75 * want.getBlue() + 0.25;
        int rgb = img.getRGB(x, y);
        return Math.abs((rgb >> 16 & 255) / 255.0 - r) < 0.03 && Math.abs((rgb >> 8 & 255) / 255.0 - g) < 0.03
                && Math.abs((rgb & 255) / 255.0 - b) < 0.03;
    }

    /** The inspector scrolled down to the picture, as a person would. */
    private static void scrollTo(FxRobot robot, InspectorView v, FeatureSpacePane pane) {
        scrollTo(robot, v, pane, 0);
    }

    /** The inspector scrolled so that {@code node}'s top, less {@code above} pixels, is at the top of the view. */
    private static void scrollTo(FxRobot robot, InspectorView v, javafx.scene.Node node, double above) {
        robot.interact(() -> {
            double y = node.localToScene(0, 0).getY() - v.getContent().localToScene(0, 0).getY();
            double room = v.getContent().getLayoutBounds().getHeight() - v.getViewportBounds().getHeight();
            v.setVvalue(room <= 0 ? 0 : Math.min(1, (y - 8 - above) / room));
        });
    }

    /** The Spirals sample with its dashboard shown at tab {@code tab}, set to train {@code epochs} epochs. */
    private Dashboard spirals(FxRobot robot, String epochs, int tab) throws Exception {
        robot.interact(() -> window.openSampleAtStart("spirals.json"));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        setField(robot, "#train-epochs", epochs);
        robot.interact(() -> d.tabs().getSelectionModel().select(tab));
        return d;
    }

    @Test
    void showsWhereTheLastLayersInputAndASelectedLayerPutTheSamples(FxRobot robot) throws Exception {
        Dashboard d = spirals(robot, "400", 2);
        TrainingSession s = d.session();
        FeatureSpacePane pane = d.inspector().features();
        assertTrue(!robot.lookup("#inspectGradNorms").query().isVisible(), "no gradient chart before a run has any");
        robot.clickOn("#trainStart");
        // Live, with nothing selected: what the last layer (fc3) sees, relu2, once an epoch at most.
        waitFor("a live projection", () -> pane.featureSpace() != null && pane.title().startsWith("Feature space of relu2 · epoch "));
        assertEquals("relu2", pane.featureSpace().layer());
        assertEquals(400, pane.featureSpace().samples(), "the spirals' 400 validation samples");
        waitFor("the gradient chart with the run's first statistics", () -> robot.lookup("#inspectGradNorms").query().isVisible());
        robot.clickOn("#trainStop");
        waitFor("stopped", () -> s.state() == TrainingSession.State.FINISHED);
        DataSplit data = s.data();
        // After the run: the finished model's projection, exactly as the engine computes it.
        waitFor("the finished model's projection", () -> pane.featureSpace() != null && pane.title().equals("Feature space of relu2"));
        assertSameProjection(FeatureSpace.of(s.finished().evaluator(), data.validation(), "relu2", FeatureSpace.SAMPLES), pane.featureSpace());
        FeatureSpace relu2 = pane.featureSpace();
        assertTrue(pane.note().startsWith("relu2: 32 values a sample, 400 samples, " + relu2.misclassifiedCount() + " misclassified; PC1 holds "),
                pane.note());
        assertEquals(relu2.describe() + ".", pane.note());
        assertEquals(3, ((javafx.scene.layout.FlowPane) pane.lookup("#featureSpaceLegend")).getChildren().size(),
                "a legend entry per class, and the ring of the samples the model gets wrong");
        assertEquals("PC1 × PC2", pane.axes());

        // Saved: the points as the engine writes them, the picture with its legend at twice its size, in class colours.
        Path csv = dir.resolve("fs.csv"), png = dir.resolve("fs.png");
        robot.interact(() -> {
            try {
                pane.exportCsv(csv);
                pane.exportPng(png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(relu2.csv(), java.nio.file.Files.readString(csv));
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(2 * FeatureSpacePane.WIDTH, img.getWidth(), 2);
        assertTrue(img.getHeight() > 2 * FeatureSpacePane.HEIGHT + 20, "the legend under the picture: " + img.getHeight());
        for (int c = 0; c < 2; c++) assertTrue(dotPixels(img, c) > 100, "class " + c + "'s dots: " + dotPixels(img, c) + " pixels");
        // A class-0 dot with no other near it, to see it fade (where many faded dots lie on one another, their colour adds up).
        int alone = -1;
        for (int i = 0; i < relu2.samples() && alone < 0; i++) {
            if (relu2.classes()[i] != 0) continue;
            boolean near = false;
            for (int j = 0; j < relu2.samples() && !near; j++) near = j != i && pane.screenPoint(j).distance(pane.screenPoint(i)) < 9;
            if (!near) alone = i;
        }
        javafx.geometry.Point2D aloneAt = alone < 0 ? null : pane.lookup("#featureSpacePlot").screenToLocal(pane.screenPoint(alone));
        if (aloneAt != null) assertTrue(nearClassColour(img, (int) (2 * aloneAt.getX()), (int) (2 * aloneAt.getY()), 0), "sample " + alone + " in full");

        // A click on a class in the legend: its samples in full, the other class faded; a second click: all again.
        scrollTo(robot, d.inspector(), pane.lookup("#featureSpaceLegend"), 200);
        robot.clickOn("#featureSpaceClass1");
        assertEquals("class " + relu2.className(1), pane.focus());
        robot.interact(() -> {
            try {
                pane.exportPng(png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        img = javax.imageio.ImageIO.read(png.toFile());
        for (int i = 0; i < relu2.samples(); i++) assertEquals(relu2.classes()[i] == 1, pane.drawnInFull(i), "sample " + i);
        assertTrue(dotPixels(img, 1) > 100, "class 1 in full: " + dotPixels(img, 1));
        if (aloneAt != null) assertTrue(!nearClassColour(img, (int) (2 * aloneAt.getX()), (int) (2 * aloneAt.getY()), 0), "sample " + alone + " faded");
        robot.clickOn("#featureSpaceClass1");
        assertNull(pane.focus());
        scrollTo(robot, d.inspector(), pane);
        robot.clickOn("#featureSpaceSave");
        waitFor("the Save menu", () -> robot.lookup("Points (CSV)…").tryQuery().isPresent());
        // The file dialog answered from here: the points written, and said in the status bar, not on the training line.
        Path chosen = dir.resolve("chosen.csv");
        String trainingLine = d.session().statusProperty().get();
        List<String> proposed = new java.util.ArrayList<>();
        robot.interact(() -> pane.setChooser(TestWindows.savesTo(chosen, proposed)));
        robot.clickOn("Points (CSV)…");
        assertEquals(List.of("feature-space-relu2.csv"), proposed);
        assertEquals(relu2.csv(), java.nio.file.Files.readString(chosen));
        assertEquals("Saved chosen.csv", window.editor().messageProperty().get());
        assertEquals(trainingLine, d.session().statusProperty().get());

        // Pointing at a dot names its sample; a click on it selects the layer projected (nothing was) and shows the
        // sample's activations there, marked in the picture.
        scrollTo(robot, d.inspector(), pane);
        int wrong = -1;
        // Not sample 0, the one shown before any click.
        for (int i = 1; i < relu2.samples() && wrong < 0; i++) if (relu2.misclassified(i)) wrong = i;
        int target = wrong >= 0 ? wrong : 7;
        javafx.geometry.Point2D at = pane.screenPoint(target);
        robot.moveTo(at);
        waitFor("the pointed sample named", () -> pane.pointed().startsWith("sample "));
        int named = Integer.parseInt(pane.pointed().replaceAll("^sample (\\d+):.*", "$1"));
        assertTrue(pane.screenPoint(named).distance(at) < 1.5, "the dot under the pointer: " + pane.pointed());
        FeatureSpace f = pane.featureSpace();
        String klass = f.classNames().get(f.classes()[named]);
        assertEquals("sample " + named + ": class " + klass + (f.misclassified(named)
                ? ", predicted " + f.classNames().get(f.predicted()[named]) : ", predicted right") + " — click to see its activations", pane.pointed());
        robot.clickOn(javafx.scene.input.MouseButton.PRIMARY);
        waitFor("its activations", () -> ((javafx.scene.control.Label) robot.lookup("#inspectActivationNote").query()).getText()
                .contains("(sample " + named + ")"));
        assertEquals(named, ((javafx.scene.control.Spinner<?>) robot.lookup("#inspectSample").query()).getValue());
        assertEquals("relu2", window.editor().selectedNode().name());
        waitFor("relu2's own projection", () -> pane.featureSpace() != null && pane.featureSpace() != relu2);

        // Other axes: the third component against the second, each dot placed by those two of its coordinates.
        robot.clickOn("#featureSpaceAxes");
        robot.clickOn("PC2 × PC3");
        waitFor("PC2 × PC3", () -> "PC2 × PC3".equals(pane.axes()));
        // Sample 0 and the one farthest from it in that plane, so that their direction is well defined on screen.
        int far = 1;
        for (int i = 1; i < f.samples(); i++) {
            if (Math.hypot(f.pca().point(i, 1) - f.pca().point(0, 1), f.pca().point(i, 2) - f.pca().point(0, 2))
                    > Math.hypot(f.pca().point(far, 1) - f.pca().point(0, 1), f.pca().point(far, 2) - f.pca().point(0, 2))) far = i;
        }
        javafx.geometry.Point2D p0 = pane.screenPoint(0), p1 = pane.screenPoint(far);
        double dx = f.pca().point(far, 1) - f.pca().point(0, 1), dy = f.pca().point(far, 2) - f.pca().point(0, 2);
        double turn = Math.atan2(dy, dx) - Math.atan2(-(p1.getY() - p0.getY()), p1.getX() - p0.getX());
        assertEquals(0, Math.atan2(Math.sin(turn), Math.cos(turn)), 0.02, "the direction from sample 0 to " + far);

        // A layer selected on the canvas: its own projection.
        robot.interact(() -> window.editor().select(List.of(window.editor().graph().nodeByName("fc3").id())));
        waitFor("fc3's projection", () -> pane.featureSpace() != null && pane.featureSpace().layer().equals("fc3"));
        assertSameProjection(FeatureSpace.of(s.finished().evaluator(), data.validation(), "fc3", FeatureSpace.SAMPLES), pane.featureSpace());
        scrollTo(robot, d.inspector(), pane);
        TestWindows.screenshot(robot, stage, "feature-space.png");

        // A node the output does not depend on: no picture, the reason and what to choose.
        robot.interact(() -> window.editor().select(List.of(window.editor().graph().nodeByName("loss").id())));
        waitFor("the loss refused", () -> pane.featureSpace() == null && pane.note().startsWith("loss cannot be projected: "));
        assertEquals("loss cannot be projected: loss is not on the way from the Input to the model's output logits: choose one of "
                + "points, fc1, relu1, fc2, relu2, fc3", pane.note());
        assertNull(pane.featureSpace());
    }

    /** Nobody looking, nothing computed: after a run with the charts in front, the projection waits for the inspector. */
    @Test
    void aFinishedRunsProjectionWaitsUntilTheInspectorIsShown(FxRobot robot) throws Exception {
        Dashboard d = spirals(robot, "3", 0);
        TrainingSession s = d.session();
        robot.clickOn("#trainStart");
        waitFor("trained", () -> s.state() == TrainingSession.State.FINISHED);
        waitFor("the results' evaluation (the same worker)", () -> d.results().evaluation() != null);
        Thread.sleep(300);
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertNull(d.inspector().features().featureSpace(), "not computed while the charts are in front");
        robot.interact(() -> d.tabs().getSelectionModel().select(2));
        waitFor("computed once shown", () -> d.inspector().features().featureSpace() != null);
        assertSameProjection(FeatureSpace.of(s.finished().evaluator(), s.data().validation(), "relu2", FeatureSpace.SAMPLES),
                d.inspector().features().featureSpace());
    }

    /**
     * An image model's sample pointed at shows its picture beside its name: the digit itself, as the data set holds it
     * (here SimpleCNN's untrained weights opened as a bundle: the projection needs no training).
     */
    @Test
    void aPointedPictureShowsItself(FxRobot robot) throws Exception {
        Dashboard d = openAsBundle(robot, layerlab.graph.json.ProjectJson.load(Path.of("..", "sample-projects", "simple-cnn.json")), "cnn.llab", 2);
        FeatureSpacePane pane = d.inspector().features();
        // Opening the bundle evaluates it on 1,000 digits, then projects 3,136 values a sample: usually ~10 s, but one CI
        // run on a busy machine took over 30.
        waitFor("flatten's projection", 120, () -> pane.featureSpace() != null && pane.featureSpace().layer().equals("flatten"),
                () -> d.inspector().featuresWaiting());
        // Pointed at until named: on a busy machine the picture may be laid out again (or scrolled) after the point was
        // taken, and the pointer then rests where no dot is; each try takes the dot's place anew.
        for (int attempt = 1; ; attempt++) {
            scrollTo(robot, d.inspector(), pane);
            javafx.geometry.Point2D at = org.testfx.util.WaitForAsyncUtils.asyncFx(() -> pane.screenPoint(3)).get();
            robot.moveTo(at.add(40, 40));
            robot.moveTo(at);
            try {
                waitFor("a sample named", 10, () -> pane.pointed().startsWith("sample "));
                break;
            } catch (AssertionError notYet) {
                if (attempt == 6) throw notYet;
            }
        }
        int named = Integer.parseInt(pane.pointed().replaceAll("^sample (\\d+):.*", "$1"));
        javafx.scene.image.Image shown = pane.preview();
        assertTrue(shown != null, "a picture beside " + pane.pointed());
        DataSplit data = d.session().data();
        float[] x = data.validation().batch(new int[] {named}).inputs().toFloatArray();
        javafx.scene.image.Image want = Pictures.image(x, 0, 1, 28, 28, 0, 0);
        assertEquals(28, shown.getWidth());
        assertEquals(28, shown.getHeight());
        for (int y = 0; y < 28; y += 3) {
            for (int c = 0; c < 28; c += 3) {
                assertEquals(want.getPixelReader().getArgb(c, y), shown.getPixelReader().getArgb(c, y), "pixel " + c + "," + y);
            }
        }
        // Away from the dots: no name, no picture.
        robot.moveTo(pane.lookup("#featureSpacePlot"), javafx.geometry.Pos.TOP_LEFT, new javafx.geometry.Point2D(2, 2),
                org.testfx.robot.Motion.DIRECT);
        waitFor("nothing pointed", () -> pane.pointed().isEmpty() && pane.preview() == null);
    }

    /**
     * Opens {@code g} with its untrained weights as a bundle (a model to inspect without training), the dashboard shown at
     * tab {@code tab} (2, the Inspector, puts the feature space on screen, and with it its projection of the selected layer).
     */
    private Dashboard openAsBundle(FxRobot robot, layerlab.graph.Graph g, String file, int tab) throws Exception {
        Path bundle = dir.resolve(file);
        layerlab.io.ModelBundle.save(bundle, new layerlab.io.ModelBundle(g, layerlab.graph.compile.GraphCompiler.compile(g).stateDict(),
                java.util.Map.of(), List.of(), null));
        TestWindows.openFile(robot, window, bundle);
        Dashboard d = window.dashboard();
        // Evaluated before the dashboard is first shown: the projection then waits for the inspector to come on screen
        // (its tab, once the tabs get their skin) and is asked for when it does.
        waitFor("the opened model evaluated", 60, () -> d.session().state() == TrainingSession.State.FINISHED, () -> d.inspector().featuresWaiting());
        robot.interact(() -> {
            d.shownProperty().set(true);
            d.tabs().getSelectionModel().select(tab);
        });
        return d;
    }

    /**
     * The Filters of a layer opened from a bundle, one picture per output channel whatever the weight's layout: a
     * ConvTranspose2d (weight [in 1, out 32, 3, 3]) draws 32 (it drew one, its input channel, before), a Conv2d 64.
     */
    @Test
    void aConvolutionsFiltersAreOnePicturePerOutputChannel(FxRobot robot) throws Exception {
        String text = java.nio.file.Files.readString(Path.of("..", "sample-projects", "simple-cnn.json"));
        layerlab.graph.Graph cnn = layerlab.graph.json.ProjectJson.read(text.replaceFirst("\"kind\": \"Conv2d\"", "\"kind\": \"ConvTranspose2d\""), "t.json");
        assertEquals("ConvTranspose2d", cnn.nodeByName("conv1").kind());
        // The Inspector's tab stays off screen: its filters are made all the same, and the feature space does not project
        // conv1's 25,088 values a sample, which this test does not look at.
        Dashboard d = openAsBundle(robot, cnn, "transposed.llab", 0);
        javafx.scene.layout.FlowPane filters = d.inspector().filters();
        for (String[] layer : new String[][] {{"conv1", "32"}, {"conv2", "64"}}) {
            robot.interact(() -> window.editor().select(List.of(window.editor().graph().nodeByName(layer[0]).id())));
            waitFor(layer[0] + "'s filters", 120, () -> filters.getChildren().stream().anyMatch(n -> n instanceof javafx.scene.canvas.Canvas)
                    && window.editor().selectedNode().name().equals(layer[0]));
            List<javafx.scene.Node> tiles = org.testfx.util.WaitForAsyncUtils.asyncFx(() -> List.copyOf(filters.getChildren())).get();
            assertEquals(Integer.parseInt(layer[1]), tiles.size(), layer[0]);
            for (javafx.scene.Node t : tiles) {
                javafx.scene.canvas.Canvas c = (javafx.scene.canvas.Canvas) t;
                assertEquals(24, c.getWidth(), layer[0] + ": 3 × 3 cells of 8 pixels");
                assertEquals(24, c.getHeight());
            }
        }
        // A Linear's weight is no picture: the Filters heading and its box leave the inspector (they said "not a
        // convolution" under a heading of their own).
        robot.interact(() -> window.editor().select(List.of(window.editor().graph().nodeByName("fc").id())));
        waitFor("fc's inspector", 120, () -> !filters.isVisible() && filters.getChildren().isEmpty());
        assertFalse(d.inspector().filtersHead().isVisible());
        assertFalse(filters.isManaged(), "no room kept for the Filters of a Linear");
    }
}
