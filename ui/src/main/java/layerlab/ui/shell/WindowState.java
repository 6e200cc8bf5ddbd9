package layerlab.ui.shell;

/** Where the main window was and how big, as stored between runs. */
public record WindowState(double x, double y, double width, double height, boolean maximized) {}
