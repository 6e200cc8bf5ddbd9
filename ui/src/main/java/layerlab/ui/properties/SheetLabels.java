package layerlab.ui.properties;

import javafx.scene.control.Label;

/** The labels the property sheets are made of: a field's caption, a section's title, wrapped text, and an error line shown only while it says something. */
final class SheetLabels {
    private SheetLabels() {
    }

    static void showError(Label err, String text) {
        err.setText(text == null ? "" : text);
        err.setVisible(text != null);
        err.setManaged(text != null);
    }

    static Label error(String id) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("field-error");
        l.setWrapText(true);
        showError(l, null);
        return l;
    }

    static Label field(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("field-label");
        return l;
    }

    static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("panel-title");
        return l;
    }

    static Label wrapped(String text, String style) {
        Label l = new Label(text);
        l.setWrapText(true);
        if (style != null) l.getStyleClass().add(style);
        return l;
    }
}
