package layerlab.ui.train;

import static layerlab.ui.TestWindows.setField;
import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javax.imageio.ImageIO;
import layerlab.data.Images;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Tensor;
import layerlab.train.Predictions;
import layerlab.train.TrainingEvent;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.inspect.RegressionFitPane;
import layerlab.ui.inspect.ResultsView;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Trains sample projects in the real main window (headless under Monocle): start, live charts, pause, step, resume,
 * stop with Esc, the inspector, the confusion matrix, the decision boundary, training again after an edit, and a
 * prediction on a drawn digit. With -Dlayerlab.screenshots=DIR it also writes the README's dashboard screenshots.
 */
@WindowTest.Size(width = 1260, height = 790)
class DashboardTest extends WindowTest {
    /**
     * The pointer starts on the menu bar, not wherever the last test class left it: resting over a card that training
     * tints, it would open the card's gradient-norm tooltip, which a robot's instant move and click can hit before it hides.
     */
    @org.junit.jupiter.api.BeforeEach
    void pointerOffTheCards(FxRobot robot) {
        robot.moveTo("#menuBar");
    }

    private static boolean fx(BooleanSupplier s) throws Exception {
        return WaitForAsyncUtils.asyncFx(s::getAsBoolean).get();
    }

    private static <T> T fx(java.util.concurrent.Callable<T> s) throws Exception {
        return WaitForAsyncUtils.asyncFx(s).get();
    }

    @Test
    void trainsTheSpiralsSampleLiveAndShowsItsResults(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("spirals.json"));
        Dashboard d = window.dashboard();
        TrainingSession s = d.session();
        TestWindows.showDashboard(robot, d);
        // Settings write through the command stack: undoable.
        setField(robot, "#train-epochs", "5000");
        assertEquals(5000, ((Number) window.editor().graph().training().get("epochs")).intValue());
        assertEquals("Set training options", window.editor().undoNameProperty().get());
        setField(robot, "#train-batch_size", "zero");
        assertFalse(robot.lookup("#trainError").queryLabeled().getText().isEmpty(), "a bad value is refused with the reason");

        robot.clickOn("#trainStart");
        waitFor("batches arrive", () -> s.run() != null && s.run().batches().size() > 5);
        robot.clickOn("#trainPause");
        waitFor("paused (state " + s.state() + ", " + s.statusProperty().get() + ")", () -> s.state() == TrainingSession.State.PAUSED);
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        int paused = fx(() -> s.run().batches().size());
        Thread.sleep(300);
        assertEquals(paused, (int) fx(() -> s.run().batches().size()), "nothing trains while paused");
        robot.clickOn("#trainStep");
        waitFor("one more batch", () -> s.run().batches().size() == paused + 1);
        assertEquals(TrainingSession.State.PAUSED, s.state());

        // The inspector follows the selection; the canvas is tinted by gradient.
        robot.interact(() -> window.editor().select(List.of(window.editor().graph().nodeByName("fc1").id())));
        robot.interact(() -> d.tabs().getSelectionModel().select(2));
        waitFor("histograms of fc1", () -> d.inspector().histograms().lookup("#hist-fc1_weight") != null);
        waitFor("statistics table", () -> d.inspector().table().getItems().stream().anyMatch(r -> r.name().equals("fc1.weight.grad")));
        assertFalse(d.tint().tintedNodes().isEmpty(), "nodes are tinted by gradient");

        robot.clickOn("#trainPause"); // resume
        waitFor("running", () -> s.state() == TrainingSession.State.RUNNING);
        waitFor("training goes on", () -> s.run().batches().size() > paused + 5);
        waitFor("live activations of fc1", () -> !d.inspector().activations().getChildren().isEmpty());
        shot(robot, "dashboard-inspector-live.png");
        assertTrue(s.bridge().handOvers() > 0);
        robot.interact(() -> d.tabs().getSelectionModel().select(0));
        int seen = fx(() -> d.inspector().gradNorms().getSeries(0).getItemCount());
        waitFor("statistics arrive while the inspector is hidden", () -> d.inspector().gradNorms().getSeries(0).getItemCount() > seen + 2);
        assertFalse(fx(() -> d.inspector().gradNormChart().isNotify()), "a hidden inspector takes the points but does not draw them");
        shot(robot, "dashboard-training.png");
        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        waitFor("live decision boundary", () -> d.results().boundary().getProperties().containsKey("layerlab.drawn"));
        robot.interact(() -> window.canvas().requestFocus());
        robot.type(KeyCode.ESCAPE);
        waitFor("stopped", () -> s.state() == TrainingSession.State.FINISHED);
        assertEquals(TrainingEvent.Reason.STOPPED, ((TrainingEvent.RunFinished) s.run().end()).reason());

