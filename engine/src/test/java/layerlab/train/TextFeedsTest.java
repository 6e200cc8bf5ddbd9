package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import layerlab.data.BundledDatasets;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.graph.Graph;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.json.ProjectJson;
import org.junit.jupiter.api.Test;

/**
 * A text data set that does not fit a compiled model (training from built weights, evaluating a bundle) is explained in
 * the data set's and the layers' own settings, in the words the editor uses for the same mistake ({@link DataFit}).
 */
class TextFeedsTest {
    private static Graph surnameClassifier() throws Exception {
        return ProjectJson.read(Files.readString(Path.of("..", "sample-projects", "surname-classifier.json")), "surname-classifier.json");
    }

    private static Graph withParam(Graph g, String node, String key, Object value) {
        return g.setParam(g.nodeByName(node).id(), key, value).after();
    }

    /**
     * The sample fits the data it trains on (the vocabulary of the names its validation split leaves for training) and
     * all the names, so that another split fits it too.
     */
    @Test
    void theSampleFitsItsBundledDataHoweverSplit() throws Exception {
        Graph g = surnameClassifier();
        DataSplit names = DataSources.open(g.dataset(), Path.of("..", "sample-projects"));
        new Feeds(GraphCompiler.compile(g)).check(names.train());
        new Feeds(GraphCompiler.compile(g)).check(BundledDatasets.surnames());
    }

    @Test
    void aLengthThatIsNotTheInputsSaysWhichToChange() throws Exception {
        Graph g = withParam(surnameClassifier(), "surname", "shape", java.util.List.of(30));
        String m = assertThrows(IllegalArgumentException.class, () -> new Feeds(GraphCompiler.compile(g)).check(BundledDatasets.surnames())).getMessage();
        assertEquals("the data does not fit the model: Input \"surname\": takes 30 token ids per sample but the data set reads each text as 24: "
                + "set the shape to [24] (a text file's data set, source text, cuts its texts to 30 tokens with \"length\": 30).", m);
    }

    @Test
    void aVocabularyLargerThanTheEmbeddingSaysBothWays() throws Exception {
        Graph g = withParam(surnameClassifier(), "embedding", "num_embeddings", 40);
        String m = assertThrows(IllegalArgumentException.class, () -> new Feeds(GraphCompiler.compile(g)).check(BundledDatasets.surnames())).getMessage();
        assertEquals("the data does not fit the model: Embedding \"embedding\": num_embeddings is 40 but the texts' vocabulary has 64 tokens "
                + "(ids 0..63): set num_embeddings to 64, or the data set's \"vocab\" to 40.", m);
    }
}
