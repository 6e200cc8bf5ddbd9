package layerlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerlab grade PROJECT|FOLDER... --summary FILE.csv}: trains each project as {@code layerlab train} would with the
 * same options (the same data through {@code --data}, seed, epochs and time limit for all), one after the other, and writes
 * one CSV row each: its name, status, parameters, epochs, steps, losses, validation accuracy or MAE and time. A project that
 * cannot be read or trained is a row with train's one-line reason (file, line, node), never the end of the rest. The CSV is
 * written again (atomically) after every project ({@link TrainRuns}, sweep's runner too), so Ctrl-C, which ends the run in
 * progress as train's does, leaves every row so far. Exit code 0 when every project trained, 1 when any did not, 2 for bad options.
 */
@Command(name = "grade", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train many projects (a class's hand-ins) the same way, one after the other, and write one CSV row each: "
                + "file, name, status, parameters, epochs, steps, losses, validation accuracy or MAE, seconds and, for a project that "
                + "could not be read or trained, why (file, line, node). One bad project never stops the rest; Ctrl-C keeps the rows so far.",
                "Status: ok (trained), time limit (--max-time ended it), failed (training failed: a NaN loss), error (the project "
                        + "cannot be read or trained: malformed JSON, a graph error, data that do not fit), interrupted (Ctrl-C, or a signal: timeout's SIGTERM)."})
public final class GradeCommand implements Callable<Integer> {
    static final List<String> COLUMNS = List.of("file", "name", "status", "params", "epochs", "steps", "train_loss", "val_loss",
            "val_accuracy", "val_mae", "seconds", "reason", "advice");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PROJECT", arity = "1..*", description = "project files (.json), bundles (.llab, their drawing trained afresh "
            + "unless --as-handed-in), "
            + "or folders of them (read with their subfolders)")
    List<Path> projects;

    @Option(names = "--summary", paramLabel = "FILE.csv", description = "write the rows here (UTF-8, comma-separated, a header line first; "
            + "for Excel add --excel)")
    Path summary;

    @Option(names = "--epochs", paramLabel = "N", description = "passes over the training set, for every project (default: each project's own)")
    Integer epochs;

    @Option(names = "--steps", paramLabel = "N", description = "stop each project after N optimizer steps")
    Long steps;

    @Option(names = "--max-time", paramLabel = "TIME", converter = TimeLimit.class, description = "stop each project after this much "
            + "training (90s, 5m; a number alone is seconds); its row says time limit, with the metrics it reached")
    java.time.Duration maxTime;

    @Option(names = "--as-handed-in", description = "score each bundle (.llab) with the weights it was handed in with, on the same data "
            + "(eval's validation split), instead of training its drawing afresh; its row's status says " + TrainRuns.EVALUATED
            + "; projects (.json) have no weights and are trained as usual")
    boolean asHandedIn;

    @Option(names = "--excel", description = "start the CSV with a UTF-8 byte-order mark, so that Excel shows accented names (zoë) as "
            + "written; Python then reads it with encoding='utf-8-sig'")
    boolean excel;

    @Mixin
    RunOptions run = new RunOptions();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return CliSupport.guarded(err, "grade", this::grade);
    }

    private int grade() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> files = ProjectFiles.expand(projects);
        CliSupport.output("--summary", summary, files.toArray(Path[]::new));
        List<TrainRuns.Job> jobs = new ArrayList<>();
        for (Path f : files) {
            boolean bundle = asHandedIn && f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".llab");
            jobs.add(new TrainRuns.Job(trainArgs(f), Map.of("file", f.toString()), bundle ? evalArgs(f) : null));
        }
        TrainRuns.Outcome o = TrainRuns.runAll(jobs, COLUMNS, summary, excel, out, row -> TrainRuns.line(row.get("file"), row), rows -> false, done -> {
            if (done.interrupted()) out.println("interrupted: " + done.rows().size() + " of " + files.size() + " projects graded");
            out.println(done.trained() + " of " + files.size() + " projects trained" + (summary == null ? "" : "; wrote " + summary + " (" + done.rows().size() + " rows)"));
        });
        return o.trained() == files.size() && !o.interrupted() ? CliSupport.OK : CliSupport.FAILED;
    }

    /** {@code train}'s arguments for {@code file}: grade's options as train's, quiet. */
    private List<String> trainArgs(Path file) {
        List<String> a = new ArrayList<>(List.of(file.toString(), "--quiet"));
        if (epochs != null) a.addAll(List.of("--epochs", String.valueOf(epochs)));
        if (steps != null) a.addAll(List.of("--steps", String.valueOf(steps)));
        if (maxTime != null) a.addAll(List.of("--max-time", maxTime.toMillis() / 1000.0 + "s"));
        if (run.batchSize != null) a.addAll(List.of("--batch-size", String.valueOf(run.batchSize)));
        if (run.optimizer != null) a.addAll(List.of("--optimizer", run.optimizer));
        if (run.seed != null) a.addAll(List.of("--seed", String.valueOf(run.seed)));
        if (run.device != null) a.addAll(List.of("--device", run.device));
        if (run.threads != null) a.addAll(List.of("--threads", String.valueOf(run.threads)));
        run.data.forEach((k, v) -> a.add("--data=" + k + "=" + v));
        return a;
    }

    /** {@code eval}'s arguments to score the bundle {@code file} as handed in: grade's data, device and batch size. */
    private List<String> evalArgs(Path file) {
        List<String> a = new ArrayList<>(List.of(file.toString()));
        if (run.batchSize != null) a.addAll(List.of("--batch-size", String.valueOf(run.batchSize)));
        if (run.device != null) a.addAll(List.of("--device", run.device));
        run.data.forEach((k, v) -> a.add("--data=" + k + "=" + v));
        return a;
    }

    /** The rows as CSV, {@link #COLUMNS}' fields. */
    static String csv(List<Map<String, String>> rows) {
        return TrainRuns.csv(COLUMNS, rows);
    }
}
