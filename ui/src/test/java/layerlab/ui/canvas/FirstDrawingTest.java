package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.ui.MemoryPreferences;
import layerlab.ui.editor.Placement;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.shell.ShellModel;
import layerlab.ui.shell.UiPrefs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A student's first drawing in a new project, in a window of a laptop's size: what the guide's first steps meet. */
@ExtendWith(ApplicationExtension.class)
class FirstDrawingTest {
    @TempDir
    static Path dir;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        Platform.setImplicitExit(false);
        window = new MainWindow(new ShellModel("CPU", 2), new UiPrefs(new MemoryPreferences()), dir.resolve("recovery.json"));
        window.show(stage);
        layerlab.ui.TestWindows.shown(window);
        stage.setWidth(1000);
        stage.setHeight(720);
    }

    /** The empty project's hint in Properties is read whole (it was cut to "drag a layer onto the …"), and one layer is "1 layer". */
    @Test
    void propertiesSaysItsHintWholeAndCountsOneLayerInTheSingular(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        assertShownWhole(robot, "Nothing selected: drag a layer onto the canvas.");
        drop(robot, "Linear", 0, 0);
        robot.interact(() -> window.editor().select(java.util.List.of()));
        WaitForAsyncUtils.waitForFxEvents();
        assertShownWhole(robot, "Nothing selected: select a node to edit it.");
        String counts = robot.lookup("#overviewCounts").queryAs(Label.class).getText();
        assertTrue(counts.startsWith("1 layer · "), counts);
    }

    /**
     * A new project has no data set and its dashboard is hidden: Properties said "choose one in the dashboard's Data tab",
     * with nothing to click and no Dashboard in the View menu. Its link shows the dashboard on the Data tab, the source
     * drop-down there.
     */
    @Test
    void aNewProjectsLinkOpensTheDataTab(FxRobot robot) {
        drop(robot, "Linear", 0, 0);
        robot.interact(() -> window.editor().select(java.util.List.of()));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Data: none yet", robot.lookup("#overviewData").queryAs(Label.class).getText());
        var d = window.dashboard();
        assertTrue(!d.shownProperty().get(), "a new project's dashboard starts hidden");
        robot.clickOn("#overviewChooseData");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(d.shownProperty().get(), "the dashboard shown");
        assertEquals("Data", d.tabs().getSelectionModel().getSelectedItem().getText());
        assertTrue(robot.lookup("#dataSource").query().isVisible());
    }

    /** A layer dropped onto (or just beside) a card lands beside it, clear of it, not on top of it. */
    @Test
    void aLayerDroppedOverACardLandsBesideIt(FxRobot robot) {
        drop(robot, "Linear", 0, 0);
        Node fc = only(window.editor().graph(), "Linear");
        // The second layer's middle 60 px right of the first one's: its card would cover most of the first.
        Point2D mid = window.canvas().viewport().toScreen(fc.position().x() + NodeCard.W / 2 + 60, fc.position().y() + NodeCard.H / 2);
        robot.interact(() -> {
            Point2D s = window.canvas().surface().localToScreen(mid);
            window.canvas().dropKind("ReLU", null, s.getX(), s.getY());
        });
        WaitForAsyncUtils.waitForFxEvents();
        Node relu = only(window.editor().graph(), "ReLU");
        double dx = Math.abs(relu.position().x() - fc.position().x()), dy = Math.abs(relu.position().y() - fc.position().y());
        assertTrue(dx >= Placement.CARD_W || dy >= Placement.CARD_H, "the ReLU at " + relu.position() + " covers the Linear at " + fc.position());
        // Near where it was dropped: the next free place, not somewhere far.
        assertTrue(dx + dy <= Placement.CARD_W + 2 * Placement.APART + 20, "the ReLU at " + relu.position() + ", the Linear at " + fc.position());
    }

    /** A one-click fix that adds a card (the loss's labels Input, a row below it) shows that card, also where it lands out of view. */
    @Test
    void aCardAddedByAOneClickFixIsBroughtIntoView(FxRobot robot) throws Exception {
        drawLossBeforeItsLabels(robot);
        // The row near the bottom of the view: a row below it is out of sight.
        Viewport vp = window.canvas().viewport();
        robot.interact(() -> {
            double bottom = vp.toScreen(0, NodeCard.H).getY();
            vp.pan(0, window.canvas().surface().getHeight() - 30 - bottom);
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(fix(robot, "Add a labels Input")::fire);
        WaitForAsyncUtils.waitForFxEvents();
        Node labels = window.editor().graph().nodeByName("labels");
        Point2D top = vp.toScreen(labels.position().x(), labels.position().y()), end = vp.toScreen(labels.position().x() + NodeCard.W, labels.position().y() + NodeCard.H);
        Bounds view = window.canvas().surface().getLayoutBounds();
        assertTrue(view.contains(top) && view.contains(end), "the labels card " + top + "–" + end + " in the view " + view);
    }

    /**
     * A loss drawn after the scores, its labels added by their fix, and no Output: Start refused it ("the model has no
     * Output node") while Problems said 0 errors. Problems says it, on the loss, and its link adds the Output after the
     * scores the loss reads: nothing is left to fix.
     */
    @Test
    void aLossWithoutAnOutputSaysSoAndItsLinkAddsOneAfterTheScores(FxRobot robot) throws Exception {
        drawLossBeforeItsLabels(robot);
        robot.clickOn(fix(robot, "Add a labels Input"));
        WaitForAsyncUtils.waitForFxEvents();
        var problems = window.editor().analysis().problems();
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("the network has no Output, and training reads its predictions from one (accuracy, Try a sample): add an Output after "
                + "\"fc\", the layer this loss reads", problems.get(0).message());
        robot.clickOn(fix(robot, "Add an Output"));
        WaitForAsyncUtils.waitForFxEvents();
        Graph g = window.editor().graph();
        Node out = only(g, "Output");
        assertTrue(g.edges().contains(new layerlab.graph.Edge("n2", "out", out.id(), "in")), g.edges().toString());
        assertEquals(java.util.List.of(), window.editor().analysis().problems());
    }

    /** Input → Linear → CrossEntropyLoss, the loss's target not connected and no Output: a first drawing, as a new project. */
    private void drawLossBeforeItsLabels(FxRobot robot) throws Exception {
        String json = """
                {"format": "layerlab-project", "version": 1, "name": "fix",
                 "nodes": [
                  {"id": "n1", "name": "x", "kind": "Input", "params": {"shape": [4]}, "position": {"x": 0, "y": 0}},
                  {"id": "n2", "name": "fc", "kind": "Linear", "params": {"out_features": 3}, "position": {"x": 280, "y": 0}},
                  {"id": "n3", "name": "loss", "kind": "CrossEntropyLoss", "params": {}, "position": {"x": 560, "y": 0}}],
                 "edges": [{"from": "x.out", "to": "fc.in"}, {"from": "fc.out", "to": "loss.input"}]}
                """;
        Graph g = layerlab.graph.json.ProjectJson.read(json, "fix.json");
        robot.interact(() -> window.files().newProject(g));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The Problems list's one-click fix whose link begins with {@code label}. */
    private static javafx.scene.control.Hyperlink fix(FxRobot robot, String label) {
        return robot.lookup(".quick-fix").match((javafx.scene.control.Hyperlink h) -> h.getText().startsWith(label)).queryAs(javafx.scene.control.Hyperlink.class);
    }

    /** A long message in the status bar (an opened bundle's) leaves the device whole ("Re…" it was) and reads whole in its tooltip. */
    @Test
    void aLongStatusMessageLeavesTheDeviceWholeAndReadsWholeOnHover(FxRobot robot) {
        String says = "Opened the trained model binary.llab (8 nodes); training and export start from its weights until the layers change; "
                + "Save As keeps it as a project; Go On continues its run (after epoch 50)";
        robot.interact(() -> window.editor().messageProperty().set(says));
        WaitForAsyncUtils.waitForFxEvents();
        Label status = robot.lookup("#statusText").queryAs(Label.class);
        assertEquals(status.getText(), drawn(status));
        Label message = robot.lookup("#editorMessage").queryAs(Label.class);
        assertEquals(says, message.getTooltip().getText());
    }

    /** Drops {@code kind} from the palette at (dx, dy) screen pixels from the canvas's middle. */
    private void drop(FxRobot robot, String kind, double dx, double dy) {
        robot.interact(() -> {
            Bounds b = window.canvas().surface().localToScreen(window.canvas().surface().getLayoutBounds());
            window.canvas().dropKind(kind, null, b.getCenterX() + dx, b.getCenterY() + dy);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Node only(Graph g, String kind) {
        return g.nodes().stream().filter(n -> n.kind().equals(kind)).findFirst().orElseThrow();
    }

    private static void assertShownWhole(FxRobot robot, String text) {
        Label hint = robot.lookup("#propertiesEmpty").queryAs(Label.class);
        assertEquals(text, hint.getText());
        assertEquals(text, drawn(hint));
    }

    /** What a label draws: its text, or the text cut short with an ellipsis when it does not fit. */
    private static String drawn(Label l) {
        StringBuilder drawn = new StringBuilder();
        for (javafx.scene.Node n : l.lookupAll(".text")) if (n instanceof Text t && t.getParent() != null) drawn.append(t.getText());
        return drawn.toString().replace("\n", " ").replaceAll(" +", " ").trim();
    }
}
