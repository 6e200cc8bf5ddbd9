package layerlab.ui.editor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;
import layerlab.graph.Block;
import layerlab.graph.Edge;
import layerlab.graph.Edit;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.graph.Node;
import layerlab.graph.Note;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.NodeInfo;
import layerlab.graph.analysis.Problem;
import layerlab.graph.analysis.ProblemCode;
import layerlab.graph.analysis.Severity;
import layerlab.train.DataFit;

/**
 * The editor's state, free of controls: the document, its analysis, the selection, the command stack and which
 * graph the canvas shows (the project, or a block definition opened for editing). Every change to the document
 * goes through {@link #execute}; the canvas hears the typed changes and redraws only what they touch.
 */
public final class EditorModel {
    /** Graphs with more nodes than this are re-analysed off the JavaFX thread. */
    public static final int ASYNC_ANALYSIS_NODES = 300;

    /** Told what changed in the shown graph; null means "redraw everything" (opened, undone in a block). */
    public interface ViewListener {
        void changed(List<GraphChange> changes);
    }

    private final ReadOnlyObjectWrapper<Graph> graph = new ReadOnlyObjectWrapper<>(this, "graph", Graph.empty());
    private final ReadOnlyObjectWrapper<Analysis> analysis = new ReadOnlyObjectWrapper<>(this, "analysis", Analysis.of(Graph.empty()));
    private final ObjectProperty<String> scope = new SimpleObjectProperty<>(this, "scope");
    /** The placement the shown block was opened from (a double-click on it), or null. */
    private String openedFrom;
    private final ObservableSet<String> selection = FXCollections.observableSet(new java.util.LinkedHashSet<>());
    private final CommandStack stack = new CommandStack();
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty");
    private final ReadOnlyStringWrapper undoName = new ReadOnlyStringWrapper(this, "undoName");
    private final ReadOnlyStringWrapper redoName = new ReadOnlyStringWrapper(this, "redoName");
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final ReadOnlyLongWrapper document = new ReadOnlyLongWrapper(this, "document");
    private final BooleanProperty snapToGrid = new SimpleBooleanProperty(this, "snapToGrid", true);
    private final ObjectProperty<DataFit.Data> data = new SimpleObjectProperty<>(this, "data");
    private final StringProperty dataError = new SimpleStringProperty(this, "dataError");
    private final ReadOnlyObjectWrapper<List<DataFit.Fit>> dataFits = new ReadOnlyObjectWrapper<>(this, "dataFits", List.of());
    private final List<ViewListener> listeners = new ArrayList<>();
    private final List<Consumer<Set<String>>> revealListeners = new ArrayList<>();
    private final Consumer<Runnable> fxThread;
    private ExecutorService analyser;
    private Analysis shownAnalysis;
    /** Bumped on every edit; an analysis that finishes for an older document is dropped. */
    private long version;
    /** The analysis worker's newest result (touched on the worker only, after construction). */
    private volatile Analysis workerLatest;

    /** @param fxThread runs a task on the JavaFX thread (Platform::runLater; Runnable::run in plain tests) */
    public EditorModel(Consumer<Runnable> fxThread) {
        this.fxThread = fxThread;
        // Registered before any view's listener, so a view that hears of a new analysis reads the fits made for it.
        analysis.addListener((o, a, b) -> refit());
        data.addListener((o, a, b) -> refit());
        scope.addListener((o, a, b) -> {
            selection.clear();
            shownAnalysis = null;
            fire(null);
        });
    }

    // ---- the document ----

    public ReadOnlyObjectProperty<Graph> graphProperty() {
        return graph.getReadOnlyProperty();
    }

    public Graph graph() {
        return graph.get();
    }

    public ReadOnlyObjectProperty<Analysis> analysisProperty() {
        return analysis.getReadOnlyProperty();
    }

    public Analysis analysis() {
        return analysis.get();
    }

    /**
     * Counts the documents {@link #load loaded}: it changes when another document replaces the shown one (New, Open, a
     * sample, an import), not on edits, so views that belong to one document (a training run) know to let it go.
     */
    public ReadOnlyLongProperty documentProperty() {
        return document.getReadOnlyProperty();
    }

