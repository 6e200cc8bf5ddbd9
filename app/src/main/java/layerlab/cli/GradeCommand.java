package layerlab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import layerlab.train.TrainingEvent;
import picocli.CommandLine;
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
 * written again (atomically) after every project, so Ctrl-C, which ends the run in progress as train's does, leaves every
 * row so far. Exit code 0 when every project trained, 1 when any did not, 2 for bad options.
 */
@Command(name = "grade", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train many projects (a class's hand-ins) the same way, one after the other, and write one CSV row each: "
                + "file, name, status, parameters, epochs, steps, losses, validation accuracy or MAE, seconds and, for a project that "
                + "could not be read or trained, why (file, line, node). One bad project never stops the rest; Ctrl-C keeps the rows so far.",
                "Status: ok (trained), time limit (--max-time ended it), failed (training failed: a NaN loss), error (the project "
                        + "cannot be read or trained: malformed JSON, a graph error, data that do not fit), interrupted (Ctrl-C)."})
public final class GradeCommand implements Callable<Integer> {
    static final List<String> COLUMNS = List.of("file", "name", "status", "params", "epochs", "steps", "train_loss", "val_loss",
            "val_accuracy", "val_mae", "seconds", "reason");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PROJECT", arity = "1..*", description = "project files (.json), bundles (.llab, their drawing trained afresh), "
            + "or folders of them (read with their subfolders)")
    List<Path> projects;

    @Option(names = "--summary", paramLabel = "FILE.csv", description = "write the rows here (UTF-8, comma-separated, a header line first)")
    Path summary;

    @Option(names = "--epochs", paramLabel = "N", description = "passes over the training set, for every project (default: each project's own)")
    Integer epochs;

    @Option(names = "--steps", paramLabel = "N", description = "stop each project after N optimizer steps")
    Long steps;

    @Option(names = "--max-time", paramLabel = "TIME", converter = TimeLimit.class, description = "stop each project after this much "
            + "training (90s, 5m; a number alone is seconds); its row says time limit, with the metrics it reached")
    java.time.Duration maxTime;

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
        List<Map<String, String>> rows = new ArrayList<>();
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch written = new CountDownLatch(1);
        // Ctrl-C: train's own hook ends the run in progress; this one waits until its row is written.
        Thread onCtrlC = new Thread(() -> {
            interrupted.set(true);
            try {
                written.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "layerlab-grade-interrupt");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        boolean allTrained = true;
        try {
            for (int i = 0; i < files.size() && !interrupted.get(); i++) {
                Map<String, String> row = one(files.get(i), interrupted);
                rows.add(row);
                if (summary != null) layerlab.io.AtomicFiles.writeString(summary, csv(rows));
                out.println("[" + (i + 1) + "/" + files.size() + "] " + line(row));
                out.flush();
                allTrained &= row.get("status").equals("ok") || row.get("status").equals("time limit");
            }
            if (interrupted.get()) out.println("interrupted: " + rows.size() + " of " + files.size() + " projects graded");
            long ok = rows.stream().filter(r -> r.get("status").equals("ok") || r.get("status").equals("time limit")).count();
            out.println(ok + " of " + files.size() + " projects trained" + (summary == null ? "" : "; wrote " + summary + " (" + rows.size() + " rows)"));
        } finally {
            written.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the rows so far are written.
            }
        }
        return allTrained && !interrupted.get() ? CliSupport.OK : CliSupport.FAILED;
    }

    /** Trains {@code file} through {@code train} (its output kept out of sight) and makes its row. */
    private Map<String, String> one(Path file, AtomicBoolean interrupted) {
        long start = System.nanoTime();
        TrainCommand train = new TrainCommand();
        StringWriter said = new StringWriter(), errors = new StringWriter();
        CommandLine cli = new CommandLine(train);
        cli.setOut(new PrintWriter(said, true));
        cli.setErr(new PrintWriter(errors, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("layerlab train: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return CliSupport.FAILED;
        });
        cli.execute(trainArgs(file).toArray(String[]::new));
        Map<String, String> row = new LinkedHashMap<>();
        for (String c : COLUMNS) row.put(c, "");
        row.put("file", file.toString());
        if (train.name != null) row.put("name", train.name);
        if (train.params >= 0) row.put("params", String.valueOf(train.params));
        if (train.end instanceof TrainingEvent.RunFinished f) {
            boolean stopped = f.reason() == TrainingEvent.Reason.STOPPED;
            row.put("status", train.timedOut ? "time limit" : stopped ? "interrupted" : "ok");
            row.put("epochs", String.valueOf(f.epochs()));
            row.put("steps", String.valueOf(f.steps()));
            Map<String, Double> m = f.restoredEpoch() > 0 ? f.restored() : f.metrics();
            for (String k : List.of("train_loss", "val_loss", "val_accuracy", "val_mae")) {
                if (m.get(k) != null && !Double.isNaN(m.get(k))) row.put(k, CliSupport.number(m.get(k)));
            }
            if (interrupted.get() && stopped) row.put("reason", "Ctrl-C");
        } else if (train.end instanceof TrainingEvent.RunFailed f) {
            row.put("status", "failed");
            row.put("reason", f.describe());
        } else {
            row.put("status", interrupted.get() ? "interrupted" : "error");
            row.put("reason", reason(errors.toString()));
        }
        row.put("seconds", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
        return row;
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

    /**
     * The first thing train said was wrong, in one line ({@code 11-ivan.json:142:3: malformed JSON: …}, {@code 15-marco.json:
     * error: Linear "head": in_features is 32 …}), without its {@code layerlab train: } and with how many more it said.
     */
    static String reason(String err) {
        List<String> lines = err.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.contains(": note: ")).toList();
        if (lines.isEmpty()) return "train gave no reason";
        String first = lines.get(0).replaceFirst("^layerlab train: ", "");
        return lines.size() == 1 ? first : first + " (and " + (lines.size() - 1) + " more)";
    }

    /** The row as the progress line says it: the reason for a project that did not train, else its numbers. */
    private static String line(Map<String, String> row) {
        String file = row.get("file"), status = row.get("status");
        if (status.equals("error") || status.equals("interrupted") && row.get("epochs").isEmpty()) {
            String why = row.get("reason");
            return why.startsWith(file) ? why : file + ": " + status + ": " + why;
        }
        StringBuilder s = new StringBuilder(file).append(": ").append(status);
        if (!row.get("params").isEmpty()) s.append(", ").append(String.format(Locale.ROOT, "%,d", Long.parseLong(row.get("params")))).append(" parameters");
        if (!row.get("epochs").isEmpty()) s.append(", ").append(row.get("epochs")).append(row.get("epochs").equals("1") ? " epoch" : " epochs");
        for (String k : List.of("val_loss", "val_accuracy", "val_mae")) {
            if (row.get(k).isEmpty()) continue;
            String v = k.equals("val_accuracy") ? CliSupport.percent(Double.parseDouble(row.get(k))) : row.get(k);
            s.append("  ").append(k).append(' ').append(v);
        }
        if (status.equals("failed")) s.append(": ").append(row.get("reason"));
        return s.append("  (").append(row.get("seconds")).append(" s)").toString();
    }

    /** The rows as CSV (RFC 4180, as predict writes its table: {@link layerlab.train.PredictionTable#field}), a header first. */
    static String csv(List<Map<String, String>> rows) {
        StringBuilder s = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (Map<String, String> r : rows) {
            List<String> fields = new ArrayList<>();
            for (String c : COLUMNS) fields.add(layerlab.train.PredictionTable.field(r.getOrDefault(c, "")));
            s.append(String.join(",", fields)).append('\n');
        }
        return s.toString();
    }
}
