package layerlab.ui.inspect;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import layerlab.train.ClassReport;

/** Per class: precision, recall, F1 and support, and their averages (scikit-learn's classification_report). */
final class ClassReportTable extends GridPane {
    ClassReportTable() {
        setId("classReport");
        setHgap(14);
        setVgap(2);
    }

    /** The per-class table: a row per class, then the macro and weighted averages, each header explained in its tooltip. */
    void show(Evaluation e) {
        getChildren().clear();
        ClassReport r = ClassReport.of(e.confusion(), e.classes());
        String[][] heads = {{"precision", "Of the samples predicted as this class, the share that are of it"},
                {"recall", "Of the samples of this class, the share predicted as it"},
                {"F1", "The harmonic mean of precision and recall: high only when both are"},
                {"support", "Samples of this class evaluated"}};
        for (int c = 0; c < heads.length; c++) {
            Label h = ConfusionMatrix.header(heads[c][0]);
            h.setTooltip(new Tooltip(heads[c][1]));
            add(h, c + 1, 0);
        }
        List<ClassReport.Row> rows = new ArrayList<>(r.rows());
        rows.add(r.macro());
        rows.add(r.weighted());
        for (int i = 0; i < rows.size(); i++) {
            ClassReport.Row row = rows.get(i);
            boolean average = i >= r.rows().size();
            Label name = new Label(row.name());
            name.setStyle(average ? "-fx-font-style: italic" : "-fx-font-weight: bold");
            if (average) name.setTooltip(new Tooltip(i == r.rows().size() ? "Every class counts alike" : "Each class counts by its support"));
            add(name, 0, i + 1);
            double[] v = {row.precision(), row.recall(), row.f1()};
            for (int c = 0; c < 3; c++) {
                Label cell = new Label(ClassReport.fixed(v[c], 2));
                cell.setId("report-" + i + "-" + c);
                // A class the model seldom gets right stands out.
                if (!average && row.support() > 0 && v[c] < 0.5) cell.getStyleClass().add("problem-error");
                cell.setMaxWidth(Double.MAX_VALUE);
                cell.setAlignment(Pos.CENTER_RIGHT);
                add(cell, c + 1, i + 1);
            }
            Label support = new Label(Long.toString(row.support()));
            support.setMaxWidth(Double.MAX_VALUE);
            support.setAlignment(Pos.CENTER_RIGHT);
            add(support, 4, i + 1);
        }
    }
}
