package layerlab.ui.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The data options' fields read what a person types, and show what they read so that it reads back the same. */
class DataPanelValuesTest {
    @Test
    void valuesAreTyped() {
        assertEquals(2000L, FieldValues.parse(" 2000 "));
        assertEquals(0.1, FieldValues.parse("0.1"));
        assertEquals(false, FieldValues.parse("false"));
        assertEquals(List.of("rooms", 2L), FieldValues.parse("[\"rooms\", 2]"));
        assertEquals("characters", FieldValues.parse("characters"));
        assertEquals("42", FieldValues.parse("\"42\""), "quoted: text");
    }

    @Test
    void aTabIsWrittenBackslashT() {
        assertEquals("\t", FieldValues.parse("\\t"));
        assertEquals("\t", FieldValues.parse("\"\\t\""));
        assertEquals("\t", FieldValues.parse("\t"), "a tab typed into the field");
        assertEquals("\\t", FieldValues.show("\t"));
        assertEquals("\t", FieldValues.parse(FieldValues.show("\t")));
        assertEquals(";", FieldValues.parse(FieldValues.show(";")));
    }
}
