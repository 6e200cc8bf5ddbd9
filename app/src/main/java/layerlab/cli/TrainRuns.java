package layerlab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import layerlab.train.TrainingEvent;
import picocli.CommandLine;

/**
 * Many {@code layerlab train} runs one after the other, each a row of one CSV: {@link GradeCommand}'s (a project each) and
 * {@link SweepCommand}'s (a setting each). Every run goes through {@link TrainCommand} itself, its output kept out of sight,
 * so a row's numbers are the ones train prints with the same options, and each run is kept in its project's runs as train
 * keeps it. The CSV is written again (atomically) after every run, so Ctrl-C, which ends the run in progress as train's
 * does, leaves every row so far; a run that cannot be read or trained is a row with train's one-line reason.
 */
final class TrainRuns {
    /**
     * What a run's row holds besides what says which run it is: its project's name, status, parameters, epochs, steps, the
     * last epoch's metrics (or the restored best's), the best of each validation metric over its epochs, seconds, reason, and
     * the training doctor's findings' titles ({@code Loss not falling; Dead ReLU units}), those train's {@code advice:} lines
     * give.
     */
    static final List<String> MEASURED = List.of("name", "status", "params", "epochs", "steps", "train_loss", "val_loss", "val_accuracy", "val_mae",
            "best_val_loss", "best_val_accuracy", "best_val_mae", "seconds", "reason", "advice");

    private TrainRuns() {
    }

    /**
     * One run: {@code train}'s arguments, and the row's columns that say which run it is (its file, its settings); with
     * {@code evalArgs} (not null) the model is not trained but scored as it is, by {@code eval} with these arguments
     * (grade's {@code --as-handed-in}).
     */
    record Job(List<String> trainArgs, Map<String, String> columns, List<String> evalArgs) {
        Job {
            trainArgs = List.copyOf(trainArgs);
            columns = new LinkedHashMap<>(columns);
            evalArgs = evalArgs == null ? null : List.copyOf(evalArgs);
        }

        Job(List<String> trainArgs, Map<String, String> columns) {
            this(trainArgs, columns, null);
        }
    }

    /** The rows made, in order, and whether Ctrl-C ended the runs before all were made. */
    record Outcome(List<Map<String, String>> rows, boolean interrupted) {
        /** How many rows trained (ok, or ended by the time limit). */
        long trained() {
            return rows.stream().filter(TrainRuns::trained).count();
        }
    }

    /** Whether the row's run trained: it ended as asked (ok) or at the time limit, with its metrics; or it was scored as handed in. */
    static boolean trained(Map<String, String> row) {
        return List.of("ok", "time limit", EVALUATED).contains(row.get("status"));
    }

    /** The status of a model scored as it was handed in, not trained ({@link Job#evalArgs}). */
    static final String EVALUATED = "as handed in";