        waitFor("confusion matrix", () -> d.results().evaluation() != null);
        layerlab.ui.inspect.Evaluation ev = d.results().evaluation();
        assertEquals(2, ev.confusion().length);
        // Two classes: the ROC curve, its area in the title, rising from (0, 0) to (1, 1).
        layerlab.train.Roc roc = d.results().roc();
        assertNotNull(roc);
        assertTrue(roc.auc() > 0.5 && roc.auc() <= 1, "AUC " + roc.auc());
        assertEquals(String.format(java.util.Locale.ROOT, "ROC curve · AUC %.3f", roc.auc()), d.results().rocTitle());
        assertEquals(0.0, roc.fpr()[0]);
        assertEquals(1.0, roc.tpr()[roc.tpr().length - 1]);
        assertTrue(robot.lookup("#rocPane").query().isVisible());
        // The wheel over the chart scrolls the page, as elsewhere in it; it does not zoom the chart out of sight.
        javafx.scene.control.ScrollPane page = robot.lookup("#resultsView").queryAs(javafx.scene.control.ScrollPane.class);
        javafx.scene.Node rocChart = robot.lookup("#rocChart").query();
        robot.interact(() -> {
            javafx.geometry.Bounds b = page.getContent().sceneToLocal(rocChart.localToScene(rocChart.getBoundsInLocal()));
            double room = page.getContent().getBoundsInLocal().getHeight() - page.getViewportBounds().getHeight();
            page.setVvalue(Math.min(1, Math.max(0, (b.getMinY() - 10) / Math.max(1, room))));
        });
        WaitForAsyncUtils.waitForFxEvents();
        double before = page.getVvalue();
        boolean up = before > 0.5;
        robot.moveTo(rocChart).scroll(3, up ? javafx.geometry.VerticalDirection.UP : javafx.geometry.VerticalDirection.DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        var axis = robot.lookup("#rocChart").queryAs(org.jfree.chart.fx.ChartViewer.class).getChart().getXYPlot().getDomainAxis();
        assertEquals(0.0, axis.getLowerBound());
        assertEquals(1.0, axis.getUpperBound());
        assertTrue(page.getVvalue() != before, "the page scrolled: " + before + " → " + page.getVvalue());
        robot.interact(() -> page.setVvalue(0));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#cm-0-0");
        waitFor("samples of a cell", () -> !d.results().gallery().getChildren().isEmpty());
        shot(robot, "dashboard-results.png");
        robot.interact(() -> d.tabs().getSelectionModel().select(2));
        assertTrue(fx(() -> d.inspector().gradNormChart().isNotify()), "shown again, the inspector draws its chart");
        shot(robot, "dashboard-inspector.png");

        // After Stop the graph can be edited and trained again; the first run stays as an overlay.
        setField(robot, "#train-optimizer-lr", "0.02");
        setField(robot, "#train-epochs", "3");
        assertEquals(0.02, ((java.util.Map<?, ?>) window.editor().graph().training().get("optimizer")).get("lr"));
        robot.interact(() -> d.tabs().getSelectionModel().select(0));
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        waitFor("second run finishes", () -> s.state() == TrainingSession.State.FINISHED && s.run().number() == 2);
        assertTrue(fx(() -> d.charts().lossChart().getXYPlot().getDataset().getSeriesCount()) >= 4, "run 1 is overlaid");
        assertEquals(3, s.run().epochs().size());
        // The rate now in the learning-rate panel's title (its low axis cannot label a constant rate): the last batch's, the
        // scheduler's decay of the 0.02 set above.
        var batches = s.run().batches();
        String rateTitle = "Learning rate: " + layerlab.train.TrainingConfig.shortNumber(batches.get(batches.size() - 1).lr(), 3);
        waitFor("the rate in the title", () -> rateTitle.equals(d.charts().lrChart().getTitle().getText()));
        shot(robot, "dashboard-charts.png");

        Path png = dir.resolve("charts.png"), csv = dir.resolve("metrics.csv"), svg = dir.resolve("charts.svg");
        robot.interact(() -> {
            try {
                d.charts().exportPng(png);
                d.charts().exportSvg(svg);
                d.charts().exportCsv(csv);
            } catch (java.io.IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(Files.size(png) > 1000);
        assertTrue(Files.readAllLines(csv).size() > 100);
        String shots = System.getProperty("layerlab.screenshots");
        if (shots != null) Files.copy(svg, Path.of(shots).resolve("training-charts.svg"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // The SVG holds the three charts as text and lines: their titles, axes and legends (run 1 overlaid, under the
        // earlier runs' one legend entry; the learning rate's one series is named by its title, without a legend).
        var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        // JFreeSVG names SVG 1.1's DTD; nothing is fetched.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        org.w3c.dom.Document doc = factory.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getTagName());
        var textNodes = doc.getElementsByTagName("text");
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < textNodes.getLength(); i++) texts.add(textNodes.item(i).getTextContent().trim());
        // (The rotated range-axis labels are drawn as outlines.)
        for (String t : java.util.List.of("Loss", "Accuracy", rateTitle, "epoch", "train (epoch)", "val (epoch)", "earlier runs")) {
            assertTrue(texts.contains(t), t + " among " + texts);
        }
        robot.interact(() -> d.charts().logScaleBox().setSelected(true));
        assertTrue(d.charts().lossChart().getXYPlot().getRangeAxis() instanceof org.jfree.chart.axis.LogAxis);
    }

    /** The Data tab shows a project's data when opened, and never says a project with a data set has none. */
    @Test
    void theDataTabShowsTheProjectsDataWhenOpened(FxRobot robot) throws Exception {
        robot.interact(() -> window.newProject());
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        javafx.scene.control.Label description = robot.lookup("#dataDescription").queryAs(javafx.scene.control.Label.class);
        assertFalse(description.getText().startsWith("This project has no data set yet"), description.getText());
        robot.interact(() -> d.tabs().getSelectionModel().select(1));
        waitFor("the preview, without pressing Preview", () -> d.data().lookup("#dataTable") != null);
        assertTrue(description.getText().startsWith("iris: 150 samples"), description.getText());
        // The values as the file holds them (sepals of 4.3 to 7.9 cm), not standardized ones around 0.
        javafx.scene.control.TableView<?> table = (javafx.scene.control.TableView<?>) d.data().lookup("#dataTable");
        double sepal = Double.parseDouble(String.valueOf(table.getColumns().get(1).getCellData(0)));
        assertTrue(sepal >= 4.3 && sepal <= 7.9, "sepal_length " + sepal);
    }

    /** Opens {@code sample}, trains it for {@code epochs} with Start, and shows Results with its "Try a sample" form filled. */
    private Dashboard trainedToTry(FxRobot robot, String sample, int epochs) throws Exception {
        robot.interact(() -> window.openSampleAtStart(sample));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        setField(robot, "#train-epochs", Integer.toString(epochs));
        robot.clickOn("#trainStart");
        waitFor("trained", () -> d.session().state() == TrainingSession.State.FINISHED);
        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        waitFor("the form", () -> robot.lookup("#tryBox").query().isVisible() && !d.results().trySample().probabilities().getChildren().isEmpty());
        return d;
    }

    /**
     * A column of words (one-hot in training) is one choice of its words to try, not a 0/1 field per word: the penguins'
     * island and sex are menus, the measurements fields; the vector predicted is the one-hot one training saw.
     */
    @Test
    void aColumnOfWordsIsTriedAsAChoiceOfItsWords(FxRobot robot) throws Exception {
        Dashboard d = trainedToTry(robot, "penguins.json", 20);
        javafx.scene.layout.GridPane fields = robot.lookup("#tryFields").queryAs(javafx.scene.layout.GridPane.class);
        List<String> labels = fields.getChildren().stream().filter(n -> n instanceof javafx.scene.control.Label)
                .map(n -> ((javafx.scene.control.Label) n).getText()).toList();
        assertEquals(List.of("island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex"), labels);
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> island = robot.lookup("#try-0").queryAs(javafx.scene.control.ComboBox.class);
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> sex = robot.lookup("#try-7").queryAs(javafx.scene.control.ComboBox.class);
        assertEquals(List.of("Biscoe", "Dream", "Torgersen"), island.getItems());
        assertEquals(List.of("female", "male"), sex.getItems());
        assertEquals(4, robot.lookup("#tryFields .text-field").queryAll().stream().filter(n -> n.getParent() == fields).count());

        // A Chinstrap: Dream, a long bill (49.6 mm), deep (18.2 mm), a short flipper, light.
        robot.interact(() -> {
            island.getSelectionModel().select("Dream");
            sex.getSelectionModel().select("male");
            float[] m = {49.6f, 18.2f, 193, 3775};
            for (int j = 0; j < 4; j++) robot.lookup("#try-" + (3 + j)).queryAs(TextField.class).setText(Float.toString(m[j]));
            d.results().trySample().predictTyped();
        });
        String top = topAfterTrying(d, new float[] {0, 1, 0, 49.6f, 18.2f, 193, 3775, 0, 1}, "the chosen words' probabilities");
        assertTrue(top.startsWith("Chinstrap"), top);
        // A column of words is one line of the shares, its words' shares added up (integrated gradients add).
        waitFor("the penguin's shares", () -> d.results().trySample().rowShares().shown() != null);
        layerlab.train.FeatureShares shares = d.results().trySample().rowShares().shown();
        javafx.scene.layout.GridPane rows = d.results().trySample().rowShares().rows();
        assertEquals(18, rows.getChildren().size(), "six fields, three columns each");
        for (int r = 0; r < 6; r++) {
            String name = ((javafx.scene.control.Label) rows.getChildren().get(3 * r)).getText();
            if (!name.equals("island = Dream")) continue;
            assertEquals(String.format(java.util.Locale.ROOT, "%+.3g", (double) shares.shares()[0] + shares.shares()[1] + shares.shares()[2]),
                    ((javafx.scene.control.Label) rows.getChildren().get(3 * r + 2)).getText());
        }
        assertTrue(rows.getChildren().stream().anyMatch(n -> n instanceof javafx.scene.control.Label l && l.getText().equals("island = Dream")));
        shot(robot, "dashboard-try-words.png");

        // Per class: each species' recall is its diagonal cell over its row, precision over its column, as shown.
        long[][] cm = d.results().evaluation().confusion();
        for (int k = 0; k < 3; k++) {
            long row = 0, col = 0;
            for (int j = 0; j < 3; j++) {
                row += cm[k][j];
                col += cm[j][k];
            }
            // Two decimals, ties to even, as scikit-learn's report prints them.
            String precision = new java.math.BigDecimal(col == 0 ? 0 : (double) cm[k][k] / col).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
            String recall = new java.math.BigDecimal((double) cm[k][k] / row).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
            assertEquals(precision, robot.lookup("#report-" + k + "-0").queryAs(javafx.scene.control.Label.class).getText(), "precision " + k);
            assertEquals(recall, robot.lookup("#report-" + k + "-1").queryAs(javafx.scene.control.Label.class).getText(), "recall " + k);
        }
        assertTrue(robot.lookup("#classReport").query().isVisible());
        List<String> names = robot.lookup("#classReport").queryAs(javafx.scene.layout.GridPane.class).getChildren().stream()
                .filter(n -> javafx.scene.layout.GridPane.getColumnIndex(n) == 0).map(n -> ((javafx.scene.control.Label) n).getText()).toList();
        assertEquals(List.of("Adelie", "Chinstrap", "Gentoo", "macro avg", "weighted avg"), names);
        assertNull(d.results().roc(), "three classes: no one ROC curve");
    }

    /** Sample project {@code sample} opened, its dashboard shown at the Data tab. */
    private Dashboard dataTabOf(FxRobot robot, String sample) {
        robot.interact(() -> window.openSampleAtStart(sample));
        Dashboard d = window.dashboard();
        robot.interact(() -> {
            d.shownProperty().set(true);
            d.tabs().getSelectionModel().select(1);
        });
        return d;
    }

    /**
     * Gaps, as a user meets them: the penguins' missing menu in the Data tab set to fill, Apply, train; then Try a
     * sample takes a blank measurement and an unknown sex, which the model fills with its training means.
     */
    @Test
    void aModelTrainedWithFilledGapsIsTriedWithGaps(FxRobot robot) throws Exception {
        Dashboard d = dataTabOf(robot, "penguins.json");
        waitFor("the missing field", () -> robot.lookup("#data-missing").tryQuery().isPresent());
        assertEquals("drop", robot.lookup("#data-missing").queryAs(TextField.class).getPromptText());
        robot.clickOn("#data-choose-missing");
        // Each choice says what it does beside it.
        assertTrue(robot.lookup("fill each gap with its feature's training median (a word column: its most frequent word)").tryQuery().isPresent());
        // By its id: the word "fill" is also an argument's label in the Data tab (a transform's fill, hidden here).
        robot.clickOn("#data-choice-missing-fill");
        assertEquals("fill", robot.lookup("#data-missing").queryAs(TextField.class).getText());
        robot.clickOn("#dataApply");
        waitFor("the filled data described", () -> robot.lookup("#dataDescription").queryAs(javafx.scene.control.Label.class).getText()
                .startsWith("penguins (19 missing values to fill): 344 samples"));
        assertEquals("fill", window.editor().graph().dataset().get("missing"));
        // The preview marks the values the file lacked: scrolled to the first, it reads "… (mean)".
        String meanMark = firstMarkedGap(robot, j -> true);
        assertTrue(meanMark.endsWith(" (mean)"), meanMark);
        shot(robot, "dashboard-data-gaps.png");
        robot.interact(() -> window.editor().select(List.of()));
        waitFor("the project's summary", () -> "Data: penguins · standardize · gaps: filled with means · 20% for validation".equals(
                robot.lookup("#overviewData").queryAs(javafx.scene.control.Label.class).getText()));
        setField(robot, "#train-epochs", "20");
        robot.clickOn("#trainStart");
        waitFor("trained", () -> d.session().state() == TrainingSession.State.FINISHED);
        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        waitFor("the form", () -> robot.lookup("#tryBox").query().isVisible() && !d.results().trySample().probabilities().getChildren().isEmpty());
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> sex = robot.lookup("#try-7").queryAs(javafx.scene.control.ComboBox.class);
        assertEquals(List.of("female", "male", "unknown"), sex.getItems());
        TextField bill = robot.lookup("#try-3").queryAs(TextField.class);
        assertEquals("mean", bill.getPromptText());
        // A Gentoo's flipper and mass on Biscoe, its bill length and sex not known.
        robot.interact(() -> {
            robot.lookup("#try-0").queryAs(javafx.scene.control.ComboBox.class).getSelectionModel().select("Biscoe");
            sex.getSelectionModel().select("unknown");
            bill.setText("");
            float[] m = {14.5f, 220, 5100};
            for (int j = 0; j < 3; j++) robot.lookup("#try-" + (4 + j)).queryAs(TextField.class).setText(Float.toString(m[j]));
            d.results().trySample().predictTyped();
        });
        float nan = Float.NaN;
        String top = topAfterTrying(d, new float[] {1, 0, 0, nan, 14.5f, 220, 5100, nan, nan}, "the probabilities of the sample with gaps");
        assertTrue(top.startsWith("Gentoo"), top);
        assertEquals("", robot.lookup("#tryError").queryAs(javafx.scene.control.Label.class).getText());
        shot(robot, "dashboard-try-gaps.png");

        // Medians instead: chosen in the same menu, the preview and the summary say so.
        robot.interact(() -> d.tabs().getSelectionModel().select(1));
        robot.clickOn("#data-choose-missing");
        robot.clickOn("#data-choice-missing-fill_median");
        robot.clickOn("#dataApply");
        waitFor("the medians described", () -> robot.lookup("#dataDescription").queryAs(javafx.scene.control.Label.class).getText()
                .endsWith("gaps filled with training medians"));
        // A word's gap (sex, features 7 and 8) is its most frequent word (a measurement's, its median: MissingValuesTest).
        String word = firstMarkedGap(robot, j -> j >= 7);
        assertTrue(word.endsWith(" (most frequent)"), word);
        shot(robot, "dashboard-data-gaps-median.png");
        robot.interact(() -> window.editor().select(List.of()));
        waitFor("the project's summary", () -> "Data: penguins · standardize · gaps: filled with medians · 20% for validation".equals(
                robot.lookup("#overviewData").queryAs(javafx.scene.control.Label.class).getText()));
    }

    /**
     * Waits until Try a sample shows the probabilities the trained model gives the raw sample {@code x} (normalized and
     * filled as in training); returns its top line ("Gentoo 97.8%").
     */
    private static String topAfterTrying(Dashboard d, float[] x, String what) throws Exception {
        var session = d.session();
        var trained = session.finished().evaluator();
        float[] expected = Predictions.probabilities(trained.predict(session.data().normalization().apply(Tensor.of(x, 1, x.length)), 1), trained.task())
                .toFloatArray();
        waitFor(what, () -> java.util.Arrays.equals(expected, d.results().lastProbabilities()));
        javafx.scene.layout.HBox best = (javafx.scene.layout.HBox) d.results().trySample().probabilities().getChildren().get(0);
        return ((javafx.scene.control.Label) best.getChildren().get(0)).getText();
    }

    /** The first previewed value the file lacked in a feature {@code where} takes, scrolled into view: its cell's text ("43.92 (mean)"). */
    /**
     * Augmentation as a user sets it: SimpleCNN's Data tab, RandomHorizontalFlip with p 0.25 and RandomRotation ticked,
     * Apply; the project holds torchvision's names, the preview shows samples with variants drawn of them, the summary
     * says so; unticked again, the key goes.
     */
    @Test
    void trainingImagesAreAugmentedAsTheDataTabSays(FxRobot robot) throws Exception {
        Dashboard d = dataTabOf(robot, "simple-cnn.json");
        waitFor("the augment section", () -> robot.lookup("#augment-RandomHorizontalFlip").tryQuery().isPresent()
                && robot.lookup("#dataAugment").query().isVisible());
        assertFalse(shown(robot.lookup("#augment-RandomHorizontalFlip-p").query()), "an unticked transform's arguments are hidden");
        TestWindows.clickInScroll(robot, "#augment-RandomHorizontalFlip");
        TextField p = robot.lookup("#augment-RandomHorizontalFlip-p").queryAs(TextField.class);
        assertTrue(shown(p));
        assertEquals("0.5", p.getPromptText());
        TestWindows.clickInScroll(robot, "#augment-RandomHorizontalFlip-p");
        robot.write("0.25");
        TestWindows.clickInScroll(robot, "#augment-RandomRotation");
        TestWindows.clickInScroll(robot, "#dataApply");
        waitFor("the augmented preview", () -> robot.lookup("#dataAugmentedGrid").tryQuery().isPresent());
        assertEquals(List.of(java.util.Map.of("name", "RandomHorizontalFlip", "p", 0.25), java.util.Map.of("name", "RandomRotation")),
                window.editor().graph().dataset().get("augment"));
        javafx.scene.layout.GridPane grid = robot.lookup("#dataAugmentedGrid").queryAs(javafx.scene.layout.GridPane.class);
        assertEquals(3 * 8, grid.getChildren().size(), "three samples, each with seven variants");
        waitFor("the description", () -> robot.lookup("#dataDescription").queryAs(javafx.scene.control.Label.class).getText()
                .endsWith("augment: RandomHorizontalFlip(p=0.25), RandomRotation(degrees=15)"));
        shot(robot, "dashboard-data-augment.png");
        robot.interact(() -> window.editor().select(List.of()));
        waitFor("the project's summary", () -> "Data: mnist · standardize · augmented: RandomHorizontalFlip, RandomRotation · 10% for validation".equals(
                robot.lookup("#overviewData").queryAs(javafx.scene.control.Label.class).getText()));
        // Unticked, the project has no augment key, and the preview no variants.
        TestWindows.clickInScroll(robot, "#augment-RandomHorizontalFlip");
        TestWindows.clickInScroll(robot, "#augment-RandomRotation");
        TestWindows.clickInScroll(robot, "#dataApply");
        waitFor("the plain preview", () -> robot.lookup("#dataAugmentedGrid").tryQuery().isEmpty() && robot.lookup("#dataImageGrid").tryQuery().isPresent());
        assertNull(window.editor().graph().dataset().get("augment"));
        robot.interact(() -> window.editor().undo());
        assertEquals(2, ((List<?>) window.editor().graph().dataset().get("augment")).size(), "Apply is one undoable edit");
    }

    /** Whether {@code n} and every node around it are visible. */
    private static boolean shown(javafx.scene.Node n) {
        for (javafx.scene.Node x = n; x != null; x = x.getParent()) if (!x.isVisible()) return false;
        return true;
    }

    private String firstMarkedGap(FxRobot robot, java.util.function.IntPredicate where) throws Exception {
        layerlab.data.TensorDataset shown = (layerlab.data.TensorDataset) robot.lookup("#dataPanel").queryAs(layerlab.ui.data.DataPanel.class).shown().train();
        int gapRow = -1, gapCol = -1;
        for (int i = 0; i < Math.min(shown.size(), 48) && gapRow < 0; i++) {
            for (int j = 0; j < 9 && gapRow < 0; j++) {
                if (where.test(j) && shown.isGap(i, j)) {
                    gapRow = i;
                    gapCol = j;
                }
            }
        }
        assertTrue(gapRow >= 0, "a penguin with a gap among the first previewed");
        @SuppressWarnings("unchecked")
        javafx.scene.control.TableView<Integer> table = robot.lookup("#dataTable").queryAs(javafx.scene.control.TableView.class);
        int scrollTo = gapRow;
        int column = gapCol + 1; // after the target column
        robot.interact(() -> {
            table.scrollTo(scrollTo);
            table.scrollToColumnIndex(column);
        });
        int row = gapRow;
        java.util.function.Supplier<java.util.Optional<String>> cell = () -> robot.lookup(".gap-cell").queryAll().stream()
                .map(c -> (javafx.scene.control.TableCell<?, ?>) c)
                .filter(c -> c.getTableRow() != null && Integer.valueOf(row).equals(c.getTableRow().getItem())
                        && c.getTableView().getColumns().indexOf(c.getTableColumn()) == column)
                .map(c -> c.getText()).findFirst();
        waitFor("the marked cell", () -> cell.get().isPresent());
        return cell.get().orElseThrow();
    }

    /** A table-like classifier gets a field per column to try values in, named as the data file names them. */
    @Test
    void aTabularModelCanBeTriedWithTypedValues(FxRobot robot) throws Exception {
        Dashboard d = trainedToTry(robot, "iris.json", 30);
        javafx.scene.layout.GridPane fields = robot.lookup("#tryFields").queryAs(javafx.scene.layout.GridPane.class);
        assertEquals("sepal_length", ((javafx.scene.control.Label) fields.getChildren().get(0)).getText());
        assertEquals(4, robot.lookup("#tryFields .text-field").queryAll().size());

        // A small flower: the probabilities the model gives its normalized values, shown by class name.
        float[] flower = {5.0f, 3.4f, 1.5f, 0.2f};
        robot.interact(() -> {
            for (int j = 0; j < 4; j++) robot.lookup("#try-" + j).queryAs(TextField.class).setText(Float.toString(flower[j]));
            d.results().trySample().predictTyped();
        });
        var session = d.session();
        var trained = session.finished().evaluator();
        float[] expected = Predictions.probabilities(trained.predict(session.data().normalization().apply(Tensor.of(flower, 1, 4)), 1), trained.task())
                .toFloatArray();
        waitFor("the typed sample's probabilities", () -> java.util.Arrays.equals(expected, d.results().lastProbabilities()));
        javafx.scene.layout.HBox best = (javafx.scene.layout.HBox) d.results().trySample().probabilities().getChildren().get(0);
        String top = ((javafx.scene.control.Label) best.getChildren().get(0)).getText();
        assertTrue(top.startsWith("setosa"), top);
        // What swayed it: a bar per measurement, the engine's shares from the training average, the largest first.
        Tensor normalized = session.data().normalization().apply(Tensor.of(flower, 1, 4));
        waitFor("the flower's shares", () -> d.results().trySample().rowShares().shown() != null
                && java.util.Arrays.equals(normalized.toFloatArray(), d.results().trySample().rowShares().shown().x()));
        layerlab.train.FeatureShares shares = d.results().trySample().rowShares().shown();
        assertEquals(Predictions.best(expected), shares.cls());
        assertArrayEquals(layerlab.train.FeatureShares.integrated(trained, normalized.reshape(4), shares.cls())
                .shares(), shares.shares(), 1e-6f);
        javafx.scene.layout.GridPane rows = d.results().trySample().rowShares().rows();
        assertEquals(12, rows.getChildren().size(), "a name, a bar and a number per measurement");
        List<String> names = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");
        double before = Double.MAX_VALUE;
        for (int r = 0; r < 4; r++) {
            String name = ((javafx.scene.control.Label) rows.getChildren().get(3 * r)).getText();
            String value = ((javafx.scene.control.Label) rows.getChildren().get(3 * r + 2)).getText();
            float share = shares.shares()[names.indexOf(name)];
            assertEquals(String.format(java.util.Locale.ROOT, "%+.3g", share), value, name);
            assertTrue(Math.abs(share) <= before, "the largest first");
            before = Math.abs(share);
        }
        assertTrue(robot.lookup("#featureSharesTotal").queryLabeled().getText().contains("from the training average"));
        shot(robot, "dashboard-try.png");

        // A file of new flowers, its columns in another order among others: read as layerlab predict reads it.
        Path flowers = Files.createDirectories(Files.createTempDirectory("predict")).resolve("flowers.csv");
        Files.writeString(flowers, "id,petal_width,petal_length,sepal_width,sepal_length\na,0.2,1.5,3.4,5.0\nb,2.3,5.2,3.0,6.7\n");
        robot.interact(() -> d.results().predictPane().predict(flowers));
        waitFor("the file's predictions", () -> d.results().predictPane().predictions() != null);
        layerlab.train.PredictionTable table = d.results().predictPane().predictions();
        assertEquals(List.of("line 2", "line 3"), List.of(table.sample(0), table.sample(1)));
        assertEquals(List.of("setosa", "virginica"), List.of(table.predicted(0), table.predicted(1)));
        assertEquals(2, d.results().predictPane().table().getItems().size());
        assertTrue(robot.lookup("#predictBox").query().isVisible());
        shot(robot, "dashboard-predict-file.png");

        Path wrong = Files.createTempFile("wrong", ".csv");
        Files.writeString(wrong, "a,b\n1,2\n");
        robot.interact(() -> d.results().predictPane().predict(wrong));
        waitFor("the refusal", () -> robot.lookup("#predictTitle").queryLabeled().getText().startsWith("Cannot predict"));
        assertTrue(robot.lookup("#predictTitle").queryLabeled().getText().contains("but the model was trained on the columns \"sepal_length\", \"sepal_width\", \"petal_length\", \"petal_width\": give them by name"),
                robot.lookup("#predictTitle").queryLabeled().getText());

        robot.interact(() -> {
            robot.lookup("#try-1").queryAs(TextField.class).setText("wide");
            d.results().trySample().predictTyped();
        });
        assertEquals("sepal_width: \"wide\" is not a number", robot.lookup("#tryError").queryLabeled().getText());
        assertNull(d.results().trySample().rowShares().shown(), "no shares for a row that is not one");
    }

    /** A regression's results: its errors, the model's curve through the samples, and a value to try. */
    @Test
    void aRegressionShowsItsFitAndCanBeTried(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("regression.json"));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        setField(robot, "#train-epochs", "20");
        robot.clickOn("#trainStart");
        waitFor("trained", () -> d.session().state() == TrainingSession.State.FINISHED);
        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        waitFor("the fit", () -> d.results().regressionFit().regression() != null);
        RegressionFitPane.Regression r = d.results().regressionFit().regression();
        assertTrue(r.curve(), "one input value: a curve");
        assertEquals(200, r.samples(), "the validation samples");
        assertEquals(200, r.evaluated(), "all of them");
        // The summary's numbers are the engine's metrics of these predictions.
        layerlab.train.Metrics m = layerlab.train.Metrics.forTask(layerlab.train.Metrics.Task.REGRESSION, false);
        float[] p = new float[r.samples()], y = new float[r.samples()];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) r.predicted()[i];
            y[i] = (float) r.truth()[i];
        }
        m.add(0, p.length, Tensor.of(p, p.length, 1), Tensor.of(y, y.length, 1));
        assertEquals(m.r2(), r.r2(), 1e-9);
        assertTrue(r.r2() > 0.5, "a sine learned in 20 epochs: R² " + r.r2());
        assertTrue(robot.lookup("#regressionFit").query().isVisible());
        assertFalse(robot.lookup("#confusionMatrix").query().isVisible(), "no confusion matrix for a regression");
        assertFalse(robot.lookup("#classReport").query().isVisible(), "no per-class scores for a regression");
        assertFalse(robot.lookup("#rocPane").query().isVisible(), "no ROC curve for a regression");
        shot(robot, "dashboard-regression.png");

        robot.interact(() -> {
            robot.lookup("#try-0").queryAs(TextField.class).setText("1.5");
            d.results().trySample().predictTyped();
        });
        var session = d.session();
        float want = session.finished().evaluator().predict(session.data().normalization().apply(Tensor.of(new float[] {1.5f}, 1, 1)), 1).toFloatArray()[0];
        // The pane showed the prediction of the sample it was filled with before: wait for the typed value's, not for a label.
        waitFor("the typed value's prediction", 30, () -> robot.lookup("#tryPrediction").tryQuery().map(l -> ((javafx.scene.control.Labeled) l).getText())
                .filter(t -> t.startsWith("prediction: ") && Math.abs(Double.parseDouble(t.substring("prediction: ".length())) - want) <= Math.abs(want) * 5e-3 + 1e-6)
                .isPresent(), () -> robot.lookup("#tryPrediction").tryQuery().map(l -> ((javafx.scene.control.Labeled) l).getText()).orElse("no prediction")
                + ", want " + want);
        String shown = robot.lookup("#tryPrediction").queryLabeled().getText();
        assertEquals(want, Double.parseDouble(shown.substring("prediction: ".length())), Math.abs(want) * 5e-3 + 1e-6, "three significant digits");
        // One value: what swayed it, from the training average, adds up to its rise from there.
        waitFor("the value's shares", () -> d.results().trySample().rowShares().shown() != null);
        layerlab.train.FeatureShares shares = d.results().trySample().rowShares().shown();
        assertEquals(want, shares.score(), 1e-6f);
        assertEquals("What swayed the prediction", robot.lookup("#featureSharesCaption").queryLabeled().getText());
        assertTrue(robot.lookup("#featureSharesTotal").queryLabeled().getText().startsWith("Green raised the prediction, red lowered it."),
                robot.lookup("#featureSharesTotal").queryLabeled().getText());
    }

    /**
     * "Start from the last run's weights": ticked after a run, the next run trains on from where it ended (with a rate of 0
     * it ends with the very same weights; a cross-validation's row in between does not change whose weights they are), the
     * status and the runs table say so; unticked, the next run is fresh again.
     */
    @Test
    void theNextRunCanStartFromTheLastRunsWeights(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        Dashboard d = window.dashboard();
        TrainingSession s = d.session();
        TestWindows.showDashboard(robot, d);
        assertTrue(robot.lookup("#trainFromLast").query().isDisabled(), "no run to start from yet");
        setField(robot, "#train-epochs", "3");
        robot.clickOn("#trainStart");
        waitFor("run 1", () -> s.state() == TrainingSession.State.FINISHED);
        Map<String, layerlab.tensor.Tensor> first = s.trainedWeights(window.editor().graph());
        assertFalse(robot.lookup("#trainFromLast").query().isDisabled());
        // A cross-validation's row in between (row 2): the weights are still run 1's, and named so.
        layerlab.train.CrossValidation.Fold fold = new layerlab.train.CrossValidation.Fold(0, 100, 50, 3, 0.1, Map.of("val_accuracy", 0.9), null);
        robot.interact(() -> s.keepCrossValidation(window.editor().graph(), new layerlab.train.CrossValidation.Result(3, List.of(fold),
                layerlab.train.CrossValidation.scores(List.of(fold)), true, null, List.of()), null));
        assertEquals(2, s.runs().size());
        robot.clickOn("#trainFromLast");
        assertTrue(s.continueFromLastProperty().get(), () -> "ticked by the click; " + whereIs(robot, "#trainFromLast"));
        setField(robot, "#train-optimizer-lr", "0");
        robot.clickOn("#trainStart");
        waitFor("run 3", 30, () -> s.state() == TrainingSession.State.FINISHED && s.runs().size() == 3,
                () -> s.state() + ", " + s.runs().size() + " runs, " + s.statusProperty().get() + "; " + whereIs(robot, "#trainStart"));
        assertEquals("from run 1's weights", s.startedFrom());
        Map<String, layerlab.tensor.Tensor> second = s.trainedWeights(window.editor().graph());
        for (String k : first.keySet()) assertArrayEquals(first.get(k).toFloatArray(), second.get(k).toFloatArray(), k + ": trained on at rate 0, unchanged");
        assertEquals("optimizer.lr 0.01 → 0; from run 1's weights; one split", s.runs().get(2).changes());

        robot.clickOn("#trainFromLast");
        robot.clickOn("#trainStart");
        waitFor("run 4", 30, () -> s.state() == TrainingSession.State.FINISHED && s.runs().size() == 4,
                () -> s.state() + ", " + s.runs().size() + " runs, " + s.statusProperty().get());
        assertNull(s.startedFrom(), "fresh weights again");
        assertEquals("fresh weights", s.runs().get(3).changes());
        assertFalse(java.util.Arrays.equals(first.get("fc1.weight").toFloatArray(), s.trainedWeights(window.editor().graph()).get("fc1.weight").toFloatArray()));
    }

    /**
     * Go On continues the last run as if it had never stopped: a 3-epoch run gone on for 3 more, and a run stopped after
     * its first batch gone on to its 6th epoch, both end with the weights of a 6-epoch run started afresh, bit for bit
     * (the optimiser's averages, the shuffling and the schedule carried over); the new row holds all six epochs.
     */
    @Test
    void goOnContinuesTheLastRunAsIfItHadNeverStopped(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        Dashboard d = window.dashboard();
        TrainingSession s = d.session();
        TestWindows.showDashboard(robot, d);
        javafx.scene.control.Button goOn = robot.lookup("#trainGoOn").queryAs(javafx.scene.control.Button.class);
        assertTrue(goOn.isDisabled() && goOn.isVisible(), "no run to go on with yet: disabled in its place");
        assertEquals("Go On", goOn.getText());
        double[] before = {goOn.getBoundsInParent().getMinY(), fromLastY(robot)};
        setField(robot, "#train-epochs", "3");
        robot.clickOn("#trainStart");
        waitFor("run 1", () -> s.state() == TrainingSession.State.FINISHED);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(goOn.isDisabled());
        assertEquals("Go On: 3 More Epochs", goOn.getText());
        assertEquals(before[0], goOn.getBoundsInParent().getMinY(), 0.5, "Go On stays in its place in the panel when the run ends");
        assertEquals(before[1], fromLastY(robot), 0.5, "so does the tick under it, while the status under them grew");
        // The progress line above the status wraps as its figures grow (samples/s): nothing one clicks moves with it.
        robot.interact(() -> s.progressTextProperty().set("epoch 3/3 · batch 8/8 · 123,456,789 samples/s · " + "and more words ".repeat(12)));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#trainProgressText").queryAs(javafx.scene.control.Label.class).getHeight() > 40, "a progress line of several lines");
        assertEquals(before[0], goOn.getBoundsInParent().getMinY(), 0.5, "Go On stays in its place however many lines the progress takes");
        assertEquals(before[1], fromLastY(robot), 0.5, "so does the tick");
        robot.clickOn("#trainGoOn");
        waitFor("run 2", () -> s.state() == TrainingSession.State.FINISHED && s.runs().size() == 2);
        RunRecord two = s.runs().get(1);
        assertEquals(6, two.epochs().size(), "the row holds the epochs before it went on");
        assertEquals("epochs 3 → 6; from run 1 after epoch 3, step 24", two.changes());
        Map<String, layerlab.tensor.Tensor> wentOn = s.trainedWeights(window.editor().graph());

        // Stopped after one batch (Step, then Stop), then gone on to its last epoch.
        setField(robot, "#train-epochs", "6");
        robot.clickOn("#trainStep");
        waitFor("one batch", () -> s.state() == TrainingSession.State.PAUSED);
        robot.clickOn("#trainStop");
        waitFor("stopped", () -> s.state() == TrainingSession.State.FINISHED && s.runs().size() == 3);
        assertEquals("Go On to Epoch 6", goOn.getText());
        robot.clickOn("#trainGoOn");
        waitFor("run 4", () -> s.state() == TrainingSession.State.FINISHED && s.runs().size() == 4);
        assertTrue(s.runs().get(3).changes().contains("from run 3 in epoch 1 after batch 1 of 8, step 1"), s.runs().get(3).changes());
        Map<String, layerlab.tensor.Tensor> resumed = s.trainedWeights(window.editor().graph());

        // A 6-epoch run from the start, with the same seed.
        robot.clickOn("#trainStart");
        waitFor("run 5", () -> s.state() == TrainingSession.State.FINISHED && s.runs().size() == 5);
        Map<String, layerlab.tensor.Tensor> whole = s.trainedWeights(window.editor().graph());
        for (String k : whole.keySet()) {
            assertArrayEquals(whole.get(k).toFloatArray(), wentOn.get(k).toFloatArray(), 0f, k + " after going on for 3 more epochs");
            assertArrayEquals(whole.get(k).toFloatArray(), resumed.get(k).toFloatArray(), 0f, k + " after going on from a stopped run");
        }

        // A changed network cannot go on.
        var fc1 = window.editor().graph().nodeByName("fc1");
        robot.interact(() -> window.editor().execute(layerlab.ui.editor.Commands.setParam(window.editor().graph(), fc1.id(), "out_features", 8)));
        robot.clickOn("#trainGoOn");
        assertTrue(robot.lookup("#trainStatus").queryLabeled().getText().startsWith("Cannot go on: the network changed since run 5"),
                robot.lookup("#trainStatus").queryLabeled().getText());
        assertEquals(5, s.runs().size());
    }

    /** Where {@code id} is in the scene against the viewport of the scroll pane holding it (for a failure's message). */
    private static String whereIs(FxRobot robot, String id) {
        javafx.scene.Node n = robot.lookup(id).query(), p = n;
        while (p != null && !(p instanceof javafx.scene.control.ScrollPane)) p = p.getParent();
        return id + " at " + n.localToScene(n.getLayoutBounds()) + (p == null ? "" : " in a view at " + p.localToScene(p.getLayoutBounds())
                + " scrolled to " + ((javafx.scene.control.ScrollPane) p).getVvalue())
                + "; windows: " + javafx.stage.Window.getWindows().stream().filter(javafx.stage.Window::isShowing)
                        .map(w -> w.getClass().getSimpleName() + "[" + w.getX() + "," + w.getY() + " " + w.getWidth() + "x" + w.getHeight() + "]").toList()
                + "; pointer at " + robot.point((javafx.scene.Node) n).query() + " vs " + robot.targetWindow();
    }

    private static double fromLastY(FxRobot robot) {
        return robot.lookup("#trainFromLast").query().getBoundsInParent().getMinY();
    }

    /** The Iris sample opened, its dashboard shown, trained for {@code epochs} epochs by a click on Start. */
    private Dashboard irisTrainedFor(FxRobot robot, int epochs) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        setField(robot, "#train-epochs", String.valueOf(epochs));
        robot.clickOn("#trainStart");
        waitFor("trained", () -> d.session().state() == TrainingSession.State.FINISHED);
        return d;
    }

