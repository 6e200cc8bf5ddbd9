package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import layerlab.train.StepProfile;
import layerlab.ui.TestWindows;
import layerlab.ui.editor.Command;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Train › Profile a Training Step…: the step's time node by node in a table that sorts, selects nodes and copies itself. */
@WindowTest.Size(width = 1260, height = 790)
class ProfileWindowTest extends WindowTest {
    private static Stage profileStage() {
        return TestWindows.windowWith("profile");
    }

    @SuppressWarnings("unchecked")
    private static TableView<StepProfile.Row> table(Stage s) {
        return (TableView<StepProfile.Row>) s.getScene().lookup("#profileTable");
    }

    @Test
    void profilesFromTheMenuAndSelectsTheNodeOfARow(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        robot.clickOn("#menuTrain");
        robot.clickOn("#trainMenuProfile");
        waitFor("the window", () -> profileStage() != null);
        Stage s = profileStage();
        // The dashboard is hidden: the window still belongs to the main one and wears its theme.
        assertEquals(stage, s.getOwner());
        assertEquals(stage.getScene().getStylesheets(), s.getScene().getStylesheets());
        assertTrue(s.getScene().getStylesheets().stream().anyMatch(u -> u.endsWith("light.css")), s.getScene().getStylesheets().toString());
        Button again = (Button) s.getScene().lookup("#profileAgain");
        assertTrue(again.isDisabled(), "not again while it runs");
        waitFor("the profile", () -> !again.isDisabled());
        TableView<StepProfile.Row> table = table(s);
        ProfileWindow w = window.dashboard().lastProfile();
        StepProfile.Result r = w.result();
        assertEquals(r.rows(), table.getItems(), "a row a node, then the parts of the step");
        assertEquals(List.of("fc1", "relu", "fc2", "loss", "data", "overhead", "weight gradients", "optimizer"), r.rows().stream().map(StepProfile.Row::name).toList());
        assertEquals(StepProfile.Options.DEFAULT.steps(), r.steps());
        String summary = ((Label) s.getScene().lookup("#profileSummary")).getText();
        assertTrue(summary.startsWith("A training step of 16 samples takes ") && summary.contains("takes the most"), summary);
        // The ReLU runs inside fc1's kernel and says so.
        WaitForAsyncUtils.waitForFxEvents();
        List<String> cells = robot.from(table).lookup(".table-cell").queryAll().stream().map(c -> ((javafx.scene.control.Labeled) c).getText()).toList();
        assertTrue(cells.contains("in fc1's kernel"), cells.toString());

        // The cards glow by their shares of the step; unticked, they do not; ticked, again.
        assertEquals(Set.of("fc1", "relu", "fc2", "loss").stream().filter(n -> r.nodeShares().get(n) > 0).collect(java.util.stream.Collectors.toSet()),
                Set.copyOf(window.dashboard().tint().tintedNodes()));
        var fc1Card = robot.lookup("#node-" + window.editor().graph().nodeByName("fc1").id()).query();
        assertEquals(r.nodeShares().get("fc1"), fc1Card.getProperties().get("layerlab.timeShare"));
        robot.clickOn("#profileHeat");
        assertTrue(window.dashboard().tint().tintedNodes().isEmpty());
        assertEquals("", fc1Card.getStyle());
        robot.clickOn("#profileHeat");
        assertTrue(window.dashboard().tint().tintedNodes().contains("fc1"));

        // A click on fc2's row selects fc2 on the canvas.
        robot.clickOn(robot.lookup(".table-cell").match(c -> "fc2".equals(((javafx.scene.control.Labeled) c).getText())).<javafx.scene.Node>query());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Set.of(window.editor().graph().nodeByName("fc2").id()), Set.copyOf(window.editor().selection()));

        // The total column sorts, largest first on the second click; the rows outside a kernel's own time stay after it.
        robot.clickOn(robot.lookup("#profileTable .column-header").match(h -> h.getId() != null && h.getId().equals("profileTotal")).<javafx.scene.Node>query());
        robot.clickOn(robot.lookup("#profileTable .column-header").match(h -> h.getId() != null && h.getId().equals("profileTotal")).<javafx.scene.Node>query());
        WaitForAsyncUtils.waitForFxEvents();
        double max = r.rows().stream().filter(x -> x.fusedInto() == null).mapToDouble(StepProfile.Row::totalMs).max().orElseThrow();
        assertEquals(max, table.getItems().get(0).totalMs(), "sorted by the total: " + table.getItems());

