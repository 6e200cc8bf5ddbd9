package layerlab.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.shell.ShellModel;
import layerlab.ui.shell.TextSize;
import layerlab.ui.shell.UiPrefs;
import layerlab.ui.shell.WindowState;
import layerlab.ui.train.Dashboard;
import layerlab.ui.train.TrainingSession;

/**
 * The main window as the UI tests open it in their {@code @Start}: fresh preferences, a recovery file of the test's
 * own, in the screen's top-left corner at the given size (what the tests' layouts and screenshots are measured at).
 */
public final class TestWindows {
    private TestWindows() {
    }

    /** The window the last test opened: its work ends when the next test opens one, as closing it would end it. */
    private static MainWindow last;

    /**
     * A test's window is shown: the one the test before it showed is disposed. The stage is the same from test to test and
     * is never hidden between them: without this, a run or a projection a test left going would go on taking the machine's
     * time through the tests after it, and every window would stay in memory. Tests that make their own window call it.
     */
    public static void shown(MainWindow window) {
        if (last != null && last != window) last.dispose();
        last = window;
    }

    public static MainWindow open(Stage stage, Path recovery, double width, double height) {
        return open(stage, recovery, width, height, new MemoryPreferences());
    }

    /** {@link #open(Stage, Path, double, double)} keeping its preferences in {@code prefs}, which the test reads. */
    public static MainWindow open(Stage stage, Path recovery, double width, double height, MemoryPreferences prefs) {
        Platform.setImplicitExit(false);
        MainWindow window = new MainWindow(new ShellModel("CPU", 2), new UiPrefs(prefs), recovery);
        window.show(stage);
        shown(window);
        stage.setX(0);
        stage.setY(0);
        stage.setWidth(width);
        stage.setHeight(height);
        return window;
    }

    /** A classroom projector: a 1280×720 window at 150 % text (View › Text Size), opened and laid out. */
    public static MainWindow projector(Stage stage, Path recovery) {
        return projector(stage, recovery, 1280, 720, TextSize.LARGER);
    }

    /**
     * A window reopened at {@code width}×{@code height} with {@code text} size, as the preferences a projector's user left
     * bring it back: the size and the text are the window's from its first layout on, not changed after it.
     */
    public static MainWindow projector(Stage stage, Path recovery, double width, double height, TextSize text) {
        Platform.setImplicitExit(false);
        UiPrefs prefs = new UiPrefs(new MemoryPreferences());
        prefs.setTextSize(text);
        prefs.setWindow(new WindowState(0, 0, width, height, false));
        MainWindow window = new MainWindow(new ShellModel("CPU", 2), prefs, recovery);
        window.show(stage);
        shown(window);
        return window;
    }

    /**
     * The sample {@code name} opened in {@code window} (File › New from Sample) with its dashboard shown: where the
     * projector tests and the dashboard's start from. Open the window with {@link #projector} or {@link #open} first.
     */
    public static Dashboard sample(FxRobot robot, MainWindow window, String name) throws Exception {
        robot.interact(() -> window.openSampleAtStart(name));
        Dashboard d = window.dashboard();
        showDashboard(robot, d);
        return d;
    }

    /**
     * Shows {@code d} under the canvas, as View › Dashboard does, and waits for the layout pulses that put its training form
     * in the scene: the form sits in a scroll pane, whose content joins the scene with the pane's skin at the next pulse,
     * and a lookup made before it (on a loaded machine) found no {@code #train-epochs}.
     */
    public static void showDashboard(FxRobot robot, Dashboard d) throws Exception {
        robot.interact(() -> d.shownProperty().set(true));
        awaitPulses(d.getScene(), 2);
    }

    /**
     * {@link #sample}, trained as a person does: {@code epochs} typed into the training form, Start clicked; returns once
     * the run has ended and what it set going on the finished model (the confusion matrix, the fit) has been shown.
     */
    public static Dashboard trained(FxRobot robot, MainWindow window, String name, int epochs) throws Exception {
        Dashboard d = sample(robot, window, name);
        setField(robot, "#train-epochs", Integer.toString(epochs));
        robot.clickOn("#trainStart");
        TrainingSession s = d.session();
        // An epoch of the surname samples' 3,000 names takes ~10 s on two quiet cores, minutes on a busy CI machine.
        waitFor("the run of " + epochs + " epochs ended", 240, () -> s.state() == TrainingSession.State.FINISHED,
                () -> s.state() + ": " + s.statusProperty().get());
        awaitAfterRunWork(s);
        return d;
    }