    /**
     * A saved project's runs outlive the window's session: trained, then another document opened and the project opened
     * again, its runs table still has the run (from the log beside the recovery file), the next run is number 2, compared
     * with it, and the chart draws the earlier run's validation loss under the new one.
     */
    @Test
    void aSavedProjectsRunsAreThereWhenItIsOpenedAgain(FxRobot robot) throws Exception {
        Path project = Files.createDirectories(dir.resolve("kept")).resolve("iris.json");
        Files.writeString(project, Files.readString(Path.of("..", "sample-projects", "iris.json")).replace("\"epochs\": 100", "\"epochs\": 3"));
        open(robot, project);
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        javafx.scene.control.TableView<RunRecord> table = d.charts().runsTable();
        assertTrue(table.getItems().isEmpty(), "a project never trained has no runs");
        robot.clickOn("#trainStart");
        waitFor("trained", () -> d.session().state() == TrainingSession.State.FINISHED && table.getItems().size() == 1);
        RunRecord trained = table.getItems().get(0);
        Path runs = dir.resolve("runs");
        waitFor("the log", () -> new layerlab.train.RunLog(runs).load(project).size() == 1);

        robot.interact(() -> window.openSampleAtStart("spirals.json"));
        waitFor("another document's runs", () -> table.getItems().isEmpty());
        open(robot, project);
        waitFor("the kept run", () -> table.getItems().size() == 1);
        RunRecord kept = table.getItems().get(0);
        // Drawn at once as the grey overlay the next run goes over: its validation loss per epoch, the axis around it.
        org.jfree.data.xy.XYDataset lossData = d.charts().lossChart().getXYPlot().getDataset();
        assertEquals(1, lossData.getSeriesCount());
        assertEquals("run 1 val loss", lossData.getSeriesKey(0));
        assertEquals(3, lossData.getItemCount(0));
        double lastLoss = kept.epochs().get(2).metrics().get("val_loss");
        assertEquals(lastLoss, lossData.getYValue(0, 2), 1e-12);
        assertTrue(d.charts().lossChart().getXYPlot().getRangeAxis().getRange().contains(lastLoss), "the axis takes the kept run in");
        assertEquals(1, kept.number());
        assertEquals("first run", kept.changes());
        assertEquals(3, kept.epochs().size());
        assertEquals(RunChanges.best(trained), RunChanges.best(kept));
        assertEquals(RunChanges.ended(trained), RunChanges.ended(kept));
        assertEquals(trained.epochs().get(2).metrics(), kept.epochs().get(2).metrics());
        // Meanwhile a run from a terminal (`layerlab train` adds to the same log) ...
        layerlab.train.RunLog.Run terminal = new layerlab.train.RunLog(runs).append(project, kept.settings(), kept.epochs(), kept.end());
        assertEquals(2, terminal.number());
        // ... joins the table when the window comes to the front (what its focus listener calls), once.
        assertTrue(fx((BooleanSupplier) () -> d.session().refreshKeptRuns()));
        waitFor("the terminal's run", () -> table.getItems().size() == 2);
        assertEquals(2, table.getItems().get(0).number());
        assertFalse(fx((BooleanSupplier) () -> d.session().refreshKeptRuns()), "nothing new the second time");
        robot.clickOn("#trainStart");
        waitFor("trained again", () -> d.session().state() == TrainingSession.State.FINISHED && table.getItems().size() == 3
                && table.getItems().get(0).end() != null);
        // ... and is not written over: the window's run is added after it, numbered and compared as the log has them.
        List<layerlab.train.RunLog.Run> logged = new layerlab.train.RunLog(runs).load(project);
        assertEquals(List.of(1, 2, 3), logged.stream().map(layerlab.train.RunLog.Run::number).toList());
        assertEquals(List.of(3, 2, 1), table.getItems().stream().map(RunRecord::number).toList(), "the rows have the numbers the log gave the runs");
        assertEquals("the same settings", table.getItems().get(0).changes(), "the kept runs' settings compare with the new run's");
        assertEquals(2, d.session().overlaid(table.getItems().get(0)).size(), "the kept runs are overlaid");
        shot(robot, "dashboard-runs-kept.png");
    }

