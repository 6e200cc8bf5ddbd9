package layerlab.io;

import static layerlab.io.PyLiterals.num;
import static layerlab.io.PyLiterals.py;

import java.util.List;
import java.util.Map;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.Registry;
import layerlab.graph.spec.ResolvedParams;
import layerlab.train.ConfigException;
import layerlab.train.Losses;
import layerlab.train.OptimizerFactory;
import layerlab.train.TrainingConfig;

/**
 * The exported script's training: the project's optimiser ({@code make_optimizer}), schedule ({@code make_scheduler}),
 * loss, clipping, epochs and batches as Python that runs them in {@code Trainer}'s order: per batch zero_grad, forward,
 * loss, backward, clip (by value, then by norm), optimiser step, a per-batch schedule's step (OneCycleLR); per epoch the
 * validation loss, then the schedule's step (ReduceLROnPlateau given the validation loss, else the training loss), then
 * early stopping's bookkeeping where the project stops early ({@link PyTorchEarlyStopping}). Only
 * what the project sets is written: no clipping lines without clipping, no scheduler without one. {@code make_loader}
 * gives LayerLab's batches (its shuffled order too: each epoch's permutation is torch's randperm from the seed LayerLab's
 * DataLoader derives). A frozen layer needs nothing here: the model's class already calls {@code requires_grad_(False)}.
 * The optimiser and schedule are {@link PyTorchOptimizer}'s; a network of several loss nodes, {@link PyTorchWeightedLoss}'s.
 */
final class PyTorchTraining {
    private PyTorchTraining() {
    }

    /**
     * The training block for {@code g} as exported ({@code outputs}: the model's outputs in order), or a comment saying why
     * there is none (no loss: neither a loss node nor the settings' loss; settings LayerLab itself would refuse).
     */
    static String block(Graph g, Analysis a, List<String> outputs, List<String> inputs) {
        TrainingConfig config;
        try {
            config = TrainingConfig.fromMap(g.training());
        } catch (ConfigException e) {
            return "\n\n# No train(): the project's training settings are refused (" + e.getMessage() + ").\n";
        }
        if (!Losses.hasLoss(g, config)) return "\n\n# No train(): the project has no loss node and its training settings set no loss.\n";
        String loss, lossKind;
        int outputIndex = 0;
        boolean classIndices;
        // The first loss node, as Trainer's Evaluator takes it, on the Output fed by what it compares.
        Node n = Losses.firstNode(g);
        if (n != null) {
            try {
                loss = Registry.get(n.kind()).torch(a.params(n.id()));
            } catch (RuntimeException e) {
                return "\n\n# No train(): the loss node \"" + n.name() + "\" has problems to fix first.\n";
            }
            classIndices = classIndices(n.kind());
            lossKind = n.kind();
            outputIndex = outputIndex(g, n, outputs);
            if (outputIndex < 0) {
                return "\n\n# No train(): the loss node \"" + n.name() + "\" compares what no Output returns; add an Output after the layer it reads.\n";
            }
        } else {
            LayerSpec s = Registry.get(config.loss().name());
            loss = s.torch(new ResolvedParams(s, config.loss().params(), Map.of()));
            classIndices = classIndices(config.loss().name());
            lossKind = config.loss().name();
        }
        String refused = PyTorchEarlyStopping.refused(config, lossKind);
        if (refused == null) refused = Losses.watchProblem(config.earlyStopping(), Losses.nodeNames(g), Losses.headScores(g));
        if (refused == null) refused = PyTorchPlateau.refused(config, lossKind);
        if (refused == null) refused = Losses.plateauProblem(config, Losses.nodeNames(g), Losses.headScores(g));
        if (refused != null) return "\n\n# No train(): the project's training settings are refused (" + refused + ").\n";
        String text = text(config, loss, lossKind, classIndices, outputIndex, outputs.size(), inputs.size());
        List<Node> lossNodes = g.nodes().stream().filter(x -> Losses.nodeNames(g).contains(x.name())).toList();
        return lossNodes.size() < 2 && config.lossWeights().isEmpty() ? text : PyTorchWeightedLoss.block(g, a, config, lossNodes, outputs, inputs.size(), text);
    }

