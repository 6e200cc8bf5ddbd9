package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.data.Vocabulary;
import layerlab.graph.Graph;
import layerlab.graph.TestGraphs;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.Problem;
import layerlab.train.TrainingEvent.RunFinished;
import org.junit.jupiter.api.Test;

/**
 * The tokens source's sentiment reviews padded on either side ({@code "padding"}): the model check reads the side the
 * generator says, and a model that reads them as they are padded trains: a LastStep on reviews padded on the left (the
 * last step is the last word), a Lengths-masked (packed) GRU and LastStep on reviews padded on the right.
 */
class TokenPaddingTest {
    static final int LENGTH = 12, VOCAB = 60;

    static Map<String, Object> reviews(String padding) {
        return Map.of("source", "tokens", "task", "sentiment", "n", 1200, "vocab", VOCAB, "length", LENGTH, "padding", padding,
                "validation_split", 0.25, "seed", 3);
    }

    /** Embedding → GRU → LastStep → Linear, its GRU and LastStep given the Lengths when {@code masked}. */
    static Graph gruLast(boolean masked) {
        TestGraphs b = TestGraphs.graph()
                .node("tokens", "Input", "shape", List.of(LENGTH), "dtype", "int64")
                .node("embedding", "Embedding", "num_embeddings", VOCAB, "embedding_dim", 16, "padding_idx", 0)
                .node("gru", "GRU", "input_size", 16, "hidden_size", 24)
                .node("last", "LastStep")
                .node("fc", "Linear", "in_features", 24, "out_features", 2)
                .node("logits", "Output")
                .node("labels", "Input", "shape", List.of(), "dtype", "int64")
                .node("loss", "CrossEntropyLoss")
                .chain("tokens", "embedding", "gru", "last", "fc", "logits")
                .edge("fc.out", "loss.input").edge("labels.out", "loss.target");
        if (masked)
            b.node("lengths", "Lengths").edge("tokens.out", "lengths.in").edge("lengths.out", "gru.lengths").edge("lengths.out", "last.lengths");
        return b.build();
    }

    private static List<String> problems(Graph g, DataSplit d) {
        return DataFit.problems(Analysis.of(g), DataFit.Data.of(d.trainSamples())).stream().map(Problem::toString).toList();
    }

    @Test
    void theCheckReadsTheSideTheGeneratorPaddedOn() throws Exception {
        DataSplit left = DataSources.open(reviews("left"), Path.of(".")), right = DataSources.open(reviews("right"), Path.of("."));
        assertEquals(Vocabulary.Padding.LEFT, left.train().padding());
        assertEquals(Vocabulary.Padding.RIGHT, right.train().padding(), "the side survives the split");
        assertEquals(Vocabulary.Padding.RIGHT, right.validation().padding());

        assertEquals(List.of(), problems(gruLast(false), left), "left: LastStep reads the last word");
        assertEquals(List.of(), problems(gruLast(true), right), "right: Lengths counts each review from step 0");
        assertEquals(List.of("Lengths \"lengths\": counts each sequence's tokens from its first step, but the data set (" + ((layerlab.data.TensorDataset) left.trainSamples()).name()
                + ") pads on the left (the sequence at the end): set the data set's \"padding\" to \"right\"."), problems(gruLast(true), left));
        List<String> unmasked = problems(gruLast(false), right);
        assertEquals(List.of("LastStep \"last\": reads each sequence's last step, which is padding for a sequence shorter than 12 tokens "
                + "(the data set pads on the right): connect a Lengths node to its lengths."), unmasked);
    }

    /** Either side trains, read as it is padded: well above chance (0.5) on the held-out reviews. */
    @Test
    void aModelReadingEitherSideAsItIsPaddedLearnsTheReviews() throws Exception {
        for (String side : List.of("left", "right")) {
            DataSplit d = DataSources.open(reviews(side), Path.of("."));
            Graph g = gruLast(side.equals("right"));
            Trainer t = new Trainer(g, TrainerTest.config("optimizer", Map.of("name", "Adam", "lr", 0.01), "epochs", 12, "batch_size", 32, "seed", 0),
                    d.train(), d.validation());
            RunFinished end = assertInstanceOf(RunFinished.class, t.run(), side);
            double accuracy = end.metrics().get("val_accuracy");
            assertTrue(accuracy > 0.85, side + " padding: validation accuracy " + accuracy);
        }
    }
}
