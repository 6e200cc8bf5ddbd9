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
        } else if (missingProject(args) != null) {
            // "unknown command 'iris.jsn'" with every command listed told someone who mistyped a file name nothing.
            System.err.println(missingProject(args));
            System.exit(2);
        } else {
            // Which signal stops a run, for what the command says as it ends (grade's rows, train's last line).
            layerlab.cli.StopSignal.install();
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
     * What to say when the only argument names a project, bundle or ONNX file (by its ending) that is not there, as {@code
     * layerlab check} says it: "samples/iris.jsn: no such file (did you mean samples/iris.json?)"; null when it is there, or the
     * arguments are a command line.
     */
    static String missingProject(String[] args) {
        if (args.length != 1 || args[0].startsWith("-") || !fileName(args[0])) return null;
        Path p;
        try {
            p = Path.of(args[0]);
        } catch (java.nio.file.InvalidPathException e) {
            return args[0] + ": not a file name here (" + e.getReason() + ")";
        }
        if (Files.isRegularFile(p)) return null;
        if (Files.isDirectory(p)) return args[0] + ": a folder, not a project file";
        Path parent = p.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) return args[0] + ": no such file (there is no folder " + (p.getParent() == null ? parent : p.getParent()) + ")";
        java.util.List<String> names = new java.util.ArrayList<>();
        try (var files = Files.list(parent)) {
            files.filter(f -> Files.isRegularFile(f) && projectEnding(f.getFileName().toString())).forEach(f -> names.add(f.getFileName().toString()));
        } catch (java.io.IOException | RuntimeException e) {
            names.clear();
        }
        String near = layerlab.graph.spec.Spelling.closest(p.getFileName().toString(), names);
        return args[0] + ": no such file" + layerlab.graph.spec.Spelling.suggestion(near == null || p.getParent() == null ? near : p.getParent().resolve(near).toString());
    }

    /**
     * Whether {@code arg} is a file's name, not a command's: a project's ending, a path, or an ending of any kind
     * ({@code iris.jsn}, {@code net.llb}); no command has a dot or a slash in its name.
     */
    private static boolean fileName(String arg) {
        String last = arg.substring(Math.max(arg.lastIndexOf('/'), arg.lastIndexOf(java.io.File.separatorChar)) + 1);
        return projectEnding(arg) || !last.equals(arg) || last.indexOf('.') > 0;
    }

    private static boolean projectEnding(String file) {
        String name = file.toLowerCase(Locale.ROOT);
        return name.endsWith(".json") || name.endsWith(".llab") || name.endsWith(".onnx");
    }

    /**
     * The project file to open in the editor: the only argument, when it is an existing {@code .json}, {@code .llab}
     * or {@code .onnx} file; else null (the arguments are a command line). A subcommand's name is never a path with
     * such an ending, so every command keeps working even beside a file of the same name.
     */
    static Path projectToOpen(String[] args) {
        if (args.length != 1 || args[0].startsWith("-") || !projectEnding(args[0])) return null;
        try {
            Path p = Path.of(args[0]);
            return Files.isRegularFile(p) ? p : null;
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }
}
