package layerlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import layerlab.backend.Backends;
import layerlab.data.DataFingerprint;
import layerlab.data.DataSplit;
import layerlab.data.NaiveForecast;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.analysis.Analysis;
import layerlab.io.ModelBundle;
import layerlab.io.Safetensors;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;
import layerlab.train.Checkpoints;
import layerlab.train.CrossValidation;
import layerlab.train.Diagnosis;
import layerlab.train.OptimizerFactory;
import layerlab.train.RunEnvironment;
import layerlab.train.RunLog;
import layerlab.train.Trainer;
import layerlab.train.TrainingState;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerlab train PROJECT}: trains a project with its "dataset" and "training" settings, overridden by the
 * options; prints progress, and saves weights, a bundle and a metrics log when asked. Exit code 0 when the run
 * finishes (completed, early-stopped or at its step limit), 1 when it fails (NaN, …), 2 for bad input.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a project on its data set (settings from the project's \"dataset\" and \"training\", options override them).")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PROJECT", description = "the project file (.json)")
    Path project;

    @Option(names = "--epochs", paramLabel = "N", description = "passes over the training set")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "X", description = "learning rate of the optimizer (default: the project's)")
    Double lr;

    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--init-weights", paramLabel = "FILE", description = "start from these weights (.safetensors, or a bundle's .llab) instead of a fresh initialisation")
    Path initWeights;

    @Option(names = "--partial-init", description = "with --init-weights: load the tensors that fit the model (same name and shape) and start "
            + "the others fresh, to fine-tune a trained model whose head was replaced (PyTorch's load_state_dict(strict=False))")
    boolean partialInit;

    @Option(names = "--freeze", paramLabel = "NODES", split = ",", description = "keep these layers' weights as they are while the rest trains "
            + "(node names, comma-separated; PyTorch's requires_grad_(False)); adds to the layers the project freezes")
    List<String> freeze = List.of();

    @Option(names = "--unfreeze", paramLabel = "NODES", split = ",", description = "train these layers the project freezes (node names, or all)")
    List<String> unfreeze = List.of();

    @Option(names = "--no-shuffle", description = "visit the training samples in order")
    boolean noShuffle;

    @Option(names = "--save-weights", paramLabel = "FILE", description = "write the trained weights (.safetensors)")
    Path saveWeights;

    @Option(names = "--save-bundle", paramLabel = "FILE", description = "write the trained model as a bundle (.llab): graph, weights, config, metrics, normalization")
    Path saveBundle;

    @Option(names = "--metrics", paramLabel = "FILE", description = "write a JSON line per batch and per epoch (.jsonl)")
    Path metrics;

    @Option(names = "--steps", paramLabel = "N", description = "stop after N optimizer steps")
    Long steps;

    @Option(names = "--max-time", paramLabel = "TIME", converter = TimeLimit.class, description = "stop after this much training "
            + "(90s, 5m, 1.5h; a number alone is seconds), as Lightning's max_time: the epoch in progress is validated and the run ends as "
            + "at --steps, its weights saved when asked")
    java.time.Duration maxTime;

    @Option(names = "--resume", paramLabel = "FILE", description = "go on from a bundle (.llab) a run wrote with --save-bundle (at its end, at a "
            + "checkpoint, or when stopped with Ctrl-C) as if it had never stopped: its weights, the optimiser's and the scheduler's state, its place "
            + "in the data; with the bundle's training settings, --epochs the total; writes the bundle back unless --save-bundle names another")
    Path resume;

    @Option(names = {"-q", "--quiet"}, description = "no progress: neither the status line nor a line per epoch (for a log: the run's end, "
            + "the files written, notes and errors are still said)")
    boolean quiet;

    @Option(names = "--folds", paramLabel = "K", description = "K-fold cross-validation instead of one run: train K fresh models, each "
            + "validated on one fold of the data set (in place of validation_split), and print each fold's and their mean and standard deviation")
    Integer folds;

    /**
     * How the run went, for a command that trains many projects through this one ({@link GradeCommand}): the model's
     * parameters once the project is read (-1 before), how the run ended (null when it never started: bad input, a graph
     * error), its epochs' metrics, whether {@code --max-time} ended it, and its doctor (null before the run starts), made with
     * {@code --quiet} too, so that a grade's or a sweep's row has the findings train's {@code advice:} lines say.
     */
    long params = -1;
    String name;
    TrainingEvent.Terminal end;
    List<TrainingEvent.EpochEnded> history = List.of();
    volatile boolean timedOut;
    Diagnosis diagnosis;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return CliSupport.guarded(err, "train", () -> loaded, this::train);
    }

    /** The project file once it has been read: what goes wrong after that is said of it. */
    private Path loaded;

    private int train() throws Exception {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        CliSupport.checkDevice(run.device);
        run.applyThreads();
        Graph graph = freezing(CliSupport.loadProject(project));
        loaded = project;
        params = Analysis.of(graph).totalParams();
        name = graph.name();
        // The project's own errors first, as check says them: opening the data set (a download, a folder of pictures) is no use.
        if (CliSupport.graphErrors(project, graph, err)) return CliSupport.FAILED;
        Map<String, Object> dataset = run.dataset(project, graph);
        TrainingState from = resume == null ? null : checkpoint();
        TrainingConfig config = from != null ? resumedConfig(from) : RunOptions.config(project, graph, trainingSettings(graph.training()), given());
        if (from != null) restartingCosine(config).ifPresent(note -> err.println("layerlab train: note: " + note));
        if (from != null) projectSettingsKept(graph, from).ifPresent(note -> err.println("layerlab train: note: " + note));
        if (from == null && run.optimizerNote(graph.training()) != null) err.println("layerlab train: note: " + run.optimizerNote(graph.training()));
        if (steps != null && steps < 1) throw new CliSupport.BadInput("--steps must be at least 1, got " + steps);
        if (maxTime != null && folds != null) throw new CliSupport.BadInput("--max-time goes with one run, not with --folds");
        if (partialInit && initWeights == null) throw new CliSupport.BadInput("--partial-init goes with --init-weights FILE");
        if (folds == null) checkOutputs();
        if (folds != null) return crossValidate(graph, dataset, config, out, err);
        DataSplit split = run.open(project, dataset, quiet ? null : err);
        // Before the model meets the data: when they do not fit, what was read (its classes, a column left out) tells why.
        out.println("data: " + split.description());
        String lbfgs = OptimizerFactory.lbfgsBatchNote(config, split.train().size());
        if (lbfgs != null) err.println("layerlab train: note: " + lbfgs);
        Trainer trainer = new Trainer(graph, config, split.train(), split.validation());
        // Several Inputs take each sample's values in turn, in their drawing's order: say which columns each one takes.
        String mapping = trainer.evaluator().feeds().describeMapping(split.train().featureNames());
        if (mapping != null) out.println(mapping);
        if (from != null) {
            try {
                trainer.resumeFrom(from);
            } catch (IllegalArgumentException e) {
                throw new CliSupport.BadInput("cannot go on from " + resume + ": " + e.getMessage());
            }
            if (saveBundle == null) saveBundle = resume;
            out.printf(Locale.ROOT, "resuming %s: %s (%d epochs in all)%n", resume, from.describe(), config.epochs());
        }
        if (initWeights != null) {
            Map<String, Tensor> w = initialWeights();
            String nonFinite = Safetensors.nonFinite(w);
            if (nonFinite != null) err.println("layerlab train: note: " + initWeights.getFileName() + ": " + nonFinite);
            try {
                if (partialInit) {
                    String fresh = trainer.loadWeightsThatFit(w).freshLayers("not in the file");
                    out.println("weights: from " + initWeights + (fresh.isEmpty() ? "" : "; fresh: " + fresh));
                } else {
                    trainer.loadWeights(w);
                }
            } catch (IllegalArgumentException e) {
                throw new CliSupport.BadInput(initWeights + " does not fit the model: " + e.getMessage()
                        + (partialInit ? "" : " (--partial-init loads the tensors that fit and starts the others fresh)"));
            }
        }
        List<String> frozen = Trainer.frozenLayers(graph);
        if (!frozen.isEmpty()) {
            long all = trainer.model().parameterCount(), kept = all - trainer.model().trainableParameterCount();
            out.printf(Locale.ROOT, "frozen: %s (%,d of %,d parameters keep their values)%n", String.join(", ", frozen), kept, all);
        }
        if (steps != null) trainer.setMaxSteps(steps);
        if (maxTime != null) trainer.setMaxTime(maxTime);
        // What besides the settings decides the numbers, kept in the bundle, the metrics log and the runs table.
        RunEnvironment environment = RunEnvironment.current(trainer.device().toString(), config.seed(), dataset, CliSupport.baseDir(project));
        if (from != null) goingOnElsewhere(environment).forEach(note -> err.println("layerlab train: note: " + note));
        if (config.checkpointEvery() > 0) {
            if (saveBundle != null) trainer.setCheckpointer(goingOn(Checkpoints.toBundle(saveBundle, graph, dataset, split.normalization(), environment.toMap()), err));
            else if (saveWeights != null) trainer.setCheckpointer(goingOn(Checkpoints.toWeights(saveWeights), err));
            else err.println("layerlab train: note: checkpoint_every is set but neither --save-bundle nor --save-weights names a file to write");
        }
        if (config.device().trim().equalsIgnoreCase("auto") && trainer.device().kind() == Device.Kind.CPU) {
            // "auto" falls back without failing; say why, since a user with a GPU expected it to be used.
            var cuda = Backends.availability(Device.Kind.CUDA);
            if (!cuda.available()) out.println("device: auto chose the CPU; CUDA is unavailable: " + cuda.detail());
        }
        if (!quiet) trainer.addListener(new ProgressPrinter(out, CliSupport.terminal(), steps == null ? Long.MAX_VALUE : steps));
        diagnosis = new Diagnosis(trainer, split.train());
        trainer.addListener(diagnosis);
        List<TrainingEvent.EpochEnded> epochs = new java.util.concurrent.CopyOnWriteArrayList<>();
        history = epochs;
        // A resumed run's row holds the epochs before it too, as the window's Go On row does.
        if (from != null) for (Map<String, Object> h : from.history()) epochs.add(TrainingEvent.EpochEnded.of(h));
        trainer.addListener(e -> {
            if (e instanceof TrainingEvent.EpochEnded ep) epochs.add(ep);
        });
        MetricsLog log = metrics == null ? null : new MetricsLog(metrics, err);
        if (log != null) {
            log.started(environment);
            trainer.addListener(log);
        }
        Map<String, Object> settings = RunLog.withEnvironment(RunLog.settings(config.toMap(), dataset, graph.nodes()), environment);
        if (from != null) settings.put(RunLog.START, resume.getFileName() + " " + from.describe());
        // In the runs history from its start, so that a run killed (kill -9, a power cut) is there too, as interrupted.
        KeptRun kept = keptInLog() ? new KeptRun(new RunLog(RunLog.defaultDir()), project, settings, epochs, err) : null;
        if (kept != null) trainer.addListener(kept);
        // Ctrl-C stops the run between batches; the hook waits until what was asked for is saved.
        CountDownLatch finished = new CountDownLatch(1);
        Thread onCtrlC = new Thread(() -> {
            trainer.stop();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "layerlab-train-interrupt");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            try {
                end = trainer.run();
                timedOut = trainer.ranOutOfTime();
            } catch (RuntimeException | Error e) {
                // Out of memory, say: the run did not just vanish (CliSupport.guarded says why).
                if (kept != null) kept.end(new TrainingEvent.RunFailed(String.valueOf(e.getMessage() != null ? e.getMessage() : e), null, 0, null));
                throw e;
            }
            if (log != null) log.close();
            if (kept != null) kept.end(end);
            if (end instanceof TrainingEvent.RunFailed f) {
                err.println("layerlab train: " + project + ": training failed: " + f.describe());
                return CliSupport.FAILED;
            }
            TrainingEvent.RunFinished f = (TrainingEvent.RunFinished) end;
            String how = switch (f.reason()) {
                case COMPLETED -> trainer.ranOutOfTime() ? "stopped at the time limit (--max-time " + TimeLimit.show(maxTime) + ")" : "finished";
                case STOPPED -> StopSignal.received() ? "stopped (" + StopSignal.said() + ")" : "stopped";
                case EARLY_STOPPED -> "stopped early";
            };
            out.printf(Locale.ROOT, "%s after %d epoch%s, %d step%s, %.1f s%s%n", how, f.epochs(), f.epochs() == 1 ? "" : "s", f.steps(), f.steps() == 1 ? "" : "s", f.seconds(),
                    f.metrics().isEmpty() ? "" : ": " + ProgressPrinter.metrics(withoutTiming(f.metrics())));
            TrainingState state = trainer.resumeState();
            boolean unfinished = state != null && (state.midEpoch() || state.epochs() < config.epochs()) && f.reason() != TrainingEvent.Reason.EARLY_STOPPED;
            if (f.restoredEpoch() > 0) {
                out.printf(Locale.ROOT, "kept the weights of epoch %d, the best (restore_best): %s%n", f.restoredEpoch(),
                        ProgressPrinter.metrics(withoutTiming(f.restored())));
            }
            naiveForecast(dataset, project, split, f.restoredEpoch() > 0 ? f.restored() : f.metrics(), out);
            if (!quiet) diagnosis.findings().forEach(d -> out.println("advice: " + advice(d, project)));
            boolean saved = true;
            if (saveWeights != null) {
                saved = saveOrRescue("weights", saveWeights, file -> Checkpoints.saveWeights(trainer, file), "", out, err) != null;
            }
            if (saveBundle != null) {
                ModelBundle bundle = Checkpoints.bundle(trainer, graph, dataset, split.normalization());
                Path wrote = saveOrRescue("model", saveBundle, file -> ModelBundle.save(file, bundle, environment.toMap()), unfinished ? " (" + state.describe() + ")" : "", out, err);
                if (wrote != null && unfinished) out.println("to go on: " + CliSupport.program() + " train " + CliSupport.shellWord(project) + " --resume " + CliSupport.shellWord(wrote));
                saved &= wrote == saveBundle;
            }
            return saved ? CliSupport.OK : CliSupport.FAILED;
        } finally {
            if (log != null) log.close();
            finished.countDown();
            removeHook(onCtrlC);
            out.flush();
        }
    }

    /** Which of {@code k} folds found a finding, and whose numbers it gives: "all 5 folds", "folds 2, 4 of 5; fold 2's numbers". */
    static String foldsText(List<Integer> found, int k) {
        if (found.size() == k) return "all " + k + " folds; fold 1's numbers";
        String which = found.size() == 1 ? "fold " + found.get(0) + " of " + k + " only"
                : "folds " + String.join(", ", found.stream().map(String::valueOf).toList()) + " of " + k;
        return which + (found.size() == 1 ? "" : "; fold " + found.get(0) + "'s numbers");
    }

    /** A finding as the command line says it: the range test as the command that runs it on {@code project}. */
    static String advice(Diagnosis.Finding finding, Path project) {
        return finding.toString("`" + CliSupport.program() + " lr-find " + CliSupport.shellWord(project) + "`");
    }

    /**
     * {@code checkpoints} whose failure (the disk filled up) is a note, not the end of the run: a checkpoint guards the work,
     * and ending the run for it threw away every epoch since the last one written. The file keeps the last checkpoint that
     * was written; the run's end saves again (and elsewhere, when it must: {@link #saveOrRescue}).
     */
    static Trainer.Checkpointer goingOn(Trainer.Checkpointer checkpoints, PrintWriter err) {
        return (trainer, epoch) -> {
            try {
                checkpoints.save(trainer, epoch);
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                err.println("layerlab train: note: cannot write the checkpoint after epoch " + epoch + " (" + layerlab.io.AtomicFiles.reason(e) + "); training goes on");
                err.flush();
            }
        };
    }

    /**
     * Saves what the run made to {@code target} and says so; when that fails at the run's end (the disk filled up, the folder
     * went away), the work is not thrown away: it goes to the system's temporary folder and stderr says where. Returns the
     * file written, or null after saying that neither could be.
     */
    static Path saveOrRescue(String what, Path target, layerlab.io.IOConsumer<Path> save, String note, PrintWriter out, PrintWriter err) {
        try {
            save.accept(target);
            out.println("wrote " + target + note);
            return target;
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            String why = layerlab.io.AtomicFiles.reason(e);
            String name = target.getFileName() == null ? what : target.getFileName().toString();
            Path rescue = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath()
                    .resolve("layerlab-rescued-" + System.currentTimeMillis() + "-" + name);
            try {
                save.accept(rescue);
                err.println("layerlab train: cannot write " + target + " (" + why + "); the trained " + what + (what.endsWith("s") ? " are" : " is") + " saved in " + rescue + " instead");
                return rescue;
            } catch (java.io.IOException | java.io.UncheckedIOException again) {
                err.println("layerlab train: cannot write " + target + " (" + why + "), nor " + rescue + " (" + layerlab.io.AtomicFiles.reason(again) + "): the trained "
                        + what + (what.endsWith("s") ? " are" : " is") + " not saved");
                return null;
            }
        }
    }

    /** The files the run will write, checked before it trains: a run's end is no time to find that one cannot be written. */
    private void checkOutputs() throws java.io.IOException {
        CliSupport.output("--save-weights", saveWeights, project, initWeights, resume);
        // --resume's bundle is written back unless --save-bundle names another: that one is meant.
        CliSupport.output("--save-bundle", saveBundle != null ? saveBundle : resume, project, initWeights);
        CliSupport.output("--metrics", metrics, project, initWeights, resume, saveWeights, saveBundle);
        if (saveWeights != null && saveBundle != null && CliSupport.sameFile(saveWeights, saveBundle)) {
            throw new CliSupport.BadInput("--save-weights and --save-bundle name the same file, " + saveBundle + ": give each its own");
        }
    }

    /** {@code --init-weights}: a safetensors file's tensors, or a bundle's weights. */
    private Map<String, Tensor> initialWeights() throws java.io.IOException {
        if (CliSupport.isBundle(initWeights)) return ModelBundle.load(initWeights).weights();
        return Safetensors.load(initWeights).tensors();
    }

    /** {@code --resume}'s training state, refused when the file has none or an option would change what the run was. */
    private TrainingState checkpoint() throws java.io.IOException {
        List<String> clash = new ArrayList<>();
        if (lr != null) clash.add("--lr");
        if (run.optimizer != null) clash.add("--optimizer");
        if (run.batchSize != null) clash.add("--batch-size");
        if (run.seed != null) clash.add("--seed");
        if (noShuffle) clash.add("--no-shuffle");
        if (initWeights != null) clash.add("--init-weights");
        if (folds != null) clash.add("--folds");
        if (!clash.isEmpty()) {
            throw new CliSupport.BadInput(String.join(", ", clash) + (clash.size() == 1 ? " does" : " do") + " not go with --resume: a resumed run goes on "
                    + "with the settings it was trained with (--epochs and --device may change); to train anew from its weights, give it to "
                    + "--init-weights instead");
        }
        ModelBundle b = ModelBundle.load(resume);
        if (b.resume() == null) {
            throw new CliSupport.BadInput(resume + " holds a trained model but not where its run stood (bundles from before resuming existed, or "
                    + "handed on without it): start a new run from its weights instead (--init-weights)");
        }
        return TrainingState.fromBundle(b.resume(), b.weights(), String.valueOf(resume.getFileName()));
    }

    /**
     * Why the run going on from {@link #resume} may not end as the run it continues would have, had it not stopped: its data
     * files changed since (their fingerprints differ), or it goes on under another LayerLab, Java, processor or device than
     * the bundle records; empty when nothing says so (a bundle from before the record was kept says nothing).
     */
    private List<String> goingOnElsewhere(RunEnvironment now) throws java.io.IOException {
        if (!(ModelBundle.manifest(resume).get("run") instanceof Map<?, ?> m)) return List.of();
        RunEnvironment then = RunEnvironment.fromMap(m);
        List<String> out = new ArrayList<>();
        if (then.data() != null && now.data() != null && !then.data().equals(now.data())) {
            out.add("the data files changed since " + resume.getFileName() + " was written (" + DataFingerprint.shortForm(then.data()) + " then, "
                    + DataFingerprint.shortForm(now.data()) + " now): the run goes on with the data as it is now, so it will not end as one "
                    + "uninterrupted run on the old data would have");
        }
        List<String> env = then.differencesFrom(now);
        if (!env.isEmpty()) {
            out.add("this run goes on under another " + String.join(", ", env) + ": its numbers may part from an uninterrupted run's in the last digits");
        }
        return out;
    }

    /**
     * The project's training settings where they differ from the run {@link #resume} goes on with, which keeps its own: an
     * edited scheduler.metric, lr or scheduler went unused without a word. Empty when they are the same, or do not read.
     */
    private java.util.Optional<String> projectSettingsKept(Graph graph, TrainingState from) {
        List<String> differ;
        try {
            // With the run's epochs: a default drawn from them (CosineAnnealingLR's T_max) is no edit of the project's.
            Map<String, Object> t = run.training(graph.training());
            t.put("epochs", from.config().get("epochs"));
            differ = from.differences(TrainingConfig.fromMap(t).toMap());
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
        if (differ.isEmpty()) return java.util.Optional.empty();
        return java.util.Optional.of(project.getFileName() + "'s training settings are not the ones " + resume.getFileName() + "'s run goes on with, "
                + "which it keeps: " + String.join(", ", differ) + "; to train with the project's, start a fresh run (without --resume)");
    }

    /** The checkpoint's settings, with --epochs (the total, counted from the run's start) and --device. */
    private TrainingConfig resumedConfig(TrainingState from) {
        Map<String, Object> t = new LinkedHashMap<>(from.config());
        if (epochs != null) t.put("epochs", epochs);
        if (run.device != null) t.put("device", run.device);
        if (!from.midEpoch() && ((Number) t.get("epochs")).intValue() <= from.epochs()) {
            throw new CliSupport.BadInput(resume + " has trained all " + from.epochs() + " epochs its run asked for: give --epochs N (more than "
                    + from.epochs() + ") to train on");
        }
        try {
            return TrainingConfig.fromMap(t);
        } catch (IllegalArgumentException e) {
            throw new CliSupport.BadInput(resume + ": its training settings: " + e.getMessage());
        }
    }

    /**
     * Going on past a cosine schedule's end: PyTorch's CosineAnnealingLR, past T_max, climbs back to the rate and falls again
     * (the rate is eta_min at T_max, 3·T_max, …), which the run goes on with as if it had never stopped; a run of more epochs
     * on one curve starts afresh. Empty when the schedule is not such, or spans the epochs asked for.
     */
    private java.util.Optional<String> restartingCosine(TrainingConfig config) {
        TrainingConfig.Component s = config.scheduler();
        if (s == null || !s.name().equals("CosineAnnealingLR") || !(s.params().get("T_max") instanceof Number t) || t.intValue() >= config.epochs())
            return java.util.Optional.empty();
        return java.util.Optional.of(resume.getFileName() + "'s run anneals the rate by CosineAnnealingLR over T_max " + t.intValue() + " epoch"
                + (t.intValue() == 1 ? "" : "s") + "; going on to " + config.epochs() + ", the rate climbs back and falls again, as PyTorch's does"
                + " past T_max (eta_min at epoch " + t.intValue() + ", " + 3 * t.intValue() + ", …); for one curve over " + config.epochs()
                + " epochs, train afresh: " + CliSupport.program() + " train " + CliSupport.shellWord(project) + " --epochs " + config.epochs());
    }

    /** The project with {@code --freeze} and {@code --unfreeze} applied; a name that is not a layer with weights is refused. */
    private Graph freezing(Graph g) {
        Set<String> thaw = new LinkedHashSet<>(unfreeze);
        if (thaw.remove("all")) for (var n : g.nodes()) if (n.frozen()) g = g.setFrozen(n.id(), false).after();
        for (String name : thaw) g = g.setFrozen(layerWithWeights(g, name, "--unfreeze"), false).after();
        for (String name : freeze) g = g.setFrozen(layerWithWeights(g, name, "--freeze"), true).after();
        return g;
    }

    private static String layerWithWeights(Graph g, String name, String option) {
        var n = g.nodeByName(name.trim());
        List<String> weighted = weighted(g);
        if (n == null) {
            throw new CliSupport.BadInput(option + ": no node is named \"" + name + "\"; layers with weights: " + String.join(", ", weighted));
        }
        if (!weighted.contains(n.name())) {
            throw new CliSupport.BadInput(option + ": " + n.name() + " (" + n.kind() + ") has no weights; layers with weights: " + String.join(", ", weighted));
        }
        return n.id();
    }

    private static List<String> weighted(Graph g) {
        Analysis a = Analysis.of(g);
        return g.nodes().stream().filter(n -> a.info(n.id()).params() > 0).map(Node::name).toList();
    }

    /** A time series' yardstick beside the validation MAE just printed: the last value of each validation window as its forecast. */
    private static void naiveForecast(Map<String, Object> dataset, Path project, DataSplit split, Map<String, ?> metrics, PrintWriter out) {
        if (split.validation() == null || !(metrics.get("val_mae") instanceof Number mae)) return;
        NaiveForecast naive = NaiveForecast.forSeries(dataset, CliSupport.baseDir(project), split.validation(), split.normalization());
        if (naive != null) out.println("validation: " + naive.describe(mae.doubleValue()));
    }

    /**
     * {@code --folds K}: K runs, each a fresh model on all folds but one and validated on that one, then the validation
     * metrics' mean and (population) standard deviation over the folds, as {@code scores.mean()} and {@code scores.std()}
     * of scikit-learn's {@code cross_val_score} give them. Measures a design; keeps no model.
     */
    private int crossValidate(Graph graph, Map<String, Object> dataset, TrainingConfig config, PrintWriter out, PrintWriter err) throws Exception {
        if (folds < 2) throw new CliSupport.BadInput("--folds must be at least 2, got " + folds);
        if (saveWeights != null || saveBundle != null || metrics != null)
            throw new CliSupport.BadInput("--folds measures the design on " + folds + " models and keeps none; train without --folds to save one "
                    + "(--save-weights, --save-bundle, --metrics)");
        Map<String, Tensor> init = initWeights == null ? null : initialWeights();
        String note = CrossValidation.note(config, dataset);
        if (note != null) out.println("note: " + note);
        CrossValidation.Result r;
        String[] ranOn = {config.device()};
        // Each fold's doctor; what they found is said once, after the scores, naming the folds that found it.
        List<Diagnosis> doctors = new ArrayList<>();
        try {
            boolean[] described = {false};
            r = CrossValidation.run(graph, config, dataset, CliSupport.baseDir(project), folds, (t, data) -> {
                Diagnosis doctor = new Diagnosis(t, data.train());
                t.addListener(doctor);
                doctors.add(doctor);
                ranOn[0] = t.device().toString(); // what "auto" chose, as a run of one model records it
                if (!described[0]) { // the data as the first fold sees it
                    out.println("data: " + data.description() + " (fold 1 of " + folds + ")");
                    described[0] = true;
                }
                if (init != null && partialInit) t.loadWeightsThatFit(init);
                else if (init != null) t.loadWeights(init);
                if (steps != null) t.setMaxSteps(steps);
            }, f -> {
                out.printf(Locale.ROOT, "fold %d/%d: %d for training, %s%d for validation, %d epoch%s: %s  (%.1f s)%n", f.index() + 1, folds, f.trainSize(),
                        f.stoppingSize() > 0 ? f.stoppingSize() + " to stop early, " : "", f.validationSize(), f.epochs(), f.epochs() == 1 ? "" : "s",
                        ProgressPrinter.metrics(f.metrics()), f.seconds());
                out.flush();
            }, () -> false);
        } catch (IllegalArgumentException e) {
            throw run.badData(project, e);
        }
        Map<String, Object> settings = RunLog.withEnvironment(RunLog.settings(config.toMap(), dataset, graph.nodes()),
                RunEnvironment.current(ranOn[0], config.seed(), dataset, CliSupport.baseDir(project)));
        settings.put(RunLog.FOLDS, folds);
        keep(settings, List.of(), RunLog.Folds.end(r), RunLog.Folds.of(r), err);
        if (r.failure() != null) {
            err.println("layerlab train: " + project + ": training failed in " + r.failure());
            return CliSupport.FAILED;
        }
        out.println(folds + "-fold cross-validation: " + CrossValidation.describe(r.scores()) + "  (mean ± standard deviation over the folds)");
        long[][] pooled = r.pooled();
        if (pooled != null) {
            java.util.List<String> names = pooled.length == r.classes().size() ? r.classes() : java.util.List.of();
            out.println("every sample as the model that did not train on it predicts it (rows: true class, columns: predicted class):");
            out.print(layerlab.train.Metrics.confusionText(pooled, names));
            out.println();
            out.println("per class, over the folds' predictions (as scikit-learn's classification_report of cross_val_predict):");
            out.print(layerlab.train.ClassReport.of(pooled, names).text(2));
        }
        // With several targets, each classifier head's own, titled by its loss node as eval titles a head.
        r.pooledHeads().forEach((head, m) -> {
            java.util.List<String> names = r.headClasses().getOrDefault(head, java.util.List.of());
            if (names.size() != m.length) names = java.util.List.of();
            out.println();
            out.println("head " + head + ": every sample as the model that did not train on it predicts it (rows: true class, columns: predicted class):");
            out.print(layerlab.train.Metrics.confusionText(m, names));
            out.println();
            out.println("head " + head + " per class, over the folds' predictions (as scikit-learn's classification_report of cross_val_predict):");
            out.print(layerlab.train.ClassReport.of(m, names).text(2));
        });
        if (!quiet) { // last, as after one run
            for (Diagnosis.AcrossFolds a : Diagnosis.acrossFolds(doctors.stream().map(Diagnosis::findings).toList()))
                out.println("advice (" + foldsText(a.folds(), folds) + "): " + advice(a.finding(), project));
        }
        return CliSupport.OK;
    }

    /**
     * Adds the run (or cross-validation, {@code cv}) to the project's {@link RunLog}, so that the window's runs table lists it
     * beside the runs made there;
     * a log that cannot be written is a note, not a failure.
     */
    private void keep(Map<String, Object> settings, List<TrainingEvent.EpochEnded> epochs, TrainingEvent.Terminal end, RunLog.Folds cv,
                      PrintWriter err) {
        if (!keptInLog()) return;
        try {
            new RunLog(RunLog.defaultDir()).append(project, settings, epochs, end, cv);
        } catch (java.io.IOException | RuntimeException e) {
            err.println(KeptRun.notKept(e));
        }
    }

    /** Whether the run goes in the project's {@link RunLog}: a project file's do (a bundle's runs have no project to be kept by). */
    private boolean keptInLog() {
        return project.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /** The project's training settings with the options applied. */
    private Map<String, Object> trainingSettings(Map<String, Object> project) {
        Map<String, Object> t = run.training(project);
        if (epochs != null) t.put("epochs", epochs);
        if (noShuffle) t.put("shuffle", false);
        return lr == null ? t : TrainingConfig.withLr(t, lr);
    }

    /** The settings the options set, beside the options' names: a bad value is said as the option's. */
    private Map<String, String> given() {
        Map<String, String> g = new LinkedHashMap<>(run.given());
        if (epochs != null) g.put("training.epochs", "--epochs");
        if (lr != null) g.put("training.optimizer.lr", "--lr");
        return g;
    }

    private static Map<String, Double> withoutTiming(Map<String, Double> m) {
        Map<String, Double> out = new LinkedHashMap<>(m);
        out.remove("seconds");
        out.remove("lr");
        return out;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting (Ctrl-C): the hook has stopped the run.
        }
    }
}
