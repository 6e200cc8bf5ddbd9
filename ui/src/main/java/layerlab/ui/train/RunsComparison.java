package layerlab.ui.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import layerlab.train.RunLog;
import layerlab.ui.TextColumn;

/**
 * The runs selected in the runs table side by side (right-click › Compare Selected Runs): a column per run, in the order
 * they ran, and a row per setting on which they differ ({@link RunLog#differing}: a sweep's lr, batch size, optimizer,
 * seed; a layer changed), then each run's epochs, best validation score and end, as the table says them. What changed
 * compares a run with the one before it only; a sweep's runs 3, 9 and 15 are compared here at one glance.
 */
final class RunsComparison {
    private final Stage stage = new Stage();
    private final TableView<List<String>> table = new TableView<>();

    /** @param runs two or more runs, any order (shown oldest first) */
    RunsComparison(Window owner, List<RunRecord> runs) {
        List<RunRecord> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingInt(RunRecord::number));
        List<List<String>> rows = rows(sorted);
        stage.initOwner(owner);
        stage.initModality(Modality.NONE);
        List<String> numbers = sorted.stream().map(r -> String.valueOf(r.number())).toList();
        stage.setTitle("LayerLab — Runs " + String.join(", ", numbers) + " side by side");
        table.setId("runsComparison");
        table.getColumns().add(column("Setting", 0));
        for (int i = 0; i < sorted.size(); i++) table.getColumns().add(column("Run " + sorted.get(i).number(), i + 1));
        table.getItems().setAll(rows);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TextColumn.titlesWhole(table);
        VBox.setVgrow(table, Priority.ALWAYS);
        Label about = new Label(about(rows));
        about.setId("runsComparisonAbout");
        about.setWrapText(true);
        about.setMinHeight(Region.USE_PREF_SIZE);
        Button close = new Button("Close");
        close.setCancelButton(true);
        close.setOnAction(e -> stage.close());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, gap, close);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox root = new VBox(10, about, table, buttons);
        root.setPadding(new Insets(14));
        Scene scene = new Scene(root);
        stage.setScene(scene);
        layerlab.ui.Screens.toolWindow(stage, owner, Math.min(1100, 260 + 130 * sorted.size()), 420);
        layerlab.ui.OwnerLook.follow(scene, owner);
        // Ctrl+S, Ctrl+Z, Ctrl+Shift+T… pressed here act in the main window, as over its palettes.
        layerlab.ui.OwnerKeys.forward(stage, owner);
    }

    Stage stage() {
        return stage;
    }

    TableView<List<String>> table() {
        return table;
    }

    /**
     * The line over the table for {@link #rows}: the settings on which the runs differ, or that they trained the same
     * ones, and then whether they went alike (two runs of one seed do, to the digit: saying their numbers differ sent
     * the reader looking for a difference that was not there).
     */
    static String about(List<List<String>> rows) {
        int settings = rows.size() - RESULTS.size();
        if (settings > 0) return "The " + (settings == 1 ? "setting" : settings + " settings") + " on which these runs differ, then how each went.";
        boolean alike = rows.subList(0, 2).stream().allMatch(row -> row.subList(1, row.size()).stream().distinct().count() == 1);
        return alike ? "These runs trained the same settings and went alike: the same epochs and best validation score."
                : "These runs trained the same settings (their numbers differ by chance alone, or by the data files).";
    }

    /** The rows after the settings: how each run went, as the runs table says it. */
    static final List<String> RESULTS = List.of("Epochs", "Best val", "Ended");

    /** A row per setting that differs (its name, then its value in each run), then {@link #RESULTS}' rows. */
    static List<List<String>> rows(List<RunRecord> runs) {
        List<List<String>> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : RunLog.differing(runs.stream().map(RunRecord::settings).toList()).entrySet()) {
            List<String> row = new ArrayList<>(List.of(e.getKey()));
            row.addAll(e.getValue());
            out.add(row);
        }
        out.add(row(RESULTS.get(0), runs, RunChanges::epochs));
        out.add(row(RESULTS.get(1), runs, RunChanges::best));
        out.add(row(RESULTS.get(2), runs, RunChanges::ended));
        return out;
    }

    private static List<String> row(String name, List<RunRecord> runs, java.util.function.Function<RunRecord, String> cell) {
        List<String> row = new ArrayList<>(List.of(name));
        for (RunRecord r : runs) row.add(cell.apply(r));
        return row;
    }

    private static TableColumn<List<String>, String> column(String title, int at) {
        TableColumn<List<String>, String> c = TextColumn.of(title, row -> row.get(at));
        c.setSortable(false);
        c.setPrefWidth(at == 0 ? 180 : 120);
        return c;
    }
}