    /**
     * Runs {@code jobs} in turn: after each, writes every row so far to {@code summary} (null: nowhere) with {@code columns}
     * (after a UTF-8 byte-order mark where {@code excel}),
     * and prints {@code [i/n] } and the row as {@code line} says it, until the rows so far are {@code enough} (the runs left
     * would fail alike); then hands the outcome to {@code end} (the closing lines).
     * Ctrl-C ends the run in progress (train's own hook stops it) and the rest; its row is written and {@code end} said before
     * the process exits.
     */
    static Outcome runAll(List<Job> jobs, List<String> columns, Path summary, boolean excel, PrintWriter out, Function<Map<String, String>, String> line,
                          java.util.function.Predicate<List<Map<String, String>>> enough, java.util.function.Consumer<Outcome> end)
            throws java.io.IOException {
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
        }, "layerlab-runs-interrupt");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            for (int i = 0; i < jobs.size() && !interrupted.get(); i++) {
                Map<String, String> row = one(jobs.get(i), interrupted);
                rows.add(row);
                // Excel reads a CSV as the system's code page unless it starts with a byte-order mark; Python's csv,
                // pandas with encoding='utf-8' and R keep the mark as part of the first name, so it is asked for.
                if (summary != null) layerlab.io.AtomicFiles.writeString(summary, (excel ? "\uFEFF" : "") + csv(columns, rows));
                out.println("[" + (i + 1) + "/" + jobs.size() + "] " + line.apply(row));
                out.flush();
                if (enough.test(rows)) break;
            }
            Outcome o = new Outcome(rows, interrupted.get());
            end.accept(o);
            out.flush();
            return o;
        } finally {
            written.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the rows so far are written.
            }
        }
    }

    /** Trains {@code job} through {@code train} (its output kept out of sight) and makes its row. */
    static Map<String, String> one(Job job, AtomicBoolean interrupted) {
        long start = System.nanoTime();
        Map<String, String> row = new LinkedHashMap<>(job.columns());
        for (String c : MEASURED) row.put(c, "");
        if (job.evalArgs() != null) {
            evaluated(job.evalArgs(), row);
            row.put("seconds", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
            return row;
        }
        TrainCommand train = new TrainCommand();
        StringWriter errors = new StringWriter();
        execute(train, "train", job.trainArgs(), new StringWriter(), errors);
        if (train.name != null) row.put("name", train.name);
        if (train.params >= 0) row.put("params", String.valueOf(train.params));
        if (train.end instanceof TrainingEvent.RunFinished f) {
            finished(f, train.history, train.timedOut, interrupted.get(), row);
            if (train.diagnosis != null) row.put("advice", advice(train.diagnosis.findings()));
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

    /** Runs {@code command} ({@code name}: train, eval) with {@code args}, its output and errors into {@code said} and {@code errors}. */
    private static void execute(Object command, String name, List<String> args, StringWriter said, StringWriter errors) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(said, true));
        cli.setErr(new PrintWriter(errors, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("layerlab " + name + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return CliSupport.FAILED;
        });
        cli.execute(args.toArray(String[]::new));
    }

    /**
     * A model scored as it was handed in, by {@code eval --json} with {@code args}, into {@code row}: its name, parameters,
     * and its validation loss, accuracy or MAE, nothing trained; or eval's one-line reason.
     */
    private static void evaluated(List<String> args, Map<String, String> row) {
        StringWriter said = new StringWriter(), errors = new StringWriter();
        List<String> json = new ArrayList<>(args);
        json.add("--json");
        execute(new EvalCommand(), "eval", json, said, errors);
        com.fasterxml.jackson.databind.JsonNode o;
        try {
            o = said.toString().isBlank() ? null : new com.fasterxml.jackson.databind.ObjectMapper().readTree(said.toString());
        } catch (java.io.IOException e) {
            o = null;
        }
        if (o == null || !o.hasNonNull("loss")) {
            row.put("status", "error");
            row.put("reason", reason(errors.toString()));
            return;
        }
        row.put("status", EVALUATED);
        row.put("name", o.path("name").asText(""));
        if (o.has("params")) row.put("params", o.get("params").asText());
        for (String k : List.of("loss", "accuracy", "mae")) {
            if (o.hasNonNull(k)) row.put("val_" + k, CliSupport.number(o.get(k).asDouble()));
        }
        row.put("reason", "scored as handed in (" + o.path("split").asText() + "), not trained");
    }

    /**
     * A finished run's columns in {@code row}: status, epochs, steps, the last epoch's metrics (the restored best's) and the
     * best of each over {@code epochs}. A run stopped inside an epoch ({@code ctrlC}: by Ctrl-C or another signal, which
     * the reason names: {@link StopSignal}) has that epoch's
     * training metrics only, never validated: its row holds the last finished epoch's, which the reason says; one stopped
     * between two epochs says after which.
     */
    static void finished(TrainingEvent.RunFinished f, List<TrainingEvent.EpochEnded> epochs, boolean timedOut, boolean ctrlC, Map<String, String> row) {
        boolean stopped = f.reason() == TrainingEvent.Reason.STOPPED;
        row.put("status", timedOut ? "time limit" : stopped ? "interrupted" : "ok");
        row.put("steps", String.valueOf(f.steps()));
        Map<String, Double> m = f.restoredEpoch() > 0 ? f.restored() : f.metrics();
        int epoch = f.epochs();
        String why = stopped && ctrlC ? StopSignal.said() : stopped ? "stopped" : "";
        TrainingEvent.EpochEnded cut = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
        if (stopped && f.restoredEpoch() == 0 && cut != null && cut.partial()) {
            List<TrainingEvent.EpochEnded> whole = epochs.stream().filter(e -> !e.partial()).toList();
            TrainingEvent.EpochEnded last = whole.isEmpty() ? null : whole.get(whole.size() - 1);
            m = last == null ? Map.of() : last.metrics();
            epoch = last == null ? 0 : last.epoch();
            why += " in epoch " + cut.epoch() + (last == null ? ", before any epoch finished: no metrics" : "; metrics of epoch " + epoch + ", the last finished");
        } else if (stopped && f.restoredEpoch() == 0 && epoch > 0) {
            // Stopped as an epoch ended, before the next one's first batch: the row is that epoch's, whole.
            why += " after epoch " + epoch;
        }
        row.put("epochs", String.valueOf(epoch));
        for (String k : List.of("train_loss", "val_loss", "val_accuracy", "val_mae")) {
            if (m.get(k) != null && !Double.isNaN(m.get(k))) row.put(k, CliSupport.number(m.get(k)));
        }
        best(epochs, row);
        if (!why.isEmpty()) row.put("reason", why);
    }

    /** The findings' titles, each once, in the order found, joined with "; " (empty when none). */
    static String advice(List<layerlab.train.Diagnosis.Finding> findings) {
        return String.join("; ", findings.stream().map(f -> f.kind().title()).distinct().toList());
    }

    /** The best of each validation metric over {@code epochs} (the lowest loss and MAE, the highest accuracy) into {@code row}. */
    static void best(List<TrainingEvent.EpochEnded> epochs, Map<String, String> row) {
        for (String k : List.of("val_loss", "val_accuracy", "val_mae")) {
            boolean higher = k.endsWith("accuracy");
            Double best = null;
            for (TrainingEvent.EpochEnded e : epochs) {
                Double v = e.metrics().get(k);
                if (v == null || !Double.isFinite(v)) continue;
                if (best == null || (higher ? v > best : v < best)) best = v;
            }
            if (best != null) row.put("best_" + k, CliSupport.number(best));
        }
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

    /**
     * The row as the progress line says it, after {@code label} (its file, its settings): the reason for a run that did not
     * train, else its numbers.
     */
    static String line(String label, Map<String, String> row) {
        String status = row.get("status");
        if (status.equals("error") || status.equals("interrupted") && row.get("epochs").isEmpty()) {
            String why = row.get("reason");
            return why.startsWith(label) ? why : label + ": " + status + ": " + why;
        }
        StringBuilder s = new StringBuilder(label).append(": ").append(status);
        if (!row.get("params").isEmpty()) s.append(", ").append(String.format(Locale.ROOT, "%,d", Long.parseLong(row.get("params")))).append(" parameters");
        if (!row.get("epochs").isEmpty()) s.append(", ").append(row.get("epochs")).append(row.get("epochs").equals("1") ? " epoch" : " epochs");
        for (String k : List.of("val_loss", "val_accuracy", "val_mae")) {
            if (row.get(k).isEmpty()) continue;
            String v = k.equals("val_accuracy") ? CliSupport.percent(Double.parseDouble(row.get(k))) : row.get(k);
            s.append("  ").append(k).append(' ').append(v);
        }
        if (status.equals("failed") || status.equals("interrupted") && !row.get("reason").isEmpty()) s.append(": ").append(row.get("reason"));
        return s.append("  (").append(row.get("seconds")).append(" s)").toString();
    }

    /** The rows' {@code columns} as CSV (RFC 4180, as predict writes its table: {@link layerlab.train.PredictionTable#field}), a header first. */
    static String csv(List<String> columns, List<Map<String, String>> rows) {
        StringBuilder s = new StringBuilder(String.join(",", columns)).append('\n');
        for (Map<String, String> r : rows) {
            List<String> fields = new ArrayList<>();
            for (String c : columns) fields.add(layerlab.train.PredictionTable.field(r.getOrDefault(c, "")));
            s.append(String.join(",", fields)).append('\n');
        }
        return s.toString();
    }
}