    /** Where among {@code outputs} the Output is that returns what loss node {@code n} compares (its {@code input}); -1 for none. */
    static int outputIndex(Graph g, Node n, List<String> outputs) {
        Edge fed = g.edges().stream().filter(e -> e.toNode().equals(n.id()) && e.toPort().equals("input")).findFirst().orElse(null);
        for (int i = 0; fed != null && i < outputs.size(); i++) {
            for (Edge e : g.edges()) {
                Node to = g.node(e.toNode());
                if (to != null && to.kind().equals("Output") && to.name().equals(outputs.get(i)) && e.fromNode().equals(fed.fromNode())
                        && e.fromPort().equals(fed.fromPort())) return i;
            }
        }
        return -1;
    }

    static boolean classIndices(String kind) {
        return kind.equals("CrossEntropyLoss") || kind.equals("NLLLoss");
    }

    private static String text(TrainingConfig c, String loss, String lossKind, boolean classIndices, int outputIndex, int outputs, int inputs) {
        TrainingConfig.Component sched = c.scheduler();
        boolean perBatch = sched != null && OptimizerFactory.PER_BATCH.contains(sched.name());
        boolean plateau = sched != null && sched.name().equals("ReduceLROnPlateau");
        StringBuilder sb = new StringBuilder("\n\n# Training as LayerLab trains this project (its training settings): train(model, make_loader(x, y))\n")
                .append("# takes the same steps in the same order, so from the same weights and batches it ends at LayerLab's weights.\n");
        sb.append("EPOCHS = ").append(c.epochs()).append('\n');
        sb.append("BATCH_SIZE = ").append(c.batchSize()).append('\n');
        sb.append("SHUFFLE = ").append(py(c.shuffle())).append("  # each epoch in a new order drawn from SEED, as LayerLab draws it\n");
        if (c.dropLast()) sb.append("DROP_LAST = True  # an epoch's last, smaller batch is left out\n");
        sb.append("SEED = ").append(c.seed()).append("  # torch.manual_seed(SEED) before making the model gives LayerLab's initial weights\n");
        sb.append("LOSS = ").append(loss).append('\n');
        TrainingConfig.EarlyStopping es = c.earlyStopping();
        sb.append(PyTorchEarlyStopping.settings(es));
        PyTorchOptimizer.append(sb, c, perBatch, plateau);
        sb.append("\n\n").append(LOADER.replace("DROP", c.dropLast() ? "DROP_LAST" : "False"));
        String forward = inputs == 1 ? "model(x)" : "model(*x)";
        String pick = outputs > 1 ? "[" + outputIndex + "]" : "";
        String target = classIndices ? "target(y, out, True)" : "target(y, out, False)";
        String score = PyTorchEarlyStopping.score(es);
        boolean trainScore = score != null && es.metric().startsWith("train_"), valScore = score != null && es.metric().startsWith("val_");
        // A loss node's own loss (val_loss_aux): only in a network of several, whose batches have outs (see PyTorchWeightedLoss).
        String node = es == null ? null : es.lossNode();
        boolean trainNode = node != null && es.metric().startsWith("train_"), valNode = node != null && es.metric().startsWith("val_");
        // A head's own score (val_mae_bill): only with several targets, whose batches have outs and y's columns per head (see PyTorchWeightedLoss).
        String headNode = es == null ? null : es.headNode();
        boolean trainHead = headNode != null && es.metric().startsWith("train_"), valHead = headNode != null && es.metric().startsWith("val_");
        StringBuilder step = new StringBuilder();
        boolean lbfgs = c.optimizer().name().equals("LBFGS");
        // LBFGS evaluates the batch as often as its iterations and line search ask, through a closure, as torch users write it
        // (the settings refuse clipping with it); the batch's loss and scores are the first evaluation's, before any step.
        String in = lbfgs ? "                " : "            ";
        if (lbfgs) step.append("            first = []  # the first evaluation's outputs: the batch's scores count them, as LayerLab's\n\n")
                .append("            def closure():\n");
        step.append(in).append("optimizer.zero_grad()\n")
                .append(in).append("out = ").append(forward).append(pick).append('\n')
                .append(in).append("t = ").append(target).append('\n')
                .append(in).append("loss = LOSS(out, t)\n")
                .append(in).append("loss = loss if loss.dim() == 0 else loss.mean()\n")
                .append(in).append("loss.backward()\n");
        if (lbfgs) {
            step.append(in).append("if not first:\n").append(in).append("    first.append((out, t))\n").append(in).append("return loss\n\n")
                    .append("            loss = optimizer.step(closure)  # the loss before the step\n")
                    .append("            out, t = first[0]\n");
        }
        if (c.clipGradValue() != null) step.append("            nn.utils.clip_grad_value_(model.parameters(), ").append(num(c.clipGradValue())).append(")\n");
        if (c.clipGradNorm() != null) {
            step.append("            nn.utils.clip_grad_norm_(model.parameters(), ").append(num(c.clipGradNorm()));
            double type = c.clipGradNormType();
            if (type != 2.0) step.append(", norm_type=").append(num(type));
            step.append(")\n");
        }
        if (!lbfgs) step.append("            optimizer.step()\n");
        if (perBatch) step.append("            scheduler.step()\n");
        step.append("            total += loss.item() * len(y)\n")
                .append("            count += len(y)\n");
        // Training accuracy (or MAE) as LayerLab counts it: from each batch's outputs as they were trained, before the step.
        if (trainScore) step.append("            got, n = score(out.detach(), t)\n            right += got\n            counted += n\n");
        if (trainNode) step.append("            node_total += float(watched_loss(outs, y)) * len(y)\n");
        if (trainHead) step.append("            got, n = watched_score(outs, y)\n            right += got\n            counted += n\n");
        StringBuilder epoch = new StringBuilder("        train_loss = total / max(count, 1)\n");
        if (trainScore || trainHead) epoch.append("        train_score = right / counted if counted else float(\"nan\")\n");
        if (trainNode) epoch.append("        train_node = node_total / max(count, 1)\n");
        epoch.append(valScore || valNode || valHead ? "        val_loss, " + (valNode ? "val_node" : "val_score") + " = measure(model, val_loader) if val_loader is not None else (None, None)\n"
                : "        val_loss = evaluate(model, val_loader) if val_loader is not None else None\n");
        if (sched != null && !perBatch) {
            epoch.append(plateau ? PyTorchPlateau.step(c.plateauMetric()) : "        scheduler.step()\n");
        }
        boolean watchedShown = score != null || node != null || headNode != null;
        String shown = watchedShown ? es.metric().replace('_', ' ') : "";
        String scoreVar = trainNode ? "train_node" : valNode ? "val_node" : trainScore || trainHead ? "train_score" : "val_score";
        String shownScore = !watchedShown ? "" : ", \"\" if " + scoreVar + " is None else \", " + shown + " %.6f\" % " + scoreVar;
        epoch.append("        print(\"epoch %d: train loss %.6f%s").append(!watchedShown ? "" : "%s")
                .append("\" % (epoch, train_loss, \"\" if val_loss is None else \", val loss %.6f\" % val_loss").append(shownScore).append("))\n");
        if (es != null) {
            epoch.append("        last = epoch\n")
                    .append("        metrics = {\"train_loss\": train_loss, \"val_loss\": val_loss").append(!watchedShown ? "" : ", \"" + es.metric() + "\": " + scoreVar)
                    .append("}\n")
                    .append("        if stopper.stops(epoch, metrics, model):\n")
                    .append("            print(\"stopped early after epoch %d: %s has not improved for %d epochs\" % (epoch, early_stopping[\"metric\"], "
                            + "early_stopping[\"patience\"]))\n")
                    .append("            break\n");
        }
        StringBuilder start = new StringBuilder("    optimizer = make_optimizer(model)\n    scheduler = make_scheduler(optimizer, len(train_loader), epochs)\n");
        if (plateau) start.append(PyTorchPlateau.needsValidation(c.plateauMetric()));
        StringBuilder end = new StringBuilder();
        if (es != null) {
            start.append("""
                        stopper, last = EarlyStopper(early_stopping), 0
                        if early_stopping is not None and early_stopping["metric"].startswith("val_") and val_loader is None:
                            print("early stopping watches %s, which needs validation data (val_loader): every epoch runs" % early_stopping["metric"])
                    """);
            end.append("""
                        kept = stopper.restore(model, last)
                        if kept:
                            print("kept the weights of epoch %d, the best (restore_best)" % kept)
                    """);
        }
        if (score != null) sb.append(PyTorchEarlyStopping.scoreFunction(score, lossKind));
        if (es != null) sb.append(PyTorchEarlyStopping.STOPPER);
        sb.append("\n\n").append("""
                def target(y, out, class_indices):
                    \"""The labels as the loss compares them, as LayerLab shapes them: class indices as int64 [N], else float32 like out.\"""
                    if class_indices and not (y.dtype == torch.float32 and y.shape == out.shape):
                        want = (out.shape[0],) + tuple(out.shape[2:])
                        return y.reshape(want).long() if y.numel() == out.numel() // out.shape[1] else y.long()
                    return y.reshape(out.shape).float() if y.numel() == out.numel() else y.float()
                """);
        if (valNode) {
            sb.append("\n\n").append("""
                    def measure(model, loader):
                        \"""The mean loss and loss node %s's own (unweighted) over loader's batches, in eval mode without gradients.\"""
                        model.eval()
                        total, node_total, count = 0.0, 0.0, 0
                        with torch.no_grad():
                            for x, y in loader:
                                out = %s%s
                                loss = LOSS(out, %s)
                                total += float(loss if loss.dim() == 0 else loss.mean()) * len(y)
                                node_total += float(watched_loss(outs, y)) * len(y)
                                count += len(y)
                        return total / max(count, 1), node_total / max(count, 1)


                    def evaluate(model, loader):
                        \"""The mean loss over loader's batches, in eval mode without gradients.\"""
                        return measure(model, loader)[0]
                    """.formatted(node, forward, pick, target));
        } else if (valHead) {
            sb.append("\n\n").append("""
                    def measure(model, loader):
                        \"""The mean loss and head %s's own %s (nan without any to count) over loader's batches, in eval mode without gradients.\"""
                        model.eval()
                        total, count, right, counted = 0.0, 0, 0.0, 0
                        with torch.no_grad():
                            for x, y in loader:
                                out = %s%s
                                loss = LOSS(out, %s)
                                total += float(loss if loss.dim() == 0 else loss.mean()) * len(y)
                                count += len(y)
                                got, n = watched_score(outs, y)
                                right += got
                                counted += n
                        return total / max(count, 1), right / counted if counted else float("nan")


                    def evaluate(model, loader):
                        \"""The mean loss over loader's batches, in eval mode without gradients.\"""
                        return measure(model, loader)[0]
                    """.formatted(headNode, es.metric().contains("_accuracy_") ? "accuracy" : "mean absolute error", forward, pick, target));
        } else if (valScore) {
            sb.append("\n\n").append("""
                    def measure(model, loader):
                        \"""The mean loss and the %s (nan without any to count) over loader's batches, in eval mode without gradients.\"""
                        model.eval()
                        total, count, right, counted = 0.0, 0, 0.0, 0
                        with torch.no_grad():
                            for x, y in loader:
                                out = %s%s
                                t = %s
                                loss = LOSS(out, t)
                                total += float(loss if loss.dim() == 0 else loss.mean()) * len(y)
                                count += len(y)
                                got, n = score(out, t)
                                right += got
                                counted += n
                        return total / max(count, 1), right / counted if counted else float("nan")


                    def evaluate(model, loader):
                        \"""The mean loss over loader's batches, in eval mode without gradients.\"""
                        return measure(model, loader)[0]
                    """.formatted(score.equals("mae") ? "mean absolute error" : "accuracy", forward, pick, target));
        } else {
            sb.append("\n\n").append("""
                    def evaluate(model, loader):
                        \"""The mean loss over loader's batches, in eval mode without gradients.\"""
                        model.eval()
                        total, count = 0.0, 0
                        with torch.no_grad():
                            for x, y in loader:
                                out = %s%s
                                loss = LOSS(out, %s)
                                total += float(loss if loss.dim() == 0 else loss.mean()) * len(y)
                                count += len(y)
                        return total / max(count, 1)
                    """.formatted(forward, pick, target));
        }
        if (plateau) sb.append(PyTorchPlateau.wholeFunction(c.plateauMetric(), lossKind, forward, pick, target));
        String stops = es == null ? "" : "\n    Stops early as the project does (early_stopping: EARLY_STOPPING, or None to run every epoch; it watches train_loss, "
                + "val_loss" + (!watchedShown ? "" : " or " + es.metric()) + ")" + (es.restoreBest() ? ", then keeps the best epoch's weights" : "") + ".";
        sb.append("\n\n").append("""
                def train(model, train_loader, val_loader=None, epochs=EPOCHS%s):
                    \"""Trains model as LayerLab does: per batch %s%s;
                    per epoch the validation loss%s. Prints each epoch's losses; returns the model.%s\"""
                %s    for epoch in range(1, epochs + 1):
                        model.train()
                        total, count = 0.0, 0
                %s        for x, y in train_loader:
                %s%s%s    return model
                """.formatted(es == null ? "" : ", early_stopping=EARLY_STOPPING", lbfgs
                        ? "LBFGS's step with a closure (zero_grad, forward, loss, backward) that it calls as often as its iterations ask"
                        : "zero_grad, forward, loss, backward," + (c.clipGradValue() != null || c.clipGradNorm() != null ? " clipping," : "") + " optimiser step",
                perBatch ? ", the schedule's step" : "", sched == null || perBatch ? "" : ", then the schedule's step", stops, start,
                (trainScore || trainHead ? "        right, counted = 0.0, 0\n" : "") + (trainNode ? "        node_total = 0.0\n" : ""), step, epoch, end));
        return sb.toString();
    }