        robot.clickOn("#profileCopy");
        WaitForAsyncUtils.waitForFxEvents();
        String[] copied = {null};
        robot.interact(() -> copied[0] = Clipboard.getSystemClipboard().getString());
        assertEquals(r.table() + r.describe() + "\n", copied[0]);

        robot.clickOn("#profileClose");
        waitFor("the window closed", () -> profileStage() == null);
        assertTrue(window.dashboard().tint().tintedNodes().isEmpty(), "closing the window takes the heat off the canvas");
    }

    /** A block's nodes have rows by their dotted names; a click on one selects the block's placement. */
    @Test
    void aBlocksNodesAndTheirPlacement(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("net-with-resblock.json"));
        robot.interact(() -> window.dashboard().profile(new StepProfile.Options(1, 0, 2)));
        Stage s = profileStage();
        Button again = (Button) s.getScene().lookup("#profileAgain");
        waitFor("the profile", () -> !again.isDisabled());
        WaitForAsyncUtils.waitForFxEvents();
        TestWindows.screenshot(robot, s, "profile-window.png");
        // The block's placement glows with its nodes' time together.
        StepProfile.Result shown = window.dashboard().lastProfile().result();
        double res1 = shown.rows().stream().filter(x -> x.name().startsWith("res1")).mapToDouble(shown::share).sum();
        assertEquals(res1, shown.nodeShares().get("res1"), 1e-12);
        assertTrue(window.dashboard().tint().tintedNodes().contains("res1"));
        robot.clickOn(robot.lookup(".table-cell").match(c -> "res1.conv2".equals(((javafx.scene.control.Labeled) c).getText())).<javafx.scene.Node>query());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Set.of(window.editor().graph().nodeByName("res1").id()), Set.copyOf(window.editor().selection()));
        assertEquals(2, window.dashboard().lastProfile().result().steps());
        // Save Trace… writes the timeline where the dialog says, with .json added, and says so.
        List<String> asked = new java.util.ArrayList<>();
        robot.interact(() -> window.dashboard().lastProfile().setChooser(TestWindows.savesTo(dir.resolve("timeline"), asked)));
        robot.clickOn("#profileTrace");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("NetWithResBlock-trace.json"), asked);
        assertEquals(window.dashboard().lastProfile().result().traceJson(), java.nio.file.Files.readString(dir.resolve("timeline.json")));
        String said = ((Label) s.getScene().lookup("#profileStatus")).getText();
        assertTrue(said.startsWith("Saved timeline.json: open it in ui.perfetto.dev"), said);
        StepProfile.Result first = window.dashboard().lastProfile().result();
        // Profile Again profiles the project as it is then: refused (in the window) while the drawing has an error ...
        var fc = window.editor().graph().nodeByName("fc");
        robot.interact(() -> window.editor().execute(new Command("break", g -> g.setParam(fc.id(), "in_features", 5))));
        robot.clickOn("#profileAgain");
        WaitForAsyncUtils.waitForFxEvents();
        said = ((Label) s.getScene().lookup("#profileStatus")).getText();
        assertTrue(said.startsWith("Cannot profile: "), said);
        assertSame(first, window.dashboard().lastProfile().result(), "the profile shown stays");
        assertFalse(again.isDisabled());
        // ... and with the error mended and a node renamed, the new profile has the new name's row.
        robot.interact(() -> window.editor().execute(new Command("mend", g -> g.setParam(fc.id(), "in_features", 16))));
        robot.interact(() -> window.editor().execute(new Command("rename", g -> g.rename(fc.id(), "classifier"))));
        robot.clickOn("#profileAgain");
        waitFor("a new profile", () -> !again.isDisabled() && window.dashboard().lastProfile().result() != null
                && window.dashboard().lastProfile().result() != first);
        StepProfile.Result second = window.dashboard().lastProfile().result();
        assertEquals(table(s).getItems(), second.rows(), "the table shows the new one");
        assertNotNull(second.row("classifier"), second.table());
        assertNull(second.row("fc"));
        robot.interact(() -> s.close());
    }

    @Test
    void aDrawingWithErrorsIsRefused(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        var fc1 = window.editor().graph().nodeByName("fc1");
        robot.interact(() -> window.editor().execute(new Command("break", g -> g.setParam(fc1.id(), "in_features", 5))));
        robot.interact(() -> window.dashboard().profile());
        assertNull(profileStage());
        String message = window.editor().messageProperty().get();
        assertTrue(message.startsWith("Cannot profile: ") && message.length() > "Cannot profile: ".length(), message);
    }
}
