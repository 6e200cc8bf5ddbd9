package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import layerlab.train.RunLog;
import layerlab.train.TrainingEvent;
import org.junit.jupiter.api.Test;

/** A run of the window as the {@link RunLog} keeps it, and back: the same row in the runs table. */
class RunRecordLogTest {
    @Test
    void aKeptRunShowsAsItDid() {
        RunRecord r = new RunRecord(4);
        RunRecord before = new RunRecord(3);
        before.setSettings(RunLog.settings(Map.of("optimizer", Map.of("lr", 0.01)), Map.of(), List.of()), null);
        r.setSettings(RunLog.settings(Map.of("optimizer", Map.of("lr", 0.5)), Map.of(), List.of()), before);
        assertNull(r.logged(), "a run still going is not kept");
        r.add(new TrainingEvent.BatchEnded(1, 1, 1, 0.7, 0.5, 100, 0.5));
        r.add(new TrainingEvent.EpochEnded(1, Map.of("val_accuracy", 0.8), false));
        r.add(new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 1, 1, Map.of(), 2.5));
        RunRecord back = RunRecord.of(r.logged());
        assertEquals(4, back.number());
        assertEquals("optimizer.lr 0.01 → 0.5", back.changes());
        assertEquals(RunChanges.best(r), RunChanges.best(back));
        assertEquals(RunChanges.ended(r), RunChanges.ended(back));
        assertEquals(r.settings(), back.settings());
        assertTrue(back.batches().isEmpty(), "batch points are not kept");
    }
}
