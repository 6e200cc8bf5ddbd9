package layerlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import layerlab.data.DataSources;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.Problem;
import layerlab.graph.analysis.SummaryTable;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.json.ProjectFormatException;
import layerlab.graph.json.ProjectJson;
import layerlab.train.DataFit;
import layerlab.train.OptimizerFactory;
import layerlab.train.ConfigException;
import layerlab.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerlab check PROJECT...}: reads each project, validates it and infers its shapes; prints the
 * shape and parameter table, then every problem as {@code file: error: Kind "node": message}, and any in its training
 * and data settings as {@code file:line:column: error: training.epochs must …}. Exit code 1
 * when any project has an error, so it can guard a CI step; 2 when a file cannot be read (missing, malformed), as
 * every command says of bad input.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate projects: shapes, parameter counts and problems (exit code 1 on errors, 2 for a file that cannot be read).")
public final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PROJECT", arity = "1..*", description = "project files (.json), bundles (.llab), or folders of them")
    List<Path> projects;

    @Option(names = "--explain", description = "also print how each node's shapes were worked out")
    boolean explain;

    @Option(names = {"-q", "--quiet"}, description = "print only the problems")
    boolean quiet;

    @Option(names = "--no-data", description = "do not open the project's data set (by default it is opened and checked against the graph:"
            + " the Inputs' shapes, the class scores, the Embeddings' rows)")
    boolean noData;

    @Option(names = "--data", paramLabel = "KEY=VALUE", arity = "1..*", mapFallbackValue = "",
            description = "check against other data: override a key of each project's dataset, as train's --data does (e.g. source=csv "
                    + "path=penguins.csv label_column=species, relative to the current folder)")
    java.util.Map<String, String> data = new java.util.LinkedHashMap<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        boolean failed = false, unreadable = false;
        List<Path> files;
        try {
            files = ProjectFiles.expand(projects);
        } catch (IOException e) {
            err.println("layerlab check: " + e.getMessage());
            return CliSupport.BAD_INPUT;
        }
        for (Path p : files) {
            String file = p.toString();
            Graph g = load(p, err);
            if (g == null) {
                unreadable = true;
                continue;
            }
            Analysis a = Analysis.of(g);
            if (!quiet) {
                out.println(file + ": " + g.name() + " (" + g.nodes().size() + " nodes, " + g.edges().size() + " edges)");
                out.print(SummaryTable.render(a));
            }
            if (explain) {
                for (Node n : g.nodes()) {
                    List<String> lines = a.info(n.id()).explanation();
                    if (lines.isEmpty()) continue;
                    out.println(n.name() + " (" + n.kind() + "):");
                    for (String l : lines) out.println("  " + l);
                }
            }
            for (Problem pr : a.problems()) {
                (pr.isError() ? err : out).println(file + ": " + (pr.isError() ? "error" : "warning") + ": " + pr);
            }
            // The training and data settings too: a mistake there would otherwise first show when training starts.
            List<String> settings = CliSupport.settingsProblems(g);
            for (String s : settings) err.println(CliSupport.where(p, s) + ": error: " + s);
            long errors = a.errors().size() + settings.size(), warnings = a.warnings().size();
            // A model too big for this machine's Java heap fails as soon as its weights are made: say so now.
            String tooBig = GraphCompiler.tooBig(a, Runtime.getRuntime().maxMemory());
            if (tooBig != null) {
                err.println(file + ": error: " + tooBig);
                errors++;
            } else if (settings.isEmpty()) {
                // Weights that fit can still leave no room to train them: gradients and the optimiser's state are as large.
                TrainingConfig config = g.training().isEmpty() ? TrainingConfig.defaults() : TrainingConfig.fromMap(g.training());
                String noRoom = OptimizerFactory.trainingTooBig(a.totalParams(), config.optimizer(), Runtime.getRuntime().maxMemory());
                if (noRoom != null) {
                    out.println(file + ": warning: " + noRoom);
                    warnings++;
                }
                // param_groups against the model's parameter names, as a run checks them when it starts.
                String groups = paramGroupsProblem(g, a, config);
                if (groups == null) groups = layerlab.train.Losses.weightsProblem(config.lossWeights(), layerlab.train.Losses.nodeNames(g));
                if (groups == null) groups = layerlab.train.Losses.watchProblem(config.earlyStopping(), layerlab.train.Losses.nodeNames(g),
                        layerlab.train.Losses.headScores(g));
                if (groups == null) groups = layerlab.train.Losses.plateauProblem(config, layerlab.train.Losses.nodeNames(g),
                        layerlab.train.Losses.headScores(g));
                if (groups == null) groups = layerlab.train.Losses.scoreProblem("training.early_stopping.metric",
                        config.earlyStopping() == null ? null : config.earlyStopping().metric(), g, config);
                if (groups == null) groups = layerlab.train.Losses.scoreProblem("training.scheduler.metric", config.plateauMetric(), g, config);
                if (groups == null) groups = layerlab.train.Losses.countProblem(a, config.loss());
                // No loss: train refuses it when it starts (a hand-in whose loss node was deleted said nothing here).
                if (groups == null && a.errors().isEmpty()) groups = layerlab.train.Losses.missingProblem(g, config);
                if (groups != null) {
                    err.println(CliSupport.where(p, groups) + ": error: " + groups);
                    errors++;
                }
            }
            // And the data against the graph, which shape inference cannot see: it opens the data set as training would.
            java.util.Map<String, Object> dataset = layerlab.train.TrainingData.override(g.dataset(), data, Path.of("").toAbsolutePath());
            if (!noData && settings.isEmpty() && !dataset.isEmpty()) {
                List<Problem> fit = dataProblems(p, dataset, a, err);
                if (fit == null) errors++;
                else {
                    for (Problem pr : fit) (pr.isError() ? err : out).println(file + ": " + (pr.isError() ? "error" : "warning") + ": " + pr);
                    errors += fit.stream().filter(Problem::isError).count();
                    warnings += fit.stream().filter(pr -> !pr.isError()).count();
                }
            }
            if (!quiet) out.println(errors == 0 && warnings == 0 ? "No problems." : count(errors, "error") + ", " + count(warnings, "warning") + ".");
            failed |= errors > 0;
            out.flush();
            err.flush();
        }
        return unreadable ? CliSupport.BAD_INPUT : failed ? CliSupport.FAILED : CliSupport.OK;
    }

    /**
     * What a run would refuse of the training settings' param_groups (a name matching no parameter, a parameter in two
     * groups, groups taking every parameter), the model built as a run builds it; null when nothing or there are none.
     */
    private static String paramGroupsProblem(Graph g, Analysis a, TrainingConfig config) {
        if (config.paramGroups().isEmpty() || !a.errors().isEmpty()) return null;
        try {
            config.paramGroups().check(GraphCompiler.compile(g).namedParameters().keySet());
            return null;
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }

    /** What does not fit between the project's data set and its graph, or null after printing why the data set cannot be opened. */
    private static List<Problem> dataProblems(Path p, java.util.Map<String, Object> dataset, Analysis a, PrintWriter err) {
        layerlab.data.DataFiles.Named files = layerlab.data.DataFiles.named(dataset, CliSupport.baseDir(p));
        try {
            // Read through for what it tells, where it can be (an NPY pair), rather than held with its split parts.
            DataFit.Data data = ReadingLine.reading(p + ": ", dataset, CliSupport.baseDir(p), err, () -> {
                layerlab.data.DataFacts facts = DataSources.scan(dataset, CliSupport.baseDir(p));
                return facts != null ? DataFit.Data.of(facts) : DataFit.Data.of(DataSources.open(dataset, CliSupport.baseDir(p)).trainSamples());
            });
            return DataFit.problems(a, data);
        } catch (IllegalArgumentException | IOException e) {
            err.println(CliSupport.where(p, "dataset") + ": error: the data set cannot be opened: " + e.getMessage());
            return null;
        } catch (OutOfMemoryError e) {
            err.println(CliSupport.where(p, "dataset") + ": error: " + RunOptions.outOfMemory(files) + " (--no-data checks the graph without it)");
            return null;
        }
    }

    /** The project, or null after printing why it cannot be read. */
    static Graph load(Path p, PrintWriter err) {
        try {
            if (!Files.exists(p)) {
                err.println(p + ": no such file");
                return null;
            }
            if (CliSupport.isBundle(p)) return layerlab.io.ModelBundle.load(p).graph();
            return ProjectJson.load(p);
        } catch (ProjectFormatException e) {
            for (ProjectFormatException.Issue i : e.issues()) err.println(i.at(p.toString()));
            return null;
        } catch (layerlab.io.NotAFileException e) {
            err.println(e.getMessage());
            return null;
        } catch (java.io.IOException e) {
            // A bundle's reader names the file itself ("iris.llab: the bundle is damaged: …"): said once, as the path given.
            String name = p.getFileName() + ": ", m = String.valueOf(e.getMessage());
            err.println(m.startsWith(name) ? p + ": " + m.substring(name.length()) : p + ": cannot read: " + m);
            return null;
        }
    }

    private static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
