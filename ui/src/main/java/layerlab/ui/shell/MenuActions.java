package layerlab.ui.shell;

/** What the menu bar's items do. */
public interface MenuActions {
    void newProject();

    void open();

    void openSample(String name);

    void openRecent(java.nio.file.Path p);

    java.util.List<java.nio.file.Path> recent();

    void save();

    void saveAs();

    void quit();

    void undo();

    void redo();

    void cut();

    void copy();

    void paste();

    void duplicate();

    void delete();

    void selectAll();

    void find();

    void fitSelection();

    void group();

    void ungroup();

    void openBlock();

    void closeBlock();

    void autoLayout();

    /** Lines the selected nodes up on one edge or centre line. */
    void align(layerlab.ui.editor.Arrange.Align how);

    /** Spaces the selected nodes evenly, horizontally or vertically. */
    void distribute(boolean horizontal);

    void zoomIn();

    void zoomOut();

    void fit();

    /** View > Performance: frame times in a corner of the canvas, on or off. */
    void togglePerformance();

    void showShortcuts();

    void showAbout();

    /** View › Next Panel (F6) and Previous Panel (Shift+F6): the focus goes to the next (previous) panel. */
    void focusPanel(boolean back);
}
