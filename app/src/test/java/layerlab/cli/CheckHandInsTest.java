package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} as a teacher uses it on hand-ins before grading them: against the teacher's data ({@code --data}, as train's;
 * check read only each project's own, a student's {@code C:\Users\…} path), and a project whose loss node was deleted is an
 * error, said as train says it when it refuses to start (check said only that the labels Input was unconnected, a warning).
 */
class CheckHandInsTest {
    final CliRunner cli = new CliRunner();
    final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    /** Iris as a student's CSV project whose data lie at {@code path} on their PC; the teacher's copy is dir/iris.csv. */
    private Path handIn(String name, String path, int classes) throws Exception {
        StringBuilder csv = new StringBuilder("a,b,c,d,species\n");
        for (int i = 0; i < 30; i++) csv.append(i % 7).append(',').append(i % 5).append(',').append(i % 3).append(',').append(i).append(',').append("s" + i % 3).append('\n');
        Files.writeString(dir.resolve("iris.csv"), csv);
        ObjectNode p = (ObjectNode) json.readTree(GradeCommandTest.IRIS.toFile());
        p.putObject("dataset").put("source", "csv").put("path", path).put("label_column", "species").put("validation_split", 0.2).put("seed", 0);
        for (var n : p.withArray("nodes")) if (n.get("name").asText().equals("fc2")) ((ObjectNode) n.get("params")).put("out_features", classes);
        return Files.writeString(dir.resolve(name), json.writeValueAsString(p));
    }

    @Test
    void handInsAreCheckedAgainstTheTeachersData() throws Exception {
        Path ana = handIn("ana.json", "C:\\Users\\ana\\iris.csv", 3);
        assertEquals(1, cli.run("check", ana.toString(), "-q"));
        assertEquals(0, cli.run("check", ana.toString(), "-q", "--data", "path=" + dir.resolve("iris.csv")), cli.err.toString());
        Path ben = handIn("ben.json", "/Users/ben/iris.csv", 2);
        assertEquals(1, cli.run("check", ben.toString(), "-q", "--data", "path=" + dir.resolve("iris.csv")));
        assertTrue(cli.err.toString().startsWith(ben + ": error: Linear \"fc2\": gives 2 class scores per sample but the data set has 3 classes"),
                cli.err.toString());
    }

    @Test
    void aProjectWithoutALossIsAnError() throws Exception {
        ObjectNode p = (ObjectNode) json.readTree(GradeCommandTest.IRIS.toFile());
        ArrayNode nodes = p.withArray("nodes"), edges = p.withArray("edges");
        for (int i = nodes.size() - 1; i >= 0; i--) if (nodes.get(i).get("kind").asText().equals("CrossEntropyLoss")) nodes.remove(i);
        for (int i = edges.size() - 1; i >= 0; i--) if (edges.get(i).get("to").asText().startsWith("loss.")) edges.remove(i);
        Path f = Files.writeString(dir.resolve("omar.json"), json.writeValueAsString(p));
        assertEquals(1, cli.run("check", f.toString(), "-q"));
        assertTrue(cli.err.toString().contains(": error: the graph has no loss node and training.loss is not set"), cli.err.toString());
        assertEquals(2, cli.run("train", f.toString(), "-q", "--steps", "1"));
        assertTrue(cli.err.toString().contains("the graph has no loss node and training.loss is not set"), cli.err.toString());
    }
}
