package layerlab.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import layerlab.data.Batch;
import layerlab.graph.compile.Model;
import layerlab.nn.Parameter;
import layerlab.optim.Optimizer;
import layerlab.tensor.StepMemory;
import layerlab.tensor.Tensor;
import layerlab.train.TrainingEvent.ParameterStat;
import layerlab.train.TrainingEvent.ParameterStats;
import layerlab.train.TrainingEvent.RunFailed;

/**
 * A run's optimiser step on one batch: forward (capturing the activations asked for), loss, backward, the checks for
 * a non-finite loss or gradient, clipping, the parameter statistics every {@code stats_every} steps, the epoch's
 * metrics and the optimiser's step; with the memory one step hands to the next.
 */
final class TrainStep {
    private final Model model;
    private final TrainingConfig config;
    private final Evaluator evaluator;
    private final Optimizer optimizer;
    /** The Trainer's emit: a listener that fails ends the run. */
    private final Consumer<TrainingEvent> emit;
    /** The memory one training step hands to the next. */
    private final StepMemory memory = new StepMemory();
    /** The activations the last batch captured, delivered after its BatchEnded. */
    private Map<String, TensorSnapshot> captured;

    TrainStep(Model model, TrainingConfig config, Evaluator evaluator, Optimizer optimizer, Consumer<TrainingEvent> emit) {
        this.model = model;
        this.config = config;
        this.evaluator = evaluator;
        this.optimizer = optimizer;
        this.emit = emit;
    }

    /**
     * Step {@code s} (1-based), on batch {@code b} of epoch {@code e}, capturing {@code capturing} (or null); returns its loss.
     * The optimiser steps with a closure that evaluates the batch (torch's {@code optimizer.step(closure)}): most evaluate it
     * once, LBFGS as often as its iterations and line search ask. The first evaluation is the step's: its loss, metrics,
     * statistics and captured activations, checked for non-finite numbers; later ones only give LBFGS a loss and gradients.
     */
    double run(Batch batch, Set<String> capturing, Metrics epochMetrics, int e, int b, long s) {
        boolean[] first = {true};
        return optimizer.step(() -> {
            boolean isFirst = first[0];
            first[0] = false;
            return isFirst ? evaluate(batch, capturing, epochMetrics, e, b, s) : reevaluate(batch);
        });
    }

    /** The step's first evaluation: forward, loss, backward, the checks, the statistics, clipping and the metrics. */
    private double evaluate(Batch batch, Set<String> capturing, Metrics epochMetrics, int e, int b, long s) {
        String where = "epoch " + e + ", batch " + b;
        double loss;
        // The step's activations and gradients go back to the memory when it ends, for the next step (StepMemory); what
        // the step leaves behind (the metrics, the captured activations) is copied out of them first.
        try (StepMemory.Step mem = memory.step()) {
            optimizer.zeroGrad();
            Evaluator.Pass pass = evaluator.forward(batch, capturing == null ? List.of() : capturing);
            if (capturing != null) {
                captured = new LinkedHashMap<>();
                for (String nodeName : capturing) captured.put(nodeName, TensorSnapshot.of(pass.extras().get(nodeName)));
            }
            pass.loss().backward();
            List<Parameter> params = model.parameters();
            // The loss and the gradients' check are both queued before either is read: on a GPU the step waits once, and
            // the metrics' reads after it find nothing left to wait for. Nothing has changed the weights yet when either
            // check fails (the optimiser steps after this evaluation).
            Tensor gradientProbe = NonFinite.gradientProbe(params);
            loss = pass.loss().item();
            if (!Double.isFinite(loss)) {
                throw new RunFailure(NonFinite.lossFailure(model, pass.feeds(), evaluator.configLoss(), evaluator.output(), pass.target(), loss, s,
                        where, optimizer.getLr()));
            }
            if (gradientProbe != null && !Float.isFinite(gradientProbe.item())) {
                RunFailed f = NonFinite.gradientFailure(model, loss, s, where, optimizer.getLr());
                if (f != null) throw new RunFailure(f);
            }
            // The gradients as backward computed them, before clipping (what a backward hook sees, and the norm that
            // clip_grad_norm_ returns): clipped, every layer's norm would read as the clip's bound, exploding ones hidden.
            if (config.statsEvery() > 0 && (s - 1) % config.statsEvery() == 0) emit.accept(parameterStats(e, s));
            Trainer.clip(config, params);
            epochMetrics.add(loss, batch.size(), pass.output().detach(), pass.target(), pass.parts(evaluator.lossNodes()), pass.heads(evaluator.heads()));
            mem.end(model.heldTensors());
        }
        return loss;
    }

    /** LBFGS's later evaluations of the same batch: the gradients afresh and the loss, nothing recorded. */
    private double reevaluate(Batch batch) {
        try (StepMemory.Step mem = memory.step()) {
            optimizer.zeroGrad();
            Evaluator.Pass pass = evaluator.forward(batch, List.of());
            pass.loss().backward();
            double loss = pass.loss().item();
            mem.end(model.heldTensors());
            return loss;
        }
    }

    /** The activations the last step captured, once (null when it captured none or they were taken). */
    Map<String, TensorSnapshot> takeCaptured() {
        Map<String, TensorSnapshot> c = captured;
        captured = null;
        return c;
    }

    /** Gives back what the steps kept for each other, at the run's end. */
    void release() {
        memory.release();
    }

    private ParameterStats parameterStats(int e, long s) {
        List<ParameterStat> stats = new ArrayList<>();
        for (Map.Entry<String, Parameter> p : model.namedParameters().entrySet()) {
            Tensor g = p.getValue().grad();
            stats.add(new ParameterStat(p.getKey(), p.getValue().shape(), TensorStats.of(p.getValue().data().toFloatArray()),
                    g == null ? null : TensorStats.of(g.toFloatArray())));
        }
        return new ParameterStats(e, s, stats);
    }
}
