package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny model trained for 20,000 epochs is kept in its project's run log as every few epochs ({@link KeptEpochs#MAX}
 * evenly) plus those its runs-table row reads off (the last, the best validation accuracy, loss and MAE, the restored
 * one): the log of such runs stays a few hundred KB a run instead of 6 MB; a run of a few hundred epochs is kept whole.
 */
class RunLogLongRunTest {
    @TempDir
    Path dir;

    private static List<TrainingEvent.EpochEnded> epochs(int n, int bestAccuracyAt, int lowestLossAt) {
        List<TrainingEvent.EpochEnded> out = new ArrayList<>();
        for (int e = 1; e <= n; e++) {
            double acc = e == bestAccuracyAt ? 0.99 : 0.5 + 0.001 * (e % 7);
            double loss = e == lowestLossAt ? 0.01 : 0.5 + 0.001 * (e % 11);
            out.add(new TrainingEvent.EpochEnded(e, Map.of("train_loss", loss, "val_loss", loss, "val_accuracy", acc, "lr", 0.01), false));
        }
        return out;
    }

    private static List<Integer> numbers(List<TrainingEvent.EpochEnded> es) {
        return es.stream().map(TrainingEvent.EpochEnded::epoch).toList();
    }

    @Test
    void aRunOfTwentyThousandEpochsIsKeptAsAFewHundredWithItsLastBestAndRestored() throws Exception {
        RunLog log = new RunLog(dir.resolve("runs"));
        Path project = dir.resolve("tiny.json");
        var end = new TrainingEvent.RunFinished(TrainingEvent.Reason.EARLY_STOPPED, 20_000, 20_000, Map.of("val_loss", 0.5), 60, 12_345,
                Map.of("val_loss", 0.5));
        log.append(project, Map.of("epochs", 20_000), epochs(20_000, 7_777, 3_333), end);
        log.append(project, Map.of("epochs", 300), epochs(300, 5, 6), new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 300, 300,
                Map.of(), 1));

        List<RunLog.Run> runs = log.load(project);
        List<Integer> kept = numbers(runs.get(0).epochs());
        assertTrue(kept.size() <= KeptEpochs.MAX + KeptEpochs.EXTRA, kept.size() + " epochs kept of 20,000");
        assertTrue(kept.size() >= KeptEpochs.MAX, "still a curve: " + kept.size());
        assertEquals(20_000, kept.get(kept.size() - 1), "the last epoch");
        for (int e : List.of(7_777, 3_333, 12_345)) assertTrue(kept.contains(e), "epoch " + e + " kept (best accuracy, lowest loss, restored)");
        assertEquals(kept.stream().sorted().distinct().toList(), kept, "in order, once each");
        assertEquals(numbers(epochs(300, 5, 6)), numbers(runs.get(1).epochs()), "a short run is kept whole");
        long size = Files.size(log.fileFor(project));
        assertTrue(size < 400_000, "the log of a 20,000-epoch run and a 300-epoch one: " + size + " bytes");
    }
}
