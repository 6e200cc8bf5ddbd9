package layerlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import layerlab.backend.DeviceUnavailableException;
import layerlab.data.DataSources;
import layerlab.graph.Graph;
import layerlab.graph.compile.CompileException;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.json.ProjectFormatException;
import layerlab.graph.json.ProjectJson;
import layerlab.train.TrainingConfig;

/**
 * What {@code train}, {@code eval}, {@code predict}, {@code export} and {@code import} share: reading inputs, and turning every expected problem
 * into one line on stderr and an exit code — {@value #FAILED} when the run itself fails (a NaN, a diverged model),
 * {@value #BAD_INPUT} for bad input (files, settings, options that do not fit). No stack traces.
 */
final class CliSupport {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    private CliSupport() {
    }

    /**
     * Refuses a {@code --device} that names no device ({@code cuda:x}, {@code cuda0}, {@code gpu}, {@code cuda:-1}) before
     * anything is opened, as one line naming the option and what it may be; null (not given) passes. Whether a device
     * named right is there is said when the run starts on it.
     */
    static void checkDevice(String device) {
        if (device != null && !TrainingConfig.isDevice(device)) throw new BadInput("--device is \"" + device + "\"; " + TrainingConfig.DEVICES);
    }

    /** A problem with what the user gave: reported as one line, exit code {@value #BAD_INPUT}. */
    static final class BadInput extends RuntimeException {
        BadInput(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Runs {@code work} with a flag that Ctrl-C raises (through a shutdown hook, removed afterwards), for a tool that asks it
     * between steps and ends with what it has (the range test, the profile).
     */
    static <T> T stoppableByCtrlC(String command, java.util.function.Function<java.util.function.BooleanSupplier, T> work) {
        java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        Thread onCtrlC = new Thread(() -> interrupted.set(true), "layerlab-" + command + "-interrupt");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            return work.apply(interrupted::get);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the work has stopped.
            }
        }
    }

    /** Runs {@code body}, reporting expected failures as {@code layerlab <command>: <message>}, never as a stack trace. */
    static int guarded(PrintWriter err, String command, Callable<Integer> body) {
        return guarded(err, command, () -> null, body);
    }

    /**
     * {@link #guarded(PrintWriter, String, Callable)} for a command about one file, {@code about} once it has read it (null
     * before): what goes wrong from then on starts with that file, as its load errors do ({@code layerlab train: iris.json:
     * the data does not fit the model: …}), so that a shell loop over many files says which failed.
     */
    static int guarded(PrintWriter err, String command, java.util.function.Supplier<Object> about, Callable<Integer> body) {
        String prefix = "layerlab " + command + ": ";
        try {
            return body.call();
        } catch (ProjectFormatException e) {
            for (ProjectFormatException.Issue i : e.issues()) err.println(i.at(e.source()));
        } catch (CompileException e) {
            for (String r : e.reasons()) err.println(about(prefix, about, "cannot compile: " + r));
        } catch (NoSuchFileException e) {
            err.println(prefix + e.getFile() + ": no such file");
        } catch (AccessDeniedException e) {
            err.println(prefix + e.getFile() + ": permission denied" + (e.getReason() == null ? "" : " (" + e.getReason() + ")"));
        } catch (IOException e) {
            err.println(prefix + message(e));
        } catch (UncheckedIOException e) {
            err.println(prefix + message(e.getCause()));
        } catch (BadInput | IllegalArgumentException | DeviceUnavailableException e) {
            err.println(about(prefix, about, message(e)));
        } catch (Exception e) {
            err.println(about(prefix, about, message(e)));
            return FAILED;
        } catch (OutOfMemoryError e) {
            err.println(about(prefix, about, "out of memory: use a smaller model, batch or data set, or "
                    + GraphCompiler.moreHeap(Runtime.getRuntime().maxMemory())));
            return FAILED;
        } finally {
            err.flush();
        }
        return BAD_INPUT;
    }

    /**
     * {@code "layerlab train: "}, the file {@code about} gives, the message: without the file where there is none yet, where
     * the message starts with it, and where it is about an option typed ({@code --batch-size must be …}), the same for every file.
     */
    private static String about(String command, java.util.function.Supplier<Object> about, String message) {
        Object file = about.get();
        return command + (file == null || message.startsWith(file + ":") || message.startsWith("--") ? "" : file + ": ") + message;
    }

    /**
     * LayerLab as the user typed it, to begin the commands the command line suggests ("to train it: ./layerlab train …"):
     * the launcher says how ({@code -Dlayerlab.command}: {@code ./layerlab} at the repository's root, as the guides write
     * it), else {@code layerlab}, the installed command's name. A suggestion that said {@code layerlab} to someone who ran
     * {@code ./layerlab} was "command not found" when pasted. The help's usage lines and examples say it too (the root
     * command is named with it in {@link LayerLabCommand}).
     */
    static String program() {
        String typed = System.getProperty("layerlab.command");
        return typed == null || typed.isBlank() ? "layerlab" : shellWord(typed);
    }

