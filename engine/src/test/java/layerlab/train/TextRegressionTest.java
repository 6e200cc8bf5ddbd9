package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.data.Vocabulary;
import layerlab.graph.Graph;
import layerlab.graph.TestGraphs;
import layerlab.train.TrainingEvent.BatchEnded;
import layerlab.train.TrainingEvent.RunFinished;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Texts with a score to predict train end to end: the text source's regression set through an Embedding and MSELoss. */
class TextRegressionTest {
    @TempDir Path dir;

    /**
     * Reviews whose score is 3 plus half a point a "good" and minus half a point a "bad" (the other words say nothing):
     * Embedding → MeanOverTime → Linear(8, 1) learns to count them, so its loss falls.
     */
    @Test
    void anEmbeddingModelLearnsScoresFromTexts() throws Exception {
        Random r = new Random(1);
        List<String> words = List.of("good", "bad", "film", "plot", "the", "actors", "long");
        StringBuilder csv = new StringBuilder("review,score\n");
        for (int i = 0; i < 160; i++) {
            StringBuilder text = new StringBuilder();
            double score = 3;
            for (int w = 0, n = 2 + r.nextInt(5); w < n; w++) {
                String word = words.get(r.nextInt(words.size()));
                score += word.equals("good") ? 0.5 : word.equals("bad") ? -0.5 : 0;
                text.append(w > 0 ? " " : "").append(word);
            }
            csv.append(text).append(',').append(score).append('\n');
        }
        Files.writeString(dir.resolve("reviews.csv"), csv);
        DataSplit data = DataSources.open(Map.of("source", "text", "path", "reviews.csv", "validation_split", 0.2), dir);
        assertFalse(data.train().isClassification(), "scores with halves are values to predict (task auto)");
        Vocabulary v = data.train().vocabulary();

        Graph g = TestGraphs.graph()
                .node("review", "Input", "shape", List.of(v.length()), "dtype", "int64")
                .node("embedding", "Embedding", "num_embeddings", v.size(), "embedding_dim", 8, "padding_idx", 0)
                .node("mean", "MeanOverTime")
                .node("fc", "Linear", "in_features", 8, "out_features", 1)
                .node("prediction", "Output")
                .node("score", "Input", "shape", List.of(1))
                .node("loss", "MSELoss")
                .chain("review", "embedding", "mean", "fc", "prediction")
                .edge("fc.out", "loss.input").edge("score.out", "loss.target")
                .build();
        Trainer t = new Trainer(g, TrainerTest.config("optimizer", Map.of("name", "Adam", "lr", 0.05), "epochs", 15, "batch_size", 16, "seed", 0),
                data.train(), data.validation());
        List<Double> losses = new ArrayList<>();
        t.addListener(e -> {
            if (e instanceof BatchEnded b) losses.add(b.loss());
        });
        RunFinished end = assertInstanceOf(RunFinished.class, t.run());
        assertEquals(15 * 8, losses.size(), "128 training reviews in batches of 16, 15 epochs");
        double first = mean(losses.subList(0, 8)), last = mean(losses.subList(losses.size() - 8, losses.size()));
        assertTrue(last < first / 4, "the loss falls: " + first + " → " + last);
        assertTrue(end.metrics().containsKey("val_mae") && !end.metrics().containsKey("val_accuracy"), end.metrics().toString());
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
