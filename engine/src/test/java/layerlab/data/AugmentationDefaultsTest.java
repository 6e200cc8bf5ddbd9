package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A transform's defaults are one table: what the reader takes for an absent argument is what the Data tab shows. */
class AugmentationDefaultsTest {
    /** The transform with just the arguments it needs to do something (ColorJitter does nothing without one). */
    private static Map<String, Object> base(String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        if (name.equals("ColorJitter")) m.put("brightness", 0.4);
        return m;
    }

    @Test
    void anArgumentGivenItsDefaultReadsAsTheArgumentLeftOut() {
        int checked = 0;
        for (String name : Augmentation.NAMES) {
            Augmentation absent = Augmentation.parse(List.of(base(name)));
            for (String key : Augmentation.arguments(name)) {
                Object value = Augmentation.defaultValue(name, key);
                if (value == null || base(name).containsKey(key)) continue;
                Map<String, Object> given = base(name);
                given.put(key, value);
                assertEquals(absent.toList(), Augmentation.parse(List.of(given)).toList(), name + "." + key + " = " + value);
                checked++;
            }
        }
        assertEquals(21, checked, "every argument with a default was tried");
    }

    @Test
    void theTextTheDataTabShowsIsTheDefault() {
        for (String name : Augmentation.NAMES)
            for (String key : Augmentation.arguments(name)) {
                Object value = Augmentation.defaultValue(name, key);
                String text = Augmentation.defaultText(name, key);
                String at = name + "." + key + " shown as " + text;
                if (value == null) assertEquals("none", text, at);
                else if (value instanceof String word) assertEquals(word, text, at);
                else if (value instanceof Number x) assertEquals(x.doubleValue(), Double.parseDouble(text), 0, at);
                else {
                    List<Double> shown = new ArrayList<>();
                    for (String part : text.substring(1, text.length() - 1).split(", ")) shown.add(Double.parseDouble(part));
                    List<?> pair = (List<?>) value;
                    assertEquals(2, shown.size(), at);
                    for (int i = 0; i < 2; i++) assertEquals(((Number) pair.get(i)).doubleValue(), shown.get(i), 5e-5, at);
                }
            }
        assertEquals("[0.75, 1.3333]", Augmentation.defaultText("RandomResizedCrop", "ratio"));
        assertNull(Augmentation.defaultValue("RandomAffine", "translate"));
    }
}
