package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import org.junit.jupiter.api.Test;

/** {@link Losses#hasLoss}: the one rule for whether a network has a loss to train with, and {@link Losses#firstNode}. */
class LossesTest {
    private static Graph project(String lossNode, String training) throws Exception {
        String nodes = """
                  {"id": "n1", "name": "x", "kind": "Input", "params": {"shape": [4]}, "position": {"x": 0, "y": 0}},
                  {"id": "n2", "name": "fc", "kind": "Linear", "params": {"out_features": 3}, "position": {"x": 280, "y": 0}},
                  {"id": "n3", "name": "y", "kind": "Output", "params": {}, "position": {"x": 560, "y": 0}}""";
        String edges = "{\"from\": \"x.out\", \"to\": \"fc.in\"}, {\"from\": \"fc.out\", \"to\": \"y.in\"}";
        if (lossNode != null) {
            nodes += """
                    ,
                      {"id": "n4", "name": "t", "kind": "Input", "params": {"shape": [4]}, "position": {"x": 280, "y": 200}},
                      {"id": "n5", "name": "loss", "kind": "%s", "params": {}, "position": {"x": 560, "y": 200}},
                      {"id": "n6", "name": "loss2", "kind": "MSELoss", "params": {}, "position": {"x": 560, "y": 400}}""".formatted(lossNode);
            edges += ", {\"from\": \"fc.out\", \"to\": \"loss.input\"}, {\"from\": \"t.out\", \"to\": \"loss.target\"}";
        }
        return ProjectJson.read("""
                {"format": "layerlab-project", "version": 1, "name": "p", "nodes": [%s], "edges": [%s],
                 "dataset": {"source": "iris"}, "training": %s}
                """.formatted(nodes, edges, training), "p.json");
    }

    @Test
    void aLossNodeIsALossWhateverTheSettingsSay() throws Exception {
        Graph g = project("CrossEntropyLoss", "{\"epochs\": 1}");
        assertTrue(Losses.hasLoss(g));
        assertTrue(Losses.hasLoss(g, TrainingConfig.fromMap(g.training())));
        assertEquals("loss", Losses.firstNode(g).name(), "the first loss node in document order is the one a run trains with");
    }

    @Test
    void withoutALossNodeTheSettingsLossCountsAsANameOrAnObject() throws Exception {
        for (String training : new String[] {"{\"loss\": \"MSELoss\"}", "{\"loss\": {\"name\": \"MSELoss\", \"reduction\": \"sum\"}}"}) {
            Graph g = project(null, training);
            assertNull(Losses.firstNode(g));
            assertTrue(Losses.hasLoss(g), training);
            assertTrue(Losses.hasLoss(g, TrainingConfig.fromMap(g.training())), training);
        }
    }

    @Test
    void neitherANodeNorASettingIsNoLoss() throws Exception {
        Graph g = project(null, "{\"epochs\": 1}");
        assertFalse(Losses.hasLoss(g));
        assertFalse(Losses.hasLoss(g, TrainingConfig.fromMap(g.training())));
        // A run's own settings decide for it, not the project's as saved.
        assertTrue(Losses.hasLoss(g, TrainingConfig.fromMap(project(null, "{\"loss\": \"L1Loss\"}").training())));
    }
}
