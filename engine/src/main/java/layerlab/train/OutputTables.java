package layerlab.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.graph.Graph;
import layerlab.tensor.Tensor;

/**
 * A model's answers for new samples as tables by Output, for {@code layerlab predict} and the Results tab's "Predict new
 * samples" alike: the scored Output's first, then, where a model has several answers, each other Output's.
 */
public final class OutputTables {
    private OutputTables() {
    }

    /**
     * Whether a prediction shows every Output of a model whose Outputs are {@code outputs}: a network of several targets (each
     * head's answer), or one without any loss (an imported ONNX model of two outputs), none of whose Outputs is the scored
     * one; else the scored Output alone (an RNN's h_n beside its logits is no answer to list).
     */
    public static boolean everyOutput(Evaluator ev, List<String> outputs) {
        return outputs.size() > 1 && (ev.heads().size() > 1 || ev.lossNode() == null && ev.task() == Metrics.Task.OTHER);
    }

    /**
     * {@link #of} for every Output's answers {@code all} to some samples ({@link Evaluator#predictAll}), the scored
     * Output read as the model's classes {@code classes} name them: what the Results tab's "Predict new samples" lists.
     */
    public static Map<String, PredictionTable> predicted(Evaluator ev, Graph g, List<String> classes, Map<String, List<String>> targetClasses,
                                                         List<String> samples, List<String> texts, Map<String, Tensor> all) {
        PredictionTable first = new PredictionTable(samples, texts, all.get(ev.output()), ev.task(), classes, PredictionTable.softmaxOutput(g, ev.output()));
        return of(ev, g, targetClasses, samples, texts, first, all);
    }

    /**
     * Each Output's table by its name, {@code first} (the scored Output's, {@link Evaluator#output()}) first: with several
     * targets every further head's, read as its loss reads it (a class of its own target's classes, {@code targetClasses} by
     * target Input, and its probability; or the values); for a model without a loss every further Output's values (or its
     * probabilities where a Softmax gives it); else {@code first} alone. {@code all} is every Output's answers, null when
     * only the scored one was computed.
     */
    public static Map<String, PredictionTable> of(Evaluator ev, Graph g, Map<String, List<String>> targetClasses, List<String> samples, List<String> texts,
                                                  PredictionTable first, Map<String, Tensor> all) {
        Map<String, PredictionTable> tables = new LinkedHashMap<>();
        tables.put(ev.output(), first);
        if (all == null || !everyOutput(ev, List.copyOf(all.keySet()))) return tables;
        if (ev.heads().size() > 1) {
            for (Evaluator.Head h : ev.heads().values()) {
                if (h.loss().equals(ev.lossNode())) continue;
                String o = ev.outputOf(h);
                if (o == null || all.get(o) == null || tables.containsKey(o)) continue;
                tables.put(o, new PredictionTable(samples, texts, all.get(o), h.task(), targetClasses.getOrDefault(h.target(), List.of()),
                        PredictionTable.softmaxOutput(g, o)));
            }
            return tables;
        }
        all.forEach((o, y) -> {
            // An Output that does not run over the samples on its first dimension (an RNN's h_n) is no table's rows.
            if (!tables.containsKey(o) && ev.batchAxis(o) == 0 && y.dim() > 0 && y.size(0) == samples.size()) tables.put(o, new PredictionTable(samples, texts, y, Metrics.Task.OTHER, List.of(), PredictionTable.softmaxOutput(g, o)));
        });
        return tables;
    }
}
