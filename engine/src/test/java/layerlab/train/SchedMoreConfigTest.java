package layerlab.train;

import static layerlab.train.SettingsJson.read;
import static layerlab.train.SettingsJson.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the settings accept and refuse of LambdaLR and MultiplicativeLR inside SequentialLR and ChainedScheduler, CyclicLR's
 * scale_fn and scale_mode, and momenta per parameter group, each refusal naming the key (the numbers are SchedMoreParityTest's).
 */
class SchedMoreConfigTest {
    @Test
    void aLambdaInsideSequentialLrIsCheckedOverTheEpochsItSchedules() throws Exception {
        // "1 - epoch / 5" is negative from epoch 6: first in a SequentialLR that hands over at 5, it never gets there.
        String first = "{\"epochs\": 10, \"scheduler\": {\"name\": \"SequentialLR\", \"schedulers\": [{\"name\": \"LambdaLR\", \"lr_lambda\": \"1 - epoch / 5\"}, "
                + "{\"name\": \"ExponentialLR\", \"gamma\": 0.9}], \"milestones\": [5]}}";
        assertEquals("1 - epoch / 5", ((Map<?, ?>) ((List<?>) read(first).scheduler().params().get("schedulers")).get(0)).get("lr_lambda"));
        // Second, from epoch 3 of 10, it reaches its own epoch 6, the run's 9.
        assertEquals("training.scheduler.schedulers[1].lr_lambda \"1 - epoch / 5\" gives -0.2 at epoch 6 (the run's epoch 9, its epoch 0 being its milestone's); "
                + "a rate's factor must be a number of at least 0 at every epoch of the run", refusal("{\"epochs\": 10, \"scheduler\": {\"name\": \"SequentialLR\", "
                + "\"schedulers\": [\"ConstantLR\", {\"name\": \"MultiplicativeLR\", \"lr_lambda\": \"1 - epoch / 5\"}], \"milestones\": [3]}}"));
        // In a ChainedScheduler it steps every epoch of the run.
        assertEquals("training.scheduler.schedulers[0].lr_lambda \"1 - epoch / 5\" gives -0.2 at epoch 6; a rate's factor must be a number of at least 0 at "
                + "every epoch of the run", refusal("{\"epochs\": 10, \"scheduler\": {\"name\": \"ChainedScheduler\", \"schedulers\": [{\"name\": \"LambdaLR\", "
                + "\"lr_lambda\": \"1 - epoch / 5\"}, \"ConstantLR\"]}}"));
        assertEquals("training.scheduler.schedulers[1].lr_lambda is required by MultiplicativeLR", refusal("{\"scheduler\": {\"name\": \"ChainedScheduler\", "
                + "\"schedulers\": [\"ConstantLR\", \"MultiplicativeLR\"]}}"));
    }

    @Test
    void cyclicLrsScaleFnIsAnExpressionOfX() throws Exception {
        TrainingConfig c = read("{\"optimizer\": {\"name\": \"SGD\", \"momentum\": 0.9}, \"scheduler\": {\"name\": \"CyclicLR\", \"base_lr\": 0.01, \"max_lr\": 0.1, "
                + "\"scale_fn\": \"1/(2.0**(x-1))\"}}");
        assertEquals("1/(2.0**(x-1))", c.scheduler().params().get("scale_fn"));
        assertEquals("cycle", c.scheduler().params().get("scale_mode"));
        assertEquals(c, TrainingConfig.fromMap(c.toMap()));
        assertNull(read("{\"scheduler\": {\"name\": \"CyclicLR\", \"base_lr\": 0.01, \"max_lr\": 0.1, \"cycle_momentum\": false}}").scheduler().params()
                .get("scale_fn"));
        assertEquals("0.5", read("{\"scheduler\": {\"name\": \"CyclicLR\", \"base_lr\": 0.01, \"max_lr\": 0.1, \"cycle_momentum\": false, \"scale_fn\": 0.5}}")
                .scheduler().params().get("scale_fn"));
        String cyclic = "{\"optimizer\": {\"name\": \"SGD\", \"momentum\": 0.9}, \"scheduler\": {\"name\": \"CyclicLR\", \"base_lr\": 0.01, \"max_lr\": 0.1, ";
        assertEquals("training.scheduler.scale_fn: unexpected \"epoch\" at character 9 of \"0.99 ** epoch\"; a scale_fn may use x, numbers, + - * / // % ** ( ), "
                + "min, max, exp, log, sqrt, sin, cos, abs, floor, ceil and pi (a name other than x and pi must be a function, followed by '(')",
                refusal(cyclic + "\"scale_fn\": \"0.99 ** epoch\"}}"));
        assertEquals("training.scheduler.scale_fn: unexpected \";\" at character 5 of \"0.99; import os\"; a scale_fn may use x, numbers, + - * / // % ** ( ), "
                + "min, max, exp, log, sqrt, sin, cos, abs, floor, ceil and pi", refusal(cyclic + "\"scale_fn\": \"0.99; import os\"}}"));
        assertEquals("training.scheduler.scale_fn must be an expression of x such as \"1 / (2.0 ** (x - 1))\" (or null: mode's own), got [1, 2]",
                refusal(cyclic + "\"scale_fn\": [1, 2]}}"));
        assertEquals("training.scheduler.scale_mode is \"steps\"; choose one of cycle, iterations", refusal(cyclic + "\"scale_fn\": \"x\", \"scale_mode\": \"steps\"}}"));
    }

    @Test
    void momentaPerGroupAreCountedAndChecked() throws Exception {
        TrainingConfig c = read("{\"optimizer\": {\"name\": \"SGD\", \"momentum\": 0.9}, \"param_groups\": [{\"params\": [\"*.bias\"], \"lr\": 0.01}], "
                + "\"scheduler\": {\"name\": \"OneCycleLR\", \"max_lr\": 0.1, \"base_momentum\": [0.8, 0.7], \"max_momentum\": [0.9, 0.95]}}");
        assertEquals(List.of(0.8, 0.7), c.scheduler().params().get("base_momentum"));
        assertEquals(c, TrainingConfig.fromMap(c.toMap()));
        assertEquals("training.scheduler.base_momentum lists 2 momenta, one per parameter group, but the optimiser has 1 group (param_groups adds more)",
                refusal("{\"optimizer\": {\"name\": \"SGD\", \"momentum\": 0.9}, \"scheduler\": {\"name\": \"CyclicLR\", \"base_lr\": 0.01, \"max_lr\": 0.1, "
                        + "\"base_momentum\": [0.8, 0.7]}}"));
        assertEquals("training.scheduler.max_momentum must hold momenta from 0 up to (not including) 1, got [0.9, 1.2]",
                refusal("{\"scheduler\": {\"name\": \"OneCycleLR\", \"max_lr\": 0.1, \"max_momentum\": [0.9, 1.2]}}"));
    }
}
