package layerlab.ui.canvas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.PickResult;
import javafx.stage.Stage;
import layerlab.bench.BenchRunner;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.editor.Commands;
import layerlab.ui.editor.EditorModel;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.shell.ShellModel;
import layerlab.ui.shell.UiPrefs;

/**
 * The editor's speed figures ({@code layerlab bench --case editor_1000}): the whole main window, headless under
 * Monocle with the software renderer, on a generated graph.
 *
 * <p>A frame is timed on the JavaFX thread from the input (a mouse event fired at the canvas, as a real drag
 * delivers it) to a finished picture: the handlers' work, then the window's CSS and layout passes and a full render
 * of the canvas into an image ({@code Node.snapshot}; a drag or a pan changes nothing outside the canvas). A
 * snapshot repaints all of the canvas where a real pulse repaints only what changed, and it reads the pixels back,
 * so these frames are slower than the screen's, never faster. Opening is timed from reading the file to a render
 * of the whole window; the edit from the command to a render of the whole window whose cards show the new shapes,
 * the background analysis included. Both at 100% zoom around the middle of the graph, except the "_fit" figures,
 * which show the whole graph (zoomed out, where the canvas paints boxes instead of cards).
 */
public final class EditorBench {
    static final double WIDTH = 1280, HEIGHT = 800;
    /** Frames per run, and per turn of the circle a drag or pan follows. */
    private static final int FRAMES = 20, TURN = 60;
    /** Cards dragged together in the group drag (two rows and more); nodes copied and pasted in the paste figures. */
    private static final int GROUP = 60, PASTED = 30;

    private EditorBench() {}

