package layerlab.ui.shell;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import javafx.stage.Window;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.Screens;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Every dialog and tool window at 200 % text on a 1280×720 projector: inside the screen, its buttons inside it and the
 * window, and no label cut short with "…".
 */
class DialogsAtLargestTextTest extends WindowTest {
    private static final Rectangle2D SCREEN = new Rectangle2D(0, 0, 1280, 720);

    @Override
    protected MainWindow open(Stage stage) throws Exception {
        // The projector's screen: the tests' headless one is 1920×1200.
        Screens.of = w -> SCREEN;
        return TestWindows.projector(stage, Files.createTempDirectory("layerlab-dialogs-200").resolve("recovery.json"), 1280, 720, TextSize.LARGEST);
    }

    @AfterAll
    static void realScreens() {
        Screens.of = SCREENS;
    }

    private static final java.util.function.Function<Window, Rectangle2D> SCREENS = Screens.of;

    /** What is wrong with {@code w} at this size: off the screen, a button out of reach, a label cut short. */
    static List<String> faults(Window w) {
        List<String> out = new ArrayList<>();
        Rectangle2D win = new Rectangle2D(w.getX(), w.getY(), w.getWidth(), w.getHeight());
        if (!inside(SCREEN, win)) out.add("the window " + win + " is not on the 1280×720 screen");
        walk(w.getScene().getRoot(), n -> {
            if (!n.isVisible() || !shownUp(n)) return;
            Bounds b = n.localToScreen(n.getLayoutBounds());
            if (b == null) return;
            Rectangle2D r = new Rectangle2D(b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight());
            // A button in a scroll pane (the start page's cards) is a scroll away, in reach.
            if (n instanceof Button btn && !scrolled(n) && (!inside(SCREEN, r) || !inside(win, r)))
                out.add("the button '" + btn.getText() + "' at " + r + " is out of reach");
            if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty() && !l.getText().equals(TestWindows.shownText(l)))
                out.add(l.getClass().getSimpleName() + " '" + l.getText() + "' shows '" + TestWindows.shownText(l) + "'");
            if (n instanceof Labeled l && l.isWrapText() && l.getText() != null && longestWord(l) > l.getWidth() - l.snappedLeftInset() - l.snappedRightInset() + 0.5)
                out.add(l.getClass().getSimpleName() + " '" + l.getText() + "' breaks its words: " + l.getWidth() + " px wide");
        });
        return out;
    }

    /** The width of {@code l}'s longest word in its font: a wrapped label narrower than that breaks words apart. */
    private static double longestWord(Labeled l) {
        double most = 0;
        for (String w : l.getText().split("\\s+")) {
            // A path is longer than a line at any size: it breaks where the line ends, as at 100 %.
            if (w.contains("/")) continue;
            javafx.scene.text.Text t = new javafx.scene.text.Text(w);
            t.setFont(l.getFont());
            most = Math.max(most, t.getLayoutBounds().getWidth());
        }
        return most;
    }

    private static boolean scrolled(Node n) {
        for (Node p = n.getParent(); p != null; p = p.getParent()) if (p instanceof javafx.scene.control.ScrollPane) return true;
        return false;
    }

    private static boolean shownUp(Node n) {
        for (Node p = n; p != null; p = p.getParent()) if (!p.isVisible()) return false;
        return true;
    }

    private static boolean inside(Rectangle2D outer, Rectangle2D r) {
        return r.getMinX() >= outer.getMinX() - 0.5 && r.getMinY() >= outer.getMinY() - 0.5
                && r.getMaxX() <= outer.getMaxX() + 0.5 && r.getMaxY() <= outer.getMaxY() + 0.5;
    }

    private static void walk(Node n, java.util.function.Consumer<Node> f) {
        f.accept(n);
        if (n instanceof Parent p) for (Node c : p.getChildrenUnmodifiable()) walk(c, f);
    }

    private Window shownWith(FxRobot robot, String id) throws Exception {
        waitFor("#" + id + " shown", () -> TestWindows.windowWith(id) != null || dialogWith(id) != null);
        Window w = dialogWith(id);
        TestWindows.awaitPulses(w.getScene(), 3);
        return w;
    }

    private static Window dialogWith(String id) {
        return Window.getWindows().stream().filter(w -> w.getScene() != null && w.getScene().lookup("#" + id) != null).findFirst().orElse(null);
    }

    private void check(FxRobot robot, String id, String shot, List<String> all) throws Exception {
        Window w = shownWith(robot, id);
        WaitForAsyncUtils.waitForFxEvents();
        List<String> f = WaitForAsyncUtils.asyncFx(() -> faults(w)).get();
        f.forEach(s -> all.add(id + ": " + s));
        screenshot(robot, w, shot);
        robot.interact(w::hide);
        WaitForAsyncUtils.waitForFxEvents();
    }

    static void screenshot(FxRobot robot, Window w, String name) throws Exception {
        if (w instanceof Stage s) TestWindows.screenshot(robot, s, name);
        else {
            String out = System.getProperty("layerlab.screenshots");
            if (out == null || out.isBlank()) return;
            Path d = Files.createDirectories(Path.of(out));
            javafx.scene.image.WritableImage[] img = {null};
            robot.interact(() -> img[0] = w.getScene().getRoot().snapshot(null, null));
            javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(img[0], null), "png", d.resolve(name).toFile());
        }
    }

    @Test
    void everyDialogFitsTheProjectorAt200Percent(FxRobot robot) throws Exception {
        List<String> all = new ArrayList<>();
        robot.interact(() -> window.openSampleAtStart("spirals.json"));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> Platform.runLater(window::showAbout));
        check(robot, "aboutDialog", "about-200.png", all);
        robot.interact(() -> Platform.runLater(window::showShortcuts));
        check(robot, "shortcutsDialog", "shortcuts-200.png", all);
        robot.interact(() -> window.editor().markUnsaved());
        robot.interact(() -> Platform.runLater(window::newProject));
        check(robot, "unsavedDialog", "unsaved-200.png", all);
        Graph iris = ProjectJson.load(Path.of("..", "sample-projects", "iris.json"));
        Files.writeString(window.files().recoveryFile(), ProjectJson.write(iris));
        robot.interact(() -> Platform.runLater(window::offerRecovery));
        check(robot, "recoverDialog", "recover-200.png", all);
        robot.interact(() -> window.openSampleAtStart("spirals.json"));
        WaitForAsyncUtils.waitForFxEvents();
        var d = window.dashboard();
        robot.interact(d::findLr);
        check(robot, "lrFinder", "lr-finder-200.png", all);
        robot.interact(d::crossValidate);
        check(robot, "crossValidation", "cross-validation-200.png", all);
        robot.interact(d::profile);
        check(robot, "profile", "profile-200.png", all);
        // File › Export onto a folder of the file's name: the error, with the system's message.
        Path nowhere = Files.createDirectories(Files.createTempDirectory("layerlab-dialogs-200").resolve("spirals.onnx"));
        robot.interact(() -> window.exchange().setChooser(TestWindows.savesTo(nowhere, new ArrayList<>())));
        robot.interact(() -> Platform.runLater(() -> window.exchange().export(layerlab.ui.exchange.ModelExchange.Format.ONNX)));
        check(robot, "exportErrorDialog", "export-error-200.png", all);
        Path there = Files.writeString(Files.createTempDirectory("layerlab-dialogs-200").resolve("spirals.onnx"), "");
        robot.interact(() -> Platform.runLater(() -> layerlab.ui.Dialogs.confirmReplace(there, stage)));
        check(robot, "replaceDialog", "replace-200.png", all);
        // File › Import ONNX… of an image model that came without its normalization and class names: the options asked.
        Path onnx = Path.of("..", "engine", "src", "test", "resources", "onnx", "torch_mobile_v3.onnx");
        robot.interact(() -> Platform.runLater(() -> window.exchange().importOnnx(onnx)));
        check(robot, "modelLabelsDialog", "onnx-import-options-200.png", all);
        robot.interact(() -> window.showStartPage(false));
        check(robot, "startPage", "start-page-200.png", all);
        robot.interact(() -> window.showLayerHelp("Conv2d"));
        check(robot, "helpWindow", "layer-help-200.png", all);
        assertTrue(all.isEmpty(), String.join("\n", all));
    }
}
