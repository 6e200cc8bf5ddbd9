package layerlab.ui.editor;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.Problem;
import layerlab.graph.analysis.ProblemCode;

/** The problems under the canvas, errors and warnings as analysis words them; clicking one selects its node. */
public final class ProblemsView extends VBox {
    /** The longest fix link (characters) shown beside its problem's words rather than under them. */
    static final int LINK_BESIDE = 36;
    private final EditorModel model;
    private final ListView<Problem> list = new ListView<>();
    private final Label title = new Label();
    private final BooleanProperty empty = new SimpleBooleanProperty(this, "empty", true);

    public ProblemsView(EditorModel model, Consumer<String> reveal) {
        this.model = model;
        setId("problems");
        getStyleClass().add("problems-panel");
        title.getStyleClass().add("panel-title");
        list.setId("problemsList");
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Problem p, boolean empty) {
                super.updateItem(p, empty);
                getStyleClass().removeAll("problem-error", "problem-warning");
                if (empty || p == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                setText(mark(p.isError()) + " " + p);
                getStyleClass().add(p.isError() ? "problem-error" : "problem-warning");
                // A long message wraps within the list rather than running off its right edge.
                setWrapText(true);
                setPrefWidth(0);
                // A one-click fix where there is one, as a link after the words.
                QuickFixes.Fix fix = QuickFixes.of(model, p);
                if (fix == null) {
                    setGraphic(null);
                    return;
                }
                Hyperlink link = new Hyperlink(fix.label());
                link.setMnemonicParsing(false);
                link.getStyleClass().add("quick-fix");
                link.setId("fix-" + p.nodeId() + "-" + p.code().name().toLowerCase(Locale.ROOT));
                link.setOnAction(e -> {
                    // Worked out again on the graph as it is now (cards may have moved since the list was drawn).
                    QuickFixes.Fix now = QuickFixes.of(model, p);
                    java.util.Set<String> before = new java.util.HashSet<>();
                    for (layerlab.graph.Node n : model.viewGraph().nodes()) before.add(n.id());
                    if (now != null) model.execute(now.command());
                    // The work goes on on the canvas: the link (and with the last problem, the list) goes away, and the
                    // focus would fall to the first field of the window, the palette's search. A card the fix added is
                    // shown (a labels Input below the loss may be out of view).
                    List<String> added = new java.util.ArrayList<>();
                    for (layerlab.graph.Node n : model.viewGraph().nodes()) if (!before.contains(n.id())) added.add(n.id());
                    afterFix.accept(added);
                });
                setGraphic(link);
                // After the words where the link is short; under them where it is long ("Set padding to 1 on conv1, conv2
                // and stride to 2 on up1"), which beside them would squeeze the message into a narrow column.
                setContentDisplay(fix.label().length() > LINK_BESIDE ? ContentDisplay.BOTTOM : ContentDisplay.RIGHT);
            }
        });
        list.setOnMouseClicked(e -> open(list.getSelectionModel().getSelectedItem(), reveal));
        // Enter does from the keyboard what a click does.
        list.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                open(list.getSelectionModel().getSelectedItem(), reveal);
                e.consume();
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(title, list);
        model.analysisProperty().addListener((o, a, b) -> refresh());
        model.scopeProperty().addListener((o, a, b) -> refresh());
        model.dataFitsProperty().addListener((o, a, b) -> refresh());
        model.dataErrorProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    /** A problem clicked (or Enter on it): its node selected and shown, or the data settings for the data's problem. */
    private void open(Problem p, Consumer<String> reveal) {
        if (p != null && p.nodeId() != null && model.viewGraph().node(p.nodeId()) != null) {
            model.select(List.of(p.nodeId()));
            reveal.accept(p.nodeId());
        } else if (p != null && p.nodeId() == null && p.code() == ProblemCode.DATA) {
            showData.run();
        }
    }

    /** What a click on the project's data problem (its data set cannot be opened) does: show where its settings are. */
    public void setShowData(Runnable action) {
        showData = action;
    }

    private Runnable showData = () -> {};

    /** What follows a one-click fix, given the ids of the nodes it added: the window shows them and gives the canvas the focus back. */
    public void setAfterFix(java.util.function.Consumer<List<String>> action) {
        afterFix = action;
    }

    private java.util.function.Consumer<List<String>> afterFix = added -> {};

    private void refresh() {
        Analysis a = model.viewAnalysis();
        // An empty canvas is a start, not a mistake: its hint says what to do, and the list waits for the first card.
        List<Problem> problems = a.graph().nodes().isEmpty() ? List.of() : model.viewProblems();
        // Most edits leave the problems as they were: refilling the list would rebuild its cells for nothing.
        if (!list.getItems().equals(problems)) list.getItems().setAll(problems);
        // Without problems the panel is its title line alone, and the canvas gets the room (MainWindow folds the split).
        // The list first: the window unfolds the panel when it hears of the first problem, and sizes it by what is in it.
        list.setVisible(!problems.isEmpty());
        list.setManaged(!problems.isEmpty());
        empty.set(problems.isEmpty());
        long errors = problems.stream().filter(Problem::isError).count();
        title.setText("Problems · " + errors + " error" + (errors == 1 ? "" : "s") + ", " + (problems.size() - errors) + " warning"
                + (problems.size() - errors == 1 ? "" : "s"));
    }

    /** True while the graph has no problems: the list is hidden and the panel is one line high. */
    public ReadOnlyBooleanProperty emptyProperty() {
        return empty;
    }

    public ListView<Problem> list() {
        return list;
    }

    /**
     * The sign of a problem's severity, here and on its card's badge: a cross for an error, a triangle for a warning, so
     * that they differ in shape as well as in red and amber (alike to colour-blind eyes).
     */
    public static String mark(boolean error) {
        return error ? "✖" : "⚠";
    }
}