    /** Replaces the document (New, Open): no undo history, not dirty. */
    public void load(Graph g) {
        version++;
        document.set(document.get() + 1);
        // The last project's message ("Opened the trained model …") says nothing of this one.
        message.set("");
        scope.set(null);
        selection.clear();
        stack.clear();
        show(g);
        refreshStack();
        fire(null);
    }

    /**
     * Shows {@code g}, the same document with its cards in other places, as a view of it rather than an edit: no step to
     * undo, as dirty as before, the selection and the open block kept, the run and the data still its own (a sample laid
     * out anew for the canvas it is shown in, {@code MainWindow}).
     */
    public void rearrange(Graph g) {
        version++;
        show(g);
        fire(null);
    }

    /** {@code g} shown in place of the document, analysed afresh (and the background analysis told of it). */
    private void show(Graph g) {
        graph.set(g);
        shownAnalysis = null;
        Analysis fresh = Analysis.of(g);
        analysis.set(fresh);
        if (analyser != null) analyser.submit(() -> workerLatest = fresh);
    }

    /** Runs {@code c} on the shown graph as one undoable step; false (and nothing changes) when it refuses. */
    public boolean execute(Command c) {
        return execute(c, scope.get() == null);
    }

    /**
     * Runs {@code c} on the whole project as one undoable step, even while a block is open (renaming that block, say,
     * which the canvas then follows); false (and nothing changes) when it refuses.
     */
    public boolean executeOnProject(Command c) {
        return execute(c, true);
    }

    private boolean execute(Command c, boolean onProject) {
        Graph g = graph.get();
        Edit edit;
        List<GraphChange> viewChanges;
        try {
            if (onProject) {
                edit = c.execute(g);
                // Inside a block, a change to the project is drawn afresh.
                viewChanges = scope.get() == null ? edit.changes() : null;
            } else {
                Block b = g.block(scope.get());
                Edit inner = c.execute(b.body());
                edit = g.updateBlock(b.withBody(inner.after()));
                viewChanges = inner.changes();
            }
        } catch (IllegalArgumentException e) {
            message.set(c.name() + ": " + e.getMessage());
            return false;
        }
        if (edit.isEmpty()) return false;
        stack.push(c.name(), edit);
        apply(edit, viewChanges);
        message.set(c.name());
        return true;
    }

    public boolean canUndo() {
        return stack.canUndo();
    }

    public void undo() {
        if (!stack.canUndo()) return;
        String name = stack.undoName();
        Edit e = stack.undo();
        apply(e, scope.get() == null ? e.changes() : null);
        selectTouched(e);
        message.set("Undid " + name);
    }

    public void redo() {
        if (!stack.canRedo()) return;
        String name = stack.redoName();
        Edit e = stack.redo();
        apply(e, scope.get() == null ? e.changes() : null);
        selectTouched(e);
        message.set("Redid " + name);
    }

    /**
     * After an undo or redo, as drawing editors do: the nodes and notes the step touched that are still there become the
     * selection (a param change: that node; a move: what moved; a delete undone: what came back), and the views are told to
     * bring them into view. A step that touched none of them (a node added and undone, a wire) leaves the selection as it is; a
     * wire's step brings its two ends into view.
     */
    private void selectTouched(Edit e) {
        Set<String> touched = new LinkedHashSet<>();
        if (scope.get() == null) {
            touchedBy(e.changes(), touched);
        } else {
            // Inside a block the step changed the block's body: what differs there, node by node and note by note.
            for (GraphChange c : e.changes()) {
                if (c instanceof GraphChange.BlockChanged b && b.newBlock().name().equals(scope.get())) {
                    Graph was = b.oldBlock().body(), now = b.newBlock().body();
                    for (Node n : now.nodes()) if (!n.equals(was.node(n.id()))) touched.add(n.id());
                    for (Note n : now.notes()) if (!n.equals(was.note(n.id()))) touched.add(n.id());
                }
            }
        }
        Graph shown = viewGraph();
        touched.removeIf(id -> shown.node(id) == null && shown.note(id) == null);
        if (touched.isEmpty()) {
            // A wire drawn or removed: the selection stays, and the view brings the wire's two ends in, so that a step
            // undone off screen is seen.
            Set<String> ends = new LinkedHashSet<>();
            if (scope.get() == null) wireEnds(e.changes(), ends);
            ends.removeIf(id -> shown.node(id) == null);
            if (!ends.isEmpty()) for (Consumer<Set<String>> l : List.copyOf(revealListeners)) l.accept(Set.copyOf(ends));
            return;
        }
        select(touched);
        for (Consumer<Set<String>> l : List.copyOf(revealListeners)) l.accept(Set.copyOf(touched));
    }

