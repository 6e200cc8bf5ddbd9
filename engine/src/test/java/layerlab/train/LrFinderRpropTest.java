package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import layerlab.graph.Graph;
import org.junit.jupiter.api.Test;

/** The range test refuses Rprop, whose lr is only its first step size (a sweep would chart nothing), saying why; ASGD's runs. */
class LrFinderRpropTest {
    @Test
    void rpropIsRefusedSayingWhyAndTheOtherLaterOptimisersRun() throws Exception {
        Graph g = ResumeTest.graph(ResumeTest.MLP);
        TrainingConfig rprop = ResumeTest.config(Map.of("name", "Rprop"), null, 1, Map.of());
        ConfigException e = assertThrows(ConfigException.class,
                () -> LrFinder.run(g, rprop, ResumeTest.rows(60, 0), LrFinder.Options.DEFAULT, p -> { }, () -> false));
        assertTrue(e.getMessage().startsWith("training.optimizer: the range test sweeps the learning rate, but Rprop takes lr only as its first step size"),
                e.getMessage());
        TrainingConfig asgd = ResumeTest.config(Map.of("name", "ASGD"), null, 1, Map.of());
        LrFinder.Result r = LrFinder.run(g, asgd, ResumeTest.rows(60, 0), LrFinder.Options.DEFAULT, p -> { }, () -> false);
        assertTrue(r.points().size() > 10, r.describe());
    }
}
