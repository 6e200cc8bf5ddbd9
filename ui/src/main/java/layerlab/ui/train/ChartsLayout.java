package layerlab.ui.train;

import javafx.geometry.Insets;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;

/**
 * Where the charts tab puts its three charts and the runs' table, for the height the dashboard has and the window's text
 * size. Tall enough, loss and accuracy side by side above the learning rate and the runs; lower (a 1280×720 projector at
 * 150 % text, a small window), the three charts in one row over the whole height, the runs under them — a scroll away
 * when there is no room left. A chart is never squeezed below a plot a class can read from the back of the room: at 150 %
 * the two-row grid left 44 px of plot under each chart's title, legend and ticks.
 */
final class ChartsLayout {
    /** The least height of a chart's plot, inside its axes (px). */
    static final double LEAST_PLOT = 120;
    /** What a chart takes around its plot at 100 % text: its title, its tick labels and their gaps (px); it grows with the text. */
    static final double CHROME_PX = 44;

    enum Mode {
        /** Loss and accuracy above; the learning rate and the runs' table below. */
        TWO_ROWS,
        /** Loss, accuracy and learning rate in a row; the runs' table below. */
        ONE_ROW
    }

    private final GridPane grid;
    private final Region loss, metric, lr;
    private final RunsTable runs;
    private final HBox low = new HBox();
    private final RowConstraints top = new RowConstraints(), bottom = new RowConstraints();
    private Mode mode;

    ChartsLayout(GridPane grid, Region loss, Region metric, Region lr, RunsTable runs) {
        this.grid = grid;
        this.loss = loss;
        this.metric = metric;
        this.lr = lr;
        this.runs = runs;
        for (Region c : new Region[] {loss, metric, lr}) {
            GridPane.setHgrow(c, Priority.ALWAYS);
            GridPane.setVgrow(c, Priority.ALWAYS);
            c.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        }
        HBox.setHgrow(lr, Priority.ALWAYS);
        runs.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        grid.getRowConstraints().addAll(top, bottom);
        arrange(Mode.TWO_ROWS);
    }

    /** The arrangement now (tests). */
    Mode mode() {
        return mode;
    }

    /** A chart's least height at the text size's share {@code scale}: its least plot and what surrounds it. */
    static double leastChart(double scale) {
        return LEAST_PLOT + CHROME_PX * scale;
    }

    /** The runs' table's least height: its header and two rows (it scrolls its rows). */
    static double leastRuns(double scale) {
        return 3 * 25 * scale;
    }

    /**
     * The runs' table's height where there is room: its header and four rows, and its margins (a 1000-px window's table
     * at its least showed a sweep's runs two at a time under charts taller than they need).
     */
    static double wantRuns(double scale) {
        return 5 * 25 * scale + 8;
    }

    /** Arranges the charts for a view {@code height} px high at the text size's share {@code scale}. */
    void fit(double height, double scale) {
        if (height <= 0) return;
        double chart = leastChart(scale), table = leastRuns(scale);
        // The grid's lower row is 38 % of the height: it holds a chart only from there.
        arrange(0.38 * height >= chart ? Mode.TWO_ROWS : Mode.ONE_ROW);
        if (mode == Mode.TWO_ROWS) {
            size(top, -1, 62);
            size(bottom, -1, 38);
            grid.setMinHeight(Region.USE_COMPUTED_SIZE);
            return;
        }
        // The charts take what the table's wanted height leaves, but never less than their least nor than 62 % of the
        // view (the two-row grid's top) as long as the table's least is left (at 200 % text it may not be); the table
        // gets the rest. When the view is too low for both leasts the charts take the whole view and the table lies
        // under them, in full.
        double charts = height - table >= chart
                ? Math.min(height - table, Math.max(Math.max(chart, 0.62 * height), height - wantRuns(scale)))
                : Math.max(chart, height);
        double rest = Math.max(table, height - charts);
        size(top, charts, -1);
        size(bottom, rest, -1);
        grid.setMinHeight(charts + rest);
    }

    private static void size(RowConstraints row, double px, double percent) {
        row.setPercentHeight(percent);
        double h = px < 0 ? Region.USE_COMPUTED_SIZE : px;
        row.setMinHeight(h);
        row.setPrefHeight(h);
        row.setMaxHeight(h);
    }

    private void arrange(Mode m) {
        if (m == mode) return;
        mode = m;
        grid.getChildren().clear();
        low.getChildren().clear();
        grid.getColumnConstraints().clear();
        runs.prefWidthProperty().unbind();
        int columns = m == Mode.TWO_ROWS ? 2 : 3;
        for (int i = 0; i < columns; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(100.0 / columns);
            grid.getColumnConstraints().add(c);
        }
        grid.add(loss, 0, 0);
        grid.add(metric, 1, 0);
        if (m == Mode.TWO_ROWS) {
            // The runs' table takes half the width, or more in a narrow window so that its columns keep their text (at
            // 1000 px, half was 340 px: "stopped, 1…"); the rate's chart takes the rest.
            HBox.setMargin(runs, new Insets(4, 4, 4, 8));
            runs.prefWidthProperty().bind(javafx.beans.binding.Bindings.max(RunsTable.LEAST_WIDTH, grid.widthProperty().divide(2).subtract(12)));
            low.getChildren().addAll(lr, runs);
            grid.add(low, 0, 1, 2, 1);
        } else {
            GridPane.setMargin(runs, new Insets(4));
            grid.add(lr, 2, 0);
            grid.add(runs, 0, 1, 3, 1);
        }
    }
}
