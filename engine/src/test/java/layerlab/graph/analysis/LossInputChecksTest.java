package layerlab.graph.analysis;

import static layerlab.graph.TestGraphs.graph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.graph.TestGraphs;
import org.junit.jupiter.api.Test;

/**
 * The classic mistakes that still train, but badly: each is a warning on the node to change, with its fix; the right
 * drawing of the same network is clean (and every sample project is, SampleProjectsTest).
 */
class LossInputChecksTest {
    /** x[4] → fc1 → relu → fc2 (3 scores) → [between] → loss ← labels, and fc2 → scores (Output). */
    private static TestGraphs classifier(String lossKind, String... between) {
        TestGraphs t = graph().node("x", "Input", "shape", List.of(4)).node("fc1", "Linear", "out_features", 16).node("relu", "ReLU")
                .node("fc2", "Linear", "out_features", 3).node("scores", "Output").chain("x", "fc1", "relu", "fc2", "scores");
        String last = "fc2";
        for (String kind : between) {
            String name = "p_" + kind.toLowerCase();
            t.node(name, kind).edge(last + ".out", name + ".in");
            last = name;
        }
        boolean binary = lossKind.startsWith("BCE");
        return t.node("labels", "Input", "shape", binary ? List.of(3) : List.of(), "dtype", binary ? "float32" : "int64").node("loss", lossKind)
                .edge(last + ".out", "loss.input").edge("labels.out", "loss.target");
    }

    private static List<Problem> warnings(Graph g) {
        return Analysis.of(g).problems().stream().filter(p -> p.code() == ProblemCode.LOSS_INPUT || p.code() == ProblemCode.LINEAR_COLLAPSE).toList();
    }

    private static Problem only(Graph g) {
        List<Problem> ps = warnings(g);
        assertEquals(1, ps.size(), () -> Analysis.of(g).problems().toString());
        assertEquals(Severity.WARNING, ps.get(0).severity());
        return ps.get(0);
    }

    @Test
    void theRightDrawingsAreClean() {
        assertEquals(List.of(), Analysis.of(classifier("CrossEntropyLoss").build()).problems());
        assertEquals(List.of(), Analysis.of(classifier("NLLLoss", "LogSoftmax").build()).problems());
        assertEquals(List.of(), Analysis.of(classifier("BCEWithLogitsLoss").build()).problems());
        assertEquals(List.of(), Analysis.of(classifier("BCELoss", "Sigmoid").build()).problems());
        // LogSoftmax then CrossEntropyLoss is harmless: log-softmax of log-probabilities gives them back.
        assertEquals(List.of(), warnings(classifier("CrossEntropyLoss", "LogSoftmax").build()));
    }

    @Test
    void softmaxBeforeCrossEntropyIsOnTheSoftmax() {
        Problem p = only(classifier("CrossEntropyLoss", "Softmax").build());
        assertEquals("p_softmax", p.nodeName());
        assertEquals("Softmax \"p_softmax\": turns the scores into probabilities, but CrossEntropyLoss \"loss\" takes raw scores (logits) and "
                + "applies log-softmax itself, so the scores are squashed twice and training crawls: connect the loss to \"fc2\" instead (keep "
                + "the Softmax only on the way to an Output, for probabilities).", p.toString());
    }

    @Test
    void reshapingAndDropoutBetweenAreLookedThrough() {
        Problem p = only(classifier("CrossEntropyLoss", "Softmax", "Dropout", "Identity").build());
        assertEquals("p_softmax", p.nodeName());
        assertTrue(p.message().contains("connect the loss to \"fc2\""), p.message());
    }

    @Test
    void softmaxBeforeNllLossShouldBeLogSoftmax() {
        Problem p = only(classifier("NLLLoss", "Softmax").build());
        assertEquals("p_softmax", p.nodeName());
        assertTrue(p.message().endsWith("replace this Softmax with LogSoftmax"), p.message());
    }

    @Test
    void sigmoidBeforeBceWithLogits() {
        Problem p = only(classifier("BCEWithLogitsLoss", "Sigmoid").build());
        assertEquals("p_sigmoid", p.nodeName());
        assertTrue(p.message().contains("applies the sigmoid itself"), p.message());
    }

    @Test
    void bceLossOnRawScoresIsOnTheLoss() {
        Problem p = only(classifier("BCELoss").build());
        assertEquals("loss", p.nodeName());
        assertEquals("BCELoss \"loss\": takes probabilities in 0..1, but its input comes from Linear \"fc2\", whose values can be any number "
                + "(PyTorch stops with an error on values outside 0..1): put a Sigmoid before it, or use BCEWithLogitsLoss on the raw scores.",
                p.toString());
    }

    @Test
    void reluAsTheLastLayerBeforeCrossEntropy() {
        Problem p = only(classifier("CrossEntropyLoss", "ReLU").build());
        assertEquals("p_relu", p.nodeName());
        assertTrue(p.message().startsWith("cannot give negative values, but CrossEntropyLoss \"loss\""), p.message());
    }

    /** x → fc1 → tanh → fc2 → [ReLU] → y, MSELoss on target; targets of the sine generator go below 0. */
    private static Graph regression(boolean relu, String source) {
        TestGraphs t = graph().node("x", "Input", "shape", List.of(1)).node("fc1", "Linear", "out_features", 8).node("tanh", "Tanh")
                .node("fc2", "Linear", "out_features", 1).chain("x", "fc1", "tanh", "fc2").node("y", "Output")
                .node("target", "Input", "shape", List.of(1)).node("mse", "MSELoss").edge("target.out", "mse.target");
        String last = "fc2";
        if (relu) t.node("out_relu", "ReLU").edge("fc2.out", "out_relu.in");
        if (relu) last = "out_relu";
        Graph g = t.edge(last + ".out", "y.in").edge(last + ".out", "mse.input").build();
        return g.set(GraphChange.Setting.DATASET, Map.of("source", source, "n", 100)).after();
    }

    @Test
    void reluBeforeARegressionLossOnlyWhereTheTargetsGoNegative() {
        Problem p = only(regression(true, "sine"));
        assertEquals("out_relu", p.nodeName());
        assertTrue(p.message().contains("the targets of MSELoss \"mse\" go below 0"), p.message());
        // A CSV's targets may be counts or prices, never below 0: nothing is said.
        assertEquals(List.of(), warnings(regression(true, "csv")));
        assertEquals(List.of(), warnings(regression(false, "sine")));
    }

    @Test
    void twoLinearsWithNothingNonlinearBetweenCollapse() {
        Graph g = graph().node("x", "Input", "shape", List.of(4)).node("fc1", "Linear", "out_features", 16).node("drop", "Dropout")
                .node("fc2", "Linear", "out_features", 3).node("y", "Output").chain("x", "fc1", "drop", "fc2", "y").build();
        Problem p = only(g);
        assertEquals(ProblemCode.LINEAR_COLLAPSE, p.code());
        assertEquals("Linear \"fc2\": follows Linear \"fc1\" with nothing nonlinear between, so the two compute what one Linear could (more "
                + "parameters, no more power): put an activation such as ReLU between them, or delete one.", p.toString());
    }
}
