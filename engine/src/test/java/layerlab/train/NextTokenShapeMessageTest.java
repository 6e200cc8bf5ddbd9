package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.data.DataSources;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.graph.analysis.Analysis;
import org.junit.jupiter.api.Test;

/**
 * An Input of another length than the next-token steps: the message names the steps and the shape to set, and says that
 * only a text file's set has a "length" (the surnames have none), one less than the steps (<bos> comes first).
 */
class NextTokenShapeMessageTest {
    @Test
    void theSurnamesNextTokenStepsSayTheShapeAndWhichSetHasALength() throws Exception {
        Graph g = ProjectJson.read(Files.readString(Path.of("../sample-projects/surname-generator.json")), "surname-generator.json");
        g = g.setParam(g.nodeByName("chars").id(), "shape", List.of(30)).after();
        var data = DataFit.Data.of(DataSources.open(Map.of("source", "surnames", "next_token", true), Path.of(".")).trainSamples());
        List<DataFit.Fit> fits = DataFit.check(Analysis.of(g), data).stream().filter(f -> f.problem().toString().startsWith("Input \"chars\"")).toList();
        assertEquals(1, fits.size(), fits::toString);
        assertEquals("Input \"chars\": takes 30 token ids per sample but the data set reads each text as 25 steps (<bos>, then the longest text's tokens): "
                + "set the shape to [25] (a text file's data set, source text, cuts its texts to 29 tokens with \"length\": 29, for 30 steps).",
                fits.get(0).problem().toString());
        assertEquals(List.of(25), fits.get(0).value());
    }
}
