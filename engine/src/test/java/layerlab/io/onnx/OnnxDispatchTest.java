package layerlab.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The importer's one table from op type to converter agrees with the ops it lets through ({@link OnnxImporter#OPS}). */
class OnnxDispatchTest {
    private static OnnxDispatch dispatch() {
        return new OnnxDispatch(new OnnxImportState(new OnnxProto.Graph("g", List.of(), List.of(), List.of(), List.of())));
    }

    @Test
    void everyOpLetThroughHasAConverterOrIsFoldedOrReadInAPattern() {
        Set<String> table = dispatch().ops();
        Set<String> accepted = new TreeSet<>(OnnxImporter.OPS);
        accepted.addAll(OnnxFolding.OPS);
        assertTrue(accepted.containsAll(table), "ops with a converter that the importer refuses before reading: " + new TreeSet<>(table));
        Set<String> without = new TreeSet<>(accepted);
        without.removeAll(table);
        without.removeAll(OnnxFolding.OPS);
        // ReduceSum is read only as part of a masked LastStep or a Lengths node (MaskedOps).
        assertEquals(Set.of("ReduceSum"), without);
    }

    @Test
    void anOpWithoutAConverterIsRefusedAtItsNode() {
        OnnxProto.Node n = new OnnxProto.Node("sum", "ReduceSum", "", List.of("x"), List.of("y"), List.of());
        OnnxException e = assertThrows(OnnxException.class, () -> dispatch().convert(n));
        assertTrue(e.getMessage().contains("LayerLab has no layer for it"), e.getMessage());
    }
}
