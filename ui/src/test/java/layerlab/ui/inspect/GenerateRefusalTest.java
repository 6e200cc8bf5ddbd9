package layerlab.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import layerlab.train.Sampling;
import org.junit.jupiter.api.Test;

/**
 * The Generate pane names a refused setting by its field's label, not by the engine's component name (the command
 * line says {@code --count}; the pane has no such thing): "How many must be at least 1, got 0".
 */
class GenerateRefusalTest {
    private static String refusal(int count, double temperature) {
        return GeneratePane.refusal(assertThrows(Sampling.BadOption.class, () -> new Sampling.Options(count, temperature, 0, "", 0)));
    }

    @Test
    void eachRefusalNamesThePanesField() {
        assertEquals("How many must be at least 1, got 0", refusal(0, 1));
        assertEquals("Temperature must be a number above 0 (1: the model's own probabilities), got 0.0", refusal(3, 0));
    }
}
