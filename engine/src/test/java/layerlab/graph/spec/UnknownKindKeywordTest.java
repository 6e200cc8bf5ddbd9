package layerlab.graph.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * An unknown kind that is a layer's search keyword names that layer: Keras's {@code Dense} is LayerLab's Linear, which
 * no spelling is near. PyTorch's {@code nn.Unflatten} (an autoencoder's way back to a picture), once sent to Reshape this
 * way, is a kind of its own.
 */
class UnknownKindKeywordTest {
    @Test
    void aKeywordNamesItsLayer() {
        assertEquals("unknown layer kind \"Dense\" (did you mean Linear?)", Registry.unknownKind("Dense"));
        assertEquals("Unflatten", Registry.get("Unflatten").kind());
        // A misspelling still gets the nearest kind.
        assertEquals("unknown layer kind \"Conv4d\" (did you mean Conv1d?)", Registry.unknownKind("Conv4d"));
    }
}
