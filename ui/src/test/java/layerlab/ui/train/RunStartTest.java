package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import org.junit.jupiter.api.Test;

/** {@link RunStart#cannotTrain}'s loss check: the engine's rule, as Trainer and {@code layerlab train} apply it. */
class RunStartTest {
    private static Graph noLossNode(String training) throws Exception {
        return ProjectJson.read("""
                {"format": "layerlab-project", "version": 1, "name": "no-loss-node",
                 "nodes": [
                  {"id": "n1", "name": "x", "kind": "Input", "params": {"shape": [4]}, "position": {"x": 0, "y": 0}},
                  {"id": "n2", "name": "fc", "kind": "Linear", "params": {"out_features": 3}, "position": {"x": 280, "y": 0}},
                  {"id": "n3", "name": "y", "kind": "Output", "params": {}, "position": {"x": 560, "y": 0}}],
                 "edges": [{"from": "x.out", "to": "fc.in"}, {"from": "fc.out", "to": "y.in"}],
                 "dataset": {"source": "iris", "validation_split": 0.2},
                 "training": %s}
                """.formatted(training), "no-loss-node.json");
    }

    @Test
    void aDrawingWithoutALossNodeOrALossSettingIsRefused() throws Exception {
        assertEquals(RunStart.NO_LOSS, RunStart.cannotTrain(noLossNode("{\"epochs\": 1}")));
    }

    /** The settings' loss written as an object ({"name": …, "reduction": …}) trains from the terminal, and so from Start. */
    @Test
    void aLossSettingWrittenAsAnObjectIsALoss() throws Exception {
        assertNull(RunStart.cannotTrain(noLossNode("{\"loss\": \"CrossEntropyLoss\", \"epochs\": 1}")));
        assertNull(RunStart.cannotTrain(noLossNode("{\"loss\": {\"name\": \"CrossEntropyLoss\", \"label_smoothing\": 0.1}, \"epochs\": 1}")));
    }
}
