package layerlab.graph.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * An unknown kind that is a layer's search keyword names that layer: PyTorch's {@code nn.Unflatten} (an autoencoder's
 * way back to a picture) is LayerLab's Reshape; the nearest spelling, Flatten, did the opposite.
 */
class UnknownKindKeywordTest {
    @Test
    void aKeywordNamesItsLayer() {
        assertEquals("unknown layer kind \"Unflatten\" (did you mean Reshape?)", Registry.unknownKind("Unflatten"));
        // A misspelling still gets the nearest kind.
        assertEquals("unknown layer kind \"Conv4d\" (did you mean Conv1d?)", Registry.unknownKind("Conv4d"));
    }
}
