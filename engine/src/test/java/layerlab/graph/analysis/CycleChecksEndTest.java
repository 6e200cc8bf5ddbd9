package layerlab.graph.analysis;

import static layerlab.graph.TestGraphs.graph;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import org.junit.jupiter.api.Test;

/**
 * A drawing being edited may hold a cycle (the analysis says so on its nodes): the checks that look back from a loss
 * through reshaping layers (a Softmax before CrossEntropyLoss, Linear after Linear, an autoencoder's squashed
 * reconstruction) must end there too. Two Flattens feeding each other before a loss hung the analysis, so the editor,
 * {@code check} and InferencePropertiesTest's random edits.
 */
class CycleChecksEndTest {
    @Test
    void lookingBackThroughACycleOfReshapingLayersEnds() {
        Graph g = graph().node("x", "Input", "shape", List.of(4)).node("fc1", "Linear", "out_features", 3)
                .node("a", "Flatten").node("b", "Flatten").node("scores", "Output")
                .node("labels", "Input", "shape", List.of(), "dtype", "int64").node("loss", "CrossEntropyLoss").node("fc2", "Linear", "out_features", 3)
                .edge("a.out", "b.in").edge("b.out", "a.in").edge("a.out", "loss.input").edge("labels.out", "loss.target")
                .edge("b.out", "fc2.in").edge("fc2.out", "scores.in").build();
        Graph standardized = g.set(GraphChange.Setting.DATASET, Map.of("source", "mnist", "normalize", "standardize")).after();
        for (Graph each : List.of(g, standardized)) {
            List<Problem> problems = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Analysis.of(each).problems());
            assertFalse(problems.isEmpty(), "the cycle is reported");
        }
    }
}