    /**
     * {@code path} as a word of a command to copy into a shell: as it is when it holds nothing a shell reads otherwise, else in
     * single quotes ({@code 'my runs/iris.json'}, a quote in it as {@code '\''}).
     */
    static String shellWord(Object path) {
        String s = String.valueOf(path);
        if (s.matches("[A-Za-z0-9_./:@%+=,-]+")) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * Whether the command runs on a terminal (a status line may be redrawn in place with {@code \r}), not into a pipe or a log
     * file. From JDK 22 {@code System.console()} may be there with the streams redirected too (as its JLine console is), and
     * {@code Console.isTerminal()} (added in 22, so called by name) says which; before 22 there was a console only on a terminal.
     */
    static boolean terminal() {
        java.io.Console c = System.console();
        if (c == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replace("\n", " ");
    }

    static Graph loadProject(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        // A trained model's bundle holds its drawing: read as a project, not as JSON ("not UTF-8 text (byte 0xB3)").
        if (isBundle(file)) return layerlab.io.ModelBundle.load(file).graph();
        try {
            return ProjectJson.load(file);
        } catch (ProjectFormatException e) {
            // The path as given, as check says it (the reader knows only the file's name): a terminal or an editor can open it.
            throw new ProjectFormatException(file.toString(), e.issues());
        }
    }

    /** Whether {@code file} is named as a trained model's bundle ({@code .llab}). */
    static boolean isBundle(Path file) {
        return file.getFileName() != null && file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".llab");
    }

    /**
     * Checks, before any work that would be lost, that {@code target} (given to {@code option}; null when not asked for) can be
     * written and is none of {@code inputs} (the files the command reads: writing over the project being trained, or over
     * the input being predicted, destroys the user's work). Throws {@link BadInput} or an {@link IOException} saying why.
     */
    static void output(String option, Path target, Path... inputs) throws IOException {
        if (target == null) return;
        for (Path in : inputs) {
            if (in != null && sameFile(target, in)) {
                throw new BadInput(option + " " + target + " is the file this command reads (" + in + "): writing there would destroy it; "
                        + "give another file");
            }
        }
        try {
            layerlab.io.AtomicFiles.checkWritable(target);
        } catch (AccessDeniedException e) {
            throw e;
        } catch (IOException e) {
            throw new BadInput(option + ": " + e.getMessage());
        }
    }

    /** Whether {@code a} and {@code b} name the same file (the same path, or two names of one existing file). */
    static boolean sameFile(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) return true;
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Where in {@code project} the setting {@code message} is about stands: {@code iris.json:31:13} (the file alone when
     * the setting cannot be found in it).
     */
    static String where(Path project, String message) {
        int[] at = null;
        try {
            at = ProjectJson.locateSetting(Files.readString(project), message);
        } catch (IOException e) {
            // the file was read a moment ago; without it the message goes without a line
        }
        return project + (at == null ? "" : ":" + at[0] + ":" + at[1]);
    }

    /** {@code message} about a setting of {@code project}, said where it is: {@code iris.json:31:13: training.epochs must …}. */
    static String atSetting(Path project, String message) {
        return where(project, message) + ": " + message;
    }

    /**
     * What is wrong with {@code g}'s training and data settings, found without training or reading data ({@code check}):
     * empty when they are fine or absent.
     */
    static List<String> settingsProblems(Graph g) {
        List<String> problems = new ArrayList<>();
        if (!g.training().isEmpty()) {
            try {
                TrainingConfig.fromMap(g.training());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!g.dataset().isEmpty()) {
            try {
                DataSources.check(g.dataset());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /**
     * Prints the errors of {@code g}'s graph (a shape that does not fit, a wire missing) as {@code check} does, {@code
     * file: error: Linear "fc": …}, one a line, and returns whether there were any: a command that trains says them before
     * it reads any data, with check's exit code ({@value #FAILED}).
     */
    static boolean graphErrors(Path project, Graph g, PrintWriter err) {
        List<layerlab.graph.analysis.Problem> errors = layerlab.graph.analysis.Analysis.of(g).errors();
        for (layerlab.graph.analysis.Problem p : errors) err.println(project + ": error: " + p);
        err.flush();
        return !errors.isEmpty();
    }

    /** The folder relative paths in a project's settings are read against: the project's own. */
    static Path baseDir(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    static String percent(double fraction) {
        return String.format(java.util.Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    static String number(double v) {
        if (Double.isNaN(v)) return "nan";
        double a = Math.abs(v);
        return String.format(java.util.Locale.ROOT, a != 0 && (a < 1e-3 || a >= 1e5) ? "%.4g" : "%.4f", v);
    }
}