    /** {@link #sample} after Train › Step One Batch (the Step button): one batch trained, the run paused. */
    public static Dashboard steppedOnce(FxRobot robot, MainWindow window, String name) throws Exception {
        Dashboard d = sample(robot, window, name);
        TrainingSession s = d.session();
        robot.clickOn("#trainStep");
        waitFor("one batch, then paused", 30, () -> s.run() != null && s.run().batches().size() == 1 && s.state() == TrainingSession.State.PAUSED,
                () -> s.state() + ": " + s.statusProperty().get());
        return d;
    }

    /** Scrolls the scroll pane around {@code query}'s node until the node shows, then clicks it. */
    public static void clickInScroll(FxRobot robot, String query) {
        javafx.scene.Node n = robot.lookup(query).query();
        robot.interact(() -> {
            javafx.scene.Node p = n.getParent();
            while (p != null && !(p instanceof javafx.scene.control.ScrollPane)) p = p.getParent();
            if (!(p instanceof javafx.scene.control.ScrollPane sp)) return;
            double content = sp.getContent().getLayoutBounds().getHeight(), view = sp.getViewportBounds().getHeight();
            if (content <= view) return;
            double y = sp.getContent().sceneToLocal(n.localToScene(n.getLayoutBounds())).getMinY();
            sp.setVvalue(Math.max(0, Math.min(1, (y - view / 3) / (content - view))));
        });
        robot.clickOn(n);
    }

    /** Opens the drop-down {@code query} with a click and clicks {@code item} in its list, as a person picks a value. */
    public static void choose(FxRobot robot, String query, String item) {
        javafx.scene.Node box = robot.lookup(query).query();
        robot.clickOn(box);
        robot.clickOn((javafx.scene.Node) robot.lookup((javafx.scene.Node n) -> n instanceof javafx.scene.control.ListCell<?> c && item.equals(c.getText())
                && c.getScene() != box.getScene()).query());
    }

