package layerlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.autograd.Autograd;
import layerlab.graph.compile.Model;
import layerlab.loss.BCELoss;
import layerlab.nn.Module;
import layerlab.nn.Parameter;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/**
 * Finds where NaN or infinity first showed up when a step goes wrong, so the failure names a node: the weights
 * (blown up by an earlier update), else the first node in topological order whose output is not finite when the
 * batch's forward pass is run again, else the gradients.
 */
final class NonFinite {
    private NonFinite() {
    }

    static boolean finite(Tensor t) {
        if (t.dtype() != DType.FLOAT32) return true;
        for (float f : t.toFloatArray()) if (!Float.isFinite(f)) return false;
        return true;
    }

    static String what(double v) {
        return Double.isNaN(v) ? "NaN" : "infinite";
    }

    /** The node a parameter belongs to: {@code fc1.weight} → {@code fc1}, {@code res1.conv1.weight} → {@code res1.conv1}. */
    static String nodeOf(String param) {
        int dot = param.lastIndexOf('.');
        return dot < 0 ? param : param.substring(0, dot);
    }

    private static String generalHint(double lr) {
        return "lower the learning rate (now " + ConfigReader.num(lr) + "), clip the gradients (\"clip_grad_norm\": 1.0) or normalize the inputs";
    }

    /** The loss of {@code step} came out as {@code loss}: re-runs the forward pass to find where it started. */
    static TrainingEvent.RunFailed lossFailure(Model model, Map<String, Tensor> feeds, Module configLoss, String output, Tensor target,
                                               double loss, long step, String where, double lr) {
        String head = "the loss became " + what(loss) + " at step " + step + " (" + where + ")";
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            if (!finite(e.getValue().data())) {
                String node = nodeOf(e.getKey());
                return new TrainingEvent.RunFailed(head + ": the weights of \"" + node + "\" (" + e.getKey() + ") are no longer finite, "
                        + "an earlier update blew them up", node, step, generalHint(lr));
            }
        }
        List<String> names = model.nodeNames();
        Map<String, Tensor> values;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            values = model.run(feeds, names);
            for (String n : names) {
                Tensor v = values.get(n);
                if (v == null || finite(v)) continue;
                return atNode(model, n, head, step, lr);
            }
            if (configLoss != null) {
                Tensor out = values.get(output);
                Tensor l = configLoss.forward(out, target);
                if (!finite(l)) {
                    return new TrainingEvent.RunFailed(head + ": the inputs of " + configLoss.getClass().getSimpleName() + " were finite but the loss was not",
                            null, step, lossHint(configLoss, lr));
                }
            }
        }
        return new TrainingEvent.RunFailed(head + "; running the batch again gave finite values everywhere (dropout may differ)", null, step, generalHint(lr));
    }

    private static TrainingEvent.RunFailed atNode(Model model, String n, String head, long step, double lr) {
        Module m = model.node(n);
        if (model.inputNames().contains(n)) {
            return new TrainingEvent.RunFailed(head + ": the data fed to Input \"" + n + "\" holds NaN or infinite values", n, step,
                    "check the data set (missing values in a CSV?) and its normalization");
        }
        if (model.lossNames().contains(n)) {
            return new TrainingEvent.RunFailed(head + ": the inputs of the loss \"" + n + "\" (" + kind(m) + ") were finite but the loss was not", n, step,
                    lossHint(m, lr));
        }
        if (model.outputNames().contains(n) || m == null) {
            return new TrainingEvent.RunFailed(head + ": non-finite values arrive at \"" + n + "\"", n, step, generalHint(lr));
        }
        return new TrainingEvent.RunFailed(head + ": non-finite values first appear in the output of \"" + n + "\" (" + kind(m) + ")", n, step,
                generalHint(lr));
    }

    private static String lossHint(Module loss, double lr) {
        if (loss instanceof BCELoss) {
            return "BCELoss takes probabilities strictly between 0 and 1: feed raw scores to BCEWithLogitsLoss instead of Sigmoid + BCELoss, "
                    + "or lower the learning rate (now " + ConfigReader.num(lr) + ")";
        }
        return generalHint(lr);
    }

    private static String kind(Module m) {
        return m == null ? "?" : m instanceof Model ? "Block" : m.getClass().getSimpleName();
    }

    /**
     * A one-element tensor, queued and not read, whose value is finite unless a gradient holds NaN or infinity
     * ({@code OptimKernels.finiteProbe}: on the CPU the sum of every gradient's sum, so gradients large enough to
     * overflow it fail too); null when no parameter has a gradient.
     */
    static Tensor gradientProbe(List<Parameter> params) {
        List<Tensor> grads = new ArrayList<>();
        for (Parameter p : params) {
            if (p.grad() != null) grads.add(p.grad());
        }
        if (grads.isEmpty()) return null;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            return grads.get(0).backend().optim().finiteProbe(grads);
        }
    }

    /** The gradients of {@code step} hold NaN or infinity although the loss was finite: names the parameter nearest the loss. */
    static TrainingEvent.RunFailed gradientFailure(Model model, double loss, long step, String where, double lr) {
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            Tensor g = e.getValue().grad();
            if (g != null && !finite(g)) bad.add(e.getKey());
        }
        if (bad.isEmpty()) return null;
        // The backward pass runs from the loss towards the inputs: the parameter latest in topological order went bad first.
        List<String> order = model.nodeNames();
        String first = bad.get(0);
        int firstAt = -1;
        for (String p : bad) {
            int at = order.indexOf(p.contains(".") ? p.substring(0, p.indexOf('.')) : p);
            if (at > firstAt) {
                firstAt = at;
                first = p;
            }
        }
        return new TrainingEvent.RunFailed("the gradients became NaN or infinite at step " + step + " (" + where + ") while the loss was finite ("
                + String.format(java.util.Locale.ROOT, "%.4g", loss) + "), first at " + first + (bad.size() > 1 ? " (" + bad.size() + " parameters in all)" : ""),
                nodeOf(first), step, "clip the gradients (\"clip_grad_norm\": 1.0) or lower the learning rate (now " + ConfigReader.num(lr) + ")");
    }
}
