package layerlab.ui.inspect;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import layerlab.data.DataNames;
import layerlab.data.DataSplit;
import layerlab.graph.Graph;
import layerlab.io.AtomicFiles;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;
import layerlab.train.OutputTables;
import layerlab.train.Evaluator;
import layerlab.train.PredictionTable;
import layerlab.train.Reconstructions;
import layerlab.train.SampleFiles;
import layerlab.ui.Dialogs;
import layerlab.ui.TextColumn;
import layerlab.ui.train.TrainingSession;

/**
 * The Results tab's "Predict new samples": the finished model on a file (CSV rows, pictures, texts, an {@code .npy}
 * array) or a folder of pictures or text files, read and normalized as {@code layerlab predict} reads them ({@link SampleFiles}), listed, and
 * saved as the same CSV ({@link PredictionTable}). An autoencoder's, as {@code layerlab predict} says it: each picture's
 * reconstruction error, and the pictures over their reconstructions ({@link ReconstructionPane}). Hidden until a model is ready.
 */
public final class PredictFilePane extends VBox {
    private final TrainingSession session;
    private final TableView<Integer> table = new TableView<>();
    private final Label title = new Label();
    private final Button save = new Button("Save as CSV…");
    /** Shown for a model that takes pictures or texts. */
    private final Button folder = new Button("A folder of pictures…");
    /** Whether the model reads texts (the folder holds text files then). */
    private boolean texts;
    private PredictionTable result;
    /** Every Output's predictions of the last file by its name, the scored one's ({@link #result}) first. */
    private Map<String, PredictionTable> results = Map.of();
    /** An autoencoder's pictures of the last file over its reconstructions, else null. */
    private Reconstructions remade;
    private final ReconstructionPane pictures = new ReconstructionPane("predict-");

    public PredictFilePane(TrainingSession session) {
        super(6);
        this.session = session;
        setId("predictBox");
        Button file = new Button("A file…");
        file.setId("predictFile");
        folder.setId("predictFolder");
        file.setOnAction(e -> choose(false));
        folder.setOnAction(e -> choose(true));
        save.setId("predictSave");
        save.setDisable(true);
        save.setOnAction(e -> save());
        title.setId("predictTitle");
        title.setWrapText(true);
        table.setId("predictTable");
        table.setPrefHeight(220);
        table.setPlaceholder(new Label("Choose a file of new samples."));
        Label head = new Label("Predict new samples");
        head.setStyle("-fx-font-weight: bold");
        getChildren().addAll(head, new HBox(6, file, folder, save), title, table, pictures);
        setVisible(false);
        setManaged(false);
    }

    /** Shown once a model is ready for {@code data}: a folder is offered when it takes pictures or texts. */
    void showFor(DataSplit data) {
        show(data.train().vocabulary() != null, Pictures.isImage(data.train().sampleShape()));
    }

    /** Shown for a model opened without data ({@link TrainingSession#ready}): what it reads, from its Input. */
    void showFor(TrainingSession.Ready r) {
        var feeds = r.evaluator().feeds();
        show(r.names().vocabulary() != null, feeds.dataInputs().size() == 1 && Pictures.isImage(feeds.sampleShape(0)));
    }

    private void show(boolean texts, boolean pictures) {
        setVisible(true);
        setManaged(true);
        this.texts = texts;
        folder.setText(texts ? "A folder of texts…" : "A folder of pictures…");
        folder.setVisible(pictures || texts);
        folder.setManaged(pictures || texts);
    }

    /** Hidden and empty again (another project, or a run that has not ended). */
    void clear() {
        result = null;
        results = Map.of();
        remade = null;
        pictures.clear();
        table.getItems().clear();
        table.getColumns().clear();
        title.setText("");
        save.setDisable(true);
        setVisible(false);
        setManaged(false);
    }

