package layerlab.graph.analysis;

import static layerlab.graph.TestGraphs.graph;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import layerlab.graph.Graph;
import layerlab.graph.TestGraphs;
import org.junit.jupiter.api.Test;

/**
 * A network with two heads drawn with a loss each: a data set gives one target per sample, fed to one target Input, so a
 * second target Input is an error on it, as {@code layerlab check} says before {@code train} refuses the data set.
 */
class TrainingChecksTest {
    /** x → trunk → act → cls → species, with CrossEntropyLoss "ce" on cls and labels; and a second head act → "reg" → width. */
    private static TestGraphs twoHeads() {
        return graph().node("x", "Input", "shape", List.of(3)).node("trunk", "Linear", "out_features", 16)
                .node("act", "ReLU")
                .node("cls", "Linear", "out_features", 3).node("species", "Output").chain("x", "trunk", "act", "cls", "species")
                .node("reg", "Linear", "out_features", 1).node("width", "Output").chain("act", "reg", "width")
                .node("labels", "Input", "shape", List.of(), "dtype", "int64").node("ce", "CrossEntropyLoss")
                .edge("cls.out", "ce.input").edge("labels.out", "ce.target");
    }

    private static List<Problem> problems(Graph g, ProblemCode code) {
        return Analysis.of(g).problems().stream().filter(p -> p.code() == code).toList();
    }

    @Test
    void oneLossOneTargetIsClean() {
        assertEquals(List.of(), Analysis.of(twoHeads().build()).problems());
    }

    @Test
    void aSecondLossOnTheSameTargetIsNoProblem() {
        // An auxiliary classifier on the same labels: a run trains with both losses' weighted sum (LossSumParityTest).
        Graph g = twoHeads().node("cls2", "Linear", "out_features", 3).edge("act.out", "cls2.in").node("aux", "CrossEntropyLoss")
                .edge("cls2.out", "aux.input").edge("labels.out", "aux.target").build();
        assertEquals(List.of(), Analysis.of(g).problems());
    }

    @Test
    void aSecondTargetInputIsAnErrorOnIt() {
        Graph g = twoHeads().node("width_t", "Input", "shape", List.of(1)).node("mse", "MSELoss")
                .edge("reg.out", "mse.input").edge("width_t.out", "mse.target").build();
        List<Problem> ps = problems(g, ProblemCode.SECOND_TARGET);
        assertEquals(1, ps.size(), () -> Analysis.of(g).problems().toString());
        assertEquals(Severity.ERROR, ps.get(0).severity());
        assertEquals("width_t", ps.get(0).nodeName());
        assertEquals("Input \"width_t\": no Output depends on it, only a loss, so it would take the data set's targets, but a data set gives "
                + "one target per sample, and \"labels\" takes them; for a target of its own, name each target Input's column in the data set's "
                + "targets (\"targets\": {\"labels\": …, \"width_t\": …}), or delete it and its loss.", ps.get(0).toString());
    }

    @Test
    void anUnconnectedSecondInputWouldTakeTheTargetsToo() {
        Graph g = twoHeads().node("spare", "Input", "shape", List.of(2)).build();
        assertEquals("Input \"spare\": no Output depends on it, so it would take the data set's targets, but a data set gives one target per "
                + "sample, and \"labels\" takes them; connect it to the layers an Output depends on, or delete it.",
                problems(g, ProblemCode.SECOND_TARGET).get(0).toString());
    }

    @Test
    void anAuxiliaryOutputIsNoTarget() {
        // An Output that is only inspected (the trunk's features) needs no loss and takes no target.
        Graph g = twoHeads().node("features", "Output").edge("trunk.out", "features.in").build();
        assertEquals(List.of(), Analysis.of(g).problems());
    }
}
