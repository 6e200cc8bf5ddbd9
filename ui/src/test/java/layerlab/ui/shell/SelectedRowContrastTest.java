package layerlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableCell;
import javafx.scene.control.TreeCell;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.scene.control.TreeView;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A selected row reads in every list, table and tree, in both themes, with its view focused (the accent's bar) and not
 * (the pale bar the selection keeps when the focus moves on): text against the fill under it, WCAG's 4.5:1 for text.
 * Modena's plain cells already read (5.0:1 and more, its own ladder); what did not was text a cell takes from a style
 * class (the Data tab's muted filled-in values, a muted label, a problem's red and its fix's link): 1.1 to 2.5:1. Each
 * view's cells here carry one, as the app's do; one rule in base.css gives every selected row's text its ink. The dark
 * theme's unfocused bar is dark (light text on it): it was a pale slab, 7.7:1 but glaring among the dark greys.
 */
public class SelectedRowContrastTest extends WindowTest {
    @Test
    void aSelectedRowReadsInEveryKindOfViewInBothThemes(FxRobot robot) throws Exception {
        ListView<String> list = new ListView<>(javafx.collections.FXCollections.observableArrayList("conv1", "relu1", "fc1"));
        TableView<String> table = new TableView<>(javafx.collections.FXCollections.observableArrayList("conv1", "relu1", "fc1"));
        TableColumn<String, String> name = new TableColumn<>("name");
        name.setCellValueFactory(c -> new SimpleStringProperty(c.getValue()));
        table.getColumns().add(name);
        TreeItem<String> root = new TreeItem<>("layers");
        root.setExpanded(true);
        List.of("conv1", "relu1", "fc1").forEach(s -> root.getChildren().add(new TreeItem<>(s)));
        TreeView<String> tree = new TreeView<>(root);
        TreeTableView<String> treeTable = new TreeTableView<>(root);
        TreeTableColumn<String, String> treeName = new TreeTableColumn<>("name");
        treeName.setCellValueFactory(c -> new SimpleStringProperty(c.getValue().getValue()));
        treeTable.getColumns().add(treeName);
        // Text coloured by a style class, as the app's cells have it: the Data tab's muted filled-in values (gap-cell), a
        // muted label in a row, a problem's red line with its fix's link.
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                getStyleClass().remove("problem-error");
                if (!empty) getStyleClass().add("problem-error");
                Hyperlink fix = new Hyperlink("Set in_features to 4");
                fix.getStyleClass().add("quick-fix");
                setGraphic(empty ? null : fix);
            }
        });
        name.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                if (!getStyleClass().contains("gap-cell")) getStyleClass().add("gap-cell");
            }
        });
        tree.setCellFactory(v -> new TreeCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                Label note = new Label("(frozen)");
                note.getStyleClass().add("muted");
                setGraphic(empty ? null : note);
            }
        });
        Button elsewhere = new Button("elsewhere");
        List<Control> views = List.of(list, table, tree, treeTable);
        Stage[] shown = new Stage[1];
        robot.interact(() -> {
            VBox box = new VBox(6, list, table, tree, treeTable, elsewhere);
            views.forEach(v -> ((Region) v).setPrefHeight(110));
            Stage s = new Stage();
            s.initOwner(stage);
            s.setScene(new Scene(box, 320, 520));
            shown[0] = s;
            s.show();
            list.getSelectionModel().select(1);
            table.getSelectionModel().select(1);
            tree.getSelectionModel().select(2);
            treeTable.getSelectionModel().select(2);
        });
        List<String> unreadable = new ArrayList<>(), pale = new ArrayList<>();
        try {
            for (Theme theme : Theme.values()) {
                robot.interact(() -> {
                    window.model().themeProperty().set(theme);
                    shown[0].getScene().getStylesheets().setAll(stage.getScene().getStylesheets());
                });
                for (Control v : views) {
                    robot.interact(v::requestFocus);
                    WaitForAsyncUtils.waitForFxEvents();
                    assertTrue(v.isFocused(), v + " focused");
                    measure(theme + ", " + v.getClass().getSimpleName() + " focused", v, unreadable, null);
                }
                robot.interact(elsewhere::requestFocus);
                WaitForAsyncUtils.waitForFxEvents();
                for (Control v : views) measure(theme + ", " + v.getClass().getSimpleName() + " not focused", v, unreadable, theme == Theme.DARK ? pale : null);
                layerlab.ui.TestWindows.screenshot(robot, shown[0], "selected-rows-" + theme.name().toLowerCase(java.util.Locale.ROOT) + ".png");
            }
        } finally {
            robot.interact(shown[0]::hide);
        }
        assertEquals(List.of(), unreadable, "selected rows under 4.5:1");
        assertEquals(List.of(), pale, "the dark theme's unfocused selection is a dark bar under light text, not a pale slab");
    }

    /**
     * Every selected row's text in {@code view} against the fill it is drawn on (its cell's, else its row's); where
     * {@code pale} is given, a fill lighter than its text is noted there.
     */
    private static void measure(String what, Control view, List<String> unreadable, List<String> pale) {
        view.applyCss();
        view.layout();
        int found = 0;
        for (Node n : view.lookupAll(".indexed-cell")) {
            if (!(n instanceof IndexedCell<?> cell) || cell.isEmpty() || !cell.isSelected()) continue;
            // A table's row is what is selected; its text is in its column cells. Any label or link in a cell is text too.
            List<Labeled> texts = new ArrayList<>();
            if (n instanceof TableRow<?> || n instanceof TreeTableRow<?>) cell.getChildrenUnmodifiable().stream().filter(Labeled.class::isInstance).map(Labeled.class::cast).forEach(texts::add);
            else texts.add(cell);
            for (String kind : List.of(".label", ".hyperlink")) cell.lookupAll(kind).stream().filter(Labeled.class::isInstance).map(Labeled.class::cast).forEach(texts::add);
            for (Labeled l : texts) {
                if (l.getText() == null || l.getText().isEmpty()) continue;
                Color text = (Color) l.getTextFill();
                Color back = backgroundOf(l);
                double contrast = contrast(text, back);
                found++;
                if (contrast < 4.5) unreadable.add(String.format("%s: \"%s\" %s on %s, %.2f:1", what, l.getText(), text, back, contrast));
                if (pale != null && luminance(back) > luminance(text)) pale.add(String.format("%s: \"%s\" %s on %s", what, l.getText(), text, back));
            }
        }
        assertTrue(found > 0, what + ": a selected row's text was found");
    }

    /** The colour a cell's text is drawn on: its own top fill where it has one, else its row's (a table's cells are clear). */
    private static Color backgroundOf(Node n) {
        for (Node at = n; at != null; at = at.getParent()) {
            if (at instanceof Region r && r.getBackground() != null && !r.getBackground().getFills().isEmpty()) {
                var fills = r.getBackground().getFills();
                Color c = (Color) fills.get(fills.size() - 1).getFill();
                if (c.getOpacity() > 0.99) return c;
            }
        }
        throw new AssertionError("no background under " + n);
    }

    public static double contrast(Color a, Color b) {
        double l1 = luminance(a), l2 = luminance(b);
        return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    }

    /** WCAG's relative luminance. */
    private static double luminance(Color c) {
        double[] v = {c.getRed(), c.getGreen(), c.getBlue()};
        for (int i = 0; i < 3; i++) v[i] = v[i] <= 0.03928 ? v[i] / 12.92 : Math.pow((v[i] + 0.055) / 1.055, 2.4);
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
    }
}
