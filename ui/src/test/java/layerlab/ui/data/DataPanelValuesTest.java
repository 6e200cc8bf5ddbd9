package layerlab.ui.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The data options' fields read what a person types, and show what they read so that it reads back the same. */
class DataPanelValuesTest {
    @Test
    void valuesAreTyped() {
        assertEquals(2000L, DataPanel.parse(" 2000 "));
        assertEquals(0.1, DataPanel.parse("0.1"));
        assertEquals(false, DataPanel.parse("false"));
        assertEquals(List.of("rooms", 2L), DataPanel.parse("[\"rooms\", 2]"));
        assertEquals("characters", DataPanel.parse("characters"));
        assertEquals("42", DataPanel.parse("\"42\""), "quoted: text");
    }

    @Test
    void aTabIsWrittenBackslashT() {
        assertEquals("\t", DataPanel.parse("\\t"));
        assertEquals("\t", DataPanel.parse("\"\\t\""));
        assertEquals("\t", DataPanel.parse("\t"), "a tab typed into the field");
        assertEquals("\\t", DataPanel.show("\t"));
        assertEquals("\t", DataPanel.parse(DataPanel.show("\t")));
        assertEquals(";", DataPanel.parse(DataPanel.show(";")));
    }
}
