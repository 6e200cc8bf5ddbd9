package layerlab.ui.train;

import java.util.List;
import java.util.function.Consumer;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import layerlab.train.Diagnosis;

/**
 * Under the charts, what the training doctor ({@link Diagnosis}, in the engine) finds in the run, one line a finding: its
 * title, the numbers, what to try. A finding about a node is a link that selects it on the canvas; where what to try is a
 * tool LayerLab has, a link under the finding does it: "Find a learning rate…" opens the range test under a finding that
 * blames the learning rate, "Turn on early stopping" (or raise its patience) under overfitting. The list is out of the way (not even a heading)
 * while there is nothing to say.
 */
final class AdviceList extends VBox {
    private Consumer<String> onNode = name -> { };
    private Runnable onFindLr;
    private java.util.function.IntConsumer onEarlyStopping;

    AdviceList(ObservableValue<List<Diagnosis.Finding>> findings) {
        setId("adviceList");
        setSpacing(2);
        setStyle("-fx-padding: 4 8 6 8;");
        findings.addListener((o, was, now) -> show(now));
        show(findings.getValue());
    }

    /** What a click on a finding about a node does with the node's name (selects it on the canvas). */
    void setOnNode(Consumer<String> onNode) {
        this.onNode = onNode;
    }

    /** What "Find a learning rate…" under a finding that blames the learning rate does (opens the range test); none: no link. */
    void setOnFindLr(Runnable onFindLr) {
        this.onFindLr = onFindLr;
    }

    /**
     * What "Turn on early stopping" (or, under a run that stopped early, "Raise early stopping's patience") under overfitting
     * does with the finding's patience (sets it); none: no link.
     */
    void setOnEarlyStopping(java.util.function.IntConsumer onEarlyStopping) {
        this.onEarlyStopping = onEarlyStopping;
    }

    private void show(List<Diagnosis.Finding> findings) {
        getChildren().clear();
        boolean any = findings != null && !findings.isEmpty();
        setVisible(any);
        setManaged(any);
        if (!any) return;
        Label head = new Label("Advice");
        head.setStyle("-fx-font-weight: bold;");
        getChildren().add(head);
        for (Diagnosis.Finding f : findings) {
            Label line;
            if (f.node() != null) {
                Hyperlink link = new Hyperlink(f.toString());
                link.setOnAction(e -> onNode.accept(f.node()));
                link.setWrapText(true);
                link.setMaxWidth(Double.MAX_VALUE);
                link.getStyleClass().add("advice-finding");
                getChildren().add(link);
                continue;
            }
            line = new Label(f.toString());
            line.setWrapText(true);
            line.setMaxWidth(Double.MAX_VALUE);
            line.getStyleClass().add("advice-finding");
            getChildren().add(line);
            if (f.suggestsLrFinder() && onFindLr != null) getChildren().add(action("adviceFindLr", "Find a learning rate…", onFindLr));
            else if (f.kind() == Diagnosis.Kind.OVERFITTING && f.patience() > 0 && onEarlyStopping != null)
                getChildren().add(action("adviceEarlyStopping", f.patienceSet() > 0
                        ? "Raise early stopping's patience to " + f.patience() + " (its other settings kept)"
                        : "Turn on early stopping (patience " + f.patience() + ", keeps the best epoch's weights)", () -> onEarlyStopping.accept(f.patience())));
        }
    }

    /** A finding's action: a link in the accent like a problem's one-click fix. */
    private static Hyperlink action(String id, String text, Runnable run) {
        Hyperlink a = new Hyperlink(text);
        a.setId(id);
        a.getStyleClass().add("quick-fix");
        a.setOnAction(e -> run.run());
        return a;
    }
}