    /** Two runs of one project, the second with a larger learning rate: the runs' table has a row each and says what changed. */
    @Test
    void theRunsTableSaysWhatChangedBetweenRuns(FxRobot robot) throws Exception {
        Dashboard d = irisTrainedFor(robot, 3);
        TrainingSession s = d.session();
        javafx.scene.control.TableView<RunRecord> table = d.charts().runsTable();
        waitFor("a row", () -> table.getItems().size() == 1 && table.getItems().get(0).end() != null);
        Object lr = ((java.util.Map<?, ?>) window.editor().graph().training().get("optimizer")).get("lr");
        setField(robot, "#train-optimizer-lr", "0.5");
        robot.clickOn("#trainStart");
        waitFor("trained again", () -> s.state() == TrainingSession.State.FINISHED && table.getItems().size() == 2
                && table.getItems().get(0).end() != null);
        RunRecord second = table.getItems().get(0), first = table.getItems().get(1);
        assertEquals(2, second.number(), "the newest on top");
        assertEquals("first run", first.changes());
        assertEquals("optimizer.lr " + lr + " → 0.5", second.changes());
        assertEquals(3, second.epochs().size());
        assertTrue(RunChanges.best(second).matches("\\d+\\.\\d\\d% \\([1-3]\\)"), RunChanges.best(second));
        assertTrue(RunChanges.ended(second).startsWith("done, "), RunChanges.ended(second));
        shot(robot, "dashboard-runs.png");
        // A run whose data do not open is a row that says it failed, not one that runs forever.
        robot.interact(() -> window.editor().execute(new layerlab.ui.editor.Command("No file", g -> g.set(layerlab.graph.GraphChange.Setting.DATASET,
                java.util.Map.of("source", "csv", "path", "missing.csv")))));
        robot.clickOn("#trainStart");
        waitFor("refused", () -> s.state() == TrainingSession.State.FAILED && table.getItems().size() == 3);
        assertEquals("failed", RunChanges.ended(table.getItems().get(0)));
        String changed = table.getItems().get(0).changes();
        assertTrue(changed.contains("dataset.path added (missing.csv)") && changed.contains("dataset.source iris → csv"), changed);
    }

