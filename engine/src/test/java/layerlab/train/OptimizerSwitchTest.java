package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The learning rate a project keeps when its optimiser is swapped for another in the training form. */
class OptimizerSwitchTest {
    @Test
    void aRateTheUserSetIsKeptBetweenOptimisersThatReadItAlike() {
        assertEquals(0.05, OptimizerFactory.lrAfterSwitch("Adam", 0.05, "SGD"));
        assertEquals(0.01, OptimizerFactory.lrAfterSwitch("Adam", 0.01, "Rprop"));
        assertEquals(0.003, OptimizerFactory.lrAfterSwitch("NAdam", 0.003, "NAdam"));
    }

    @Test
    void adadeltaTakesItsOwnRateAndGivesTheNextOptimiserItsOwn() {
        assertEquals(1.0, OptimizerFactory.lrAfterSwitch("Adam", 0.001, "Adadelta"), "torch's Adadelta scales its step by lr=1.0");
        assertEquals(0.001, OptimizerFactory.lrAfterSwitch("Adadelta", 1.0, "Adam"));
        assertEquals(0.01, OptimizerFactory.lrAfterSwitch("Adadelta", 0.5, "SGD"));
        assertEquals(0.5, OptimizerFactory.lrAfterSwitch("Adadelta", 0.5, "Adadelta"), "picking it again keeps the rate");
    }
}