    /** The figures for a generated graph of {@code nodes} nodes and {@code edges} edges, each from {@code runs} samples or more. */
    public static List<BenchRunner.Result> run(int nodes, int edges, int runs, int threads) {
        return run(nodes, edges, runs, threads, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * {@link #run(int, int, int, int)} with its files (the project, the window's recovery file and its lock) in a folder of
     * its own under {@code temp}, removed at the end: each bench run left two files in {@code /tmp} before.
     */
    static List<BenchRunner.Result> run(int nodes, int edges, int runs, int threads, Path temp) {
        String name = "editor_" + nodes;
        Graph g = generate(nodes, edges);
        Path dir = null;
        Preferences prefs = Preferences.userRoot().node("layerlab/bench");
        try {
            dir = Files.createTempDirectory(temp, "layerlab-bench");
            Path file = dir.resolve("editor.json"), recovery = dir.resolve("recovery.json");
            ProjectJson.save(g, file);
            layerlab.ui.HeadlessFx.start();
            Bench b = fx(() -> new Bench(prefs, recovery));
            try {
                List<BenchRunner.Result> out = new ArrayList<>();
                double cold = fx(() -> b.open(file));
                double[] open = new double[Math.max(runs, 3)];
                for (int i = 0; i < open.length; i++) open[i] = fx(() -> b.open(file));
                out.add(BenchRunner.ofSamples(name + ".open", threads, open));
                out.add(BenchRunner.ofSamples(name + ".open_cold", threads, new double[] {cold}));
                out.add(BenchRunner.ofSamples(name + ".drag_frame", threads, b.frames(runs, true, 1)));
                out.add(BenchRunner.ofSamples(name + ".drag_group_frame", threads, b.frames(runs, true, 1, GROUP)));
                out.add(BenchRunner.ofSamples(name + ".pan_frame", threads, b.frames(runs, false, 1)));
                out.add(BenchRunner.ofSamples(name + ".drag_frame_fit", threads, b.frames(runs, true, 0)));
                out.add(BenchRunner.ofSamples(name + ".pan_frame_fit", threads, b.frames(runs, false, 0)));
                out.add(BenchRunner.ofSamples(name + ".edit_to_shapes", threads, b.edits(Math.max(runs, 5) * 2)));
                double[][] paste = b.pastes(Math.max(runs, 5));
                out.add(BenchRunner.ofSamples(name + ".paste_" + PASTED, threads, paste[0]));
                out.add(BenchRunner.ofSamples(name + ".undo_paste_" + PASTED, threads, paste[1]));
                return out;
            } finally {
                fx(() -> {
                    b.stage.hide();
                    // Its autosave stops and its recovery file's lock goes, so that the folder can go.
                    b.window.dispose();
                    return null;
                });
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the generated project: " + e.getMessage(), e);
        } finally {
            deleteTree(dir);
            try {
                prefs.removeNode();
            } catch (BackingStoreException | IllegalStateException ignored) {
                // nothing was stored, or it is gone already
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) return;
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // a file still open elsewhere: the system's temp cleaning takes it
        }
    }

    /**
     * A network of {@code nodes} nodes and {@code edges} edges in rows of 25: an Input [16], then residual blocks
     * (ReLU, Dropout, Tanh and an Add that also takes the block's input), with single ReLUs between them. Every
     * layer keeps its input's shape, so changing the Input's shape changes the shape on every card and edge.
     */
    public static Graph generate(int nodes, int edges) {
        int blocks = edges - nodes + 1, singles = nodes - 1 - 4 * blocks;
        if (blocks < 0 || singles < 0) throw new IllegalArgumentException("cannot make " + nodes + " nodes with " + edges + " edges");
        List<Node> ns = new ArrayList<>(nodes);
        List<Edge> es = new ArrayList<>(edges);
        ns.add(node(0, "Input", Map.of("shape", List.of(16))));
        String last = ns.get(0).id();
        while (ns.size() < nodes) {
            if (blocks > 0) {
                blocks--;
                String in = last;
                for (String kind : List.of("ReLU", "Dropout", "Tanh")) {
                    Node n = node(ns.size(), kind, Map.of());
                    ns.add(n);
                    es.add(new Edge(last, "out", n.id(), "in"));
                    last = n.id();
                }
                Node add = node(ns.size(), "Add", Map.of());
                ns.add(add);
                es.add(new Edge(last, "out", add.id(), "in1"));
                es.add(new Edge(in, "out", add.id(), "in2"));
                last = add.id();
            }
            if (singles > 0 && ns.size() < nodes) {
                singles--;
                Node n = node(ns.size(), "ReLU", Map.of());
                ns.add(n);
                es.add(new Edge(last, "out", n.id(), "in"));
                last = n.id();
            }
        }
        return Graph.of("Generated " + nodes, "", ns, es, List.of(), List.of(), layerlab.graph.CanvasView.DEFAULT, Map.of(), Map.of());
    }

    private static Node node(int i, String kind, Map<String, Object> params) {
        Position at = new Position(40 + (i % 25) * 240, 40 + (i / 25) * 160.0);
        return new Node("n" + i, kind.toLowerCase(java.util.Locale.ROOT) + i, kind, params, at);
    }

    static <T> T fx(Callable<T> c) {
        return layerlab.ui.HeadlessFx.call("editor bench", c);
    }

    /** The window under test; its methods run on the JavaFX thread unless they say otherwise. */
    private static final class Bench {
        final Stage stage = new Stage();
        final MainWindow window;
        final WritableImage image = new WritableImage((int) WIDTH, (int) HEIGHT);
        WritableImage canvasImage;
        int shape = 16;

        Bench(Preferences prefs, Path recovery) {
            window = new MainWindow(new ShellModel("CPU", 1), new UiPrefs(prefs), recovery);
            window.show(stage);
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(WIDTH);
            stage.setHeight(HEIGHT);
        }

        Scene scene() {
            return stage.getScene();
        }

        /** CSS, layout and a full render of the window. */
        void render() {
            scene().snapshot(image);
        }

        /** CSS and layout of the window, and a full render of the canvas. */
        void renderCanvas() {
            CanvasView c = window.canvas();
            int w = (int) Math.ceil(c.getWidth()), h = (int) Math.ceil(c.getHeight());
            if (canvasImage == null || canvasImage.getWidth() != w || canvasImage.getHeight() != h) canvasImage = new WritableImage(w, h);
            c.snapshot(null, canvasImage);
        }

        /** Fits the graph, then (zoom above 0) zooms to that zoom around the middle node. */
        void view(double zoom, String around) {
            CanvasView canvas = window.canvas();
            canvas.fit();
            if (zoom > 0) {
                canvas.viewport().zoomAt(canvas.surface().getWidth() / 2, canvas.surface().getHeight() / 2, zoom / canvas.viewport().zoom());
                canvas.reveal(around);
            }
        }

        double open(Path file) throws IOException {
            long t0 = System.nanoTime();
            window.files().open(file);
            window.canvas().fit();
            render();
            return (System.nanoTime() - t0) / 1e6;
        }

        /**
         * Frame times while dragging a node (or panning with the middle button) in circles: at zoom 100% around
         * a node in the middle of the graph, or ({@code zoom} 0) with the whole graph fitted in view.
         * Runs on the caller's thread, one frame per JavaFX call.
         */
        double[] frames(int runs, boolean drag, double zoom) {
            return frames(runs, drag, zoom, 1);
        }

        /** {@link #frames(int, boolean, double)} dragging {@code group} cards, the middle one and those after it, selected together. */
        double[] frames(int runs, boolean drag, double zoom, int group) {
            CanvasView canvas = window.canvas();
            EditorModel model = window.editor();
            int middle = model.graph().nodes().size() / 2;
            String id = model.graph().nodes().get(middle).id();
            Point2D[] press = new Point2D[1];
            fx(() -> {
                model.select(middleIds(middle, group));
                view(zoom, id);
                render();
                NodeCard c = canvas.cards().get(id);
                Point2D onCard = canvas.viewport().toScreen(c.getLayoutX() + NodeCard.W / 2, c.getLayoutY() + 30);
                Point2D at = canvas.surface().localToScene(drag ? onCard : new Point2D(8, 8));
                press[0] = at;
                fire(drag && !canvas.isFar() ? c : canvas.surface(), MouseEvent.MOUSE_PRESSED, at, drag ? MouseButton.PRIMARY : MouseButton.MIDDLE);
                return null;
            });
            double[] ms = new double[runs * FRAMES];
            for (int i = 0; i < ms.length; i++) {
                double a = 2 * Math.PI * i / TURN;
                Point2D to = press[0].add(60 * Math.cos(a) - 60, 60 * Math.sin(a));
                ms[i] = fx(() -> {
                    long t0 = System.nanoTime();
                    fire(canvas.surface(), MouseEvent.MOUSE_DRAGGED, to, drag ? MouseButton.PRIMARY : MouseButton.MIDDLE);
                    renderCanvas();
                    return (System.nanoTime() - t0) / 1e6;
                });
            }
            fx(() -> {
                fire(canvas.surface(), MouseEvent.MOUSE_RELEASED, press[0], drag ? MouseButton.PRIMARY : MouseButton.MIDDLE);
                if (drag && model.canUndo()) model.undo();
                return null;
            });
            return ms;
        }

        List<String> middleIds(int from, int count) {
            List<String> ids = new ArrayList<>();
            List<Node> ns = window.editor().graph().nodes();
            for (int i = from; i < Math.min(ns.size(), from + count); i++) ids.add(ns.get(i).id());
            return ids;
        }

        /**
         * Milliseconds from Paste ({@link #PASTED} nodes copied from the middle of the graph, with their wires) to a picture of
         * the window whose cards show the analysis, and from Undo of that paste to the same; {@code n} of each.
         */
        double[][] pastes(int n) {
            EditorModel model = window.editor();
            int middle = model.graph().nodes().size() / 2;
            String id = model.graph().nodes().get(middle).id();
            fx(() -> {
                model.select(middleIds(middle, PASTED));
                view(1, id);
                window.canvas().copy();
                render();
                return null;
            });
            double[][] ms = new double[2][n];
            for (int i = 0; i < n; i++) {
                for (int undo = 0; undo < 2; undo++) {
                    boolean u = undo == 1;
                    int size = model.graph().nodes().size();
                    long t0 = System.nanoTime();
                    fx(() -> {
                        if (u) model.undo();
                        else window.canvas().paste();
                        return null;
                    });
                    model.awaitAnalysis();
                    fx(() -> {
                        render();
                        return null;
                    });
                    ms[undo][i] = (System.nanoTime() - t0) / 1e6;
                    int now = fx(() -> model.graph().nodes().size());
                    if (now != (u ? size - PASTED : size + PASTED)) throw new IllegalStateException((u ? "undo" : "paste") + " left " + now + " nodes, from " + size);
                }
            }
            return ms;
        }

        /** Milliseconds from changing the Input's shape to a picture whose cards show the new shape. */
        double[] edits(int n) {
            EditorModel model = window.editor();
            String input = model.graph().nodes().get(0).id();
            String middle = model.graph().nodes().get(model.graph().nodes().size() / 2).id();
            fx(() -> {
                view(1, middle);
                render();
                return null;
            });
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
                shape = shape == 16 ? 17 : 16;
                int s = shape;
                long t0 = System.nanoTime();
                fx(() -> model.execute(Commands.setParam(model.graph(), input, "shape", List.of(s))));
                model.awaitAnalysis();
                // The analysis reaches the screen through Platform.runLater, so this call runs after it.
                String shown = fx(() -> {
                    render();
                    return window.canvas().cards().get(middle).shapeText();
                });
                ms[i] = (System.nanoTime() - t0) / 1e6;
                if (!shown.contains(s + "]")) throw new IllegalStateException("the middle card shows " + shown + ", not the new shape " + s);
            }
            return ms;
        }

        /** A mouse event delivered as the scene would: at a scene point, aimed at {@code target}. */
        private void fire(javafx.scene.Node target, javafx.event.EventType<MouseEvent> type, Point2D scene, MouseButton button) {
            Point2D screen = new Point2D(scene.getX() + scene().getX() + stage.getX(), scene.getY() + scene().getY() + stage.getY());
            // No source: the coordinates are the scene's, and each node on the way gets its own from them.
            MouseEvent e = new MouseEvent(null, target, type, scene.getX(), scene.getY(), screen.getX(), screen.getY(), button, 1,
                    false, false, false, false, button == MouseButton.PRIMARY, button == MouseButton.MIDDLE, false, false, false, false,
                    new PickResult(target, scene.getX(), scene.getY()));
            Event.fireEvent(target, e);
        }
    }
}