    /**
     * Batches as LayerLab's DataLoader makes them: in order, or (SHUFFLE) each epoch in the order torch.randperm draws from
     * a generator seeded with SEED · 0x9E3779B97F4A7C15 + the epoch's index (from 0), as 64-bit arithmetic wraps.
     */
    private static final String LOADER = """
            class make_loader:
                \"""Batches of (x, y) (x a list of tensors for a model with several inputs), in LayerLab's order.\"""

                def __init__(self, x, y, batch_size=BATCH_SIZE, shuffle=SHUFFLE, drop_last=DROP, seed=SEED):
                    self.x, self.y = x, y
                    self.n = len(y)
                    self.batch_size, self.shuffle, self.drop_last, self.seed = batch_size, shuffle, drop_last, seed
                    self.epoch = 0

                def __len__(self):
                    return self.n // self.batch_size if self.drop_last else (self.n + self.batch_size - 1) // self.batch_size

                def __iter__(self):
                    if self.shuffle:
                        g = torch.Generator().manual_seed((self.seed * 0x9E3779B97F4A7C15 + self.epoch) % 2 ** 64)
                        order = torch.randperm(self.n, generator=g)
                    else:
                        order = torch.arange(self.n)
                    self.epoch += 1
                    for b in range(len(self)):
                        idx = order[b * self.batch_size:(b + 1) * self.batch_size]
                        x = [t[idx] for t in self.x] if isinstance(self.x, (list, tuple)) else self.x[idx]
                        yield x, self.y[idx]
            """;

    /** A scheduler's constructor call on {@code optimizer}, as {@link PyTorchOptimizer#scheduler} writes it. */
    static String scheduler(TrainingConfig.Component s, int epochs) {
        return PyTorchOptimizer.scheduler(s, epochs);
    }

    /** Whether {@code block} (from {@link #block}) defines train(). */
    static boolean trains(String block) {
        return block.contains("\ndef train(");
    }
}
