package layerlab.io.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.autograd.Autograd;
import layerlab.graph.Node;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.io.Npy;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * torch.onnx.export's MaxPool2d/MaxPool1d with return_indices ({@code make_onnx_pool_indices_fixtures.py}): the pool's ONNX
 * Indices less each plane's start (a MaxPool of kernel 1, a Slice, a Sub) import as one pool with return_indices, giving
 * PyTorch's values within 1e-5 and its indices exactly; ONNX's bare MaxUnpool, which numbers the whole tensor, is refused.
 */
class OnnxPoolIndicesImportTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"torch_pool_indices", "torch_pool1d_indices"})
    void importsAsAPoolWithIndicesGivingPyTorchsOutputs(String name) throws Exception {
        Path dir = OnnxImportTest.FIXTURES;
        OnnxImporter.Imported im = OnnxImporter.load(dir.resolve(name + ".onnx"));
        Node pool = im.graph().nodes().stream().filter(n -> n.kind().startsWith("MaxPool")).findFirst().orElseThrow();
        assertEquals(true, pool.params().get("return_indices"), pool.toString());
        assertEquals(1, im.graph().nodes().stream().filter(n -> n.kind().startsWith("MaxPool")).count(), "the kernel-1 pool is gone");
        Model m = GraphCompiler.compile(im.graph(), im.weights());
        m.eval();
        Map<String, Tensor> got;
        try (var ng = Autograd.noGrad()) {
            got = m.run(Map.of("x", Npy.read(dir.resolve(name + ".input.npy"))), List.of("y", "where"));
        }
        OnnxIndicesExportTest.assertSame(Map.of("y", Npy.read(dir.resolve(name + ".expected.npy")), "where", Npy.read(dir.resolve(name + ".indices.npy"))),
                got, name);
    }

    @Test
    void aBareMaxUnpoolIsRefusedNamingIt() {
        OnnxProto.Graph g = new OnnxProto.Graph("g", List.of(new OnnxProto.Node("unpool", "MaxUnpool", "", List.of("x", "i"), List.of("y"), List.of())),
                List.of(), List.of(new OnnxProto.ValueInfo("x", OnnxFields.TensorProto.FLOAT, List.of("N", 1L, 2L, 2L)),
                        new OnnxProto.ValueInfo("i", OnnxFields.TensorProto.INT64, List.of("N", 1L, 2L, 2L))),
                List.of(new OnnxProto.ValueInfo("y", OnnxFields.TensorProto.FLOAT, List.of("N", 1L, 4L, 4L))));
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxImporter.convert(new OnnxProto.Model(8, "test", "",
                List.of(new OnnxProto.OpsetId("", 17)), g), "g"));
        assertTrue(e.getMessage().contains("node \"unpool\" (MaxUnpool)") && e.getMessage().contains("numbers its indices over the whole tensor"),
                e.getMessage());
    }
}
