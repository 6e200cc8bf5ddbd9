package layerlab.app;

import layerlab.cli.LayerLabCommand;

/**
 * LayerLab's entry point: no arguments opens the editor, any argument runs the command line. It is not an
 * {@code Application} itself, so the command line never loads JavaFX (and a plain class-path launch works).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            Gui.launch();
        } else {
            System.exit(LayerLabCommand.run(args));
        }
    }
}
