package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingEvent;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
    private static final TrainingEvent.RunStarted START = new TrainingEvent.RunStarted("Net", "cpu", 1234, 640, 64, 10, 2,
            TrainingConfig.fromMap(Map.of()), true);

    private static Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("train_loss", 0.5);
        m.put("train_accuracy", 0.8);
        m.put("val_loss", 0.25);
        m.put("val_accuracy", 0.9125);
        m.put("lr", 0.001);
        m.put("seconds", 1.5);
        return m;
    }

    @Test
    void onATerminalTheStatusLineIsRedrawnInPlace() {
        StringWriter s = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(s), true, Long.MAX_VALUE);
        p.onEvent(START);
        p.onEvent(new TrainingEvent.BatchEnded(1, 3, 3, 0.6931, 0.001, 1280, 0.75));
        String text = s.toString();
        assertTrue(text.startsWith("Net: 1,234 parameters on cpu; Adam(lr=0.001), batches of 64, 2 epochs of 10 steps\n"), text);
        // 17 steps left at 64 samples per step and 1,280 samples/s: 0.85 s.
        assertTrue(text.endsWith("\repoch 1/2  batch 3/10  1,280 samples/s  ETA 0:01  loss 0.6931  accuracy 75.00%"), text);
        p.onEvent(new TrainingEvent.EpochEnded(1, metrics(), false));
        assertTrue(s.toString().endsWith("\r\nepoch 1/2: train_loss 0.5000  train_accuracy 80.00%  val_loss 0.2500  val_accuracy 91.25%  lr 0.001  (1.5 s)\n")
                || s.toString().endsWith("\repoch 1/2: train_loss 0.5000  train_accuracy 80.00%  val_loss 0.2500  val_accuracy 91.25%  lr 0.001  (1.5 s)\n"),
                s.toString());
    }

    @Test
    void elsewhereOnlyTheEpochLinesArePrinted() {
        StringWriter s = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(s), false, Long.MAX_VALUE);
        p.onEvent(START);
        p.onEvent(new TrainingEvent.BatchEnded(1, 3, 3, 0.6931, 0.001, 1280, 0.75));
        p.onEvent(new TrainingEvent.EpochEnded(1, metrics(), false));
        String[] lines = s.toString().split("\n");
        assertEquals(2, lines.length, s.toString());
        assertEquals("epoch 1/2: train_loss 0.5000  train_accuracy 80.00%  val_loss 0.2500  val_accuracy 91.25%  lr 0.001  (1.5 s)", lines[1]);
        assertTrue(!s.toString().contains("\r"));
    }
}
