package layerlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import layerlab.data.DataSplit;
import layerlab.graph.Graph;
import layerlab.io.AtomicFiles;
import layerlab.train.LrFinder;
import layerlab.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerlab lr-find PROJECT}: the learning-rate range test ({@link LrFinder}) on the project's data with its
 * optimiser: prints the loss against the rate as a chart of bars and the rate it suggests, and writes the points as CSV
 * when asked. The project is not changed. Exit code 0 with a suggestion, 1 without one, 2 for bad input.
 */
@Command(name = "lr-find", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Find a learning rate: train a fresh copy of the model while the rate grows from --start to --end, "
                + "and suggest the rate where the loss falls fastest (the project is not changed).")
public final class LrFindCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PROJECT", description = "the project file (.json)")
    Path project;

    @Option(names = "--start", paramLabel = "X", description = "the first step's learning rate (default 1e-7)")
    double start = LrFinder.Options.DEFAULT.startLr();

    @Option(names = "--end", paramLabel = "X", description = "the last step's learning rate (default 10)")
    double end = LrFinder.Options.DEFAULT.endLr();

    @Option(names = "--steps", paramLabel = "N", description = "optimizer steps at most (default 100)")
    int steps = LrFinder.Options.DEFAULT.steps();

    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--csv", paramLabel = "FILE", description = "write every step (step, lr, loss, smoothed_loss) as CSV")
    Path csv;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return CliSupport.guarded(err, "lr-find", this::find);
    }

    private int find() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CliSupport.checkDevice(run.device);
        run.applyThreads();
        Graph graph = CliSupport.loadProject(project);
        if (CliSupport.graphErrors(project, graph, spec.commandLine().getErr())) return CliSupport.FAILED;
        CliSupport.output("--csv", csv, project);
        LrFinder.Options options;
        // The options by the names the user typed them with; LrFinder's own checks word them for any caller.
        if (!(start > 0) || !Double.isFinite(start)) throw new CliSupport.BadInput("--start must be a learning rate above 0, got " + start);
        if (!(end > start) || !Double.isFinite(end))
            throw new CliSupport.BadInput("--end (" + end + ") must be above --start (" + start + "): the rate grows from --start to --end");
        if (steps < LrFinder.MIN_STEPS) throw new CliSupport.BadInput("--steps: the range test needs at least " + LrFinder.MIN_STEPS + " steps, got " + steps);
        try {
            options = new LrFinder.Options(start, end, steps, LrFinder.Options.DEFAULT.divergeFactor());
        } catch (IllegalArgumentException e) {
            throw new CliSupport.BadInput(e.getMessage());
        }
        Map<String, Object> dataset = run.dataset(project, graph);
        TrainingConfig config = RunOptions.config(project, graph, run.training(graph.training()), run.given());
        DataSplit split = run.open(project, dataset, spec.commandLine().getErr());
        out.println("data: " + split.description());
        String opt = config.optimizer() == null ? "the optimizer" : config.optimizer().name();
        out.printf(Locale.ROOT, "range test: %s, batches of %d, learning rate from %s to %s over at most %d steps%n", opt, config.batchSize(),
                LrFinder.format(start), LrFinder.format(end), steps);
        out.flush();
        LrFinder.Result r = CliSupport.stoppableByCtrlC("lr-find", stop -> LrFinder.run(graph, config, split.train(), options, p -> {}, stop));
        chart(out, r);
        if (csv != null) {
            StringBuilder b = new StringBuilder("step,lr,loss,smoothed_loss\n");
            for (LrFinder.Point p : r.points()) {
                b.append(String.format(Locale.ROOT, "%d,%s,%s,%s%n", p.step(), p.lr(), p.loss(), p.smoothed()));
            }
            AtomicFiles.writeString(csv, b.toString());
            out.println("wrote " + csv);
        }
        out.println(r.describe());
        if (Double.isNaN(r.suggested())) return CliSupport.FAILED;
        out.printf(Locale.ROOT, "train with it: %s train %s --lr %s (or set training.optimizer.lr in the project)%n", CliSupport.program(), CliSupport.shellWord(project),
                LrFinder.format(r.suggested()));
        return CliSupport.OK;
    }

    /** The smoothed loss against the rate, about 20 rows of bars, the suggested row marked. */
    private static void chart(PrintWriter out, LrFinder.Result r) {
        var pts = r.points();
        if (pts.isEmpty()) return;
        // The chart's scale ends a little above the first loss, so a diverging tail does not flatten the rest.
        double lo = Double.POSITIVE_INFINITY, hi = -Double.POSITIVE_INFINITY;
        for (LrFinder.Point p : pts) lo = Math.min(lo, p.smoothed());
        hi = Math.max(pts.get(0).smoothed(), lo) * 1.1 + 1e-12;
        int every = Math.max(1, (pts.size() + 19) / 20), width = 40;
        int mark = -1;
        if (!Double.isNaN(r.suggested())) {
            for (int i = 0; i < pts.size(); i++) if (pts.get(i).lr() == r.suggested()) mark = i;
        }
        out.println("      lr       loss");
        for (int i = 0; i < pts.size(); i++) {
            boolean marked = mark >= 0 && i == mark;
            if (i % every != 0 && !marked && i != pts.size() - 1) continue;
            LrFinder.Point p = pts.get(i);
            double f = Math.min(1, Math.max(0, (p.smoothed() - lo) / (hi - lo)));
            int n = (int) Math.round(f * width);
            String bar = "█".repeat(n) + (p.smoothed() > hi ? "…" : "");
            out.printf(Locale.ROOT, "%10s %8s  %s%s%n", LrFinder.format(p.lr()), LrFinder.format(p.smoothed()), bar, marked ? "  ← suggested" : "");
        }
    }
}
