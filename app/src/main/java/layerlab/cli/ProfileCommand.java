package layerlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import layerlab.backend.cpu.Parallel;
import layerlab.data.DataSplit;
import layerlab.graph.Graph;
import layerlab.io.AtomicFiles;
import layerlab.train.StepProfile;
import layerlab.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerlab profile PROJECT}: where a training step's time goes, node by node ({@link StepProfile}): a fresh copy
 * of the model trains a few steps on the project's data with its settings, and the table gives each node's forward and
 * backward time, its share of the step and its forward GFLOP/s. The project is not changed.
 */
@Command(name = "profile", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Time a training step node by node: each layer's forward and backward milliseconds, its share of the step and its "
                + "GFLOP/s (a fresh copy of the model trains a few steps; the project is not changed).")
public final class ProfileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PROJECT", description = "the project file (.json)")
    Path project;

    @Option(names = "--steps", paramLabel = "N", description = "steps timed (default 20; the table gives each node's median)")
    int steps = StepProfile.Options.DEFAULT.steps();

    @Option(names = "--warmup", paramLabel = "SECONDS", description = "train this long first, untimed, so the kernels are compiled (default 3)")
    double warmup = StepProfile.Options.DEFAULT.warmupSeconds();


    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--csv", paramLabel = "FILE", description = "write the rows (node, kind, forward_ms, backward_ms, total_ms, share, gflops) as CSV")
    Path csv;

    @Option(names = "--trace", paramLabel = "FILE", description = "write the timed steps as a trace (Trace Event Format JSON) for Perfetto or chrome://tracing")
    Path trace;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return CliSupport.guarded(err, "profile", this::profile);
    }

    private int profile() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CliSupport.checkDevice(run.device);
        Graph graph = CliSupport.loadProject(project);
        if (CliSupport.graphErrors(project, graph, spec.commandLine().getErr())) return CliSupport.FAILED;
        CliSupport.output("--csv", csv, project);
        CliSupport.output("--trace", trace, project, csv);
        StepProfile.Options options;
        try {
            options = new StepProfile.Options(StepProfile.Options.DEFAULT.warmup(), warmup, steps);
        } catch (IllegalArgumentException e) {
            throw new CliSupport.BadInput(e.getMessage().replace("the warm-up time", "--warmup").replace("the profile needs", "--steps needs"));
        }
        // --threads (RunOptions, as train takes it)
        run.applyThreads();
        Map<String, Object> dataset = run.dataset(project, graph);
        TrainingConfig config = RunOptions.config(project, graph, run.training(graph.training()), run.given());
        DataSplit split = run.open(project, dataset, spec.commandLine().getErr());
        out.println("data: " + split.description());
        out.printf(Locale.ROOT, "profiling: %s warm-up, then %d timed steps of %d samples%n", warmup + " s", steps, config.batchSize());
        out.flush();
        StepProfile.Result r = CliSupport.stoppableByCtrlC("profile", stop -> StepProfile.run(graph, config, split.train(), options, Parallel.threads(), stop));
        out.print(r.table());
        if (csv != null) {
            StringBuilder b = new StringBuilder("node,kind,forward_ms,backward_ms,total_ms,share,gflops,runs_inside\n");
            for (StepProfile.Row row : r.rows()) {
                double g = r.forwardGflops(row);
                b.append(String.format(Locale.ROOT, "%s,%s,%.6f,%.6f,%.6f,%.6f,%s,%s%n", row.name(), row.kind(), row.forwardMs(), row.backwardMs(),
                        row.totalMs(), r.share(row), Double.isNaN(g) ? "" : String.format(Locale.ROOT, "%.3f", g),
                        row.fusedInto() == null ? "" : row.fusedInto()));
            }
            AtomicFiles.writeString(csv, b.toString());
            out.println("wrote " + csv);
        }
        if (trace != null) {
            AtomicFiles.writeString(trace, r.traceJson());
            out.println("wrote " + trace + " (open it in https://ui.perfetto.dev or chrome://tracing)");
        }
        out.println(r.describe());
        return CliSupport.OK;
    }
}
