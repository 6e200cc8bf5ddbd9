package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.shell.TextSize;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * The training form and the Data tab on a small laptop whose text is scaled up (a 1280×720 window at 100, 150 and 200 %): every caption,
 * tick and drop-down reads whole — "CrossEntropyLoss", not "CrossEntropyL…" — the form growing or stacking its captions
 * over their fields rather than cutting their values short.
 */
class LargeTextTrainingFormTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.projector(stage, dir.resolve("recovery.json"), 1280, 720, TextSize.NORMAL);
    }

    /** Every text in {@code root} that its control draws shortened ("Cross…") or cut: "what: shown" for each. */
    static List<String> cut(Parent root) {
        List<String> cut = new ArrayList<>();
        walk(root, cut);
        return cut;
    }

    private static void walk(Node n, List<String> cut) {
        if (!n.isVisible()) return;
        if (n instanceof ComboBox<?> c) {
            // The button cell's text (the skin keeps an empty one too, for its list's measure).
            String shown = c.lookupAll(".text").stream().map(t -> ((javafx.scene.text.Text) t).getText()).filter(t -> !t.isEmpty()).findFirst().orElse("");
            String value = c.getValue() == null ? "" : c.getConverter() == null ? String.valueOf(c.getValue()) : ((ComboBox<Object>) c).getConverter().toString(c.getValue());
            if (!shown.equals(value)) cut.add("#" + c.getId() + ": \"" + shown + "\" for \"" + value + "\"");
            return;
        }
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()) {
            String shown = TestWindows.shownText(l);
            if (!shown.replace('\n', ' ').equals(l.getText().replace('\n', ' '))) cut.add(l.getClass().getSimpleName() + " \"" + l.getText() + "\": \"" + shown + "\"");
            return;
        }
        if (n instanceof Parent p) for (Node k : p.getChildrenUnmodifiable()) walk(k, cut);
    }

    /** {@code node} whole (scrolled out of view too) as the PNG {@code name}, when {@code -Dlayerlab.screenshots=DIR} asks for it. */
    static void snapshot(FxRobot robot, Node node, String name) throws Exception {
        String out = System.getProperty("layerlab.screenshots");
        if (out == null || out.isBlank()) return;
        java.nio.file.Path d = java.nio.file.Files.createDirectories(java.nio.file.Path.of(out));
        javafx.scene.image.WritableImage[] img = {null};
        robot.interact(() -> img[0] = node.snapshot(null, null));
        javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(img[0], null), "png", d.resolve(name).toFile());
    }

    @Test
    void everyFieldReadsWholeAt100150And200(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.sample(robot, window, "iris.json");
        ComboBox<?> loss = robot.lookup("#trainLoss").queryAs(ComboBox.class);
        robot.interact(() -> loss.getSelectionModel().select(layerlab.train.Losses.NAMES.indexOf("CrossEntropyLoss") + 1));
        robot.interact(() -> robot.lookup("#train-metrics").queryAs(ComboBox.class).getSelectionModel().select(3));
        TestWindows.setField(robot, "#train-patience", "5");
        Parent form = robot.lookup("#trainingPanel").queryAs(Parent.class);
        for (TextSize size : List.of(TextSize.NORMAL, TextSize.LARGER, TextSize.LARGEST)) {
            robot.interact(() -> window.model().textSizeProperty().set(size));
            TestWindows.awaitPulses(stage.getScene(), 3);
            TestWindows.screenshot(robot, stage, "training-form-" + size.percent() + ".png");
            snapshot(robot, form, "training-form-panel-" + size.percent() + ".png");
            List<String> cut = new ArrayList<>();
            robot.interact(() -> cut.addAll(cut(form)));
            assertTrue(cut.isEmpty(), size.displayName() + ": shortened " + cut);
        }
    }

    /** A parameter group of Adam's options at 200 %: its true/false choices read whole ("false (optimizer's)", not "false (op…"). */
    @Test
    void aParameterGroupReadsWholeAt200(FxRobot robot) throws Exception {
        TestWindows.sample(robot, window, "iris.json");
        robot.interact(() -> robot.lookup("#train-group-add").queryAs(javafx.scene.control.Button.class).fire());
        Parent form = robot.lookup("#trainingPanel").queryAs(Parent.class);
        robot.interact(() -> window.model().textSizeProperty().set(TextSize.LARGEST));
        TestWindows.awaitPulses(stage.getScene(), 3);
        snapshot(robot, robot.lookup("#train-group-0").query(), "training-group-200.png");
        ComboBox<?> amsgrad = robot.lookup("#train-group-0-amsgrad").queryAs(ComboBox.class);
        assertTrue(String.valueOf(amsgrad.getValue()).endsWith("(optimizer's)"), "Adam's amsgrad, the optimizer's: " + amsgrad.getValue());
        List<String> cut = new ArrayList<>();
        robot.interact(() -> cut.addAll(cut(form)));
        assertTrue(cut.isEmpty(), "shortened " + cut);
    }

    /**
     * The Data tab at 200 %: Normalize's "standardize" reads whole (it read "stand…" beside its caption), and so do the
     * preview's column headings ("sep…").
     */
    @Test
    void theDataTabsChoicesReadWholeAt200(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.sample(robot, window, "iris.json");
        robot.interact(() -> {
            window.model().textSizeProperty().set(TextSize.LARGEST);
            d.tabs().getSelectionModel().select(1);
        });
        TestWindows.waitFor("the preview's table", () -> robot.lookup("#dataTable").tryQuery().isPresent());
        TestWindows.awaitPulses(stage.getScene(), 3);
        TestWindows.screenshot(robot, stage, "data-tab-iris-200.png");
        assertTrue("standardize".equals(robot.lookup("#dataNormalize").queryAs(ComboBox.class).getValue()));
        List<String> cut = new ArrayList<>();
        robot.interact(() -> cut.addAll(cut(robot.lookup("#dataForm").queryAs(Parent.class))));
        assertTrue(cut.isEmpty(), "shortened " + cut);
        // The preview's headings too ("sepal_length", not "sep…"): the table scrolls sideways rather than cut them.
        robot.interact(() -> cut.addAll(cut(robot.lookup("#dataTable").queryAs(Parent.class))));
        assertTrue(cut.isEmpty(), "shortened " + cut);
    }
}
