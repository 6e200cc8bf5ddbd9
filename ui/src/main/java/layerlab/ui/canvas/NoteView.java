package layerlab.ui.canvas;

import javafx.css.PseudoClass;
import javafx.scene.control.TextArea;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import layerlab.graph.Note;

/**
 * A sticky note: its Markdown shown lightly formatted (# headings and **bold** lines); double-click edits the text,
 * and leaving the field commits it as one undoable step.
 */
final class NoteView extends StackPane {
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    final String noteId;
    private final TextFlow flow = new TextFlow();
    final TextArea editor = new TextArea();
    private Note note;

    NoteView(Note note) {
        this.noteId = note.id();
        setId("note-" + note.id());
        getStyleClass().add("sticky-note");
        editor.setWrapText(true);
        editor.setVisible(false);
        flow.getStyleClass().add("note-text");
        getChildren().addAll(flow, editor);
        setNote(note);
    }

    void setNote(Note n) {
        note = n;
        setPrefSize(n.width(), n.height());
        resize(n.width(), n.height());
        relocate(n.position().x(), n.position().y());
        flow.getChildren().clear();
        for (String line : n.text().split("\n", -1)) {
            Text t;
            if (line.startsWith("#")) {
                t = new Text(line.replaceFirst("^#+\\s*", "") + "\n");
                t.getStyleClass().add("note-heading");
            } else if (line.startsWith("**") && line.endsWith("**") && line.length() > 4) {
                t = new Text(line.substring(2, line.length() - 2) + "\n");
                t.getStyleClass().add("note-bold");
            } else {
                t = new Text(line.replaceFirst("^[-*] ", "• ") + "\n");
            }
            t.getStyleClass().add("note-line");
            flow.getChildren().add(t);
        }
    }

    Note note() {
        return note;
    }

    void setSelected(boolean on) {
        pseudoClassStateChanged(SELECTED, on);
    }

    void startEditing() {
        editor.setText(note.text());
        editor.setVisible(true);
        editor.requestFocus();
    }

    /** The edited text, or null when not editing. */
    String stopEditing() {
        if (!editor.isVisible()) return null;
        editor.setVisible(false);
        return editor.getText();
    }

}