    /** The nodes at the ends of the wires {@code changes} add or remove. */
    private static void wireEnds(List<GraphChange> changes, Set<String> into) {
        for (GraphChange c : changes) {
            Edge w = c instanceof GraphChange.EdgeAdded a ? a.edge() : c instanceof GraphChange.EdgeRemoved r ? r.edge() : null;
            if (w != null) {
                into.add(w.fromNode());
                into.add(w.toNode());
            }
        }
    }

    /** The ids of the nodes and notes {@code changes} add or change (not those they remove). */
    static void touchedBy(List<GraphChange> changes, Set<String> into) {
        for (GraphChange c : changes) {
            if (c instanceof GraphChange.NodeAdded a) into.add(a.node().id());
            else if (c instanceof GraphChange.NodeMoved m) into.add(m.nodeId());
            else if (c instanceof GraphChange.ParamChanged p) into.add(p.nodeId());
            else if (c instanceof GraphChange.NodeRenamed r) into.add(r.nodeId());
            else if (c instanceof GraphChange.NodeFrozen f) into.add(f.nodeId());
            else if (c instanceof GraphChange.InitChanged i) into.add(i.nodeId());
            else if (c instanceof GraphChange.NoteAdded n) into.add(n.note().id());
            else if (c instanceof GraphChange.NoteChanged n) into.add(n.newNote().id());
        }
    }

    /**
     * Told the items an undo or redo just selected, to bring them into view (the canvas pans the least that shows them).
     */
    public void addRevealListener(Consumer<Set<String>> l) {
        revealListeners.add(l);
    }

    private void apply(Edit edit, List<GraphChange> viewChanges) {
        version++;
        // The open block renamed (or its renaming undone): the canvas follows it under its new name; removed: back to the project.
        boolean scopeGone = scope.get() != null && edit.after().block(scope.get()) == null;
        String newScope = scopeGone ? renamedBlock(edit, scope.get()) : scope.get();
        if (scopeGone) viewChanges = null;
        // A big graph's analysis goes first, to run on its worker while the views below take in the new document;
        // a small graph's runs here and is announced, so it must follow the document.
        boolean background = analyser != null || edit.after().nodes().size() > ASYNC_ANALYSIS_NODES;
        if (background) reanalyse(edit);
        graph.set(edit.after());
        shownAnalysis = null;
        // Selected things that are gone leave the selection.
        selection.removeIf(id -> viewGraph().node(id) == null && viewGraph().note(id) == null);
        if (!background) reanalyse(edit);
        refreshStack();
        if (scopeGone) {
            scope.set(newScope); // its listener redraws the canvas
            return;
        }
        fire(viewChanges);
    }

    /** The name the block {@code name} has after {@code edit} when the edit renamed it (its body kept), else null. */
    private static String renamedBlock(Edit edit, String name) {
        Block gone = edit.before().block(name);
        if (gone == null) return null;
        for (Block b : edit.after().blocks()) {
            if (edit.before().block(b.name()) == null && b.body().equals(gone.body())) return b.name();
        }
        return null;
    }

