package layerlab.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.Registry;
import layerlab.graph.spec.ResolvedParams;
import layerlab.optim.EpochExpression;
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
        return lossNodes.size() < 2 && config.lossWeights().isEmpty() ? text : weighted(g, a, config, lossNodes, outputs, inputs.size(), text);
    }

    /**
     * The training block of a network of several loss nodes (or one with a weight): each batch's loss is their weighted
     * sum, in document order, as LayerLab's run adds them ({@code 1.0 * ce + 0.3 * aux}); the first one's Output is still
     * {@code out}, what the scores count. Every line that computed {@code LOSS(out, t)} computes {@code weighted_loss(outs, y)}.
     */
    private static String weighted(Graph g, Analysis a, TrainingConfig config, List<Node> lossNodes, List<String> outputs, int inputs, String text) {
        String problem = Losses.weightsProblem(config.lossWeights(), lossNodes.stream().map(Node::name).toList());
        if (problem != null) return "\n\n# No train(): the project's training settings are refused (" + problem + ").\n";
        // With several targets (the data set's "targets"), y holds each target Input's columns in turn: each loss reads its own.
        Map<String, String> columns;
        try {
            columns = targetColumns(g);
        } catch (IllegalArgumentException e) {
            return "\n\n# No train(): the project's data set settings are refused (" + e.getMessage() + ").\n";
        }
        boolean heads = !columns.isEmpty();
        StringBuilder terms = new StringBuilder();
        List<String> sum = new ArrayList<>();
        for (Node n : lossNodes) {
            int index = outputIndex(g, n, outputs);
            if (index < 0) {
                return "\n\n# No train(): the loss node \"" + n.name() + "\" compares what no Output returns; add an Output after the layer it reads.\n";
            }
            String torch;
            try {
                torch = Registry.get(n.kind()).torch(a.params(n.id()));
            } catch (RuntimeException e) {
                return "\n\n# No train(): the loss node \"" + n.name() + "\" has problems to fix first.\n";
            }
            String weight = num(config.lossWeights().getOrDefault(n.name(), 1.0));
            String cols = "";
            if (heads) {
                Node t = targetOf(g, n);
                cols = t == null ? null : columns.get(t.name());
                if (cols == null)
                    return "\n\n# No train(): the loss node \"" + n.name() + "\" reads a target that the data set's targets give no column.\n";
                cols = ", " + cols;
            }
            terms.append("    (").append(index).append(", ").append(torch).append(", ").append(weight).append(", ").append(py(classIndices(n.kind())))
                    .append(cols).append("),  # ").append(n.name()).append('\n');
            sum.add(weight + " * " + n.name());
        }
        String node = config.earlyStopping() == null ? null : config.earlyStopping().lossNode();
        String watched = "";
        if (node != null) {
            int at = lossNodes.stream().map(Node::name).toList().indexOf(node);
            watched = "\nWATCHED = " + at + "  # early stopping watches loss node \"" + node + "\"'s own loss: LOSSES[" + at + "], unweighted\n"
                    + "\n\ndef watched_loss(outs, y):\n"
                    + "    \"\"\"The loss of the loss node early stopping watches, unweighted, as LayerLab's " + config.earlyStopping().metric() + " counts it.\"\"\"\n"
                    + "    i, loss_fn, _, class_indices" + (heads ? ", cols" : "") + " = LOSSES[WATCHED]\n"
                    + "    out = outs[i]\n"
                    + "    loss = loss_fn(out, target(" + (heads ? "y[:, cols]" : "y") + ", out, class_indices))\n"
                    + "    return loss if loss.dim() == 0 else loss.mean()\n";
        }
        String head = config.earlyStopping() == null ? null : config.earlyStopping().headNode();
        if (head != null) {
            if (!heads) return "\n\n# No train(): early stopping watches a head's own score, but the data set's targets give no head its columns.\n";
            int at = lossNodes.stream().map(Node::name).toList().indexOf(head);
            String score = config.earlyStopping().metric().contains("_accuracy_") ? "accuracy" : "mae";
            watched = "\nWATCHED = " + at + "  # early stopping watches head \"" + head + "\"'s own " + score + ": LOSSES[" + at + "]'s Output against its target\n"
                    + PyTorchEarlyStopping.scoreFunction(score, lossNodes.get(at).kind()).replace("def score(out, t):", "def head_score(out, t):")
                    + "\n\ndef watched_score(outs, y):\n"
                    + "    \"\"\"The watched head's score of a batch and its count, as LayerLab's " + config.earlyStopping().metric() + " counts it.\"\"\"\n"
                    + "    i, _, _, class_indices, cols = LOSSES[WATCHED]\n"
                    + "    out = outs[i].detach()\n"
                    + "    return head_score(out, target(y[:, cols], out, class_indices))\n";
        }
        String forward = inputs == 1 ? "model(x)" : "model(*x)";
        String outs = outputs.size() > 1 ? forward : "(" + forward + ",)";
        String plateauHead = TrainingConfig.headNodeOf(config.plateauMetric());
        if (plateauHead != null) {
            if (!heads) return "\n\n# No train(): ReduceLROnPlateau steps on a head's own score, but the data set's targets give no head its columns.\n";
            int at = lossNodes.stream().map(Node::name).toList().indexOf(plateauHead);
            watched += PyTorchPlateau.headFunction(config.plateauMetric(), at, lossNodes.get(at).kind(), outs);
        }
        String plateauNode = TrainingConfig.lossNodeOf(config.plateauMetric());
        if (plateauNode != null) {
            int at = lossNodes.stream().map(Node::name).toList().indexOf(plateauNode);
            watched += PyTorchPlateau.lossNodeFunction(config.plateauMetric(), at, outs, heads);
        }
        String pick = outputs.size() > 1 ? "[" + outputIndex(g, lossNodes.get(0), outputs) + "]" : "";
        String top = text.substring(0, text.indexOf("\n\ndef ")), rest = text.substring(text.indexOf("\n\ndef "));
        rest = rest.replaceAll("(?m)^( *)out = " + java.util.regex.Pattern.quote(forward + pick) + "$",
                        "$1outs = " + java.util.regex.Matcher.quoteReplacement(outs) + "\n$1out = outs[" + (outputs.size() > 1 ? pick.substring(1, pick.length() - 1) : "0") + "]")
                .replaceAll("LOSS\\(out, (t|target\\(y, out, (True|False)\\))\\)", "weighted_loss(outs, y)")
                // LBFGS's closure keeps the first evaluation's outputs, all of them
                .replace("first.append((out, t))", "first.append((out, t, outs))").replace("out, t = first[0]", "out, t, outs = first[0]");
        // The first loss node's own target is what its Output is scored against (accuracy, MAE).
        if (heads) rest = rest.replaceAll("(?<!def )target\\(y, out, ", "target(y[:, " + lossColumns(g, lossNodes.get(0), columns) + "], out, ");
        return top + "\nLOSSES = [  # each loss node: (its Output's index in the model's outputs, the loss, its weight, class indices"
                + (heads ? ", its target's columns of y" : "") + ")\n" + terms + "]\n"
                + "\n\ndef weighted_loss(outs, y):\n"
                + "    \"\"\"The loss LayerLab trains with: " + String.join(" + ", sum) + ", each the mean where it keeps elements, in this order.\"\"\"\n"
                + "    total = None\n"
                + "    for i, loss_fn, weight, class_indices" + (heads ? ", cols" : "") + " in LOSSES:\n"
                + "        out = outs[i]\n"
                + "        loss = loss_fn(out, target(" + (heads ? "y[:, cols]" : "y") + ", out, class_indices))\n"
                + "        loss = weight * (loss if loss.dim() == 0 else loss.mean())\n"
                + "        total = loss if total is None else total + loss\n"
                + "    return total\n" + watched + rest;
    }

    /**
     * With several targets, each target Input's columns of {@code y} as a Python slice ({@code slice(0, 1)}), by the
     * Input's name: the data set's {@code "targets"} in order, each as wide as its columns; empty for one target.
     */
    private static Map<String, String> targetColumns(Graph g) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (g.dataset() == null || g.dataset().get("targets") == null) return out;
        int at = 0;
        for (var e : layerlab.data.DataSources.targets(g.dataset()).entrySet()) {
            out.put(e.getKey(), "slice(" + at + ", " + (at + e.getValue().size()) + ")");
            at += e.getValue().size();
        }
        return out;
    }

    /** {@code a:b}, the columns of {@code y} loss node {@code n}'s target takes. */
    private static String lossColumns(Graph g, Node n, Map<String, String> columns) {
        Node t = targetOf(g, n);
        String slice = t == null ? null : columns.get(t.name());
        return slice == null ? ":" : slice.substring("slice(".length(), slice.length() - 1).replace(", ", ":");
    }

    /** The Input that feeds loss node {@code n}'s {@code target}, or null. */
    private static Node targetOf(Graph g, Node n) {
        for (Edge e : g.edges()) {
            if (!e.toNode().equals(n.id()) || !e.toPort().equals("target")) continue;
            Node from = g.node(e.fromNode());
            return from != null && from.kind().equals("Input") ? from : null;
        }
        return null;
    }

    /** Where among {@code outputs} the Output is that returns what loss node {@code n} compares (its {@code input}); -1 for none. */
    private static int outputIndex(Graph g, Node n, List<String> outputs) {
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

    private static boolean classIndices(String kind) {
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
        String optimizerKwargs = kwargs(c.optimizer().params(), defaults(c.optimizer().name()), List.of("lr"));
        if (c.paramGroups().isEmpty()) {
            sb.append("\n\n").append("""
                    def make_optimizer(model):
                        \"""The project's optimiser over the model's parameters (a frozen layer's get no gradient and stay as they are).\"""
                        return torch.optim.%s(model.parameters()%s)
                    """.formatted(c.optimizer().name(), optimizerKwargs));
        } else {
            List<String> groups = new ArrayList<>();
            for (Map<String, Object> g : c.paramGroups().groups()) {
                List<String> items = new ArrayList<>();
                g.forEach((k, v) -> items.add("\"" + k + "\": " + value(v)));
                groups.add("{" + String.join(", ", items) + "}");
            }
            sb.append("PARAM_GROUPS = [").append(String.join(",\n                ", groups))
                    .append("]  # the project's param_groups: parameter names (* for any characters) and their options\n");
            sb.append("\n\n").append("""
                    def make_optimizer(model):
                        \"""The project's optimiser over the model's parameters in PARAM_GROUPS: first those no group names, with the optimiser's
                        options, then each group's (a frozen layer's get no gradient and stay as they are).\"""
                        def named(pattern, name):
                            parts = pattern.split("*")
                            if len(parts) == 1:
                                return name == pattern
                            if len(name) < len(parts[0]) + len(parts[-1]) or not (name.startswith(parts[0]) and name.endswith(parts[-1])):
                                return False
                            at, end = len(parts[0]), len(name) - len(parts[-1])
                            for part in parts[1:-1]:
                                at = name.find(part, at, end)
                                if at < 0:
                                    return False
                                at += len(part)
                            return True

                        def taken(name, group):
                            return any(named(pattern, name) for pattern in group["params"])

                        params = list(model.named_parameters())
                        groups = [{"params": [p for n, p in params if not any(taken(n, g) for g in PARAM_GROUPS)]}]
                        groups += [dict(g, params=[p for n, p in params if taken(n, g)]) for g in PARAM_GROUPS]
                        return torch.optim.%s(groups%s)
                    """.formatted(c.optimizer().name(), optimizerKwargs));
        }
        String schedule = sched == null ? "None" : scheduler(sched, c.epochs());
        sb.append("\n\n").append("""
                def make_scheduler(optimizer, steps_per_epoch, epochs=EPOCHS):
                    \"""The project's learning-rate schedule, %s\"""
                %s    return %s
                """.formatted(sched == null ? "none: the rate stays as set." : perBatch ? "stepped after every batch." : plateau
                ? "stepped after every epoch with " + PyTorchPlateau.said(c.plateauMetric()) + "." : "stepped after every epoch.",
                schedule.contains("math.") ? "    import math  # the functions of lr_lambda\n" : "", schedule));
        sb.append("\n\n").append(LOADER.replace("DROP", c.dropLast() ? "DROP_LAST" : "False"));
        String forward = inputs == 1 ? "model(x)" : "model(*x)";
        String pick = outputs > 1 ? "[" + outputIndex + "]" : "";
        String target = classIndices ? "target(y, out, True)" : "target(y, out, False)";
        String score = PyTorchEarlyStopping.score(es);
        boolean trainScore = score != null && es.metric().startsWith("train_"), valScore = score != null && es.metric().startsWith("val_");
        // A loss node's own loss (val_loss_aux): only in a network of several, whose batches have outs (see weighted()).
        String node = es == null ? null : es.lossNode();
        boolean trainNode = node != null && es.metric().startsWith("train_"), valNode = node != null && es.metric().startsWith("val_");
        // A head's own score (val_mae_bill): only with several targets, whose batches have outs and y's columns per head (see weighted()).
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
            if (type != 2.0) step.append(", norm_type=").append(Double.isInfinite(type) ? "float(\"inf\")" : num(type));
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

    /** The options LayerLab fills in when a project names only the optimiser. */
    private static Map<String, Object> defaults(String optimizer) {
        return TrainingConfig.fromMap(Map.of("optimizer", optimizer)).optimizer().params();
    }

    /**
     * A scheduler's constructor call on {@code optimizer}. A CosineAnnealingLR whose T_max is the run's {@code epochs} (LayerLab's
     * default, filled in when the project sets none) is written as {@code T_max=epochs}, so that {@code --epochs N} anneals over
     * the N epochs, as {@code layerlab train --epochs N} does, rather than restarting the cosine every EPOCHS epochs.
     */
    static String scheduler(TrainingConfig.Component s, int epochs) {
        Map<String, Object> o = s.params();
        String prefix = "torch.optim.lr_scheduler.";
        if (s.name().equals("SequentialLR") || s.name().equals("ChainedScheduler")) {
            List<String> parts = new ArrayList<>();
            for (Object p : (List<?>) o.get("schedulers")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> pm = new java.util.LinkedHashMap<>((Map<String, Object>) p);
                String name = (String) pm.remove("name");
                parts.add(scheduler(new TrainingConfig.Component(name, pm), epochs));
            }
            if (s.name().equals("ChainedScheduler")) return prefix + "ChainedScheduler([\n        " + String.join(",\n        ", parts) + "])";
            return prefix + "SequentialLR(optimizer, schedulers=[\n        " + String.join(",\n        ", parts) + "],\n        milestones="
                    + value(o.get("milestones")) + ")";
        }
        if (s.name().equals("LambdaLR") || s.name().equals("MultiplicativeLR")) {
            // The project's lr_lambda is an expression of epoch in Python's own syntax: the lambda torch users write.
            return prefix + s.name() + "(optimizer, lr_lambda=lambda epoch: " + EpochExpression.parse((String) o.get("lr_lambda")).toPython() + ")";
        }
        Map<String, Object> d = OptimizerFactory.schedulerOptions(s.name(), 0);
        if (s.name().equals("ReduceLROnPlateau")) {
            // What step() is given, not an option of torch's constructor (PyTorchPlateau writes the step).
            o = new java.util.LinkedHashMap<>(o);
            o.remove("metric");
        }
        String extra = "";
        // LayerLab's defaults that PyTorch lacks: CosineAnnealingLR's T_max is the run's epochs; OneCycleLR's cycle spans the run.
        List<String> always = new ArrayList<>(List.of("T_max"));
        if (s.name().equals("OneCycleLR") && o.get("total_steps") == null && o.get("epochs") == null) extra = ", total_steps=epochs * steps_per_epoch";
        if (s.name().equals("CosineAnnealingLR") && o.get("T_max") instanceof Number t && t.intValue() == epochs) {
            Map<String, Object> rest = new java.util.LinkedHashMap<>(o);
            rest.remove("T_max");
            return prefix + s.name() + "(optimizer, T_max=epochs" + kwargs(rest, d, List.of()) + ")";
        }
        return prefix + s.name() + "(optimizer" + kwargs(o, d, always) + extra + ")";
    }

    /** {@code , key=value} for each option set (not null) that differs from {@code defaults} or is in {@code always}. */
    private static String kwargs(Map<String, Object> options, Map<String, Object> defaults, List<String> always) {
        StringBuilder sb = new StringBuilder();
        options.forEach((k, v) -> {
            if (v == null) return;
            if (k.equals("scale_fn") && v instanceof String text) {
                // CyclicLR's scale_fn, an expression of x in Python's own syntax: the function torch users write.
                sb.append(", scale_fn=lambda x: ").append(EpochExpression.parse(text, "x", "a scale_fn").toPython());
                return;
            }
            if (always.contains(k) || !defaults.containsKey(k) || defaults.get(k) == null || !same(v, defaults.get(k))) {
                sb.append(", ").append(k).append('=').append(value(v));
            }
        });
        return sb.toString();
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue();
        if (a instanceof List<?> x && b instanceof List<?> y && x.size() == y.size()) {
            for (int i = 0; i < x.size(); i++) if (!same(x.get(i), y.get(i))) return false;
            return true;
        }
        return Objects.equals(a, b);
    }

    /** A Python literal: numbers, True/False, strings, lists (betas as a tuple is not needed: torch takes a list). */
    private static String value(Object v) {
        if (v instanceof Boolean b) return py(b);
        if (v instanceof Double d) return num(d);
        if (v instanceof Float f) return num(f.doubleValue());
        if (v instanceof Number n) return n.toString();
        if (v instanceof String s) return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        if (v instanceof List<?> l) {
            List<String> items = new ArrayList<>();
            for (Object x : l) items.add(value(x));
            return "[" + String.join(", ", items) + "]";
        }
        throw new IllegalArgumentException("cannot write " + v + " in Python");
    }

    private static String num(double d) {
        return Double.toString(d).toLowerCase(Locale.ROOT);
    }

    private static String py(boolean b) {
        return b ? "True" : "False";
    }

    /** Whether {@code block} (from {@link #block}) defines train(). */
    static boolean trains(String block) {
        return block.contains("\ndef train(");
    }
}
