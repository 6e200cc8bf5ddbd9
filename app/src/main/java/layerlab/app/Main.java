package layerlab.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import layerlab.cli.LayerLabCommand;

/**
 * LayerLab's entry point: no arguments opens the editor, a project file as the only argument opens the editor with
 * it ({@code layerlab net.json}; a bundle or an ONNX model, {@code layerlab resnet18.onnx}, opens as a new project),
 * anything else runs the command line. It is not an {@code Application} itself, so
 * the command line never loads JavaFX (and a plain class-path launch works).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Stderr.takeFromLauncher();
        formatNumbersAsPython();
        if (args.length == 0) {
            Gui.launch();
        } else if (projectToOpen(args) != null) {
            Gui.launch(projectToOpen(args).toString());
        } else {
            System.exit(LayerLabCommand.run(args));
        }
    }

    /**
     * LayerLab writes and shows numbers as Python does (a decimal point, ASCII digits), whatever the machine's locale:
     * the developer guide's "Numbers and locales". Our own code names Locale.ROOT; this catches what formats with
     * Java's default, above all JFreeChart's axes and tooltips (under ar-EG in Arabic-Indic digits, under de-DE with
     * decimal commas, beside the 0.5 of the field and the file). The user's own locale is kept for what they type.
     */
    static void formatNumbersAsPython() {
        layerlab.ui.TypedText.typedUnder(Locale.getDefault(Locale.Category.FORMAT));
        Locale.setDefault(Locale.Category.FORMAT, Locale.ROOT);
    }

    /**
     * The project file to open in the editor: the only argument, when it is an existing {@code .json}, {@code .llab}
     * or {@code .onnx} file; else null (the arguments are a command line). A subcommand's name is never a path with
     * such an ending, so every command keeps working even beside a file of the same name.
     */
    static Path projectToOpen(String[] args) {
        if (args.length != 1 || args[0].startsWith("-")) return null;
        String name = args[0].toLowerCase(Locale.ROOT);
        if (!name.endsWith(".json") && !name.endsWith(".llab") && !name.endsWith(".onnx")) return null;
        try {
            Path p = Path.of(args[0]);
            return Files.isRegularFile(p) ? p : null;
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }
}
