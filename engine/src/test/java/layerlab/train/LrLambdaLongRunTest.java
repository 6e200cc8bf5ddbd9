package layerlab.train;

import static layerlab.train.SettingsJson.read;
import static layerlab.train.SettingsJson.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import layerlab.nn.Parameter;
import layerlab.optim.EpochExpression;
import layerlab.optim.LRScheduler;
import layerlab.optim.Optimizer;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * An lr_lambda over a very long run: the settings' check evaluates it at the run's first {@link EpochExpression#CHECKED_EPOCHS}
 * epochs only (a billion epochs took minutes in {@code layerlab check}, and the form checks at each keystroke), and a factor
 * that goes bad past them stops the run when its epoch comes, in the same words, instead of scaling the rate by NaN.
 * A character pasted from a document in place of Python's (a typographic minus) is named as what it is.
 */
class LrLambdaLongRunTest {
    @Test
    void aBillionEpochsAreCheckedInAMoment() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            read("{\"epochs\": 1000000000, \"scheduler\": {\"name\": \"LambdaLR\", \"lr_lambda\": \"0.95 ** epoch\"}}");
            read("{\"epochs\": 1000000000, \"scheduler\": {\"name\": \"MultiplicativeLR\", \"lr_lambda\": \"0.99\"}}");
        });
    }

    @Test
    void aFactorThatGoesBadPastTheCheckedEpochsStopsTheRunWhenItComes() throws Exception {
        int bad = EpochExpression.CHECKED_EPOCHS + 5; // the factor is 1 until it falls to 0 at this epoch and to -1 at the next
        String lambda = "min(1, " + bad + " - epoch)";
        for (String name : List.of("LambdaLR", "MultiplicativeLR")) {
            TrainingConfig c = read("{\"epochs\": " + (bad + 10) + ", \"optimizer\": {\"name\": \"SGD\", \"lr\": 0.1}, \"scheduler\": {\"name\": \""
                    + name + "\", \"lr_lambda\": \"" + lambda + "\"}}");
            Optimizer opt = OptimizerFactory.optimizer(c.optimizer(), List.of(new Parameter(Tensor.zeros(1))));
            LRScheduler s = OptimizerFactory.scheduler(c.scheduler(), opt);
            for (int e = 1; e <= bad; e++) s.step();
            assertEquals(0, opt.getLr(), name + " at epoch " + bad);
            IllegalStateException stop = assertThrows(IllegalStateException.class, s::step, name);
            assertEquals("lr_lambda \"" + lambda + "\" gives -1 at epoch " + (bad + 1) + "; a rate's factor must be a number of at least 0",
                    stop.getMessage(), name);
        }
        // Within the checked epochs it is still refused before the run starts.
        assertEquals("training.scheduler.lr_lambda \"1 - epoch / 5\" gives -0.2 at epoch 6; a rate's factor must be a number of at least 0 at every epoch "
                + "of the run", refusal("{\"epochs\": 1000000000, \"scheduler\": {\"name\": \"LambdaLR\", \"lr_lambda\": \"1 - epoch / 5\"}}"));
    }

    @Test
    void aTypographicMinusIsNamed() {
        assertEquals("training.scheduler.lr_lambda: unexpected \"\u2212\" at character 1 of \"\u22120.5 * epoch + 1\"; an lr_lambda may use epoch, numbers, "
                + "+ - * / // % ** ( ), min, max, exp, log, sqrt, sin, cos, abs, floor, ceil and pi (\"\u2212\" is a typographic minus: type -)",
                refusal("{\"scheduler\": {\"name\": \"LambdaLR\", \"lr_lambda\": \"\u22120.5 * epoch + 1\"}}"));
        assertEquals("training.scheduler.lr_lambda: unexpected \"\u00d7\" at character 5 of \"0.5 \u00d7 epoch\"; an lr_lambda may use epoch, numbers, "
                + "+ - * / // % ** ( ), min, max, exp, log, sqrt, sin, cos, abs, floor, ceil and pi (\"\u00d7\" is a multiplication sign: type *)",
                refusal("{\"scheduler\": {\"name\": \"LambdaLR\", \"lr_lambda\": \"0.5 \u00d7 epoch\"}}"));
    }
}
