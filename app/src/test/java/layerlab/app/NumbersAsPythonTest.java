package layerlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import layerlab.ui.TypedText;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.TickUnit;
import org.junit.jupiter.api.Test;

/**
 * LayerLab shows numbers as Python does whatever the machine's locale: a chart's axis says 0.5 as the learning-rate field
 * and the project file do, not 0,5 (de-DE) or ٠٫٥ (ar-EG); a German student may still type 0,5.
 */
class NumbersAsPythonTest {
    @Test
    void chartsShowPythonsNumbersAndTypedCommasStillRead() {
        Locale before = Locale.getDefault();
        try {
            for (String tag : new String[] {"de-DE", "ar-EG", "fr-FR"}) {
                Locale.setDefault(Locale.forLanguageTag(tag));
                Main.formatNumbersAsPython();
                TickUnit unit = new NumberAxis("loss").getStandardTickUnits().getCeilingTickUnit(0.5);
                assertEquals("0.5", unit.valueToString(0.5), tag + ": a chart axis's tick label");
                assertEquals("1,234.5", String.format("%,.1f", 1234.5), tag);
                assertEquals(tag.equals("ar-EG") ? "0,5" : "0.5", TypedText.decimalPoint("0,5"), tag + ": typed under the user's own locale");
            }
        } finally {
            Locale.setDefault(before);
            TypedText.typedUnder(null);
        }
    }
}
