package layerlab.ui.palette;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PaletteModelTest {
    private final PaletteModel model = new PaletteModel(PaletteCatalog.groups());

    private List<String> names() {
        return model.visibleProperty().get().stream()
                .flatMap(g -> g.entries().stream()).map(PaletteCatalog.Entry::name).toList();
    }

    private List<String> groups() {
        return model.visibleProperty().get().stream().map(PaletteCatalog.Group::name).toList();
    }

    @Test
    void emptyQueryShowsEveryGroupOfTheCatalog() {
        assertEquals(List.of("Input & output", "Linear", "Convolution", "Pooling", "Normalisation", "Regularisation", "Embedding",
                "Recurrent", "Attention", "Activations", "Graph ops", "Losses"), groups(), "the registry's categories, in palette order");
        assertTrue(names().containsAll(List.of("Linear", "Conv2d", "MaxPool2d", "BatchNorm2d", "Dropout",
                "Embedding", "LSTM", "MultiheadAttention", "ReLU", "Add", "Concat", "Input", "Output")));
    }

    @Test
    void matchesNamesIgnoringCase() {
        model.queryProperty().set("lstm");
        assertEquals(List.of("LSTM"), names());
        assertEquals(List.of("Recurrent"), groups());
    }

    @Test
    void everyWordMustMatch() {
        model.queryProperty().set("conv 2d");
        assertEquals(List.of("Conv2d", "ConvTranspose2d"), names());
    }

    @Test
    void matchesKeywordsAndGroupNames() {
        model.queryProperty().set("residual");
        assertEquals(List.of("Add"), names());
        model.queryProperty().set("pooling");
        assertTrue(names().containsAll(List.of("MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d", "AdaptiveAvgPool2d", "AdaptiveMaxPool2d")), names().toString());
        assertTrue(groups().contains("Pooling"), groups().toString());
        model.queryProperty().set("upsample");
        assertTrue(names().contains("Upsample"), names().toString());
    }

    /** A keyword matches where one of its words begins: "res" is a residual Add, not every layer whose keywords hold "features". */
    @Test
    void keywordsMatchAtTheStartOfTheirWords() {
        model.queryProperty().set("res");
        assertTrue(names().containsAll(List.of("Reshape", "Add")), names().toString());
        assertFalse(names().contains("Input") || names().contains("Linear") || names().contains("MSELoss"), "no \"features\", no \"regression\": " + names());
        model.queryProperty().set("resid");
        assertEquals(List.of("Add"), names());
    }

    @Test
    void noMatchLeavesNothingAndClearingRestoresAll() {
        int all = names().size();
        model.queryProperty().set("transformerxl");
        assertEquals(List.of(), groups());
        model.queryProperty().set("  ");
        assertEquals(all, names().size());
    }
}
