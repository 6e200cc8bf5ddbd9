package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ReduceLROnPlateau or early stopping on the run's own score that the network's loss does not give (val_mae on the iris
 * classifier, val_accuracy on a regression, the whole val_mae of the two-headed penguins, whose first head is a classifier):
 * {@code check} passed it ("No problems") and {@code train} then refused it with only "this run does not compute it". Both now
 * say which loss scores what, at the setting's line, and what to watch; a head's own score and a score the loss gives still pass.
 */
class UnscoredMetricCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LayerLabCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static String with(String sample, String setting) throws java.io.IOException {
        return Files.readString(Path.of("../sample-projects/" + sample)).replaceFirst("\"training\": \\{", "\"training\": {" + setting + ", ");
    }

    private static String plateau(String metric) {
        return "\"scheduler\": {\"name\": \"ReduceLROnPlateau\", \"metric\": \"" + metric + "\"}";
    }

    @Test
    void checkAndTrainSayWhichScoreTheLossGives(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("iris.json");
        Files.writeString(file, with("iris.json", plateau("val_mae")));
        assertEquals(1, run("check", "-q", file.toString()));
        String said = "training.scheduler.metric is \"val_mae\", but the run's loss CrossEntropyLoss (\"loss\") is scored by accuracy, "
                + "so a run does not compute an MAE: watch val_accuracy";
        assertTrue(err.toString().contains(file + ":") && err.toString().contains("error: " + said), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("train", file.toString(), "--epochs", "1"));
        assertTrue(err.toString().contains(said), err.toString());
        assertFalse(err.toString().contains("this run does not compute it"), err.toString());

        err.getBuffer().setLength(0);
        Files.writeString(file, with("iris.json", "\"early_stopping\": {\"metric\": \"train_mae\", \"patience\": 3}"));
        assertEquals(1, run("check", "-q", file.toString()));
        assertTrue(err.toString().contains("error: training.early_stopping.metric is \"train_mae\", but the run's loss CrossEntropyLoss (\"loss\") "
                + "is scored by accuracy, so a run does not compute an MAE: watch train_accuracy"), err.toString());

        err.getBuffer().setLength(0);
        Files.writeString(file, with("regression.json", plateau("val_accuracy")));
        assertEquals(1, run("check", "-q", file.toString()));
        assertTrue(err.toString().contains("error: training.scheduler.metric is \"val_accuracy\", but the run's loss MSELoss (\"loss\") is scored by MAE, "
                + "so a run does not compute an accuracy: watch val_mae"), err.toString());

        // Two heads: the run's own score is its first head's (the species' accuracy); the bill's MAE is its own head's.
        err.getBuffer().setLength(0);
        Files.writeString(file, with("penguins-two-heads.json", plateau("val_mae")));
        assertEquals(1, run("check", "-q", file.toString()));
        assertTrue(err.toString().contains("but the run's loss CrossEntropyLoss (\"species_loss\") is scored by accuracy, so a run does not compute "
                + "an MAE: watch val_accuracy"), err.toString());
        err.getBuffer().setLength(0);
        Files.writeString(file, with("penguins-two-heads.json", plateau("val_mae_bill_loss")));
        assertEquals(0, run("check", "-q", file.toString()), err.toString());
        Files.writeString(file, with("iris.json", plateau("val_accuracy")));
        assertEquals(0, run("check", "-q", file.toString()), err.toString());
    }
}
