package layerlab.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import layerlab.graph.compile.GraphCompiler;
import layerlab.ui.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code layerlab}: the command line. A new subcommand is one class plus one entry in {@code subcommands} below.
 * Nothing reachable from here may load JavaFX.
 */
@Command(name = "layerlab",
        mixinStandardHelpOptions = true,
        versionProvider = LayerLabCommand.Version.class,
        description = "Draw, train and understand neural networks. Without arguments, `${ROOT-COMMAND-NAME}` opens the editor.",
        subcommands = {
                CommandLine.HelpCommand.class,
                BenchCommand.class,
                CheckCommand.class,
                SummaryCommand.class,
                TrainCommand.class,
                GradeCommand.class,
                SweepCommand.class,
                LrFindCommand.class,
                ProfileCommand.class,
                EvalCommand.class,
                InfoCommand.class,
                PredictCommand.class,
                GenerateCommand.class,
                ExportCommand.class,
                EmbeddingsCommand.class,
                ImportCommand.class,
        })
public final class LayerLabCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Runs the command line on {@code args} and returns the process exit code (2 for a usage error). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new LayerLabCommand());
        // Named as the user typed it, so that every usage line and help example (${ROOT-COMMAND-NAME}, ${COMMAND-FULL-NAME}
        // in a description) reads as the commands the command line suggests do: ./layerlab at the repository's root.
        cli.setCommandName(CliSupport.program());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(LayerLabCommand::usageError);
        // --format ONNX as well as onnx, as --optimizer takes Adam and adam.
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("layerlab: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // Commands say it in their own words (CliSupport.guarded); this is for one that does not.
            err.println("layerlab: out of memory: " + GraphCompiler.moreHeap(Runtime.getRuntime().maxMemory()));
            return 1;
        } finally {
            // Autoflush acts on println only: text a command print()s last (summary's table) would be lost at exit.
            out.flush();
            err.flush();
        }
    }

    /** Options but no subcommand: show what there is to run. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /**
     * One line naming what was wrong and picocli's "did you mean" if it has one; then, for {@code layerlab} itself, the
     * commands there are, and for a command, where its options are told (its usage is dozens of lines that would bury
     * the one that matters). Never a stack trace.
     */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        boolean root = cmd.getParent() == null;
        err.println((root ? "layerlab: " : "layerlab " + cmd.getCommandName() + ": ") + message(e));
        String hint = guessedOption(e);
        if (hint != null) err.println(hint);
        else UnmatchedArgumentException.printSuggestions(e, err);
        if (root) {
            err.println();
            cmd.usage(err);
        } else {
            err.println("(" + CliSupport.program() + " " + cmd.getCommandName() + " --help lists its options)");
        }
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * What an option guessed from another tool's habits is called here: {@code train --out model.llab} (as export and
     * import name their output) saves the model with {@code --save-bundle}; picocli's nearest spelling for {@code -o} was
     * {@code --optimizer}. Null where the word is no such guess.
     */
    static String guessedOption(ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) return null;
        String word = u.getUnmatched().get(0), name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
        if (e.getCommandLine().getCommandName().equals("train") && java.util.Set.of("-o", "--out", "--output", "--save", "--save-model").contains(name)) {
            return "to save the trained model, give --save-bundle=FILE.llab (the model with its data settings, for predict and File › Open) "
                    + "or --save-weights=FILE.safetensors (its weights alone)";
        }
        return null;
    }

    private static String message(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String word = u.getUnmatched().get(0);
            if (word.startsWith("-")) return "unknown option '" + word + "'";
            if (e.getCommandLine().getParent() == null) return "unknown command '" + word + "'";
            // A command's word too many (a second project for summary, say): what the command takes instead.
            var positionals = e.getCommandLine().getCommandSpec().positionalParameters();
            String takes = positionals.isEmpty() ? "options only"
                    : positionals.stream().map(pp -> pp.arity().max() == 1 ? "one " + pp.paramLabel() : pp.paramLabel() + "...")
                            .collect(java.util.stream.Collectors.joining(" and "));
            return "unexpected argument '" + word + "': " + e.getCommandLine().getCommandName() + " takes " + takes;
        }
        return e.getMessage();
    }

    /** {@code --version}: the same lines as the About box. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            List<String> lines = BuildInfo.describe();
            return lines.toArray(String[]::new);
        }
    }
}
