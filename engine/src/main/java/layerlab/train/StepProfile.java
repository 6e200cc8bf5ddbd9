package layerlab.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import layerlab.autograd.Profiler;
import layerlab.backend.Backends;
import layerlab.data.Batch;
import layerlab.data.DataLoader;
import layerlab.data.Dataset;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.NodeInfo;
import layerlab.nn.Parameter;
import layerlab.optim.Optimizer;
import layerlab.tensor.Device;
import layerlab.tensor.Generator;
import layerlab.tensor.StepMemory;

/**
 * Where a training step's time goes: a fresh copy of the model trains a few steps on the project's data with its
 * settings, as a run would, under a {@link Profiler}, and each node's forward and backward time is taken per step
 * (medians over the timed steps), with the parts of a step that belong to no node: fetching the batch, the optimiser's
 * step, and the gradients' arrival at the weights. What {@code torch.profiler} grouped by module tells a PyTorch user,
 * for the drawing: which layer is worth making smaller, or freezing. The project's own model is untouched.
 */
public final class StepProfile {
    /**
     * @param warmup        steps run first and not timed, at least (the memory pools fill)
     * @param warmupSeconds and for at least this long: the JIT compiles the kernels only after many calls, and a kernel
     *                      still interpreted runs 10–100× slower (a fresh JVM's first SimpleCNN steps take 200 ms, not 18)
     * @param steps         steps timed
     */
    public record Options(int warmup, double warmupSeconds, int steps) {
        public static final Options DEFAULT = new Options(5, 3, 20);

        public Options {
            if (warmup < 0) throw new IllegalArgumentException("warm-up steps must be 0 or more, got " + warmup);
            if (!(warmupSeconds >= 0)) throw new IllegalArgumentException("the warm-up time must be 0 or more seconds, got " + warmupSeconds);
            if (steps < 1) throw new IllegalArgumentException("the profile needs at least 1 timed step, got " + steps);
        }
    }

    /** What a row stands for: a node of the drawing, or a part of the step outside every node. */
    public enum Part { NODE, LOSS, DATA, OVERHEAD, WEIGHT_GRADIENTS, OPTIMIZER }

    /**
     * One row: a node by its dotted path ({@code res1.conv1} inside block placement {@code res1}) or a part of the step,
     * its median times per step in milliseconds, its forward FLOPs per sample (0 when not known), and the node whose
     * kernel it runs inside ({@code relu1} inside {@code conv1}: its time is counted there), or null.
     */
    public record Row(String name, Part part, String kind, double forwardMs, double backwardMs, long flopsPerSample, String fusedInto) {
        public double totalMs() {
            return forwardMs + backwardMs;
        }

        /** What the row is called for a person: the node's name, or what the part of the step does. */
        public String label() {
            return switch (part) {
                case NODE -> name;
                case LOSS -> name.equals(kind) ? "the training settings' loss" : name;
                case DATA -> "next batch";
                case OVERHEAD -> "forward outside the nodes";
                case WEIGHT_GRADIENTS -> "gradients into the weights";
                case OPTIMIZER -> "zero_grad, clipping, optimizer step";
            };
        }

        /** The top-level node a node's row belongs to (the block placement {@code res1} of {@code res1.conv1}). */
        public String topNode() {
            int dot = name.indexOf('.');
            return dot < 0 ? name : name.substring(0, dot);
        }
    }

