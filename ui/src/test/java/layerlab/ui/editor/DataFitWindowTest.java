package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import layerlab.graph.analysis.Problem;
import layerlab.graph.analysis.ProblemCode;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The graph checked against its data set while it is drawn, as a student meets it: a classifier given fewer class scores
 * than its data has classes shows the mistake on the Linear's card and in the Problems list, with a one-click fix; the
 * fix, or typing the right number, clears it.
 */
class DataFitWindowTest extends WindowTest {
    @SuppressWarnings("unchecked")
    private ListView<Problem> problems(FxRobot robot) {
        return robot.lookup("#problemsList").queryAs(ListView.class);
    }

    private List<Problem> dataProblems(FxRobot robot) {
        return problems(robot).getItems().stream().filter(p -> p.code() == ProblemCode.DATA).toList();
    }

    /**
     * The editor's data checks and the Data tab's preview read a data set they both want once: the project opened with
     * the tab showing, and then a new source applied in the tab, each open it one time; Apply on unchanged settings
     * reads it again (the file may have changed).
     */
    @Test
    void theChecksAndThePreviewShareOneOpening(FxRobot robot) throws Exception {
        var d = window.dashboard();
        robot.interact(() -> {
            d.shownProperty().set(true);
            d.tabs().getSelectionModel().select(1);
        });
        int before = window.dataOpener().opens();
        robot.interact(() -> window.openSample("iris.json"));
        TestWindows.waitFor("the data checked", () -> editor.dataProperty().get() != null);
        robot.interact(() -> d.data().previewIfNone());
        TestWindows.waitFor("the preview", () -> d.data().shown() != null);
        assertEquals(before + 1, window.dataOpener().opens(), "opened once for both");
        assertTrue(d.data().shown().train().size() > 100);

        robot.interact(() -> d.data().apply());
        TestWindows.waitFor("read again", () -> window.dataOpener().opens() == before + 2);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> window.editor().execute(new Command("moons", g -> g.set(layerlab.graph.GraphChange.Setting.DATASET,
                new java.util.LinkedHashMap<>(java.util.Map.of("source", "moons", "n", 300))))));
        TestWindows.waitFor("the new data checked", () -> editor.dataProperty().get() != null && editor.dataProperty().get().classes().size() == 2);
        robot.interact(() -> d.data().preview(editor.graph().dataset()));
        TestWindows.waitFor("the new preview", () -> d.data().shown() != null && d.data().shown().train().classNames().size() == 2);
        assertEquals(before + 3, window.dataOpener().opens(), "the new settings opened once for both");
    }

    /** A data set that cannot be opened is said in the Problems list, on the project, until its settings are mended. */
    @Test
    void aDataSetThatCannotBeOpenedIsAProblemOfTheProject(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSample("penguins.json"));
        TestWindows.waitFor("the data checked", () -> editor.dataProperty().get() != null);
        java.nio.file.Path csv = java.nio.file.Files.writeString(dir.resolve("gaps.csv"), "species,island,mass\nA,X,3.5\nB,Y,NA\nA,Y,3.6\n");
        java.util.Map<String, Object> settings = new java.util.LinkedHashMap<>(java.util.Map.of("source", "csv", "path", csv.toString(), "label_column", "species"));
        robot.interact(() -> editor.execute(new Command("gaps", g -> g.set(layerlab.graph.GraphChange.Setting.DATASET, new java.util.LinkedHashMap<>(settings)))));
        TestWindows.waitFor("the problem listed", () -> problems(robot).getItems().stream().anyMatch(p -> p.nodeId() == null && p.code() == ProblemCode.DATA));
        Problem p = problems(robot).getItems().stream().filter(q -> q.nodeId() == null && q.code() == ProblemCode.DATA).findFirst().orElseThrow();
        assertTrue(p.toString().startsWith("The data set cannot be opened (the Data tab has its settings): " + csv + ":3: column 3 (\"mass\") has no value (\"NA\")"),
                p.toString());
        // A click on it shows the Data tab, where the settings are mended.
        robot.interact(() -> window.dashboard().shownProperty().set(false));
        robot.clickOn(robot.lookup("#problemsList .list-cell").match(c -> c instanceof javafx.scene.control.ListCell<?> lc && lc.getItem() == p)
                .queryAs(javafx.scene.control.ListCell.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.dashboard().shownProperty().get(), "the dashboard is shown");
        assertEquals(1, window.dashboard().tabs().getSelectionModel().getSelectedIndex(), "on its Data tab");
        // Mended: the rows with gaps left out; the data set opens (and no longer fits the 9 features the Input takes).
        settings.put("missing", "drop");
        robot.interact(() -> editor.execute(new Command("drop", g -> g.set(layerlab.graph.GraphChange.Setting.DATASET, new java.util.LinkedHashMap<>(settings)))));
        TestWindows.waitFor("the problem gone", () -> problems(robot).getItems().stream().noneMatch(q -> q.nodeId() == null));
        TestWindows.waitFor("the data checked", () -> !dataProblems(robot).isEmpty());
        assertTrue(dataProblems(robot).get(0).toString().contains("[3]"), dataProblems(robot).toString());
    }

    @Test
    void tooFewClassScoresShowOnTheLinearAndTheFixSetsThem(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSample("surname-classifier.json"));
        TestWindows.waitFor("the data set opened", () -> editor.dataProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(), dataProblems(robot), "the sample fits its data");
        String fc = editor.graph().nodeByName("fc").id();

        // The student types 4 class scores where the surnames have 8 languages.
        robot.clickOn("#node-" + fc);
        WaitForAsyncUtils.waitForFxEvents();
        TextField out = robot.lookup("#param-out_features").queryAs(TextField.class);
        robot.doubleClickOn(out).eraseText(3).write("4").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(4, editor.graph().node(fc).param("out_features"));
        TestWindows.waitFor("the data problem listed", () -> !dataProblems(robot).isEmpty());
        Problem p = dataProblems(robot).get(0);
        assertTrue(p.isError());
        assertEquals(fc, p.nodeId());
        assertTrue(p.toString().startsWith("Linear \"fc\": gives 4 class scores per sample but the data set has 8 classes"), p.toString());
        assertTrue(robot.lookup("#badge-" + fc).query().isVisible(), "the card shows it");
        assertTrue(robot.lookup("#properties .problem-error").queryAll().stream()
                .anyMatch(n -> n instanceof Label l && l.getText().contains("8 classes")), "and the properties of the selected card");
        assertTrue(robot.lookup("#problems .panel-title").queryAs(Label.class).getText().startsWith("Problems · 1 error"));
        TestWindows.screenshot(robot, stage, "editor-data-fit.png");

        // Start refuses in the same words, and points at the card.
        robot.interact(() -> editor.select(List.of()));
        var session = window.dashboard().session();
        robot.interact(() -> window.dashboard().start());
        TestWindows.waitFor("refused", () -> session.state() == layerlab.ui.train.TrainingSession.State.FAILED);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(session.statusProperty().get().contains("the data does not fit the model: Linear \"fc\": gives 4 class scores"),
                session.statusProperty().get());
        assertEquals(java.util.Set.of(fc), java.util.Set.copyOf(editor.selection()));

        // One click sets out_features to the number of classes, undoably.
        robot.clickOn("#fix-" + fc + "-data");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(8, editor.graph().node(fc).param("out_features"));
        TestWindows.waitFor("the problem gone", () -> dataProblems(robot).isEmpty());
        assertTrue(!robot.lookup("#badge-" + fc).query().isVisible());
        robot.interact(editor::undo);
        TestWindows.waitFor("undone, the problem is back", () -> !dataProblems(robot).isEmpty());
    }

    @Test
    void aProjectOpenedWithAMistakeShowsItWhenItsDataHasBeenRead(FxRobot robot) throws Exception {
        Path file = dir.resolve("four.json");
        java.nio.file.Files.writeString(file, java.nio.file.Files.readString(Path.of("..", "sample-projects", "surname-classifier.json"))
                .replace("\"out_features\": 8", "\"out_features\": 4"));
        robot.interact(() -> window.openPath(file));
        TestWindows.waitFor("the data problem listed", () -> !dataProblems(robot).isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.layout.Region panel = robot.lookup("#problems").queryAs(javafx.scene.layout.Region.class);
        assertTrue(problems(robot).isVisible(), "the list shows");
        assertTrue(panel.getHeight() > 80, "and the panel unfolds to show it: " + panel.getHeight());
    }

    /** At start-up a project opens before the window has its size; the panel its problems unfolded keeps its room as it grows. */
    @Test
    void problemsFoundBeforeTheWindowHasItsSizeStayInView(FxRobot robot) throws Exception {
        Path file = dir.resolve("sixty.json");
        java.nio.file.Files.writeString(file, java.nio.file.Files.readString(Path.of("..", "sample-projects", "surname-classifier.json"))
                .replace("\"in_features\": 64", "\"in_features\": 60"));
        robot.interact(() -> stage.setHeight(480));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            window.openPath(file);
            stage.setHeight(780);
        });
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.layout.Region panel = robot.lookup("#problems").queryAs(javafx.scene.layout.Region.class);
        TestWindows.waitFor("the panel unfolded at the window's size", () -> panel.getHeight() > 80);
        assertTrue(problems(robot).isVisible() && !problems(robot).getItems().isEmpty());
    }

    @Test
    void changingTheDataSetChecksTheGraphAgainstTheNewOne(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSample("iris.json"));
        TestWindows.waitFor("the data set opened", () -> editor.dataProperty().get() != null);
        assertEquals(List.of(), dataProblems(robot));
        // The same graph on the digits (8×8 images as 64 values, 10 classes): its Input takes 4 measurements and its Linear gives 3 scores.
        java.util.Map<String, Object> digits = new java.util.LinkedHashMap<>(editor.graph().dataset());
        digits.put("source", "digits");
        robot.interact(() -> editor.execute(new Command("Set data set", g -> g.set(layerlab.graph.GraphChange.Setting.DATASET, digits))));
        TestWindows.waitFor("the new data set's problems", () -> dataProblems(robot).size() >= 1);
        Problem input = dataProblems(robot).get(0);
        assertEquals("measurements", input.nodeName());
        assertTrue(input.message().contains("but the data set's samples are [64] (64 values): set the shape to [64]"), input.message());
    }

    /**
     * A CNN drawn for 28×28 digits (the SimpleCNN sample) given the bundled 8×8 digits in the Data tab, as a teacher picks
     * them: the Input's fix keeps a picture, [1, 8, 8], and two clicks (it and the Linear's) leave nothing to mend. It
     * offered [64], which handed the first Conv2d a flat vector: an error with no fix.
     */
    @Test
    void flatDigitsChosenForACnnAreOneClickFromTraining(FxRobot robot) throws Exception {
        var d = TestWindows.sample(robot, window, "simple-cnn.json");
        TestWindows.waitFor("the sample's data read", () -> editor.dataProperty().get() != null);
        robot.interact(() -> d.tabs().getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        TestWindows.choose(robot, "#dataSource", "digits");
        TestWindows.clickInScroll(robot, "#dataApply");
        TestWindows.waitFor("the digits checked", () -> !dataProblems(robot).isEmpty());
        assertEquals(List.of("Input \"x\": takes [1, 28, 28] per sample (784 values) but the data set's samples are [64] (64 values, which make a "
                + "1×8×8 picture row by row): set the shape to [1, 8, 8]."), dataProblems(robot).stream().map(Problem::toString).toList());
        robot.clickOn(robot.lookup(".quick-fix").match((javafx.scene.control.Hyperlink h) -> h.getText().equals("Set shape to 1, 8, 8")).queryAs(javafx.scene.control.Hyperlink.class));
        TestWindows.waitFor("the Input set", () -> List.of(1, 8, 8).equals(editor.graph().nodeByName("x").param("shape")));
        WaitForAsyncUtils.waitForFxEvents();
        // The convolutions take the pictures; the sample's Linear, set to 3136 for 28×28 digits, has a one-click fix of its own.
        assertEquals(List.of("fc"), problems(robot).getItems().stream().map(Problem::nodeName).toList(), problems(robot).getItems().toString());
        robot.clickOn(robot.lookup(".quick-fix").match((javafx.scene.control.Hyperlink h) -> h.getText().equals("Set in_features to 256")).queryAs(javafx.scene.control.Hyperlink.class));
        TestWindows.waitFor("nothing left to mend", () -> problems(robot).getItems().isEmpty());
    }

    /**
     * A colour-image project opened after one of digits: until its own data set is read, nothing is checked, so the
     * Problems list never says, even for a moment, that its Input of [3, 28, 28] does not fit the digits' [1, 28, 28].
     */
    @Test
    void aProjectOpenedAfterAnotherIsNeverCheckedAgainstTheOthersData(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSample("simple-cnn.json"));
        TestWindows.waitFor("the digits read", () -> editor.dataProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(), dataProblems(robot), "the sample fits its data");
        List<String> shown = new java.util.concurrent.CopyOnWriteArrayList<>();
        robot.interact(() -> problems(robot).getItems().addListener((javafx.collections.ListChangeListener<Problem>) c ->
                c.getList().stream().filter(p -> p.code() == ProblemCode.DATA).forEach(p -> shown.add(p.toString()))));
        robot.interact(() -> window.openSample("conv-batchnorm-rgb.json"));
        TestWindows.waitFor("the colour images read", () -> editor.dataProperty().get() != null && editor.dataProperty().get().sampleShape().length == 3
                && editor.dataProperty().get().sampleShape()[0] == 3);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(), dataProblems(robot), "the sample fits its data");
        assertEquals(List.of(), shown, "no check against the digits was ever listed");
    }
}
