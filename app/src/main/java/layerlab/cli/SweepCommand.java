package layerlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.graph.Graph;
import layerlab.train.RunLog;
import layerlab.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerlab sweep PROJECT --lr 0.1,0.01 --batch-size 32,64 [--optimizer SGD,Adam] [--seeds 3] --summary runs.csv}: trains
 * the project once for every combination of the values given, each with every seed, one after the other as {@code layerlab
 * train} would with those options (through it: {@link TrainRuns}, grade's runner), and writes one CSV row per run: its
 * settings, status, epochs, final and best validation metrics, seconds. Then a table of the settings, best first by a
 * validation metric (mean ± std over the seeds), and the train command for the best. Every value is checked before anything
 * trains; Ctrl-C keeps the rows so far; each run is kept in the project's runs, as train keeps it, for the window's runs
 * table. Exit code 0 when every run trained, 1 when any did not, 2 for bad options.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a project once for every combination of the learning rates, batch sizes and optimizers given (each with every seed "
                + "of --seeds), one after the other as train would, and write one CSV row per run: its settings, status, epochs, final and best "
                + "validation metrics, seconds. Ends with the settings ranked by a validation metric (mean ± std over the seeds) and the command "
                + "that trains the best. Ctrl-C keeps the rows so far; every run of a project file (.json) is kept in its runs for the window's runs table.",
                "Example: ${COMMAND-FULL-NAME} sample-projects/iris.json --lr 0.1,0.01,0.001 --batch-size 16,32 --seeds 3 --summary runs.csv"})
public final class SweepCommand implements java.util.concurrent.Callable<Integer> {
    /** The CSV's columns: which run, its settings as trained (the project's own where not swept), then what it measured. */
    static final List<String> COLUMNS = List.of("run", "optimizer", "lr", "batch_size", "seed", "status", "epochs", "steps", "train_loss", "val_loss",
            "val_accuracy", "val_mae", "best_val_loss", "best_val_accuracy", "best_val_mae", "seconds", "reason", "advice");
    /** The table's rows at most. */
    static final int SHOWN = 10;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PROJECT", description = "the project file (.json; a bundle's drawing is trained afresh)")
    Path project;

    @Option(names = "--lr", paramLabel = "X,Y,…", description = "learning rates, comma-separated (0.1,0.01,0.001)")
    List<String> lr = new ArrayList<>();

    @Option(names = "--batch-size", paramLabel = "N,M,…", description = "batch sizes, comma-separated (32,64)")
    List<String> batchSize = new ArrayList<>();

    @Option(names = "--optimizer", paramLabel = "NAME,…", description = "optimizers, comma-separated (SGD,Adam), each with the project's learning "
            + "rate and those of its optimizer's options it has too (train's --optimizer), the rest at their defaults; with --lr, each at each rate")
    List<String> optimizer = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "N", description = "train each setting N times, with seeds S, S+1, …, S+N-1 (S: --seed, else the "
            + "project's seed), for the mean and standard deviation of its metrics")
    Integer seeds;

    @Option(names = "--seed", paramLabel = "S", description = "the seed of every run (with --seeds, the first)")
    Long seed;

    @Option(names = "--epochs", paramLabel = "N", description = "passes over the training set, for every run (default: the project's)")
    Integer epochs;

    @Option(names = "--steps", paramLabel = "N", description = "stop each run after N optimizer steps")
    Long steps;

    @Option(names = "--max-time", paramLabel = "TIME", converter = TimeLimit.class, description = "stop each run after this much training "
            + "(90s, 5m); its row says time limit, with the metrics it reached")
    java.time.Duration maxTime;

    @Option(names = "--by", paramLabel = "METRIC", description = "rank the settings by this: val_accuracy, val_loss, val_mae (each run's last "
            + "epoch, or the restored best's), best_val_accuracy, best_val_loss, best_val_mae (its best epoch's) or train_loss (default: "
            + "val_accuracy where the runs measured it, else val_mae, else val_loss)")
    String by;

    @Option(names = "--summary", paramLabel = "FILE.csv", description = "write a row per run here (UTF-8, comma-separated, a header line first)")
    Path summary;