    private void choose(boolean pictures) {
        File f;
        if (pictures) {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle(texts ? "Predict the text files in a folder (and its subfolders)" : "Predict the pictures in a folder (and its subfolders)");
            f = dc.showDialog(getScene().getWindow());
        } else {
            FileChooser fc = new FileChooser();
            fc.setTitle("Predict the samples in a file");
            fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Samples", "*.csv", "*.csv.gz", "*.tsv", "*.tsv.gz", "*.txt", "*.npy", "*.png", "*.jpg",
                    "*.jpeg", "*.bmp", "*.gif"), new FileChooser.ExtensionFilter("All files", "*"));
            f = fc.showOpenDialog(getScene().getWindow());
        }
        if (f != null) predict(f.toPath());
    }

    /**
     * What a file's prediction gave: a table per Output listed ({@link OutputTables}: a model of several answers lists each),
     * or why there is none ({@code error}, tables null); with tables, a note on how the file was read, if any.
     */
    private record Outcome(Map<String, PredictionTable> tables, String error, Reconstructions remade) {
        Outcome(String error) {
            this(null, error, null);
        }

        /**
         * The tables of {@code x}'s predictions by {@code ev}, with an autoencoder's reconstructions of its pictures: the
         * model runs once for both (on a large file a second run doubled the wait).
         */
        static Outcome of(Evaluator ev, Graph g, List<String> classes, Map<String, List<String>> targetClasses, SampleFiles.Samples s, Tensor x) {
            Map<String, Tensor> all = ev.predictAll(x, 256);
            return new Outcome(OutputTables.predicted(ev, g, classes, targetClasses, s.names(), s.texts(), all), s.note(),
                    ev.reconstructs() ? Reconstructions.of(ev, x, all.get(ev.output())) : null);
        }

        PredictionTable table() {
            return tables == null ? null : tables.values().iterator().next();
        }
    }

    /**
     * Runs the finished model on the samples in {@code file} (or a folder of pictures), read and normalized as
     * {@code layerlab predict} reads them, and lists the predictions; a file the model cannot take says why.
     */
    public void predict(Path file) {
        DataSplit data = session.data();
        var graph = session.graph();
        if (data == null || session.finished() == null || graph == null) {
            predictReady(file);
            return;
        }
        title.setText("Reading " + file.getFileName() + "…");
        session.afterRun(t -> {
            try {
                SampleFiles.Samples s = SampleFiles.read(file, t.evaluator().feeds(), graph.dataset(), DataNames.of(data.train(), graph.dataset()),
                        data.normalization().fills());
                Tensor x = s.x().dtype() == DType.FLOAT32 ? data.normalization().apply(s.x()) : s.x();
                return Outcome.of(t.evaluator(), graph, data.train().classNames(), DataNames.of(data.train(), graph.dataset()).targetClasses(), s, x);
            } catch (IOException | RuntimeException e) {
                return new Outcome(e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }, r -> show(file, r));
    }

    /** {@link #predict} with a model opened without data: read and normalized as its bundle says, as {@code layerlab predict} does. */
    private void predictReady(Path file) {
        if (session.ready() == null) return;
        title.setText("Reading " + file.getFileName() + "…");
        session.withReady(r -> {
            try {
                boolean fills = r.normalization() != null && r.normalization().fills();
                SampleFiles.Samples s = SampleFiles.read(file, r.evaluator().feeds(), r.graph().dataset(), r.names(), fills);
                Tensor x = s.x().dtype() == DType.FLOAT32 && r.normalization() != null ? r.normalization().apply(s.x()) : s.x();
                return Outcome.of(r.evaluator(), r.graph(), r.names().classes(), r.names().targetClasses(), s, x);
            } catch (IOException | RuntimeException e) {
                return new Outcome(e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }, r -> show(file, r));
    }

    private void show(Path file, Outcome r) {
        result = r.table();
        results = r.tables() == null ? Map.of() : r.tables();
        remade = r.remade();
        pictures.clear();
        table.getItems().clear();
        table.getColumns().clear();
        save.setDisable(r.table() == null);
        if (r.table() == null) {
            title.setText("Cannot predict " + file.getFileName() + ": " + r.error());
            return;
        }
        PredictionTable t = r.table();
        title.setText(file.getFileName() + ": " + t.size() + " sample" + (t.size() == 1 ? "" : "s") + (r.error() != null ? ". Note: " + r.error() : ""));
        table.getColumns().add(TextColumn.of(t.shownHeading(), t::shown));
        if (remade != null) {
            // An autoencoder's Output is a picture: how far each is from its input, as layerlab predict says it, and both to look at.
            TableColumn<Integer, String> error = TextColumn.of("reconstruction error (mean absolute)", i -> Numbers.compact(remade.mae(i)));
            error.setPrefWidth(260);
            table.getColumns().add(error);
            for (int i = 0; i < t.size(); i++) table.getItems().add(i);
            pictures.show(remade, names(t));
            if (remade.count() > 1) title.setText(title.getText() + "; mean reconstruction error " + Numbers.compact(remade.mae()));
            return;
        }
        // Several Outputs (a two-head model's, an imported model's of two outputs): each one's columns, titled by it on a line of its own.
        results.forEach((output, o) -> {
            String at = results.size() > 1 ? output + "\n" : "";
            if (o.classes() != null) {
                table.getColumns().add(TextColumn.of(at + "predicted", o::predicted));
                table.getColumns().add(TextColumn.of(at + "probability", i -> String.format(Locale.ROOT, "%.1f%%", 100 * o.probability(i))));
            } else {
                table.getColumns().add(TextColumn.of(at + o.valuesHeading(), i -> o.valuesShown(i, Numbers::compact)));
            }
        });
        for (int i = 0; i < t.size(); i++) table.getItems().add(i);
    }

    private void save() {
        if (result == null) return;
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the predictions");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        fc.setInitialFileName(remade != null ? "reconstruction-errors.csv" : "predictions.csv");
        File f = fc.showSaveDialog(getScene().getWindow());
        Path p = f == null ? null : Dialogs.withExtensionOrAsk(f.toPath(), "csv", getScene().getWindow());
        if (p == null) return;
        try {
            if (remade != null) {
                AtomicFiles.writeString(p, remade.csv(names(result)));
                title.setText("Saved " + p.getFileName() + " (each picture's reconstruction error)");
                return;
            }
            AtomicFiles.writeString(p, results.size() > 1 ? PredictionTable.csv(List.copyOf(results.values()), List.copyOf(results.keySet())) : result.csv());
            title.setText("Saved " + p.getFileName() + " (the columns layerlab predict writes)");
        } catch (IOException e) {
            title.setText("Could not save " + p.getFileName() + ": " + e.getMessage());
        }
    }

    /** The predictions of the last file (tests). */
    public PredictionTable predictions() {
        return result;
    }

    /** Every Output's predictions of the last file by its name, the scored one's first (tests). */
    public Map<String, PredictionTable> everyPrediction() {
        return results;
    }

    private static List<String> names(PredictionTable t) {
        return java.util.stream.IntStream.range(0, t.size()).mapToObj(t::sample).toList();
    }

    /** An autoencoder's reconstructions of the last file's pictures, else null (tests). */
    public Reconstructions reconstructions() {
        return remade;
    }

    /** The predictions' table (tests). */
    public TableView<Integer> table() {
        return table;
    }
}
