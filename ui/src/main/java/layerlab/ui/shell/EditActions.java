package layerlab.ui.shell;

import java.util.function.Supplier;
import javafx.scene.Scene;
import javafx.scene.control.TextInputControl;
import layerlab.graph.Node;
import layerlab.ui.canvas.CanvasView;
import layerlab.ui.editor.Arrange;
import layerlab.ui.editor.Command;
import layerlab.ui.editor.EditorModel;

/**
 * The Edit menu's actions for the main window: on the text field being typed in, which keeps the clipboard and undo
 * keys for its own text, else on the canvas and the editor's document.
 */
final class EditActions {
    private final EditorModel editor;
    private final Supplier<CanvasView> canvas;
    private final Supplier<Scene> scene;

    EditActions(EditorModel editor, Supplier<CanvasView> canvas, Supplier<Scene> scene) {
        this.editor = editor;
        this.canvas = canvas;
        this.scene = scene;
    }

    /** A text field with the focus keeps the clipboard and undo keys for its own text. */
    private TextInputControl typing() {
        return scene.get().getFocusOwner() instanceof TextInputControl t ? t : null;
    }

    void undo() {
        if (typing() != null) typing().undo();
        else editor.undo();
    }

    void redo() {
        if (typing() != null) typing().redo();
        else editor.redo();
    }

    void cut() {
        if (typing() != null) {
            typing().cut();
            return;
        }
        canvas.get().copy();
        canvas.get().deleteSelection();
    }

    void copy() {
        if (typing() != null) typing().copy();
        else canvas.get().copy();
    }

    void paste() {
        if (typing() != null) typing().paste();
        else canvas.get().paste();
    }

    void selectAll() {
        if (typing() != null) typing().selectAll();
        else canvas.get().selectAll();
    }

    void openBlock() {
        Node n = editor.selectedNode();
        if (n != null) canvas.get().openBlock(n.id());
    }

    void align(Arrange.Align how) {
        Command c = Arrange.align(editor.viewGraph(), editor.selection(), how);
        if (c == null) editor.messageProperty().set("Select two or more nodes to align them.");
        else editor.execute(c);
    }

    void distribute(boolean horizontal) {
        Command c = Arrange.distribute(editor.viewGraph(), editor.selection(), horizontal);
        if (c == null) editor.messageProperty().set("Select three or more nodes to distribute them.");
        else editor.execute(c);
    }
}