    @Option(names = "--device", paramLabel = "DEVICE", description = "cpu, cuda[:N] or auto")
    String device;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all cores)")
    Integer threads;

    @Option(names = "--data", paramLabel = "KEY=VALUE", arity = "1..*", mapFallbackValue = "", description = "override a key of the project's "
            + "dataset, as train's --data")
    Map<String, String> data = new LinkedHashMap<>();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return CliSupport.guarded(err, "sweep", this::sweep);
    }

    private int sweep() throws Exception {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        List<String> optimizers = SweepGrid.names("--optimizer", optimizer);
        List<Double> lrs = SweepGrid.numbers("--lr", lr);
        List<Integer> batchSizes = SweepGrid.wholeNumbers("--batch-size", batchSize);
        if (seeds != null && seeds < 1) throw new CliSupport.BadInput("--seeds must be at least 1, got " + seeds);
        if (by != null && !SweepRanking.METRICS.contains(by)) {
            throw new CliSupport.BadInput("--by: " + by + " is not a metric a sweep measures; one of " + String.join(", ", SweepRanking.METRICS));
        }
        if (steps != null && steps < 1) throw new CliSupport.BadInput("--steps must be at least 1, got " + steps);
        CliSupport.checkDevice(device);
        Graph graph = CliSupport.loadProject(project);
        // The project's own errors once, as train says them, rather than once a run.
        if (CliSupport.graphErrors(project, graph, err)) return CliSupport.FAILED;
        CliSupport.output("--summary", summary, project);
        long first = seed != null ? seed : projectSeed(graph);
        List<Long> seedList = new ArrayList<>();
        if (seeds != null) for (int i = 0; i < seeds; i++) seedList.add(first + i);
        else if (seed != null) seedList.add(seed);
        List<SweepGrid.Point> points = SweepGrid.expand(optimizers, lrs, batchSizes, seedList);
        List<TrainRuns.Job> jobs = new ArrayList<>();
        for (SweepGrid.Point p : points) jobs.add(new TrainRuns.Job(trainArgs(p), columns(graph, p, jobs.size() + 1)));
        if (jobs.size() > RunLog.KEEP && !CliSupport.isBundle(project)) {
            err.println("layerlab sweep: note: a project keeps its last " + RunLog.KEEP + " runs for the window's runs table; this sweep's " + jobs.size()
                    + " leave only its last " + RunLog.KEEP + " there (the CSV has every one)");
        }
        out.println("sweep: " + jobs.size() + " run" + (jobs.size() == 1 ? "" : "s") + " of " + project.getFileName() + axesSaid(optimizers, lrs, batchSizes, seedList));
        for (String name : optimizers) {
            RunOptions o = new RunOptions();
            o.optimizer = name;
            String note = o.optimizerNote(graph.training());
            if (note != null) out.println("note: " + note);
        }
        out.flush();
        List<String> axes = axes(optimizers, lrs, batchSizes);
        TrainRuns.Outcome o = TrainRuns.runAll(jobs, COLUMNS, summary, false, out, row -> TrainRuns.line(label(row, axes, seedList), row),
                SweepCommand::sameErrorTwice, done -> ranking(done, jobs.size(), axes, seedList.size(), out));
        return o.trained() == jobs.size() && !o.interrupted() ? CliSupport.OK : CliSupport.FAILED;
    }

    /**
     * Whether the last two runs could not train for the same reason (the project, its data, a --data path): every run is the
     * same project and data, so the rest would not either, and a sweep of 36 said the same 36 times. One run's reason alone
     * does not stop it: a large batch that runs out of memory is that run's.
     */
    static boolean sameErrorTwice(List<Map<String, String>> rows) {
        if (rows.size() < 2) return false;
        Map<String, String> a = rows.get(rows.size() - 2), b = rows.get(rows.size() - 1);
        return a.get("status").equals("error") && b.get("status").equals("error") && a.get("reason").equals(b.get("reason"));
    }

    /** The end: how many trained, the CSV written, the settings ranked and the best's train command. */
    private void ranking(TrainRuns.Outcome o, int runs, List<String> axes, int seedCount, PrintWriter out) {
        if (o.interrupted()) out.println("interrupted: " + o.rows().size() + " of " + runs + " runs made");
        else if (o.rows().size() < runs) {
            out.println("stopped after " + o.rows().size() + " of " + runs + " runs: the last two could not train, for the same reason, and "
                    + "the others would not either: " + o.rows().get(o.rows().size() - 1).get("reason"));
        }
        out.println(o.trained() + " of " + o.rows().size() + " runs trained" + (summary == null ? "" : "; wrote " + summary + " (" + o.rows().size() + " rows)"));
        if (o.trained() == 0) return;
        String metric = by != null ? by : SweepRanking.defaultMetric(o.rows());
        if (metric == null) {
            out.println("no run measured a validation metric to rank the settings by (the project has no validation set: set validation_split)");
            return;
        }
        List<SweepRanking.Setting> ranked = SweepRanking.rank(o.rows(), axes, metric);
        if (ranked.isEmpty() || !ranked.get(0).ranked()) {
            out.println("no run measured " + metric + " to rank the settings by");
            return;
        }
        if (!axes.isEmpty() && ranked.size() > 1) {
            out.println();
            out.println("by " + metric + (SweepRanking.higherIsBetter(metric) ? ", highest" : ", lowest") + " first"
                    + (seedCount > 1 ? " (mean ± std over " + seedCount + " seeds)" : "") + ":");
            out.print(SweepRanking.table(ranked, axes, metric, SHOWN));
        }
        SweepRanking.Setting best = ranked.get(0);
        out.println("best: " + SweepRanking.said(best, metric));
        List<String> train = new ArrayList<>(List.of(CliSupport.program(), "train", CliSupport.shellWord(project)));
        best.values().forEach((k, v) -> train.addAll(List.of("--" + k.replace('_', '-'), v)));
        if (epochs != null) train.addAll(List.of("--epochs", String.valueOf(epochs)));
        out.println("to train it: " + String.join(" ", train));
    }

    /** The swept columns, in the CSV's order. */
    private static List<String> axes(List<String> optimizers, List<Double> lrs, List<Integer> batchSizes) {
        List<String> a = new ArrayList<>();
        if (!optimizers.isEmpty()) a.add("optimizer");
        if (!lrs.isEmpty()) a.add("lr");
        if (!batchSizes.isEmpty()) a.add("batch_size");
        return a;
    }

    /** " (3 learning rates × 2 batch sizes × 3 seeds)". */
    private static String axesSaid(List<String> optimizers, List<Double> lrs, List<Integer> batchSizes, List<Long> seeds) {
        List<String> w = new ArrayList<>();
        if (!optimizers.isEmpty()) w.add(optimizers.size() + (optimizers.size() == 1 ? " optimizer" : " optimizers"));
        if (!lrs.isEmpty()) w.add(lrs.size() + (lrs.size() == 1 ? " learning rate" : " learning rates"));
        if (!batchSizes.isEmpty()) w.add(batchSizes.size() + (batchSizes.size() == 1 ? " batch size" : " batch sizes"));
        if (seeds.size() > 1) w.add(seeds.size() + " seeds");
        return w.isEmpty() ? "" : " (" + String.join(" × ", w) + ")";
    }

    /** A run's progress label: its swept settings and its seed ("Adam, lr 0.01, seed 2"). */
    private static String label(Map<String, String> row, List<String> axes, List<Long> seeds) {
        List<String> w = new ArrayList<>();
        for (String a : axes) w.add(a.equals("optimizer") ? row.get(a) : a + " " + row.get(a));
        if (!seeds.isEmpty()) w.add("seed " + row.get("seed"));
        return "run " + row.get("run") + (w.isEmpty() ? "" : " (" + String.join(", ", w) + ")");
    }

    /**
     * The run's columns: its number and its settings as it trains them, the project's where the sweep leaves them. Every
     * run's settings are read here, before anything trains: a bad value (a rate of 0, an unknown optimizer) is refused at
     * once, named as the option's, as train names it.
     */
    private Map<String, String> columns(Graph graph, SweepGrid.Point p, int run) {
        RunOptions o = new RunOptions();
        o.optimizer = p.optimizer();
        o.batchSize = p.batchSize();
        o.seed = p.seed();
        o.device = device;
        Map<String, Object> t = o.training(graph.training());
        if (epochs != null) t.put("epochs", epochs);
        Map<String, String> given = new LinkedHashMap<>(o.given());
        if (epochs != null) given.put("training.epochs", "--epochs");
        if (p.lr() != null) {
            t = TrainingConfig.withLr(t, p.lr());
            given.put("training.optimizer.lr", "--lr");
        }
        TrainingConfig c = RunOptions.config(project, graph, t, given);
        Map<String, String> row = new LinkedHashMap<>();
        row.put("run", String.valueOf(run));
        row.put("optimizer", c.optimizer().name());
        row.put("lr", TrainingConfig.valueText(c.lr()));
        row.put("batch_size", String.valueOf(c.batchSize()));
        row.put("seed", String.valueOf(c.seed()));
        return row;
    }

    /** The project's seed (its default when it sets none; a bad setting is said as train says it). */
    private long projectSeed(Graph graph) {
        return RunOptions.config(project, graph, graph.training(), Map.of()).seed();
    }

    /** {@code train}'s arguments for {@code p}: the sweep's options as train's, quiet. */
    private List<String> trainArgs(SweepGrid.Point p) {
        List<String> a = new ArrayList<>(List.of(project.toString(), "--quiet"));
        a.addAll(p.args());
        if (epochs != null) a.addAll(List.of("--epochs", String.valueOf(epochs)));
        if (steps != null) a.addAll(List.of("--steps", String.valueOf(steps)));
        if (maxTime != null) a.addAll(List.of("--max-time", maxTime.toMillis() / 1000.0 + "s"));
        if (device != null) a.addAll(List.of("--device", device));
        if (threads != null) a.addAll(List.of("--threads", String.valueOf(threads)));
        data.forEach((k, v) -> a.add("--data=" + k + "=" + v));
        return a;
    }
}
