package layerlab.train;

import static layerlab.train.SettingsJson.read;
import static layerlab.train.SettingsJson.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Map;
import layerlab.nn.Parameter;
import layerlab.optim.LambdaLR;
import layerlab.optim.MultiplicativeLR;
import layerlab.optim.Optimizer;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * LambdaLR and MultiplicativeLR in a project's settings: lr_lambda is required, parsed (a mistake refused naming the key,
 * the token and where), checked at every epoch of the run (a NaN or negative factor refused before it starts), read back
 * the same from the file, and built into the scheduler.
 */
class LambdaLrConfigTest {
    @Test
    void anExpressionOfEpochIsReadCheckedAndBuilt() throws Exception {
        TrainingConfig c = read("{\"optimizer\": {\"name\": \"SGD\", \"lr\": 0.1}, \"scheduler\": {\"name\": \"LambdaLR\", \"lr_lambda\": \"0.95 ** epoch\"}}");
        assertEquals(Map.of("lr_lambda", "0.95 ** epoch"), c.scheduler().params());
        assertEquals(c, TrainingConfig.fromMap(c.toMap()));
        Optimizer opt = OptimizerFactory.optimizer(c.optimizer(), List.of(new Parameter(Tensor.zeros(1))));
        LambdaLR s = assertInstanceOf(LambdaLR.class, OptimizerFactory.scheduler(c.scheduler(), opt));
        s.step();
        s.step();
        assertEquals(0.1 * 0.95 * 0.95, opt.getLr(), 1e-15);
        // A number alone is an expression too.
        TrainingConfig m = read("{\"scheduler\": {\"name\": \"MultiplicativeLR\", \"lr_lambda\": 0.9}}");
        assertEquals("0.9", m.scheduler().params().get("lr_lambda"));
        assertInstanceOf(MultiplicativeLR.class, OptimizerFactory.scheduler(m.scheduler(), OptimizerFactory.optimizer(m.optimizer(),
                List.of(new Parameter(Tensor.zeros(1))))));
    }

    @Test
    void mistakesAreRefusedNamingTheKeyTheTokenAndWhere() {
        assertEquals("training.scheduler.lr_lambda is required by LambdaLR", refusal("{\"scheduler\": \"LambdaLR\"}"));
        assertEquals("training.scheduler.lr_lambda: unexpected \"**\" at character 9 of \"0.95 ** ** epoch\"; an lr_lambda may use epoch, numbers, "
                + "+ - * / // % ** ( ), min, max, exp, log, sqrt, sin, cos, abs, floor, ceil and pi",
                refusal("{\"scheduler\": {\"name\": \"LambdaLR\", \"lr_lambda\": \"0.95 ** ** epoch\"}}"));
        assertEquals("training.scheduler.lr_lambda \"log(epoch - 3)\" gives NaN at epoch 0; a rate's factor must be a number of at least 0 at every epoch "
                + "of the run", refusal("{\"scheduler\": {\"name\": \"LambdaLR\", \"lr_lambda\": \"log(epoch - 3)\"}}"));
        assertEquals("training.scheduler.lr_lambda \"1 - epoch / 5\" gives -0.2 at epoch 6; a rate's factor must be a number of at least 0 at every epoch "
                + "of the run", refusal("{\"epochs\": 10, \"scheduler\": {\"name\": \"MultiplicativeLR\", \"lr_lambda\": \"1 - epoch / 5\"}}"));
        assertEquals("training.scheduler.lr_lambda must be an expression of epoch such as \"0.95 ** epoch\", got [1, 2]",
                refusal("{\"scheduler\": {\"name\": \"LambdaLR\", \"lr_lambda\": [1, 2]}}"));
    }
}
