package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;

/**
 * The LSTMTextClassifier sample learns the real spam subjects: one epoch of its own settings (53 steps of 64, a few
 * seconds) tells spam from ham in the held-out subjects well above the 59.8% that answering "ham" always gets (its five
 * epochs: 84.01%, README).
 */
class SpamSubjectsTrainTest {
    @Test
    void oneEpochTellsSpamFromHamInTheValidationSubjects() throws Exception {
        Graph g = ProjectJson.load(Path.of("../sample-projects/lstm-text-classifier.json"));
        Map<String, Object> training = new LinkedHashMap<>(g.training());
        training.put("epochs", 1);
        training.put("device", TestDevice.device().toString());
        DataSplit split = DataSources.open(g.dataset(), Path.of(".."));
        Trainer t = new Trainer(g, TrainingConfig.fromMap(training), split.train(), split.validation());
        assertInstanceOf(TrainingEvent.RunFinished.class, t.run());
        double accuracy = ((Number) t.history().get(0).get("val_accuracy")).doubleValue();
        // Measured 78.16% (5 epochs reach 84%); the majority class, ham, is 59.8% of the subjects.
        assertTrue(accuracy > 0.72, "validation accuracy after one epoch: " + accuracy);
    }
}
