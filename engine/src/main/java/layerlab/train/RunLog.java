package layerlab.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.io.AtomicFiles;

/**
 * The runs of a saved project, kept between sessions and shared by the window and {@code layerlab train}: what each
 * trained (its settings, flattened), what changed from the run before, its epochs' metrics and how it ended. The
 * window's runs table and its chart's overlays show them when the project is opened again. One JSON file per project
 * in a folder of the user's ({@link #defaultDir}, {@code ~/.layerlab/runs}), named by a hash of the project's absolute
 * path: nothing is written beside the project (which may be read-only, or a sample). Data only: a log that does not
 * read is ignored, never run.
 */
public final class RunLog {
    /**
     * One run as kept; {@code folds} is a cross-validation's outcome (null for a run of one model). {@code end} is null for a
     * run that has not ended: one still training, or one whose process was killed ({@code kill -9}, a power cut) before it
     * could say how it ended; {@code owner} is then the process that trains it (null once it ended).
     */
    public record Run(int number, Map<String, Object> settings, String changes, List<TrainingEvent.EpochEnded> epochs, TrainingEvent.Terminal end,
                      Folds folds, Owner owner) {
        public Run {
            settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
            // A long run keeps every few epochs (KeptEpochs): the log and the window's old rows stay small.
            epochs = List.copyOf(KeptEpochs.of(epochs, end));
        }

        public Run(int number, Map<String, Object> settings, String changes, List<TrainingEvent.EpochEnded> epochs, TrainingEvent.Terminal end,
                   Folds folds) {
            this(number, settings, changes, epochs, end, folds, null);
        }

        public Run(int number, Map<String, Object> settings, String changes, List<TrainingEvent.EpochEnded> epochs, TrainingEvent.Terminal end) {
            this(number, settings, changes, epochs, end, null, null);
        }

        /** Whether the run never said how it ended: still training, or interrupted ({@link #interrupted}). */
        public boolean unfinished() {
            return end == null;
        }

        /** Whether the run has not ended and the process that trained it is gone: killed, or the machine went down. */
        public boolean interrupted() {
            return end == null && (owner == null || !owner.alive());
        }

        /** This run as it stands now: {@code epochs} so far and its {@code end} (null while it trains). */
        public Run with(List<TrainingEvent.EpochEnded> epochs, TrainingEvent.Terminal end) {
            return new Run(number, settings, changes, epochs, end, folds, end == null ? owner : null);
        }
    }

    /**
     * The process that trains a run not ended yet: its id and when it started (milliseconds since the epoch; 0 where the
     * system does not say), so that another process that took the same id later is not taken for it.
     */
    public record Owner(long pid, long started) {
        /** This process. */
        public static Owner current() {
            ProcessHandle me = ProcessHandle.current();
            return new Owner(me.pid(), me.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L));
        }

