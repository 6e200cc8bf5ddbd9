package layerlab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.function.Supplier;
import layerlab.graph.Graph;
import layerlab.graph.spec.Registry;
import layerlab.ui.editor.ParamText;
import layerlab.ui.editor.QuickAddModel;
import layerlab.ui.palette.PaletteCatalog;
import layerlab.ui.palette.PaletteModel;
import org.junit.jupiter.api.Test;

/** What users whose machine speaks German, Turkish or French type into LayerLab's fields and searches. */
class TypedTextTest {
    private static <T> T under(String tag, Supplier<T> what) {
        return Locales.value(tag, what);
    }

    /** A German, French or Turkish student types "0,5" for Dropout's p: 0.5, as "0.5" is anywhere. */
    @Test
    void aDecimalCommaIsAPointWhereTheLocaleWritesOne() {
        var p = Registry.find("Dropout").param("p");
        for (String tag : List.of("de-DE", "fr-FR", "tr-TR")) {
            assertEquals(0.5, under(tag, () -> ParamText.parse(p, "0,5")), tag);
            assertEquals(0.25, under(tag, () -> ParamText.parse(p, " ,25 ")), tag);
            assertEquals(0.5, under(tag, () -> ParamText.parse(p, "0.5")), tag + ": the point still reads");
            assertEquals("1.5e-3", under(tag, () -> TypedText.decimalPoint("1,5e-3")), tag);
        }
        assertEquals("1,000", under("en-US", () -> TypedText.decimalPoint("1,000")), "where a comma groups thousands it is not read as a point");
        assertThrows(IllegalArgumentException.class, () -> under("en-US", () -> ParamText.parse(p, "0,5")));
        assertEquals("3, 5", under("de-DE", () -> TypedText.decimalPoint("3, 5")), "a list stays a list");
        assertEquals("1,2,3", under("de-DE", () -> TypedText.decimalPoint("1,2,3")));
    }

    /**
     * Upsample's scale_factor takes a number for H and W or one each: "2, 3" and "(2.0, 1.5)" are pairs on any keyboard, and
     * the field shows a pair as it reads it back; a lone decimal comma is one number where the locale writes one, and a pair
     * with decimal commas separates its entries by semicolons.
     */
    @Test
    void aScalePerDimIsTypedAsAPair() {
        var p = Registry.find("Upsample").param("scale_factor");
        for (String tag : List.of("en-US", "de-DE")) {
            assertEquals(List.of(2.0, 3.0), under(tag, () -> ParamText.parse(p, "2, 3")), tag);
            assertEquals(List.of(2.0, 1.5), under(tag, () -> ParamText.parse(p, "(2.0, 1.5)")), tag);
            assertEquals(2.0, under(tag, () -> ParamText.parse(p, "2")), tag);
        }
        assertEquals(1.5, under("de-DE", () -> ParamText.parse(p, "1,5")));
        // A pair with decimal commas is typed as a loss's weights are: entries separated by semicolons.
        assertEquals(List.of(0.5, 2.0), under("de-DE", () -> ParamText.parse(p, "0,5; 2")));
        assertEquals("2.0, 1.5", ParamText.format(List.of(2.0, 1.5)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> under("en-US", () -> ParamText.parse(p, "2, 3, 4")));
        assertEquals("scale_factor must be a number or a list of 2, got [2.0, 3.0, 4.0]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ParamText.parse(Registry.find("Dropout").param("p"), "0.5, 0.5"));
    }

    /** Under Turkish, "LINEAR", "linear", "İnput" and "ınput" find the layers they name, in the palette and in quick add. */
    @Test
    void searchesFindLayersWhateverTheKeyboardsLanguage() {
        for (String tag : List.of("tr-TR", "en-US")) {
            under(tag, () -> {
                for (String q : List.of("LINEAR", "linear", "Linear")) assertEquals(List.of("Linear"), names(q).subList(0, 1), tag + " " + q);
                for (String q : List.of("İnput", "ınput", "INPUT", "input")) {
                    assertEquals(List.of("Input"), names(q).subList(0, 1), tag + " " + q);
                    assertEquals("Input", QuickAddModel.filter(QuickAddModel.choices(Graph.empty()), q).get(0).label(), tag + " " + q);
                }
                assertEquals("MultiheadAttention", QuickAddModel.filter(QuickAddModel.choices(Graph.empty()), "MULTIHEAD").get(0).label(), tag);
                return null;
            });
        }
    }

    private static List<String> names(String query) {
        PaletteModel model = new PaletteModel(PaletteCatalog.groups());
        model.queryProperty().set(query);
        return model.visibleProperty().get().stream().flatMap(g -> g.entries().stream()).map(PaletteCatalog.Entry::name).toList();
    }
}