    /**
     * @param rows   the nodes in the order they ran, then the config loss, then the parts outside every node
     * @param stepMs the median step, from fetching its batch to the optimiser's step
     * @param spans  every timed step as a timeline: the step, its parts, each node's forward, each op's backward
     */
    public record Result(String model, Device device, int threads, int batchSize, int warmup, int steps, List<Row> rows, double stepMs,
                         String ended, List<Profiler.Span> spans) {
        /** The sum of the rows' times: what the shares are of. */
        public double rowsMs() {
            double s = 0;
            for (Row r : rows) s += r.totalMs();
            return s;
        }

        /** {@code r}'s share of the rows' time, from 0 to 1. */
        public double share(Row r) {
            double all = rowsMs();
            return all > 0 ? r.totalMs() / all : 0;
        }

        /** The row named {@code name}, or null. */
        public Row row(String name) {
            for (Row r : rows) if (r.name().equals(name)) return r;
            return null;
        }

        /**
         * Each top-level node's share of the rows' time (a block's placement with its nodes'), by name, in the order they
         * ran: what the canvas shows on the cards.
         */
        public Map<String, Double> nodeShares() {
            Map<String, Double> m = new LinkedHashMap<>();
            for (Row r : rows) {
                if (r.part() != Part.NODE && r.part() != Part.LOSS || r.name().equals(r.kind()) && r.part() == Part.LOSS) continue;
                m.merge(r.topNode(), share(r), Double::sum);
            }
            return m;
        }

        /** The node rows by share, largest first. */
        public List<Row> slowest() {
            List<Row> nodes = new ArrayList<>(rows.stream().filter(r -> r.part() == Part.NODE && r.fusedInto() == null).toList());
            nodes.sort((a, b) -> Double.compare(b.totalMs(), a.totalMs()));
            return nodes;
        }

        /** Forward GFLOP/s of row {@code r} (its FLOPs for the batch over its forward time), or NaN when not known. */
        public double forwardGflops(Row r) {
            return r.flopsPerSample() > 0 && r.forwardMs() > 0 ? r.flopsPerSample() * (double) batchSize / (r.forwardMs() * 1e6) : Double.NaN;
        }

        /**
         * The timed steps as a trace in the Trace Event Format that Perfetto ({@code ui.perfetto.dev}) and Chrome's
         * {@code chrome://tracing} open (what {@code torch.profiler}'s {@code export_chrome_trace} writes): an interval
         * ({@code "ph": "X"}) per step, per part of it, per node's forward pass (a block's nodes inside the block's) and per
         * op's backward rule, in microseconds from the first timed step.
         */
        public String traceJson() {
            long origin = spans.isEmpty() ? 0 : spans.stream().mapToLong(Profiler.Span::startNanos).min().getAsLong();
            StringBuilder b = new StringBuilder("{\"displayTimeUnit\": \"ms\", \"otherData\": {\"model\": ");
            b.append(JsonValues.quote(model)).append(", \"device\": ").append(JsonValues.quote(device.toString()))
                    .append(", \"threads\": ").append(threads).append(", \"batch_size\": ").append(batchSize).append("},\n\"traceEvents\": [");
            // Longer spans first where two start together, so that a viewer nests the shorter inside.
            List<Profiler.Span> sorted = new ArrayList<>(spans);
            sorted.sort((x, y) -> x.startNanos() != y.startNanos() ? Long.compare(x.startNanos(), y.startNanos())
                    : Long.compare(y.durationNanos(), x.durationNanos()));
            for (int i = 0; i < sorted.size(); i++) {
                Profiler.Span s = sorted.get(i);
                b.append(i == 0 ? "\n" : ",\n");
                b.append(String.format(Locale.ROOT, "{\"name\": %s, \"cat\": %s, \"ph\": \"X\", \"ts\": %.3f, \"dur\": %.3f, \"pid\": 1, \"tid\": 1",
                        JsonValues.quote(s.name()), JsonValues.quote(s.category()), (s.startNanos() - origin) / 1e3, s.durationNanos() / 1e3));
                if (s.node() != null) b.append(", \"args\": {\"node\": ").append(JsonValues.quote(s.node())).append('}');
                b.append('}');
            }
            return b.append("\n]}\n").toString();
        }

        /** One line: the step, and the node that takes the most of it. */
        public String describe() {
            List<Row> top = slowest();
            String head = String.format(Locale.ROOT, "a training step of %d samples takes %s ms on %s%s (median of %d steps)", batchSize,
                    ms(stepMs), device, device == Device.CPU ? " with " + threads + " thread" + (threads == 1 ? "" : "s") : "", steps);
            if (top.isEmpty()) return head;
            Row t = top.get(0);
            return head + String.format(Locale.ROOT, "; %s (%s) takes the most: %.0f%%", t.name(), t.kind(), 100 * share(t));
        }

        /** The table: every row's forward, backward and total time, its share and forward GFLOP/s; then the step. */
        public String table() {
            int w = "node".length();
            for (Row r : rows) w = Math.max(w, label(r).length());
            int kw = "kind".length();
            for (Row r : rows) kw = Math.max(kw, r.kind().length());
            StringBuilder b = new StringBuilder();
            String fmt = "%-" + w + "s  %-" + kw + "s  %10s  %11s  %9s  %6s  %8s%n";
            b.append(String.format(Locale.ROOT, fmt, "node", "kind", "forward ms", "backward ms", "total ms", "share", "GFLOP/s"));
            for (Row r : rows) {
                if (r.fusedInto() != null) {
                    b.append(String.format(Locale.ROOT, "%-" + w + "s  %-" + kw + "s  %s%n", label(r), r.kind(), "runs inside " + r.fusedInto() + "'s kernel"));
                    continue;
                }
                double g = forwardGflops(r);
                b.append(String.format(Locale.ROOT, fmt, label(r), r.kind(), r.part() == Part.NODE || r.part() == Part.LOSS ? ms(r.forwardMs()) : "",
                        r.part() == Part.NODE || r.part() == Part.LOSS ? ms(r.backwardMs()) : "", ms(r.totalMs()),
                        String.format(Locale.ROOT, "%.1f%%", 100 * share(r)), Double.isNaN(g) ? "" : String.format(Locale.ROOT, "%.1f", g)));
            }
            b.append(String.format(Locale.ROOT, "step: %s ms (median of %d steps after %d warm-up; the rows' medians add up to %s ms)%n", ms(stepMs), steps,
                    warmup, ms(rowsMs())));
            return b.toString();
        }

        private static String label(Row r) {
            return r.part() == Part.NODE || r.part() == Part.LOSS && !r.name().equals(r.kind()) ? r.label() : "(" + r.label() + ")";
        }
    }