    private void reanalyse(Edit edit) {
        if (analyser == null && edit.after().nodes().size() <= ASYNC_ANALYSIS_NODES) {
            analysis.set(analysis.get().update(edit));
            return;
        }
        // Big graphs: updates run in order on one worker, each from the worker's previous result; the screen
        // takes a result only while it is still the newest document.
        if (analyser == null) {
            analyser = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "layerlab-analysis");
                t.setDaemon(true);
                return t;
            });
        }
        Analysis seed = analysis.get();
        long v = version;
        analyser.submit(() -> {
            Analysis base = workerLatest != null ? workerLatest : seed;
            Analysis a;
            try {
                a = base.graph() == edit.before() ? base.update(edit) : Analysis.of(edit.after());
            } catch (RuntimeException e) {
                a = Analysis.of(edit.after());
            }
            // Gathered here, not on the JavaFX thread, where the problems list would otherwise gather it.
            a.problems();
            workerLatest = a;
            Analysis done = a;
            fxThread.accept(() -> {
                if (v == version) {
                    shownAnalysis = null;
                    analysis.set(done);
                }
            });
        });
    }

    private void refreshStack() {
        dirty.set(stack.isDirty());
        undoName.set(stack.undoName());
        redoName.set(stack.redoName());
    }

    public void markSaved() {
        stack.markSaved();
        refreshStack();
    }

    /** The document differs from any file (recovered after a crash): dirty until saved. */
    public void markUnsaved() {
        stack.markUnsaved();
        refreshStack();
    }

    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    public boolean isDirty() {
        return dirty.get();
    }

    /** The name of the command Undo would take back ("Move 3 nodes"), or null. */
    public ReadOnlyStringProperty undoNameProperty() {
        return undoName.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty redoNameProperty() {
        return redoName.getReadOnlyProperty();
    }

    /** The last thing the editor did or refused, for the status bar. */
    public StringProperty messageProperty() {
        return message;
    }

    public BooleanProperty snapToGridProperty() {
        return snapToGrid;
    }

    // ---- what the canvas shows ----

    /** The block definition being edited, or null for the project itself. */
    public ObjectProperty<String> scopeProperty() {
        return scope;
    }

    /**
     * The name of the placement the shown block was opened from (layer2, double-clicked), which the inspector then shows
     * the block's layers in; null when it was opened otherwise (the palette's Edit) or none is shown.
     */
    public String openedFrom() {
        return scope.get() == null ? null : openedFrom;
    }

    /** Says which placement the block about to be shown is opened from (null: none in particular). */
    public void setOpenedFrom(String placement) {
        openedFrom = placement;
    }

    /** The graph the canvas shows: the project, or the body of the block being edited. */
    public Graph viewGraph() {
        Graph g = graph.get();
        if (scope.get() == null) return g;
        Block b = g.block(scope.get());
        return b == null ? g : b.body();
    }

    /**
     * The analysis of {@link #viewGraph}. Inside a block it is the definition as its first placement sees it (real
     * shapes), or, with no placement, the definition on its own.
     */
    public Analysis viewAnalysis() {
        if (scope.get() == null) return analysis.get();
        if (shownAnalysis == null || shownAnalysis.graph() != viewGraph()) {
            Analysis top = analysis.get();
            Analysis found = null;
            if (top.graph() == graph.get()) {
                for (Node n : top.graph().nodes()) {
                    if (scope.get().equals(n.param("block"))) {
                        NodeInfo i = top.info(n.id());
                        if (i.body() != null && i.body().graph() == viewGraph()) found = i.body();
                        break;
                    }
                }
            }
            shownAnalysis = found != null ? found : Analysis.of(viewGraph());
        }
        return shownAnalysis;
    }

    // ---- the data set against the graph ----

    /**
     * What the project's data set is (set by whoever opened it, off the JavaFX thread), or null when it is not known (no
     * data set, not opened yet, or it cannot be opened: the Data tab says why). While it is known, the graph is checked
     * against it after every edit ({@link DataFit}).
     */
    public ObjectProperty<DataFit.Data> dataProperty() {
        return data;
    }

    /**
     * Why the project's data set cannot be opened ({@code penguins.csv:5: column 3 ("bill_length_mm") has no value …}),
     * set by whoever tried; null when it opened, or there is none. The Problems list shows it as a warning on the project.
     */
    public StringProperty dataErrorProperty() {
        return dataError;
    }

    /** What does not fit between the data set and the project's graph; empty while the data set is unknown. */
    public ReadOnlyObjectProperty<List<DataFit.Fit>> dataFitsProperty() {
        return dataFits.getReadOnlyProperty();
    }

    private void refit() {
        DataFit.Data d = data.get();
        List<DataFit.Fit> now = d == null ? List.of() : DataFit.check(analysis.get(), d);
        if (!now.equals(dataFits.get())) dataFits.set(List.copyOf(now));
    }

    /** The data set's findings on the graph the canvas shows: the project's (a block's definition is not fed data itself). */
    public List<DataFit.Fit> viewDataFits() {
        if (scope.get() != null || dataFits.get().isEmpty()) return List.of();
        Graph g = graph.get();
        // Fits made for a background analysis that lags behind an edit may name a node deleted since.
        return dataFits.get().stream().filter(f -> g.node(f.problem().nodeId()) != null).toList();
    }

    /** The shown graph's problems: shape inference's and the data set's, errors before warnings. */
    public List<Problem> viewProblems() {
        List<Problem> fit = new ArrayList<>(viewDataFits().stream().map(DataFit.Fit::problem).toList());
        // A data set that cannot be opened is the project's problem, not a node's: training would refuse it.
        if (scope.get() == null && dataError.get() != null) {
            fit.add(new Problem(Severity.WARNING, ProblemCode.DATA, null, null, null, null, null,
                    "the data set cannot be opened (the Data tab has its settings): " + dataError.get()));
        }
        List<Problem> all = viewAnalysis().problems();
        if (fit.isEmpty()) return all;
        List<Problem> out = new ArrayList<>();
        for (Problem p : all) if (p.isError()) out.add(p);
        for (Problem p : fit) if (p.isError()) out.add(p);
        for (Problem p : all) if (!p.isError()) out.add(p);
        for (Problem p : fit) if (!p.isError()) out.add(p);
        return out;
    }

    /** The problems of the shown node {@code nodeId}: its analysis's and the data set's. */
    public List<Problem> viewProblemsOf(String nodeId, NodeInfo info) {
        List<DataFit.Fit> fits = viewDataFits();
        List<Problem> out = new ArrayList<>(info.problems());
        for (DataFit.Fit f : fits) if (nodeId.equals(f.problem().nodeId())) out.add(f.problem());
        // What the checks of the whole graph find on the node (a name nn.Module uses itself, an output connected to
        // nothing) marks its card as its own problems do: the card looked fine while the Problems list named it.
        for (Problem p : viewAnalysis().graphProblemsOf(nodeId)) if (!out.contains(p)) out.add(p);
        return out.size() == info.problems().size() ? info.problems() : out;
    }

    public ObservableSet<String> selection() {
        return selection;
    }

    /**
     * Selects exactly {@code ids}. Selecting what is already selected (a click on the selected card, whose release selects
     * it again) changes nothing, so the Properties and the Inspector are not rebuilt: clearing and refilling the set made
     * them rebuild twice on every click, which on a slow machine took longer than a double-click's interval, so the
     * second click of a double-click on a card counted as a new single click and the block did not open.
     */
    public void select(Collection<String> ids) {
        if (List.copyOf(selection).equals(List.copyOf(new java.util.LinkedHashSet<>(ids)))) return;
        selection.clear();
        selection.addAll(ids);
    }

    /** The single selected node, or null. */
    public Node selectedNode() {
        if (selection.size() != 1) return null;
        return viewGraph().node(selection.iterator().next());
    }

    public void addListener(ViewListener l) {
        listeners.add(l);
    }

    private void fire(List<GraphChange> changes) {
        for (ViewListener l : List.copyOf(listeners)) l.changed(changes);
    }

    /** The window closes: the background analysis's thread, if a big graph started one, ends. */
    public void close() {
        if (analyser != null) analyser.shutdownNow();
    }

    /** Waits for the background analysis (tests and the benchmark). */
    public void awaitAnalysis() {
        if (analyser == null) return;
        try {
            analyser.submit(() -> null).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
