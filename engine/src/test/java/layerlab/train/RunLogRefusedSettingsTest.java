package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import org.junit.jupiter.api.Test;

/**
 * A run refused at Start (an lr_lambda that goes negative) is kept with its settings read as far as they go: the run
 * after, its lambda mended, differs from it by the lambda alone. The refused run's settings were kept as the file wrote
 * them, so the runs table said "optimizer.lr added (1); optimizer.max_iter added (20); optimizer.tolerance_grad added …"
 * for the defaults LBFGS has and the file left out.
 */
class RunLogRefusedSettingsTest {
    private static Graph iris(String training) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode p = (ObjectNode) json.readTree(Files.readString(Path.of("..", "sample-projects", "iris.json")));
        p.set("training", json.readTree(training));
        return ProjectJson.read(json.writeValueAsString(p), "iris.json");
    }

    @Test
    void theRunAfterARefusedOneDiffersByWhatWasMended() throws Exception {
        Graph refused = iris("{\"optimizer\": {\"name\": \"LBFGS\"}, \"epochs\": 300, \"batch_size\": 120, "
                + "\"scheduler\": {\"name\": \"LambdaLR\", \"lr_lambda\": \"1 - epoch / 250\"}}");
        Graph mended = iris("{\"optimizer\": {\"name\": \"LBFGS\"}, \"epochs\": 300, \"batch_size\": 120, "
                + "\"scheduler\": {\"name\": \"LambdaLR\", \"lr_lambda\": \"0.99 ** epoch\"}}");
        assertEquals("scheduler.lr_lambda 1 - epoch / 250 → 0.99 ** epoch", RunLog.changes(RunLog.settings(refused), RunLog.settings(mended)));
        // A setting refused, another read: the read one is compared with its defaults written out, the refused one as written.
        Graph twoWrong = iris("{\"optimizer\": {\"name\": \"LBFGS\"}, \"epochs\": \"ten\", \"batch_size\": 120, "
                + "\"scheduler\": {\"name\": \"LambdaLR\", \"lr_lambda\": \"1 - epoch / 5\"}}");
        assertEquals("scheduler.lr_lambda 1 - epoch / 5 → 0.99 ** epoch; epochs ten → 300",
                RunLog.changes(RunLog.settings(twoWrong), RunLog.settings(mended)));
    }
}
