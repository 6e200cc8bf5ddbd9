package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The learning rate a project keeps when its optimiser is swapped for another in the training form; the options the
 * command line's --optimizer carries over ({@link OptimizerFactory#switched}).
 */
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

    @Test
    void anotherOptimiserKeepsTheProjectsOptionsItHasAndNamesTheRest() {
        Map<String, Object> adam = Map.of("name", "Adam", "lr", 0.02, "betas", List.of(0.8, 0.99), "eps", 1e-6, "weight_decay", 0.001, "amsgrad", true);
        OptimizerFactory.Switched w = OptimizerFactory.switched(adam, "adamw");
        assertEquals(Map.of("name", "adamw", "lr", 0.02, "betas", List.of(0.8, 0.99), "eps", 1e-6, "weight_decay", 0.001, "amsgrad", true), w.optimizer());
        assertEquals(List.of(), w.leftOut());
        OptimizerFactory.Switched sgd = OptimizerFactory.switched(adam, "SGD");
        assertEquals(Map.of("name", "SGD", "lr", 0.02, "weight_decay", 0.001), sgd.optimizer());
        assertEquals(List.of("lr", "weight_decay"), sgd.kept());
        assertEquals(List.of("betas=[0.8, 0.99]", "eps=1.0E-6", "amsgrad=true").stream().sorted().toList(), sgd.leftOut().stream().sorted().toList());
        // Adadelta's rate is its own (lrAfterSwitch), and said so; a project's optimiser by name alone has its default rate.
        assertEquals(List.of("lr=0.02 (Adadelta takes its own, 1.0)"), OptimizerFactory.switched(Map.of("name", "Adam", "lr", 0.02), "Adadelta").leftOut());
        assertEquals(Map.of("name", "SGD", "lr", 0.001), OptimizerFactory.switched("Adam", "SGD").optimizer());
        assertEquals(Map.of("name", "Adamm"), OptimizerFactory.switched(adam, "Adamm").optimizer(), "refused by name where it is read");
    }

    @Test
    void optionsWrittenAtTheirDefaultsAreNeitherCarriedNorNamed() {
        // The window writes every option once one is edited: only the betas were set here.
        Map<String, Object> written = Map.of("name", "Adam", "lr", 0.001, "betas", List.of(0.8, 0.99), "eps", 1e-8, "weight_decay", 0,
                "amsgrad", false, "maximize", false);
        OptimizerFactory.Switched w = OptimizerFactory.switched(written, "AdamW");
        assertEquals(Map.of("name", "AdamW", "lr", 0.001, "betas", List.of(0.8, 0.99)), w.optimizer(), "AdamW's own weight_decay (0.01), not Adam's 0 written out");
        OptimizerFactory.Switched sgd = OptimizerFactory.switched(written, "SGD");
        assertEquals(List.of("betas=[0.8, 0.99]"), sgd.leftOut());
        assertEquals(Map.of("name", "SGD", "lr", 0.001), sgd.optimizer());
    }
}