    /** Start's refusal is about the project as it was: editing it clears the words, and a finished run is finished again. */
    @Test
    void aRefusalToStartGoesWithTheEditThatAnswersIt(FxRobot robot) throws Exception {
        Dashboard d = irisTrainedFor(robot, 1);
        TrainingSession s = d.session();
        String fc2 = window.editor().graph().nodeByName("fc2").id();
        robot.interact(() -> window.editor().execute(layerlab.ui.editor.Commands.setParam(window.editor().graph(), fc2, "in_features", 5)));
        robot.interact(d::start);
        assertEquals(TrainingSession.State.FAILED, s.state());
        assertTrue(s.statusProperty().get().startsWith("Cannot train: the graph has an error to fix first"), s.statusProperty().get());
        robot.interact(() -> window.editor().undo());
        assertEquals(TrainingSession.State.FINISHED, s.state(), "the run before the refusal");
        assertEquals("Ready", s.statusProperty().get());
        assertNotNull(s.trainedWeights(window.editor().graph()), "its weights are the ones to export again");
    }

    /** A recurrent layer fits the inspector: its long names in the table, its sequence as a heatmap, nothing sideways. */
    @Test
    void theInspectorShowsAnLstmWithoutScrollingSideways(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("lstm-text-classifier.json"));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        setField(robot, "#train-epochs", "1");
        robot.interact(() -> window.editor().execute(new layerlab.ui.editor.Command("Less data", g -> g.set(layerlab.graph.GraphChange.Setting.DATASET,
                java.util.Map.of("source", "tokens", "n", 300, "vocab", 1000, "length", 20, "validation_split", 0.1)))));
        robot.interact(() -> window.editor().select(List.of(window.editor().graph().nodeByName("lstm").id())));
        robot.interact(() -> d.tabs().getSelectionModel().select(2));
        robot.clickOn("#trainStart");
        waitFor("trained", () -> d.session().state() == TrainingSession.State.FINISHED);
        waitFor("the sequence heatmap", () -> d.inspector().activations().lookup("#inspectSequence") != null);
        javafx.scene.canvas.Canvas map = (javafx.scene.canvas.Canvas) d.inspector().activations().lookup("#inspectSequence");
        assertTrue(map.getWidth() <= 400, "128 features in the column: " + map.getWidth());
        assertTrue(map.getHeight() <= 200, "20 steps within 200 pixels: " + map.getHeight());
        assertEquals(0, map.getHeight() % 20, 1e-9, "a row per step of 20");
        waitFor("statistics table", () -> d.inspector().table().getItems().stream().anyMatch(r -> r.name().equals("lstm.weight_ih_l0.grad")));
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.Node body = d.inspector().getContent();
        double viewport = fx(() -> d.inspector().getViewportBounds().getWidth());
        assertTrue(fx(() -> body.getLayoutBounds().getWidth()) <= viewport + 1,
                "the inspector fits its width: " + fx(() -> body.getLayoutBounds().getWidth()) + " in " + viewport);
        shot(robot, "dashboard-inspector-lstm.png");
    }

    /** A logistic-regression digit reader: trains fast enough for a test, then reads a drawn stroke. */
    @Test
    void predictsOnADrawnDigit(FxRobot robot) throws Exception {
        Dashboard d = resultsOf(robot, TestWindows.DIGITS_FAST, "digits-fast.json");
        assertEquals(10, d.results().evaluation().confusion().length);
        robot.interact(() -> {
            d.results().drawPad().stroke(98, 30, 98, 170); // a "1"
            d.results().drawPad().predictPad();
        });
        waitFor("class probabilities", () -> d.results().lastProbabilities() != null);
        float[] p = d.results().lastProbabilities();
        assertEquals(10, p.length);
        double sum = 0;
        for (float v : p) sum += v;
        assertEquals(1, sum, 1e-4);
        // Beside the answer, what swayed it: for this linear reader the top class's map is |W[top]|.
        waitFor("the drawing's saliency", () -> d.results().drawPad().explained() != null);
        int top = 0;
        for (int k = 1; k < 10; k++) if (p[k] > p[top]) top = k;
        assertEquals(top, d.results().drawPad().explained().predicted().cls());
        assertEquals("What swayed “" + top + "”", robot.lookup("#padSaliencyCaption").queryAs(javafx.scene.control.Label.class).getText());
        float[] weights = d.session().finished().model().stateDict().get("fc.weight").toFloatArray();
        for (int q = 0; q < 784; q++) assertEquals(Math.abs(weights[top * 784 + q]), d.results().drawPad().explained().predicted().values()[q], 1e-6f);
        shot(robot, "dashboard-draw.png");
        var session = d.session();
        var trained = session.finished().evaluator();

        // The drawing is framed as the training digits were (cropped to its ink, 20 of 28 pixels, centred by its mass).
        javafx.scene.canvas.Canvas padCanvas = robot.lookup("#drawPad").queryAs(javafx.scene.canvas.Canvas.class);
        Image snap = WaitForAsyncUtils.asyncFx(() -> padCanvas.snapshot(null, null)).get();
        int sw = (int) snap.getWidth(), sh = (int) snap.getHeight();
        int[] argb = new int[sw * sh];
        snap.getPixelReader().getPixels(0, 0, sw, sh, javafx.scene.image.PixelFormat.getIntArgbInstance(), argb, 0, sw);
        float[] framed = new float[28 * 28];
        Images.drawing(argb, sw, sh, 1, 28, 28, framed, 0);
        Tensor drawn = session.data().normalization().apply(Tensor.of(framed, 1, 1, 28, 28));
        assertArrayEquals(Predictions.probabilities(trained.predict(drawn, 1), trained.task()).toFloatArray(), p, 1e-5f);

        // A picture file is read as `layerlab predict` and the image loader read it: the same input, the same probabilities.
        BufferedImage big = new BufferedImage(300, 260, BufferedImage.TYPE_INT_RGB);
        var g2 = big.createGraphics();
        g2.setColor(new Color(255, 200, 40));
        g2.fillRect(130, 40, 12, 180);
        g2.dispose();
        Path png = Files.createTempFile("stroke", ".png");
        ImageIO.write(big, "png", png.toFile());
        float[] before = p;
        robot.interact(() -> d.results().drawPad().predictImage(new Image(png.toUri().toString())));
        waitFor("the picture's probabilities", () -> d.results().lastProbabilities() != before);
        Tensor x = session.data().normalization().apply(Tensor.of(Images.load(png, 1, 28, 28), 1, 1, 28, 28));
        float[] expected = Predictions.probabilities(trained.predict(x, 1), trained.task()).toFloatArray();
        assertArrayEquals(expected, d.results().lastProbabilities(), 1e-5f);

        // Why a misread digit was misread: a click on it in the gallery shows its saliency maps. For this linear model
        // the score of class c is W[c]·x + b[c], so its map is |W[c]| whatever the picture: checked exactly.
        int sample = whyOfFirstMisclassified(robot, d);
        int truth = d.results().evaluation().truth()[sample], predicted = d.results().evaluation().predicted()[sample];
        layerlab.ui.inspect.SaliencyPane.Explained why = d.results().why().shown();
        assertEquals(sample, why.sample());
        assertEquals(predicted, why.predicted().cls());
        assertEquals(truth, why.truth().cls());
        float[] w = session.finished().model().stateDict().get("fc.weight").toFloatArray();
        for (int[] c : new int[][] {{predicted, 0}, {truth, 1}}) {
            float[] map = (c[1] == 0 ? why.predicted() : why.truth()).values();
            for (int q = 0; q < 784; q++) assertEquals(Math.abs(w[c[0] * 784 + q]), map[q], 1e-6f, "class " + c[0] + " pixel " + q);
        }
        assertEquals("Why? Sample #" + sample + ", true " + truth + ", predicted " + predicted,
                robot.lookup("#saliencyTitle").queryAs(javafx.scene.control.Label.class).getText());
        assertTrue(robot.lookup("#saliencyTruth").tryQuery().isPresent() && robot.lookup("#saliencyPredicted").tryQuery().isPresent());
        // SmoothGrad averages over noisy copies: for a linear score the gradient is the same at every copy, so the map stays |W|.
        TestWindows.clickInScroll(robot, "#saliencyMethod");
        robot.clickOn("SmoothGrad");
        waitFor("the smoothed maps", () -> d.results().why().shown() != why);
        float[] smoothed = d.results().why().shown().predicted().values();
        for (int q = 0; q < 784; q++) assertEquals(Math.abs(w[predicted * 784 + q]), smoothed[q], 1e-6f, "smoothed pixel " + q);
        // Integrated gradients from black (0: this project does not normalize): each pixel's share of a linear score is x·W exactly.
        layerlab.ui.inspect.SaliencyPane.Explained smooth = d.results().why().shown();
        TestWindows.clickInScroll(robot, "#saliencyMethod");
        robot.clickOn("Integrated gradients");
        waitFor("the integrated maps", () -> d.results().why().shown() != smooth);
        float[] integrated = d.results().why().shown().predicted().values(), seen = d.results().why().shown().image();
        for (int q = 0; q < 784; q++) assertEquals(Math.abs(seen[q] * w[predicted * 784 + q]), integrated[q], 1e-6f, "integrated pixel " + q);
        assertTrue(robot.lookup("#saliencyHow").queryAs(javafx.scene.control.Label.class).getText().contains("Sundararajan"));
        assertFalse(robot.lookup("#saliencyLayer").query().isVisible(), "a layer to choose for Grad-CAM only");
        shot(robot, "dashboard-saliency.png");
        // Grad-CAM needs feature maps, which a linear reader has none of: the status line says so.
        TestWindows.clickInScroll(robot, "#saliencyMethod");
        robot.clickOn("Grad-CAM");
        waitFor("Grad-CAM's refusal", () -> d.session().statusProperty().get().startsWith("Could not compute: Grad-CAM needs a layer with feature maps"));
        TestWindows.clickInScroll(robot, "#saliencyMethod");
        robot.clickOn("Gradient");
        // Another run makes another model: the last one's maps go.
        robot.interact(() -> d.start());
        waitFor("trained again", () -> d.session().state() == TrainingSession.State.FINISHED && d.results().evaluation() != null);
        assertFalse(d.results().why().isVisible(), "the maps of the model before are gone");
        assertNull(d.results().why().shown());

        robot.interact(() -> d.tabs().getSelectionModel().select(1));
        robot.interact(() -> d.data().preview(window.editor().graph().dataset()));
        // Opening the tab previews the data too: the balance is read on the FX thread once a preview has drawn it whole
        // (read from here, it could be caught between one preview's clear and its bars).
        waitFor("image preview with a class balance of a bar per digit", () -> d.data().lookup("#dataImageGrid") != null
                && d.data().balance().getColumnCount() == 10);
        assertEquals(10, (int) fx(() -> d.data().balance().getColumnCount()), "the class balance has a bar per digit");
        shot(robot, "dashboard-data.png");
        robot.interact(() -> d.data().preview(java.util.Map.of("source", "moons", "n", 200)));
        waitFor("scatter preview", () -> d.data().lookup("#dataScatter") != null);
        robot.interact(() -> d.data().preview(java.util.Map.of("source", "iris")));
        waitFor("table preview", () -> d.data().lookup("#dataTable") != null);
        javafx.scene.control.TableView<?> table = (javafx.scene.control.TableView<?>) d.data().lookup("#dataTable");
        assertEquals(List.of("target", "sepal_length", "sepal_width", "petal_length", "petal_width"),
                table.getColumns().stream().map(javafx.scene.control.TableColumn::getText).toList(), "the file's column names");

        // A CSV source's form: only the path is browsed for, and every empty field says what it defaults to.
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> source = (javafx.scene.control.ComboBox<String>) d.data().lookup("#dataSource");
        robot.interact(() -> source.setValue("csv"));
        assertNotNull(d.data().lookup("#data-browse-path"));
        assertEquals(null, d.data().lookup("#data-browse-features"), "a CSV's features are columns, not a file");
        assertEquals("required: a file", ((TextField) d.data().lookup("#data-path")).getPromptText());
        assertEquals("all but the label", ((TextField) d.data().lookup("#data-features")).getPromptText());
        assertEquals("the last column", ((TextField) d.data().lookup("#data-label_column")).getPromptText());
        robot.interact(() -> source.setValue("npy"));
        assertNotNull(d.data().lookup("#data-browse-features"), "an NPY source's features are a file");
    }

    /**
     * Another project replaces the one trained: its run, charts, inspector and results go, and a later run of a look-alike
     * graph starts afresh; a run still going is stopped only when the user says so.
     */
    /** The project {@code json} as a new document, trained with Start, its Results tab shown once they are computed. */
    private Dashboard resultsOf(FxRobot robot, String json, String name) throws Exception {
        Graph g = ProjectJson.read(json, name);
        robot.interact(() -> window.files().newProject(g));
        Dashboard d = window.dashboard();
        robot.interact(d::start);
        waitFor("trained", () -> d.session().state() == TrainingSession.State.FINISHED && d.results().evaluation() != null);
        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        return d;
    }

    /** Clicks Misclassified, then the gallery's first picture, and waits for its saliency maps; returns its sample number. */
    private static int whyOfFirstMisclassified(FxRobot robot, Dashboard d) throws Exception {
        TestWindows.clickInScroll(robot, "#resultsMisclassified");
        waitFor("the misclassified gallery", () -> !d.results().gallery().getChildren().isEmpty());
        javafx.scene.Node first = d.results().gallery().getChildren().get(0);
        TestWindows.clickInScroll(robot, "#" + first.getId());
        waitFor("the saliency maps", () -> d.results().why().shown() != null && d.results().why().isVisible());
        return Integer.parseInt(first.getId().substring("gallery-".length()));
    }

    /**
     * Grad-CAM in the Results' "Why?": on a small CNN it looks at the last layer with feature maps unless another is
     * chosen in its menu, and its maps are the engine's at that layer.
     */
    @Test
    void gradCamLooksAtTheLayerChosen(FxRobot robot) throws Exception {
        String json = """
                {"format": "layerlab-project", "version": 1, "name": "digits-cnn",
                 "nodes": [
                  {"id": "n1", "name": "x", "kind": "Input", "params": {"shape": [1, 28, 28]}, "position": {"x": 0, "y": 0}},
                  {"id": "n2", "name": "conv", "kind": "Conv2d", "params": {"out_channels": 4, "kernel_size": 5, "stride": 2}, "position": {"x": 200, "y": 0}},
                  {"id": "n3", "name": "relu", "kind": "ReLU", "params": {}, "position": {"x": 400, "y": 0}},
                  {"id": "n4", "name": "pool", "kind": "MaxPool2d", "params": {"kernel_size": 2}, "position": {"x": 600, "y": 0}},
                  {"id": "n5", "name": "flatten", "kind": "Flatten", "params": {}, "position": {"x": 800, "y": 0}},
                  {"id": "n6", "name": "fc", "kind": "Linear", "params": {"out_features": 10}, "position": {"x": 1000, "y": 0}},
                  {"id": "n7", "name": "y", "kind": "Output", "params": {}, "position": {"x": 1200, "y": 0}}],
                 "edges": [{"from": "x.out", "to": "conv.in"}, {"from": "conv.out", "to": "relu.in"}, {"from": "relu.out", "to": "pool.in"},
                           {"from": "pool.out", "to": "flatten.in"}, {"from": "flatten.out", "to": "fc.in"}, {"from": "fc.out", "to": "y.in"}],
                 "dataset": {"source": "mnist", "validation_split": 0.1, "seed": 0},
                 "training": {"optimizer": {"name": "Adam", "lr": 0.01}, "loss": "CrossEntropyLoss", "epochs": 1, "batch_size": 128}}
                """;
        Dashboard d = resultsOf(robot, json, "digits-cnn.json");
        whyOfFirstMisclassified(robot, d);
        layerlab.ui.inspect.SaliencyPane.Explained plain = d.results().why().shown();
        TestWindows.clickInScroll(robot, "#saliencyMethod");
        robot.clickOn("Grad-CAM");
        waitFor("the Grad-CAM maps", () -> d.results().why().shown() != plain);
        layerlab.ui.inspect.SaliencyPane.Explained cam = d.results().why().shown();
        assertEquals(List.of("conv", "relu", "pool"), cam.layers());
        assertEquals("pool", cam.layer(), "the last layer with feature maps, by default");
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> layers = robot.lookup("#saliencyLayer").queryAs(javafx.scene.control.ComboBox.class);
        assertTrue(layers.isVisible());
        assertEquals("pool", layers.getValue());
        var evaluator = d.session().finished().evaluator();
        Tensor x = Tensor.of(cam.image(), cam.shape());
        assertArrayEquals(layerlab.train.Saliency.gradCam(evaluator, x, cam.predicted().cls(), "pool").values(), cam.predicted().values(), 1e-6f);
        // Grad-CAM cuts negative sums to 0: a map that is 0 everywhere says so under it.
        javafx.scene.control.Label caption = (javafx.scene.control.Label) ((javafx.scene.layout.VBox) robot.lookup("#saliencyPredicted").query().getParent())
                .getChildren().get(1);
        assertEquals(cam.predicted().max() == 0, caption.getText().endsWith(": nothing at pool raises it (try another layer)"), caption.getText());
        assertTrue(robot.lookup("#saliencyHow").queryAs(javafx.scene.control.Label.class).getText().contains("Selvaraju"));
        shot(robot, "dashboard-gradcam.png");
        TestWindows.clickInScroll(robot, "#saliencyLayer");
        // The menu's item, not the canvas node of that name.
        javafx.scene.Node item = robot.lookup(".list-cell").match((javafx.scene.Node n) -> "conv".equals(((javafx.scene.control.ListCell<?>) n).getText())).query();
        robot.clickOn(item);
        waitFor("the maps at conv", () -> d.results().why().shown() != cam);
        layerlab.ui.inspect.SaliencyPane.Explained atConv = d.results().why().shown();
        assertEquals("conv", atConv.layer());
        assertArrayEquals(layerlab.train.Saliency.gradCam(evaluator, x, atConv.predicted().cls(), "conv").values(), atConv.predicted().values(), 1e-6f);
        if (atConv.truth() != null)
            assertArrayEquals(layerlab.train.Saliency.gradCam(evaluator, x, atConv.truth().cls(), "conv").values(), atConv.truth().values(), 1e-6f);
        // HiResCAM keeps the layer chosen, and its maps are the engine's there.
        TestWindows.clickInScroll(robot, "#saliencyMethod");
        robot.clickOn("HiResCAM");
        waitFor("the HiResCAM maps", () -> d.results().why().shown() != atConv);
        layerlab.ui.inspect.SaliencyPane.Explained hiRes = d.results().why().shown();
        assertEquals("conv", hiRes.layer());
        assertTrue(robot.lookup("#saliencyLayer").query().isVisible());
        assertArrayEquals(layerlab.train.Saliency.hiResCam(evaluator, x, hiRes.predicted().cls(), "conv").values(), hiRes.predicted().values(), 1e-6f);
        assertTrue(robot.lookup("#saliencyHow").queryAs(javafx.scene.control.Label.class).getText().contains("Draelos"));
        shot(robot, "dashboard-hirescam.png");
    }

    @Test
    void anotherProjectLetsTheOldRunGo(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("spirals.json"));
        Dashboard d = window.dashboard();
        TrainingSession s = d.session();
        TestWindows.showDashboard(robot, d);
        setField(robot, "#train-epochs", "3");
        robot.interact(() -> window.editor().markSaved());
        robot.interact(() -> window.editor().select(List.of(window.editor().graph().nodeByName("fc1").id())));
        robot.clickOn("#trainStart");
        waitFor("trained", () -> s.state() == TrainingSession.State.FINISHED);
        waitFor("confusion matrix", () -> d.results().evaluation() != null);
        assertTrue(fx(() -> d.charts().lossChart().getXYPlot().getDataset().getSeriesCount()) > 0);
        assertTrue(fx(() -> d.inspector().gradNorms().getSeriesCount()) > 0);
        // A layer's line of many steps has no dots; a layer with one recorded step so far is a dot (a line needs two).
        var renderer = (org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) d.inspector().gradNormChart().getXYPlot().getRenderer();
        assertFalse(fx(() -> renderer.getItemShapeVisible(0, 0)));
        int one = fx(() -> {
            org.jfree.data.xy.XYSeries s1 = new org.jfree.data.xy.XYSeries("one step");
            s1.add(1, 0.5);
            d.inspector().gradNorms().addSeries(s1);
            return d.inspector().gradNorms().getSeriesCount() - 1;
        });
        assertTrue(fx(() -> renderer.getItemShapeVisible(one, 0)));
        // The learning rate's axis starts at zero (a slow decay read as one tick, "1E-2"); the loss's zooms to its values.
        assertEquals(0.0, fx(() -> d.charts().lrChart().getXYPlot().getRangeAxis().getLowerBound()));
        assertTrue(fx(() -> d.charts().lossChart().getXYPlot().getRangeAxis().getLowerBound()) > 0);

        robot.clickOn("#menuFile").clickOn("#fileNew");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(TrainingSession.State.IDLE, s.state());
        assertEquals(null, s.run());
        assertEquals(null, s.finished(), "nothing to predict with");
        assertEquals(null, s.data());
        assertEquals("Ready", robot.lookup("#trainStatus").queryLabeled().getText());
        assertEquals(0, (int) fx(() -> d.charts().lossChart().getXYPlot().getDataset().getSeriesCount()), "the charts are empty");
        assertEquals(0, (int) fx(() -> d.inspector().gradNorms().getSeriesCount()));
        assertEquals(List.of(), s.runs(), "no earlier runs to overlay");
        assertEquals(null, d.results().evaluation());
        assertEquals("Train a model to see its results here.", robot.lookup("#resultsSummary").queryLabeled().getText());
        assertTrue(d.results().matrix().getChildren().isEmpty());

        // The same sample again is a new document: its export starts from the seed, not the old run's weights.
        robot.interact(() -> window.openSampleAtStart("spirals.json"));
        Graph again = window.editor().graph();
        assertEquals(null, s.trainedWeights(again));
        assertEquals(List.of(), s.runs(), "another document of the same name overlays none of the first one's runs");

        // A run that is going: New asks, Cancel keeps it training, Stop Training stops it and lets it go.
        setField(robot, "#train-epochs", "5000");
        robot.interact(() -> window.editor().markSaved());
        robot.clickOn("#trainStart");
        waitFor("training", () -> s.state() == TrainingSession.State.RUNNING && s.run().batches().size() > 3);
        robot.clickOn("#menuFile").clickOn("#fileNew");
        waitFor("asked", () -> robot.lookup("#runningDialog").tryQuery().isPresent());
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(TrainingSession.State.RUNNING, s.state(), "Cancel keeps the run");
        assertEquals("Spirals", window.editor().graph().name());
        robot.clickOn("#menuFile").clickOn("#fileNew");
        waitFor("asked again", () -> robot.lookup("#runningDialog").tryQuery().isPresent());
        robot.clickOn("Stop Training");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, window.editor().graph().nodes().size(), "the new project is open");
        Thread.sleep(500);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(TrainingSession.State.IDLE, s.state(), "the stopped run's last events do not come back");
        assertEquals(null, s.run());
        assertEquals("Ready", robot.lookup("#trainStatus").queryLabeled().getText());
        assertEquals(0, (int) fx(() -> d.charts().lossChart().getXYPlot().getDataset().getSeriesCount()));
    }

    /** Start on a drawing with errors, then on one without data: each says why in words, and the Data tab takes a data set. */
    @Test
    void startSaysWhyAProjectCannotTrainAndTheDataTabTakesADataSet(FxRobot robot) throws Exception {
        robot.clickOn("#menuFile").clickOn("#fileNew");
        Dashboard d = window.dashboard();
        TrainingSession s = d.session();
        robot.interact(d::start);
        String status = robot.lookup("#trainStatus").queryLabeled().getText();
        assertEquals("Cannot train: the canvas is empty: drag layers onto it from the palette, or start from a sample (File › New from Sample).",
                status);
        assertEquals(TrainingSession.State.FAILED, s.state());
        // A drawing with errors says how many and the first.
        robot.interact(() -> window.editor().execute(new layerlab.ui.editor.Command("Add", x -> x.addNode(
                new layerlab.graph.Node("n1", "fc", "Linear", java.util.Map.of("out_features", 2), new layerlab.graph.Position(0, 0))))));
        robot.interact(d::start);
        status = robot.lookup("#trainStatus").queryLabeled().getText();
        assertTrue(status.startsWith("Cannot train: the graph has 3 errors to fix first (Problems lists them): "), status);
        assertTrue(robot.lookup("#problemsList").queryAs(javafx.scene.control.ListView.class).getItems().size() >= 3, "Problems lists them");

        String json = """
                {"format": "layerlab-project", "version": 1, "name": "no-data",
                 "nodes": [
                  {"id": "n1", "name": "x", "kind": "Input", "params": {"shape": [2]}, "position": {"x": 0, "y": 0}},
                  {"id": "n2", "name": "fc", "kind": "Linear", "params": {"out_features": 2}, "position": {"x": 280, "y": 0}},
                  {"id": "n3", "name": "y", "kind": "Output", "params": {}, "position": {"x": 560, "y": 0}}],
                 "edges": [{"from": "x.out", "to": "fc.in"}, {"from": "fc.out", "to": "y.in"}],
                 "training": {"optimizer": {"name": "SGD", "lr": 0.1}, "loss": "CrossEntropyLoss", "epochs": 1, "batch_size": 32}}
                """;
        Graph g = ProjectJson.read(json, "no-data.json");
        robot.interact(() -> window.files().newProject(g));
        assertEquals(layerlab.ui.data.DataPanel.NO_DATA, robot.lookup("#dataDescription").queryLabeled().getText(), "the Data tab says there is none");
        robot.interact(d::start);
        assertEquals("Cannot train: the project has no data set yet: choose one in the Data tab.", robot.lookup("#trainStatus").queryLabeled().getText());
        assertEquals(1, d.tabs().getSelectionModel().getSelectedIndex(), "the Data tab comes to the front");
        // A layer with an error: Start selects it, so its card stands out and Properties says what is wrong.
        robot.interact(() -> window.editor().execute(new layerlab.ui.editor.Command("Add", x -> x.addNode(
                new layerlab.graph.Node("n9", "stray", "Linear", java.util.Map.of("out_features", 2), new layerlab.graph.Position(0, 300))))));
        robot.interact(() -> window.editor().select(List.of()));
        robot.interact(d::start);
        assertTrue(robot.lookup("#trainStatus").queryLabeled().getText().contains("Linear \"stray\""), robot.lookup("#trainStatus").queryLabeled().getText());
        assertEquals(java.util.Set.of("n9"), java.util.Set.copyOf(window.editor().selection()));
        robot.interact(() -> window.editor().undo());
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> source = robot.lookup("#dataSource").queryAs(javafx.scene.control.ComboBox.class);
        assertEquals(null, source.getValue(), "no source is shown as chosen");
        assertFalse(robot.lookup("#dataBalance").query().isVisible(), "no empty class-balance chart");
        robot.clickOn("#dataApply");
        assertTrue(window.editor().graph().dataset().isEmpty(), "Apply without a source writes nothing");
        robot.interact(() -> source.setValue("xor"));
        robot.clickOn("#dataApply");
        assertEquals("xor", window.editor().graph().dataset().get("source"));
        robot.interact(d::start);
        waitFor("trained", () -> s.state() == TrainingSession.State.FINISHED || s.state() == TrainingSession.State.FAILED);
        assertEquals(TrainingSession.State.FINISHED, s.state(), s.statusProperty().get());
    }

    /**
     * A two-class model with one output (a Sigmoid's probability): that value is the score of class 1, and what swayed it
     * is said of "1", the class the predictions list as likely as that value, not of "0".
     */
    @Test
    void aOneOutputClassifiersSharesAreOfClassOne(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("binary-classifier.json"));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        setField(robot, "#train-epochs", "2");
        robot.clickOn("#trainStart");
        waitFor("trained", () -> d.session().state() == TrainingSession.State.FINISHED);
        robot.interact(() -> {
            robot.lookup("#try-0").queryAs(TextField.class).setText("0.3");
            robot.lookup("#try-1").queryAs(TextField.class).setText("-0.3");
            d.results().trySample().predictTyped();
        });
        waitFor("the point's shares", () -> d.results().trySample().rowShares().shown() != null);
        assertEquals("What swayed “1”", robot.lookup("#featureSharesCaption").queryLabeled().getText());
        String total = robot.lookup("#featureSharesTotal").queryLabeled().getText();
        assertTrue(total.startsWith("Green raised the score of “1”, red lowered it."), total);
    }

    /** A project trained before it was first saved keeps that run: saved, then opened again, its runs table still has it. */
    @Test
    void aRunMadeBeforeTheFirstSaveIsKeptWithTheProject(FxRobot robot) throws Exception {
        Dashboard d = irisTrainedFor(robot, 1);
        javafx.scene.control.TableView<RunRecord> table = d.charts().runsTable();
        assertEquals(null, window.files().fileProperty().get(), "the sample opens unsaved");
        assertEquals(1, table.getItems().size());
        Path project = Files.createDirectories(dir.resolve("first-save")).resolve("my-iris.json");
        saveAs(robot, project);
        assertEquals(1, new layerlab.train.RunLog(dir.resolve("runs")).load(project).size(), "kept at the save, not at the next run's end");
        robot.interact(() -> window.openSampleAtStart("spirals.json"));
        waitFor("another document's runs", () -> table.getItems().isEmpty());
        open(robot, project);
        waitFor("the kept run", () -> table.getItems().size() == 1);
        assertEquals(1, table.getItems().get(0).epochs().size());
    }

    /** A drawing without a loss is refused before a run is made: the words say what to add, and no "failed" run joins the table. */
    @Test
    void startWithoutALossSaysWhatToAddAndMakesNoRun(FxRobot robot) throws Exception {
        String json = """
                {"format": "layerlab-project", "version": 1, "name": "no-loss",
                 "nodes": [
                  {"id": "n1", "name": "x", "kind": "Input", "params": {"shape": [4]}, "position": {"x": 0, "y": 0}},
                  {"id": "n2", "name": "fc", "kind": "Linear", "params": {"out_features": 3}, "position": {"x": 280, "y": 0}},
                  {"id": "n3", "name": "y", "kind": "Output", "params": {}, "position": {"x": 560, "y": 0}}],
                 "edges": [{"from": "x.out", "to": "fc.in"}, {"from": "fc.out", "to": "y.in"}],
                 "dataset": {"source": "iris", "validation_split": 0.2},
                 "training": {"optimizer": {"name": "SGD", "lr": 0.1}, "epochs": 1, "batch_size": 32}}
                """;
        Graph g = ProjectJson.read(json, "no-loss.json");
        robot.interact(() -> window.files().newProject(g));
        Dashboard d = window.dashboard();
        robot.interact(d::start);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(TrainingSession.State.FAILED, d.session().state());
        assertEquals("Cannot train: " + RunStart.NO_LOSS, robot.lookup("#trainStatus").queryLabeled().getText());
        assertTrue(d.charts().runsTable().getItems().isEmpty(), "a Start that never began is no run");
    }

    /** File › Open of {@code project}, as the window's own open does it. */
    private void open(FxRobot robot, Path project) {
        robot.interact(() -> {
            try {
                window.files().open(project);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** File › Save As {@code project}. */
    private void saveAs(FxRobot robot, Path project) {
        robot.interact(() -> {
            try {
                window.files().saveAs(project);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private void shot(FxRobot robot, String name) throws Exception {
        TestWindows.screenshot(robot, stage, name);
    }
}
