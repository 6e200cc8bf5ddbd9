package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerlab info}'s settings line names the run's learning-rate schedule beside its optimiser and rate: a bundle
 * trained with LambdaLR said "optimizer LBFGS, lr 1.0, batch_size 120, …" as one trained at a constant rate did.
 */
class InfoSchedulerTest {
    final CliRunner cli = new CliRunner();

    @Test
    void theSettingsLineNamesTheSchedule(@TempDir Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode p = (ObjectNode) json.readTree(Files.readString(Path.of("..", "sample-projects", "iris.json")));
        p.set("training", json.readTree("{\"optimizer\": {\"name\": \"LBFGS\"}, \"epochs\": 1, \"batch_size\": 120, "
                + "\"scheduler\": {\"name\": \"LambdaLR\", \"lr_lambda\": \"0.99 ** epoch\"}}"));
        Path project = Files.writeString(dir.resolve("iris.json"), json.writeValueAsString(p)), bundle = dir.resolve("iris.llab");
        assertEquals(0, cli.run("train", project.toString(), "--device", "cpu", "-q", "--save-bundle", bundle.toString()), cli.err.toString());
        assertEquals(0, cli.run("info", bundle.toString()), cli.err.toString());
        String said = cli.out.toString();
        assertTrue(said.contains("; settings: optimizer LBFGS, lr 1.0, scheduler LambdaLR, batch_size 120, seed 0"), said);
    }
}
