package layerlab.ui.shell;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Pane;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * A bug that escapes an action in the window: the window goes on, the unsaved work is autosaved at once (not a minute
 * later), the status bar says what went wrong and where the details are, and the stack trace is in the log.
 */
@WindowTest.Size(width = 1100, height = 700)
class ErrorReportWindowTest extends WindowTest {
    @Test
    void aBugInAnActionSavesTheWorkAndSaysWhereTheDetailsAre(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("spirals.json"));
        // Unsaved work: every node deleted, as a person would.
        robot.clickOn("#canvas");
        robot.push(KeyCode.CONTROL, KeyCode.A);
        robot.push(KeyCode.DELETE);
        waitFor("the edit", () -> window.editor().isDirty() && window.editor().graph().nodes().isEmpty());
        Path recovery = dir.resolve("recovery.json");
        assertTrue(!Files.exists(recovery), "nothing autosaved yet (its timer runs once a minute)");

        // A control whose action has a bug, clicked.
        Button broken = new Button("Broken");
        broken.setId("broken");
        broken.setOnAction(e -> {
            throw new IllegalStateException("boom");
        });
        robot.interact(() -> ((Pane) robot.lookup("#statusBar").query()).getChildren().add(broken));
        robot.clickOn("#broken");

        waitFor("the report", () -> window.editor().messageProperty().get().startsWith("Something went wrong"));
        String said = window.editor().messageProperty().get();
        Path log = ErrorReport.logBeside(recovery);
        assertTrue(said.startsWith("Something went wrong (IllegalStateException: boom at layerlab.ui.shell.ErrorReportWindowTest.lambda$"),
                "the cause and the frame of ours it came through: " + said);
        assertTrue(said.endsWith("); your work is autosaved, and the details are in " + ErrorReport.shown(log) + " for a bug report"), said);
        assertTrue(((Label) robot.lookup("#editorMessage").query()).getText().startsWith("Something went wrong"), "in the status bar");
        // The work: autosaved at once, every node deleted as it was.
        assertTrue(Files.exists(recovery), "autosaved");
        assertTrue(ProjectJson.load(recovery).nodes().isEmpty());
        String logged = Files.readString(log);
        assertTrue(logged.contains("on thread \"JavaFX Application Thread\": LayerLab "), logged);
        assertTrue(logged.contains("java.lang.IllegalStateException: boom"), logged);
        assertTrue(logged.contains("\tat layerlab.ui.shell.ErrorReportWindowTest."), logged);
        // The window goes on: an undo brings the nodes back.
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        waitFor("undone", () -> !window.editor().graph().nodes().isEmpty());
        assertNotNull(window.editor().graph().nodeByName("fc1"));
    }

    /**
     * A bug that fails again and again (in a handler that runs on every frame) saves the work once, not on every frame,
     * and fills the log with its first {@link ErrorReport#MAX_LOGGED} traces only; each still says so in the status bar.
     */
    @Test
    void anErrorOnEveryFrameSavesOnceAndLogsTheFirstFew() throws Exception {
        Path log = dir.resolve("again").resolve("errors.log");
        java.util.List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger saves = new java.util.concurrent.atomic.AtomicInteger();
        ErrorReport r = new ErrorReport(log, said::add, saves::incrementAndGet);
        java.io.PrintStream err = System.err;
        System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            for (int i = 0; i < 25; i++) r.handle(Thread.currentThread(), new IllegalStateException("again " + i));
        } finally {
            System.setErr(err);
        }
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        waitFor("every error said", () -> said.size() == 25);
        assertEquals(1, saves.get(), "saved once");
        String logged = Files.readString(log);
        assertEquals(ErrorReport.MAX_LOGGED, logged.split("on thread \"", -1).length - 1);
        assertTrue(logged.contains("again 19") && !logged.contains("again 20"), "the first ones");
        assertTrue(said.get(24).startsWith("Something went wrong (IllegalStateException: again 24 at ") && said.get(24).endsWith("; your work is autosaved"),
                "no log named once it is no longer written: " + said.get(24));
    }

    /** The one-line summary names the innermost cause and the first frame of ours; the log keeps at most a megabyte. */
    @Test
    void summariesAndTheLogsSize() throws Exception {
        Exception e = new RuntimeException("outer", new IllegalArgumentException("inner"));
        assertTrue(ErrorReport.summary(e).startsWith("IllegalArgumentException: inner at layerlab.ui.shell.ErrorReportWindowTest.summariesAndTheLogsSize("),
                ErrorReport.summary(e));
        Exception theirs = new IllegalStateException("x");
        theirs.setStackTrace(new StackTraceElement[0]);
        assertEquals("IllegalStateException: x", ErrorReport.summary(theirs));
        Path log = dir.resolve("size").resolve("errors.log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "x".repeat((int) ErrorReport.MAX_LOG_BYTES + 1));
        assertEquals(log.toAbsolutePath().toString(), ErrorReport.write(log, Thread.currentThread(), e));
        assertTrue(Files.size(log) < 10_000, "a fresh log");
        assertEquals(ErrorReport.MAX_LOG_BYTES + 1, Files.size(log.resolveSibling("errors.log.1")), "the old one moved aside");
    }
}