    private StepProfile() {}

    /**
     * Profiles {@code graph} with its {@code config} on {@code train}: {@code options.warmup()} steps, then
     * {@code options.steps()} timed ones (the data set is cycled when it has fewer batches). {@code stop} is asked before
     * each step; a stopped profile holds the steps timed so far (at least one, else it says so). The graph's errors and
     * data that does not fit are refused as {@link Trainer} refuses them.
     */
    public static Result run(Graph graph, TrainingConfig config, Dataset train, Options options, int threads, BooleanSupplier stop) {
        if (config.optimizer().name().equals("LBFGS")) {
            throw new ConfigException("training.optimizer: the profile times a step as one forward and backward pass and an update, but an LBFGS step "
                    + "evaluates the batch up to max_eval times; profile with another optimizer to see where a pass's time goes (the passes are the same)");
        }
        Trainer trainer = new Trainer(graph, config, train, null);
        Optimizer opt = trainer.optimizer();
        Evaluator ev = trainer.evaluator();
        List<Parameter> params = trainer.model().parameters();
        Runnable sync = Backends.get(trainer.device())::synchronize;
        DataLoader loader = new DataLoader(train, config.batchSize(), config.shuffle(), config.seed(), config.dropLast());
        trainer.model().train();
        String lossName = ev.configLossName();
        Map<String, double[]> forward = new LinkedHashMap<>(), backward = new LinkedHashMap<>();
        Map<String, String> fused = new LinkedHashMap<>();
        StepMemory memory = new StepMemory();
        double[] data = new double[options.steps()], overhead = new double[options.steps()], gradients = new double[options.steps()], optimizer = new double[options.steps()];
        double[] step = new double[options.steps()];
        int timed = 0, warmed = 0;
        List<Profiler.Span> spans = new ArrayList<>();
        String ended = "all steps taken";
        try (var gen = Generator.use(Trainer.runGenerator(config)); Profiler profiler = Profiler.start(sync);
             DataLoader.Cycle batches = loader.cycle()) {
            profiler.keepSpans();
            long warmEnd = System.nanoTime() + (long) (options.warmupSeconds() * 1e9);
            while (timed < options.steps()) {
                if (stop.getAsBoolean()) {
                    ended = "stopped";
                    break;
                }
                profiler.reset();
                sync.run();
                long t0 = System.nanoTime();
                Batch batch = batches.next();
                long t1 = System.nanoTime();
                long t2, t3, t4;
                // The step's memory as a training run's (TrainStep.run): handed to the next step when it ends.
                try (StepMemory.Step mem = memory.step()) {
                    opt.zeroGrad();
                    sync.run();
                    t2 = System.nanoTime();
                    Evaluator.Pass pass = ev.forward(batch, List.of());
                    double loss = pass.loss().item();
                    if (!Double.isFinite(loss)) {
                        throw new IllegalArgumentException("the loss became " + loss + " at step " + (warmed + timed + 1) + ": profile a model that trains");
                    }
                    t3 = System.nanoTime();
                    pass.loss().backward();
                    sync.run();
                    t4 = System.nanoTime();
                    Trainer.clip(config, params);
                    mem.end(trainer.model().heldTensors());
                }
                opt.step();
                sync.run();
                long t5 = System.nanoTime();
                if (warmed < options.warmup() || System.nanoTime() < warmEnd) {
                    warmed++;
                    continue;
                }
                int k = timed++;
                // Outside every node in the forward pass: the batch's copy to the device (Evaluator.forward), the graph's
                // bookkeeping, and waiting for the loss's value.
                double inNodes = 0;
                for (Profiler.Entry e : profiler.entries()) {
                    forward.computeIfAbsent(e.path(), p -> new double[options.steps()])[k] = e.forwardNanos() / 1e6;
                    backward.computeIfAbsent(e.path(), p -> new double[options.steps()])[k] = e.backwardNanos() / 1e6;
                    if (e.fusedInto() != null) fused.put(e.path(), e.fusedInto());
                    inNodes += e.forwardNanos() / 1e6;
                }
                data[k] = (t1 - t0) / 1e6;
                overhead[k] = Math.max(0, (t3 - t2) / 1e6 - inNodes);
                gradients[k] = profiler.unattributedBackwardNanos() / 1e6;
                optimizer[k] = (t2 - t1) / 1e6 + (t5 - t4) / 1e6;
                step[k] = (t5 - t0) / 1e6;
                profiler.span("step " + (k + 1), "step", t0, t5);
                profiler.span("next batch", "data", t0, t1);
                profiler.span("zero_grad", "optimizer", t1, t2);
                profiler.span("forward", "pass", t2, t3);
                profiler.span("backward", "pass", t3, t4);
                profiler.span("clipping, optimizer step", "optimizer", t4, t5);
                spans.addAll(profiler.spans());
            }
        }
        if (timed == 0) throw new IllegalStateException("the profile was stopped before a step was timed");
        List<Row> rows = new ArrayList<>();
        Analysis analysis = trainer.model().analysis();
        for (String path : forward.keySet()) {
            boolean configLoss = path.equals(lossName), isLoss = configLoss || trainer.model().lossNames().contains(path);
            NodeInfo info = isLoss ? null : info(analysis, path);
            // A block placement's own time is its bookkeeping; its FLOPs are its children's, counted on their rows.
            if (info != null && info.body() != null) info = null;
            String kind = configLoss ? path : kind(analysis, path);
            rows.add(new Row(path, isLoss ? Part.LOSS : Part.NODE, kind, median(forward.get(path), timed), median(backward.get(path), timed),
                    info == null ? 0 : info.flops(), fused.get(path)));
        }
        rows.add(new Row("data", Part.DATA, "", median(data, timed), 0, 0, null));
        rows.add(new Row("overhead", Part.OVERHEAD, "", median(overhead, timed), 0, 0, null));
        rows.add(new Row("weight gradients", Part.WEIGHT_GRADIENTS, "", 0, median(gradients, timed), 0, null));
        rows.add(new Row("optimizer", Part.OPTIMIZER, opt.getClass().getSimpleName(), 0, median(optimizer, timed), 0, null));
        String name = graph.name() == null || graph.name().isBlank() ? "model" : graph.name();
        return new Result(name, trainer.device(), threads, config.batchSize(), warmed, timed, List.copyOf(rows), median(step, timed), ended,
                List.copyOf(spans));
    }