        /** Whether that process is still running. */
        public boolean alive() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(h -> started == 0 || h.info().startInstant().map(t -> Math.abs(t.toEpochMilli() - started) < 1000).orElse(true))
                    .orElse(false);
        }
    }

    /** A cross-validation kept as a run: {@code k} folds asked for, {@code done} of them trained, their scores (mean ± std). */
    public record Folds(int k, int done, List<CrossValidation.Score> scores) {
        public Folds {
            scores = List.copyOf(scores);
        }

        /** The outcome of {@code r}. */
        public static Folds of(CrossValidation.Result r) {
            return new Folds(r.folds(), r.done().size(), r.scores());
        }

        /** How {@code r} ended, as a run's end: finished (or stopped) with the scores' means, or failed with the fold's message. */
        public static TrainingEvent.Terminal end(CrossValidation.Result r) {
            if (r.failure() != null) return new TrainingEvent.RunFailed(r.failure(), null, 0, null);
            Map<String, Double> means = new LinkedHashMap<>();
            for (CrossValidation.Score sc : r.scores()) means.put(sc.metric(), sc.mean());
            double seconds = r.done().stream().mapToDouble(CrossValidation.Fold::seconds).sum();
            return new TrainingEvent.RunFinished(r.stopped() ? TrainingEvent.Reason.STOPPED : TrainingEvent.Reason.COMPLETED, 0, 0, means, seconds, 0, Map.of());
        }

        /** "96.67% ± 2.11%": the mean ± std of the first of val_accuracy, val_mae, val_loss it has; "–" without one. */
        public String headline() {
            CrossValidation.Score sc = main();
            return sc == null ? "–" : CrossValidation.value(sc.metric(), sc.mean()) + " ± " + CrossValidation.value(sc.metric(), sc.std());
        }

        /** {@link #headline} short enough for a table's cell: "96.7 ± 2.1%", "0.123 ± 0.02 MAE", "0.112 ± 0.03 loss". */
        public String compact() {
            CrossValidation.Score sc = main();
            if (sc == null) return "–";
            if (sc.metric().endsWith("accuracy")) return String.format(java.util.Locale.ROOT, "%.1f ± %.1f%%", 100 * sc.mean(), 100 * sc.std());
            return String.format(java.util.Locale.ROOT, "%.3g ± %.2g %s", sc.mean(), sc.std(), sc.metric().endsWith("mae") ? "MAE" : "loss");
        }

        private CrossValidation.Score main() {
            for (String m : List.of("val_accuracy", "val_mae", "val_loss")) for (CrossValidation.Score sc : scores) if (sc.metric().equals(m)) return sc;
            return null;
        }
    }

    /** Keeps at most this many runs per project. */
    public static final int KEEP = 50;
    static final String FORMAT = "layerlab-runs";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    public RunLog(Path dir) {
        this.dir = dir;
    }

    /** {@code ~/.layerlab/runs}. */
    public static Path defaultDir() {
        return Path.of(System.getProperty("user.home"), ".layerlab", "runs");
    }

    /** The log of {@code project} (a project file). */
    public Path fileFor(Path project) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(key(project).getBytes(StandardCharsets.UTF_8));
            return dir.resolve(java.util.HexFormat.of().formatHex(h, 0, 10) + ".json");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String key(Path project) {
        return project.toAbsolutePath().normalize().toString();
    }

    /**
     * The runs of {@code project} as saved, oldest first; empty when it has none, or its log does not read (a log
     * claimed by another path, a broken file).
     */
    public List<Run> load(Path project) {
        Path f = fileFor(project);
        if (!Files.isRegularFile(f)) return List.of();
        try {
            return read(f, project);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The log this LayerLab writes; one of a higher version (a newer LayerLab's) is not read, and kept (see {@link #loadForWriting}). */
    static final int VERSION = 1;
    /** What an older LayerLab shows for a run that had not ended when the log was written. */
    static final String UNFINISHED_NOTE = "as an older LayerLab shows it; this one lists it as running or interrupted";

    private static List<Run> read(Path f, Path project) throws IOException {
        JsonNode root = JSON.readTree(f.toFile());
        if (!FORMAT.equals(root.path("format").asText()) || !key(project).equals(root.path("project").asText())) throw new IOException("not this project's log");
        if (root.path("version").asInt(VERSION) > VERSION) throw new IOException("version " + root.path("version") + ", from a newer LayerLab");
        List<Run> out = new ArrayList<>();
        for (JsonNode r : root.path("runs")) out.add(read(r));
        return out;
    }

    /**
     * {@link #load}, before the log is written again: a log that does not read (damaged, or from a newer LayerLab: a higher version,
     * a way of ending this one does not know) is moved aside, renamed {@code <name>.unreadable-<time>.json}, rather than written
     * over by the one run this LayerLab adds, so no history is lost.
     */
    private List<Run> loadForWriting(Path project) throws IOException {
        Path f = fileFor(project);
        if (!Files.isRegularFile(f)) return List.of();
        try {
            return read(f, project);
        } catch (IOException | RuntimeException e) {
            String name = f.getFileName().toString().replaceFirst("\\.json$", "");
            String at = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
            Files.move(f, f.resolveSibling(name + ".unreadable-" + at + ".json"));
            return List.of();
        }
    }

    /** Writes {@code runs} (the last {@link #KEEP}) as {@code project}'s log, atomically. */
    public void save(Path project, List<Run> runs) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("project", key(project));
        ArrayNode list = root.putArray("runs");
        for (Run r : runs.subList(Math.max(0, runs.size() - KEEP), runs.size())) list.add(write(r));
        Files.createDirectories(dir);
        AtomicFiles.writeString(fileFor(project), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    /**
     * Adds a run of {@code project} that trained {@code settings} ({@link #settings}) to its log: numbered after the
     * last kept, compared with it. Returns the run as kept.
     */
    public Run append(Path project, Map<String, Object> settings, List<TrainingEvent.EpochEnded> epochs, TrainingEvent.Terminal end) throws IOException {
        return append(project, settings, epochs, end, null);
    }

    /** {@link #append(Path, Map, List, TrainingEvent.Terminal)} of a cross-validation ({@code folds} non-null) or a run. */
    public Run append(Path project, Map<String, Object> settings, List<TrainingEvent.EpochEnded> epochs, TrainingEvent.Terminal end, Folds folds)
            throws IOException {
        return locked(project, () -> {
            List<Run> runs = new ArrayList<>(loadForWriting(project));
            Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            Run run = new Run(last == null ? 1 : last.number() + 1, settings, changes(last == null ? null : last.settings(), settings), epochs, end, folds);
            runs.add(run);
            save(project, runs);
            return run;
        });
    }

    /**
     * Adds a run of {@code project} that starts now to its log, before it trains an epoch, as {@link #append} adds an ended one but
     * {@linkplain Run#unfinished unfinished}: a run whose process is killed stays in the history with the epochs it
     * reached ({@link #update}). {@code epochs}: those before it (a resumed run's). Returns the run as kept.
     */
    public Run begin(Path project, Map<String, Object> settings, List<TrainingEvent.EpochEnded> epochs) throws IOException {
        return locked(project, () -> {
            List<Run> runs = new ArrayList<>(loadForWriting(project));
            Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            Run run = new Run(last == null ? 1 : last.number() + 1, settings, changes(last == null ? null : last.settings(), settings), epochs, null, null,
                    Owner.current());
            runs.add(run);
            save(project, runs);
            return run;
        });
    }

    /**
     * Writes {@code run} ({@link #begin}'s, {@linkplain Run#with brought up to date}) over its entry in {@code project}'s log,
     * atomically, leaving the runs others added meanwhile; adds it again when the log lost it (50 newer runs, a log
     * deleted).
     */
    public void update(Path project, Run run) throws IOException {
        locked(project, () -> {
            List<Run> runs = new ArrayList<>(loadForWriting(project));
            int at = -1;
            for (int i = 0; i < runs.size(); i++) if (runs.get(i).number() == run.number()) at = i;
            if (at >= 0) runs.set(at, run);
            else runs.add(run);
            save(project, runs);
            return null;
        });
    }

    /** A step that reads the log and writes it back. */
    private interface Rewrite<T> {
        T run() throws IOException;
    }

    /** Taken with the lock file's lock, for the threads of this process (the file lock is the process's). */
    private static final Object IN_PROCESS = new Object();

    /**
     * Runs {@code step}, a read of {@code project}'s log and its writing back, while no other LayerLab does the same to it:
     * the window training a project and {@code layerlab train} on it in a terminal (two students on a shared project) read
     * the same log, each added its run, and the second write dropped the first's run; both were numbered alike, and the
     * first's updates then wrote over the second's. The lock is a file's beside the log ({@code <log>.lock}), which the
     * system frees when a process ends, however it ends. A file system without locks (some network shares) goes on unlocked.
     */
    private <T> T locked(Path project, Rewrite<T> step) throws IOException {
        synchronized (IN_PROCESS) {
            Files.createDirectories(dir);
            Path lockFile = dir.resolve(fileFor(project).getFileName() + ".lock");
            try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE)) {
                try {
                    c.lock();
                } catch (IOException | UnsupportedOperationException noLocks) {
                    // as said above: unlocked
                }
                return step.run();
            }
        }
    }

    // ---- what a run trained, and what changed ----

    /** The settings' key of where a run's weights started when not fresh ("run 2's weights"); absent for fresh weights. */
    public static final String START = "start";

    /**
     * The settings' key of the fingerprint of the data files a run read ({@link layerlab.data.DataFingerprint#shortForm}): a file
     * edited since shows as "data files changed". Absent for a generated or bundled set, and in runs kept before runs started
     * in the window took it too; compared only where both runs have it.
     */
    public static final String DATA_FILES = "data files";

    /**
     * The settings' key of the CPU threads a run's kernels used: not a setting (on the CPU the numbers do not depend on it) but
     * what tells two runs apart when their timings differ. Compared only where both runs have it (older runs lack it).
     */
    public static final String THREADS = "threads";

    /**
     * The settings' key of the device a run's kernels ran on ({@code cpu}, {@code cuda:0}): what the setting {@code device}
     * ({@code auto} by default) chose on that machine, which tells two runs' timings apart as {@link #THREADS} does. Compared
     * only where both runs have it (runs kept before 2026-12-06 lack it).
     */
    public static final String RAN_ON = "ran on";

    /**
     * {@code settings} with what {@code env} says that the runs table compares ({@link #DATA_FILES}, {@link #THREADS},
     * {@link #RAN_ON}): the
     * same for a run of {@code layerlab train} and one started in the window, taken from the one {@link RunEnvironment}.
     */
    public static Map<String, Object> withEnvironment(Map<String, Object> settings, RunEnvironment env) {
        Map<String, Object> out = new LinkedHashMap<>(settings);
        if (env.data() != null) out.put(DATA_FILES, layerlab.data.DataFingerprint.shortForm(env.data()));
        if (env.threads() > 0) out.put(THREADS, env.threads());
        if (env.device() != null && !env.device().isBlank()) out.put(RAN_ON, env.device());
        return out;
    }

    /** The settings' key of a cross-validation's number of folds; absent for a run of one model on one split. */
    public static final String FOLDS = "folds";

    /** {@link #settings(Map, Map, List)} of {@code g} as drawn: its training settings, data set and layers. */
    public static Map<String, Object> settings(Graph g) {
        // Settings a run refuses are kept as written, the others as read: the run after, once they are mended, differs by them alone.
        return settings(SettingsReading.of(g.training()).asWritten(g.training()), g.dataset(), g.nodes());
    }

    /**
     * What a run was: its training settings ({@code optimizer.lr}, {@code epochs}, …; every default written out, so that
     * a default written in later is no change), its data set's ({@code dataset.augment}, …) and each layer by name
     * ({@code layer conv1} → {@code Conv2d {out_channels=32, …}}) with the frozen ones ({@code frozen conv1} → true) and the
     * initialisers set ({@code init conv1} → {@code weight kaiming_normal(mode='fan_out'), bias zeros()}), flattened, so that two runs compare key by key; the
     * values as JSON reads them back (a float as a double), so that a kept run compares with a new one value by value.
     */
    public static Map<String, Object> settings(Map<String, ?> training, Map<String, ?> dataset, List<Node> nodes) {
        Map<String, Object> out = new LinkedHashMap<>();
        flatten("", training, out);
        flatten("dataset.", dataset, out);
        for (Node n : nodes) out.put("layer " + n.name(), n.kind() + " " + n.params());
        for (Node n : nodes) if (n.frozen()) out.put("frozen " + n.name(), true);
        for (Node n : nodes) {
            if (!n.init().isEmpty()) {
                List<String> parts = new ArrayList<>();
                n.init().forEach((role, c) -> parts.add(role + " " + c));
                out.put("init " + n.name(), String.join(", ", parts));
            }
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> json = JSON.readValue(JSON.writeValueAsString(out), LinkedHashMap.class);
            return json;
        } catch (IOException | IllegalArgumentException e) {
            return out;
        }
    }

    private static void flatten(String prefix, Map<String, ?> m, Map<String, Object> out) {
        if (m == null) return;
        for (Map.Entry<String, ?> e : m.entrySet()) {
            // A training setting's options ("optimizer": {"name": "Adam", "lr": 0.001}) by their own keys; the dataset's
            // lists and objects (augment, a separate validation source) as a whole.
            if (e.getValue() instanceof Map<?, ?> inner && !prefix.startsWith("dataset")) {
                @SuppressWarnings("unchecked")
                Map<String, ?> typed = (Map<String, ?>) inner;
                flatten(prefix + e.getKey() + ".", typed, out);
            } else if (!prefix.startsWith("dataset") && e.getValue() instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof Map<?, ?>)) {
                // SequentialLR's schedulers by place and option: scheduler.schedulers[1].T_max.
                for (int i = 0; i < l.size(); i++) {
                    @SuppressWarnings("unchecked")
                    Map<String, ?> typed = (Map<String, ?>) l.get(i);
                    flatten(prefix + e.getKey() + "[" + i + "].", typed, out);
                }
            } else {
                out.put(prefix + e.getKey(), e.getValue());
            }
        }
    }

    /**
     * "optimizer.lr 0.001 → 0.01; epochs 5 → 10; dataset.augment added; conv2 changed; relu3 added; conv1 frozen; conv1 init
     * default → weight orthogonal()" — what differs
     * from {@code before} to {@code after} (numbers equal in value are equal: 5 and 5.0); "first run" without a before
     * ("first run, from part.llab after epoch 3, step 24" when it went on from somewhere).
     */
    public static String changes(Map<String, Object> before, Map<String, Object> after) {
        if (before == null || before.isEmpty()) return after.get(START) != null ? "first run, from " + after.get(START) : "first run";
        List<String> out = new ArrayList<>();
        List<String> layers = new ArrayList<>();
        List<String> ordered = new ArrayList<>(after.keySet());
        for (String k : before.keySet()) if (!after.containsKey(k)) ordered.add(k);
        for (String k : ordered) {
            Object a = before.get(k), b = after.get(k);
            if (JsonValues.same(a, b) || (k.equals(DATA_FILES) || k.equals(THREADS) || k.equals(RAN_ON)) && (a == null || b == null)) continue;
            boolean layer = k.startsWith("layer "), frozen = k.startsWith("frozen "), init = k.startsWith("init ");
            String name = layer ? k.substring("layer ".length()) : frozen ? k.substring("frozen ".length())
                    : init ? k.substring("init ".length()) : k;
            String what = frozen ? name + (b == null ? " unfrozen" : " frozen")
                    : init ? name + " init " + (a == null ? "default" : a) + " → " + (b == null ? "default" : b)
                    : k.equals(START) ? (b == null ? "fresh weights" : "from " + b)
                    : k.equals(FOLDS) ? (b == null ? "one split" : JsonValues.show(b) + "-fold cross-validation")
                    : k.equals(DATA_FILES) ? "data files changed (" + a + " → " + b + ")"
                    : a == null ? name + " added" + (layer ? "" : " (" + JsonValues.show(b) + ")")
                    : b == null ? name + " removed"
                    : layer ? name + " changed" : name + " " + JsonValues.show(a) + " → " + JsonValues.show(b);
            (layer || frozen || init ? layers : out).add(what);
        }
        out.addAll(layers);
        return out.isEmpty() ? "the same settings" : String.join("; ", out);
    }

    /**
     * The settings on which {@code runs} (each a run's {@link #settings}) differ, as the runs table's comparison shows them side
     * by side: each with its value in every run as a person reads it ({@code –} where a run has none), training settings and
     * the data set first, then layers, frozen layers and initialisers, each in the order first met. What tells runs apart
     * without being a setting ({@link #DATA_FILES}, {@link #THREADS}, {@link #RAN_ON}) is compared, as {@link #changes} does,
     * only among runs that have it; a layer shows as its kind and params.
     */
    public static Map<String, List<String>> differing(List<Map<String, Object>> runs) {
        List<String> keys = new ArrayList<>(), layers = new ArrayList<>();
        for (Map<String, Object> r : runs) {
            for (String k : r.keySet()) {
                List<String> to = k.startsWith("layer ") || k.startsWith("frozen ") || k.startsWith("init ") ? layers : keys;
                if (!to.contains(k)) to.add(k);
            }
        }
        keys.addAll(layers);
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String k : keys) {
            boolean environment = k.equals(DATA_FILES) || k.equals(THREADS) || k.equals(RAN_ON);
            List<Object> values = new ArrayList<>();
            for (Map<String, Object> r : runs) if (!environment || r.get(k) != null) values.add(r.get(k));
            boolean alike = true;
            for (Object v : values) alike &= JsonValues.same(values.get(0), v);
            if (alike) continue;
            List<String> shown = new ArrayList<>();
            for (Map<String, Object> r : runs) shown.add(r.get(k) == null ? "–" : JsonValues.show(r.get(k)));
            out.put(k, shown);
        }
        return out;
    }

    // ---- the file ----

    private static ObjectNode write(Run r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("number", r.number());
        o.set("settings", JSON.valueToTree(r.settings()));
        o.put("changes", r.changes());
        ArrayNode epochs = o.putArray("epochs");
        for (TrainingEvent.EpochEnded e : r.epochs()) {
            ObjectNode x = epochs.addObject();
            x.put("epoch", e.epoch());
            x.set("metrics", metrics(e.metrics()));
            x.put("partial", e.partial());
        }
        if (r.end() instanceof TrainingEvent.RunFinished f) {
            ObjectNode x = o.putObject("finished");
            x.put("reason", f.reason().name());
            x.put("epochs", f.epochs());
            x.put("steps", f.steps());
            x.set("metrics", metrics(f.metrics()));
            x.put("seconds", f.seconds());
            x.put("restored_epoch", f.restoredEpoch());
            x.set("restored", metrics(f.restored()));
        } else if (r.end() instanceof TrainingEvent.RunFailed f) {
            ObjectNode x = o.putObject("failed");
            x.put("message", f.message());
            x.put("node", f.node());
            x.put("step", f.step());
            x.put("hint", f.hint());
        } else {
            ObjectNode u = o.putObject("unfinished");
            if (r.owner() != null) u.put("pid", r.owner().pid()).put("started", r.owner().started());
            // LayerLab before "unfinished" (e655f20f and older) reads a run that has neither "finished" nor "failed" as a broken
            // log, and its next run wrote over the whole history; to it, this run reads as failed. This reader looks at
            // "unfinished" first.
            o.putObject("failed").put("message", "not ended: still training, or interrupted (" + UNFINISHED_NOTE + ")").put("step", 0);
        }
        if (r.folds() != null) {
            ObjectNode x = o.putObject("cross_validation");
            x.put("folds", r.folds().k());
            x.put("done", r.folds().done());
            ArrayNode scores = x.putArray("scores");
            for (CrossValidation.Score sc : r.folds().scores()) {
                if (!Double.isFinite(sc.mean()) || !Double.isFinite(sc.std())) continue;
                scores.addObject().put("metric", sc.metric()).put("mean", sc.mean()).put("std", sc.std());
            }
        }
        return o;
    }

    /** Finite metrics only (JSON has no NaN). */
    private static ObjectNode metrics(Map<String, Double> m) {
        ObjectNode o = JSON.createObjectNode();
        m.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) o.put(k, v);
        });
        return o;
    }

    private static Run read(JsonNode r) throws IOException {
        if (!r.path("number").canConvertToInt()) throw new IOException("a run without a number");
        List<TrainingEvent.EpochEnded> epochs = new ArrayList<>();
        for (JsonNode e : r.path("epochs")) epochs.add(new TrainingEvent.EpochEnded(e.path("epoch").asInt(), readMetrics(e.path("metrics")), e.path("partial").asBoolean()));
        JsonNode f = r.path("finished"), x = r.path("failed"), u = r.path("unfinished");
        TrainingEvent.Terminal end = null;
        Owner owner = null;
        if (u.isObject()) {
            if (u.path("pid").canConvertToLong()) owner = new Owner(u.path("pid").asLong(), u.path("started").asLong());
        } else if (f.isObject()) {
            end = new TrainingEvent.RunFinished(TrainingEvent.Reason.valueOf(f.path("reason").asText()), f.path("epochs").asInt(), f.path("steps").asLong(),
                    readMetrics(f.path("metrics")), f.path("seconds").asDouble(), f.path("restored_epoch").asInt(), readMetrics(f.path("restored")));
        } else if (x.isObject()) {
            end = new TrainingEvent.RunFailed(x.path("message").asText(""), text(x.path("node")), x.path("step").asLong(), text(x.path("hint")));
        } else {
            throw new IOException("a run without its end");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = r.path("settings").isObject() ? JSON.convertValue(r.path("settings"), LinkedHashMap.class) : Map.of();
        JsonNode cv = r.path("cross_validation");
        Folds folds = null;
        if (cv.isObject()) {
            List<CrossValidation.Score> scores = new ArrayList<>();
            for (JsonNode sc : cv.path("scores")) scores.add(new CrossValidation.Score(sc.path("metric").asText(), sc.path("mean").asDouble(), sc.path("std").asDouble()));
            folds = new Folds(cv.path("folds").asInt(), cv.path("done").asInt(), scores);
        }
        return new Run(r.path("number").asInt(), settings, r.path("changes").asText(""), epochs, end, folds, owner);
    }

    private static Map<String, Double> readMetrics(JsonNode m) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.fields().forEachRemaining(e -> {
            if (e.getValue().isNumber()) out.put(e.getKey(), e.getValue().asDouble());
        });
        return out;
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }
}