    /** Presses {@code keys} together, as a person does a shortcut (Ctrl, then B), releases them in reverse, and waits for the events. */
    public static void keys(FxRobot robot, javafx.scene.input.KeyCode... keys) {
        robot.press(keys);
        for (int i = keys.length - 1; i >= 0; i--) robot.release(keys[i]);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * The text of the label (or other Labeled) that {@code query} finds, looked up on the JavaFX thread; null where there
     * is none. A view that moves its columns (the inspector's, side by side or one under the other as its table's names
     * widen) holds them out of the scene graph for a moment, and a lookup from the test thread then found nothing.
     */
    public static String labelText(FxRobot robot, String query) {
        java.util.concurrent.atomic.AtomicReference<String> text = new java.util.concurrent.atomic.AtomicReference<>();
        robot.interact(() -> robot.lookup(query).tryQuery().ifPresent(n -> text.set(((javafx.scene.control.Labeled) n).getText())));
        return text.get();
    }

    /** The text a label shows: its whole text, or the shortened one ("1…") it draws when it has too little room. */
    public static String shownText(javafx.scene.Node n) {
        javafx.scene.text.Text t = (javafx.scene.text.Text) n.lookup(".text");
        return t == null ? "" : t.getText();
    }

    /** The open window whose scene holds the node {@code #id} (a tool window: the range test, cross-validation), or null. */
    public static Stage windowWith(String id) {
        return (Stage) javafx.stage.Window.getWindows().stream().filter(w -> w.getScene() != null && w.getScene().lookup("#" + id) != null)
                .findFirst().orElse(null);
    }

    /** x (Input [8]) → fc1 (Linear 8→4) → relu1 in a row, and a free fc2 under fc1 (its input unfed: a problem), at zoom 100%. */
    public static layerlab.graph.Graph chain() {
        return layerlab.graph.Graph.empty()
                .addNode(new layerlab.graph.Node("x", "x", "Input", java.util.Map.of("shape", java.util.List.of(8)), new layerlab.graph.Position(20, 40))).after()
                .addNode(new layerlab.graph.Node("fc1", "fc1", "Linear", java.util.Map.of("out_features", 4), new layerlab.graph.Position(240, 40))).after()
                .addNode(new layerlab.graph.Node("relu1", "relu1", "ReLU", java.util.Map.of(), new layerlab.graph.Position(460, 40))).after()
                .addNode(new layerlab.graph.Node("fc2", "fc2", "Linear", java.util.Map.of("out_features", 3), new layerlab.graph.Position(240, 300))).after()
                .connect("x.out", "fc1.in").after()
                .connect("fc1.out", "relu1.in").after();
    }

    /** A logistic-regression digit reader on MNIST, one epoch of batches of 256: trains in seconds, for the results views. */
    public static final String DIGITS_FAST = """
            {"format": "layerlab-project", "version": 1, "name": "digits-fast",
             "nodes": [
              {"id": "n1", "name": "x", "kind": "Input", "params": {"shape": [1, 28, 28]}, "position": {"x": 0, "y": 0}},
              {"id": "n2", "name": "flatten", "kind": "Flatten", "params": {}, "position": {"x": 220, "y": 0}},
              {"id": "n3", "name": "fc", "kind": "Linear", "params": {"out_features": 10}, "position": {"x": 440, "y": 0}},
              {"id": "n4", "name": "y", "kind": "Output", "params": {}, "position": {"x": 660, "y": 0}}],
             "edges": [{"from": "x.out", "to": "flatten.in"}, {"from": "flatten.out", "to": "fc.in"}, {"from": "fc.out", "to": "y.in"}],
             "dataset": {"source": "mnist", "validation_split": 0.1, "seed": 0},
             "training": {"optimizer": {"name": "Adam", "lr": 0.01}, "loss": "CrossEntropyLoss", "epochs": 1, "batch_size": 256}}
            """;

    /** Opens {@code json} as a project saved in {@code dir} (File › Open) and shows the dashboard on its Results tab. */
    public static Dashboard onResults(FxRobot robot, MainWindow window, Path dir, String json) throws Exception {
        String name = layerlab.graph.json.ProjectJson.read(json, "project.json").name();
        Path project = java.nio.file.Files.writeString(dir.resolve(name + ".json"), json);
        robot.interact(() -> {
            try {
                window.files().open(project);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Dashboard d = window.dashboard();
        showDashboard(robot, d);
        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        return d;
    }

    /**
     * Opens {@code file} as File › Open, Recent and the command line do; a trained model's bundle or an ONNX model is read
     * in the background, and this waits until it has been (opened, or refused with a dialog).
     */
    public static void openFile(FxRobot robot, MainWindow window, Path file) throws Exception {
        robot.interact(() -> window.openPath(file));
        awaitRead(window);
    }

    /** Waits while File › Import ONNX or an opened bundle reads its model in the background. */
    public static void awaitRead(MainWindow window) throws Exception {
        waitFor("the model read", () -> !window.exchange().isReading());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits up to 30 s for {@code ok} (asked on the FX thread) to hold; fails naming {@code what}. */
    public static void waitFor(String what, BooleanSupplier ok) throws Exception {
        waitFor(what, 30, ok);
    }

    /** {@link #waitFor(String, BooleanSupplier)} for work that takes long on a slow or busy machine: up to {@code seconds}. */
    public static void waitFor(String what, int seconds, BooleanSupplier ok) throws Exception {
        waitFor(what, seconds, ok, () -> "");
    }

    /** {@link #waitFor(String, int, BooleanSupplier)}, saying on time-out what {@code state} (read on the JavaFX thread) says. */
    public static void waitFor(String what, int seconds, BooleanSupplier ok, java.util.function.Supplier<String> state) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!WaitForAsyncUtils.asyncFx(ok::getAsBoolean).get()) {
            if (System.nanoTime() > end) {
                String why = WaitForAsyncUtils.asyncFx(state::get).get();
                throw new AssertionError("timed out waiting: " + what + (why.isEmpty() ? "" : "; " + why));
            }
            Thread.sleep(20);
        }
    }

    /**
     * Double-clicks the card {@code query} (a block's placement, to open it) as a person who has it selected does: it is
     * clicked first and what selecting it sets going is waited for, so that the double-click's own clicks change nothing
     * and follow each other within the platform's double-click time however busy the machine is. Clicked unselected, a
     * card rebuilds the Properties and the Inspector between the two clicks, which on a loaded machine took longer than
     * that, and the second click counted as a new single click.
     */
    public static void doubleClickCard(FxRobot robot, MainWindow window, javafx.geometry.Point2D at) throws Exception {
        robot.clickOn(at);
        WaitForAsyncUtils.waitForFxEvents();
        awaitAfterRunWork(window.dashboard().session());
        robot.doubleClickOn(at);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** {@link #doubleClickCard(FxRobot, MainWindow, javafx.geometry.Point2D)} at the centre of the node {@code query}. */
    public static void doubleClickCard(FxRobot robot, MainWindow window, String query) throws Exception {
        javafx.scene.Node card = robot.lookup(query).query();
        javafx.geometry.Bounds b = WaitForAsyncUtils.asyncFx(() -> card.localToScreen(card.getBoundsInLocal())).get();
        doubleClickCard(robot, window, new javafx.geometry.Point2D(b.getCenterX(), b.getCenterY()));
    }

    /**
     * Waits until the work asked of a finished model so far (the Inspector's numbers, the feature space) has been shown:
     * the session does it in order on one worker, so a request made now is shown after them.
     */
    public static void awaitAfterRunWork(TrainingSession session) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean shown = new java.util.concurrent.atomic.AtomicBoolean();
        WaitForAsyncUtils.asyncFx(() -> {
            if (session.finished() == null) shown.set(true);
            else session.afterRun(t -> Boolean.TRUE, v -> shown.set(true));
        }).get();
        waitFor("the work on the finished model shown", 60, shown::get);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Waits until {@code scene} has been laid out {@code pulses} times from now: the CSS and the layout that a change just
     * made (a text size, a theme, a status) asks for are done, however long the machine takes to get to them. Pulses are
     * asked for meanwhile, since none comes while nothing has changed.
     */
    public static void awaitPulses(javafx.scene.Scene scene, int pulses) throws Exception {
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        Runnable count = seen::incrementAndGet;
        WaitForAsyncUtils.asyncFx(() -> scene.addPostLayoutPulseListener(count)).get();
        try {
            waitFor(pulses + " layout pulses", () -> {
                Platform.requestNextPulse();
                return seen.get() >= pulses;
            });
        } finally {
            WaitForAsyncUtils.asyncFx(() -> scene.removePostLayoutPulseListener(count)).get();
        }
    }

    /**
     * Runs {@code change} on the JavaFX thread (a sample opened, the view fitted) and waits for the layout it asks for:
     * three pulses of {@code stage}'s scene. Where a loop opens every sample, this took about half the time of
     * {@code robot.interact} followed by {@code waitForFxEvents} (0.40 s a sample against 0.72 s on a loaded machine): those
     * flush the event queue ten times with sleeps between, whether the layout needs it or not.
     */
    public static void laidOut(Stage stage, Runnable change) throws Exception {
        WaitForAsyncUtils.asyncFx(change).get();
        awaitPulses(stage.getScene(), 3);
    }

    /** Types {@code text} into the text field {@code id} (a training setting's) and presses Enter, as a person sets it. */
    public static void setField(FxRobot robot, String id, String text) {
        javafx.scene.control.TextField f = robot.lookup(id).queryAs(javafx.scene.control.TextField.class);
        robot.interact(() -> {
            f.setText(text);
            f.fireEvent(new javafx.event.ActionEvent());
            f.getOnAction().handle(new javafx.event.ActionEvent());
        });
    }

    /** The window as the PNG {@code name} for the README, when {@code -Dlayerlab.screenshots=DIR} asks for it. */
    public static void screenshot(FxRobot robot, Stage stage, String name) throws Exception {
        String out = System.getProperty("layerlab.screenshots");
        if (out == null || out.isBlank()) return;
        Path d = Files.createDirectories(Path.of(out));
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] img = {null};
        robot.interact(() -> img[0] = stage.getScene().getRoot().snapshot(null, null));
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", d.resolve(name).toFile());
    }

    /**
     * A file dialog that answers every save with {@code answer} (tests cannot drive the native one) and notes the file
     * name each proposed in {@code asked}; asked to open a file, it fails the test.
     */
    public static layerlab.ui.exchange.PathChooser savesTo(Path answer, java.util.List<String> asked) {
        return new layerlab.ui.exchange.PathChooser() {
            @Override
            public Path open(javafx.stage.Window owner, String title, String description, String extension, Path folder) {
                throw new AssertionError("asked to open a file: " + title);
            }

            @Override
            public Path save(javafx.stage.Window owner, String title, String description, String extension, Path folder, String name) {
                asked.add(name);
                return answer;
            }
        };
    }
}