    /** The node at dotted {@code path}, looked up through block placements' definitions; null when not a node. */
    private static NodeInfo info(Analysis analysis, String path) {
        String[] parts = path.split("\\.");
        Analysis a = analysis;
        NodeInfo info = null;
        for (String part : parts) {
            if (a == null) return null;
            Node n = a.graph().nodeByName(part);
            if (n == null) return null;
            info = a.info(n.id());
            if (info == null) return null;
            a = info.body();
        }
        return info;
    }

    private static String kind(Analysis analysis, String path) {
        String[] parts = path.split("\\.");
        Analysis a = analysis;
        String kind = "";
        for (String part : parts) {
            if (a == null) return kind;
            Node n = a.graph().nodeByName(part);
            if (n == null) return kind;
            kind = n.kind();
            NodeInfo info = a.info(n.id());
            a = info == null ? null : info.body();
        }
        return kind;
    }

    private static double median(double[] xs, int n) {
        double[] s = Arrays.copyOf(xs, n);
        Arrays.sort(s);
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Milliseconds (or any figure) in 3 decimals below 10, 2 below 100, else 1: as the table writes them. */
    public static String ms(double v) {
        return String.format(Locale.ROOT, v < 10 ? "%.3f" : v < 100 ? "%.2f" : "%.1f", v);
    }
}
