package layerlab.ui.data;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import layerlab.data.DataSources;
import layerlab.ui.TestWindows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Data tab alone, over a project's dataset object: what its preview shows after an Apply. */
@ExtendWith(ApplicationExtension.class)
class DataPanelTest {
    @TempDir
    static Path dir;
    private final Map<String, Object> dataset = new LinkedHashMap<>();
    private DataPanel panel;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        panel = DataPanels.show(stage, dataset, dir);
    }

    private String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    /**
     * The tab has no fields for a separate validation source: an Apply of other settings keeps the project's (it used to
     * drop it, leaving training without validation); a validation split typed in its place replaces it.
     */
    @Test
    void anApplyKeepsASeparateValidationSource(FxRobot robot) {
        Map<String, Object> separate = Map.of("source", "moons", "n", 50);
        dataset.putAll(Map.of("source", "moons", "n", 200, "validation", separate));
        robot.interact(panel::refresh);
        robot.interact(() -> robot.lookup("#dataSeed").queryAs(TextField.class).setText("5"));
        robot.interact(panel::apply);
        assertEquals(5L, dataset.get("seed"));
        assertEquals(separate, dataset.get("validation"));

        robot.interact(() -> robot.lookup("#dataSplit").queryAs(TextField.class).setText("0.2"));
        robot.interact(panel::apply);
        assertEquals(0.2, dataset.get("validation_split"));
        assertNull(dataset.get("validation"));
    }

    /**
     * Blobs of three classes: each class is drawn in its feature-space mark (circle, square, triangle) and colour, not
     * three dots told apart by red, blue and green alone.
     */
    @Test
    void eachClassOfTheScatterHasAShapeOfItsOwn(FxRobot robot) throws Exception {
        dataset.putAll(Map.of("source", "blobs", "n", 90, "classes", 3));
        robot.interact(panel::refresh);
        robot.clickOn("#dataApply");
        waitFor("the blobs previewed", () -> panel.shown() != null && robot.lookup("#dataScatter").tryQuery().isPresent());
        org.jfree.chart.renderer.xy.XYItemRenderer r = robot.lookup("#dataScatter").queryAs(org.jfree.chart.fx.ChartViewer.class).getChart().getXYPlot().getRenderer();
        java.util.Set<String> shapes = new java.util.HashSet<>();
        for (int c = 0; c < 3; c++) {
            java.awt.Shape s = r.getSeriesShape(c);
            java.awt.geom.PathIterator it = s.getPathIterator(null);
            int points = 0;
            for (; !it.isDone(); it.next()) points++;
            shapes.add(s.getClass().getName() + points);
            assertEquals(layerlab.ui.inspect.ClassMarker.chartColor(c, 3), r.getSeriesPaint(c), "class " + c + "'s colour, the feature space's");
        }
        assertEquals(3, shapes.size(), "three shapes: " + shapes);
        TestWindows.screenshot(robot, stage, "data-blobs-marks.png");
    }

    /**
     * An Apply whose settings do not open leaves no preview of the data before it (the project now holds the new
     * settings): the preview says they failed and why, the class balance goes, and nothing is "shown".
     */
    @Test
    void aFailedApplySaysSoWhereThePreviewWasAndShowsNoStaleData(FxRobot robot) throws Exception {
        dataset.putAll(Map.of("source", "moons", "n", 200));
        robot.interact(panel::refresh);
        robot.clickOn("#dataApply");
        waitFor("the moons previewed", () -> panel.shown() != null && robot.lookup("#dataScatter").tryQuery().isPresent());
        assertTrue(robot.lookup("#dataBalance").query().isVisible());

        Path missing = dir.resolve("missing.csv");
        robot.interact(() -> {
            panel.refresh();
            robot.lookup("#dataSource").queryComboBox().getSelectionModel().select("csv");
        });
        robot.interact(() -> robot.lookup("#data-path").queryAs(TextField.class).setText(missing.toString()));
        robot.clickOn("#dataApply");
        waitFor("the failure shown", () -> robot.lookup("#dataPreviewFailed").tryQuery().isPresent());
        assertEquals("csv", dataset.get("source"), "Apply wrote the settings");
        String said = text(robot, "#dataPreviewFailed");
        assertTrue(said.startsWith("No preview: these settings did not open.\n"), said);
        assertTrue(said.endsWith("no such file: " + missing), said);
        assertTrue(robot.lookup("#dataScatter").tryQuery().isEmpty(), "the moons' scatter plot is gone");
        assertFalse(robot.lookup("#dataBalance").query().isVisible(), "so is their class balance");
        assertNull(panel.shown());
        assertEquals("", text(robot, "#dataDescription"));
        TestWindows.screenshot(robot, stage, "data-failed-apply.png");
    }

    /**
     * min_freq typed in the text source's form: the description says how many tokens the vocabulary kept of how many
     * the training texts hold, and the vocabulary above the texts how much of them became {@code <unk>}.
     */
    @Test
    void minFreqSaysWhatItKeptAndHowMuchOfTheTextIsUnk(FxRobot robot) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("reviews.csv"),
                "text,label\ngood film,pos\ngood plot,pos\nbad film,neg\nbad acting,neg\ngood good,pos\nawful,neg\n");
        robot.interact(() -> robot.lookup("#dataSource").queryComboBox().getSelectionModel().select("text"));
        assertEquals("1: every token", robot.lookup("#data-min_freq").queryAs(TextField.class).getPromptText());
        robot.interact(() -> {
            robot.lookup("#data-path").queryAs(TextField.class).setText("reviews.csv");
            robot.lookup("#data-min_freq").queryAs(TextField.class).setText("2");
        });
        robot.clickOn("#dataApply");
        waitFor("the texts previewed", () -> robot.lookup("#dataVocabulary").tryQuery().isPresent());
        assertEquals(2L, dataset.get("min_freq"));
        String description = text(robot, "#dataDescription");
        assertTrue(description.startsWith("reviews.csv (words (lower-cased), 5 tokens, 2 a text; kept 3 of 6 tokens (min_freq 2)): "), description);
        // plot, acting and awful: 3 of the 11 words.
        String vocabulary = text(robot, "#dataVocabulary");
        assertTrue(vocabulary.startsWith("Vocabulary: words (lower-cased), 5 tokens, 2 a text. <unk> stands for 27.3% of the training texts' tokens. "
                + "Commonest: good film bad"), vocabulary);
        TestWindows.screenshot(robot, stage, "data-min-freq.png");

        // With a validation split, the validation texts' share too (read as new text is).
        robot.interact(() -> robot.lookup("#dataSplit").queryAs(TextField.class).setText("0.5"));
        robot.clickOn("#dataApply");
        waitFor("the split previewed", () -> text(robot, "#dataVocabulary").contains(" of the validation texts'."));
    }

    /**
     * A data set too large for Java's heap: the preview says which file and how to give Java more memory, where it said
     * "Java heap space" (the editor's problems share the opener's message).
     */
    @Test
    void aDataSetLargerThanTheHeapSaysWhichFileAndWhatToDo(FxRobot robot) throws Exception {
        java.nio.file.Files.write(dir.resolve("huge.csv"), new byte[3_000_000]);
        panel.setOpener(new DataOpener((settings, base) -> {
            throw new OutOfMemoryError("Java heap space");
        }));
        dataset.putAll(Map.of("source", "csv", "path", "huge.csv"));
        robot.interact(panel::refresh);
        robot.clickOn("#dataApply");
        waitFor("the failure shown", () -> robot.lookup("#dataPreviewFailed").tryQuery().isPresent());
        String said = text(robot, "#dataPreviewFailed");
        assertTrue(said.startsWith("No preview: these settings did not open.\nout of memory reading the data set, huge.csv (3 MB): give Java more than its "), said);
        assertTrue(said.contains("LAYERLAB_JAVA_OPTS=-Xmx16g") && !said.contains("Java heap space"), said);
    }

    /** An opener that holds the moons until {@code release} opens, as a large data set keeps the preview reading. */
    private static DataOpener slowMoons(CountDownLatch release) {
        return new DataOpener((settings, base) -> {
            if ("moons".equals(settings.get("source")) && !release.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
            return DataSources.open(settings, base);
        });
    }

    private void moonsApplied(FxRobot robot, CountDownLatch release) {
        panel.setOpener(slowMoons(release));
        dataset.putAll(Map.of("source", "moons", "n", 200));
        robot.interact(panel::refresh);
        robot.clickOn("#dataApply");
        assertEquals("Opening…", text(robot, "#dataDescription"));
    }

    /** Lets the held preview finish and the JavaFX thread take whatever it handed over. */
    private void released(CountDownLatch release) throws Exception {
        release.countDown();
        panel.await();
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Apply stays where it was while its read shows its progress (300 ms in) and when a refusal is said: the reading line
     * and the error appear above the buttons, so a second click aimed at Apply still lands on it.
     */
    @Test
    void applyStaysInItsPlaceAsTheReadingLineAndAnErrorAppear(FxRobot robot) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Button apply = robot.lookup("#dataApply").queryButton();
        javafx.geometry.Bounds before = WaitForAsyncUtils.asyncFx(() -> apply.localToScene(apply.getLayoutBounds())).get();
        moonsApplied(robot, release);
        waitFor("the reading line shown", () -> robot.lookup("#dataReading").query().isVisible());
        layerlab.ui.TestWindows.awaitPulses(stage.getScene(), 2);
        assertEquals(before, WaitForAsyncUtils.asyncFx(() -> apply.localToScene(apply.getLayoutBounds())).get(), "Apply while the read shows");
        layerlab.ui.TestWindows.screenshot(robot, stage, "data-tab-reading.png");
        robot.interact(() -> robot.lookup("#dataSource").queryComboBox().getSelectionModel().clearSelection());
        robot.clickOn("#dataApply");
        assertEquals("Choose a source first.", text(robot, "#dataError"));
        layerlab.ui.TestWindows.awaitPulses(stage.getScene(), 2);
        assertEquals(before, WaitForAsyncUtils.asyncFx(() -> apply.localToScene(apply.getLayoutBounds())).get(), "Apply under a refusal");
        layerlab.ui.TestWindows.screenshot(robot, stage, "data-tab-refused.png");
        released(release);
    }

    /**
     * A slow preview that finishes after a newer Apply failed never shows: the failure stays, without the older data
     * shown in between (their description never appears).
     */
    @Test
    void aSlowPreviewFinishingAfterANewerFailedApplyDoesNotShow(FxRobot robot) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        moonsApplied(robot, release);
        List<String> said = new CopyOnWriteArrayList<>();
        robot.lookup("#dataDescription").queryAs(Label.class).textProperty().addListener((o, a, b) -> said.add(b));
        Path missing = dir.resolve("missing.csv");
        robot.interact(() -> robot.lookup("#dataSource").queryComboBox().getSelectionModel().select("csv"));
        robot.interact(() -> robot.lookup("#data-path").queryAs(TextField.class).setText(missing.toString()));
        robot.clickOn("#dataApply");
        released(release);
        waitFor("the failure shown", () -> robot.lookup("#dataPreviewFailed").tryQuery().isPresent());
        assertTrue(text(robot, "#dataPreviewFailed").endsWith("no such file: " + missing));
        assertNull(panel.shown());
        assertTrue(said.stream().noneMatch(d -> d.contains("moons")), "the moons never showed: " + said);
        assertTrue(robot.lookup("#dataScatter").tryQuery().isEmpty());
    }

    /**
     * A slow preview that finishes after a newer Apply was refused at once (the project's data set undone to none), or
     * after another project was opened, leaves the panel as that said: no stale data, the refusal kept.
     */
    @Test
    void aSlowPreviewFinishingAfterARefusedApplyOrAnotherProjectDoesNotShow(FxRobot robot) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        moonsApplied(robot, release);
        dataset.clear();
        robot.interact(panel::refresh);
        robot.clickOn("#dataApply");
        assertEquals("Choose a source first.", text(robot, "#dataError"));
        assertEquals(DataPanel.NO_DATA, text(robot, "#dataDescription"), "no longer opening");
        released(release);
        assertNull(panel.shown(), "the moons are not shown under the refusal");
        assertTrue(robot.lookup("#dataScatter").tryQuery().isEmpty());
        assertEquals("Choose a source first.", text(robot, "#dataError"));

        CountDownLatch again = new CountDownLatch(1);
        moonsApplied(robot, again);
        robot.interact(panel::clear);
        released(again);
        assertNull(panel.shown(), "another project's Data tab shows none of the last one's data");
        assertTrue(robot.lookup("#dataScatter").tryQuery().isEmpty());
    }

    /** The tokens source's padding and the surnames' min_freq are fields of the form, with their defaults and choices. */
    @Test
    void tokensTakePaddingAndSurnamesMinFreq(FxRobot robot) throws Exception {
        robot.interact(() -> robot.lookup("#dataSource").queryComboBox().getSelectionModel().select("surnames"));
        assertEquals("1: every character", robot.lookup("#data-min_freq").queryAs(TextField.class).getPromptText());
        robot.interact(() -> robot.lookup("#dataSource").queryComboBox().getSelectionModel().select("tokens"));
        assertEquals("left (sentiment; majority has none)", robot.lookup("#data-padding").queryAs(TextField.class).getPromptText());
        robot.interact(() -> {
            robot.lookup("#data-task").queryAs(TextField.class).setText("sentiment");
            robot.lookup("#data-vocab").queryAs(TextField.class).setText("100");
        });
        robot.clickOn("#data-choose-padding");
        robot.clickOn("#data-choice-padding-right");
        robot.clickOn("#dataApply");
        waitFor("the reviews previewed", () -> panel.shown() != null);
        assertEquals("right", dataset.get("padding"));
        assertTrue(text(robot, "#dataDescription").startsWith("tokens/sentiment (n=2000, vocab=100, length=10, seed=0, padding=right)"), text(robot, "#dataDescription"));
    }
}
