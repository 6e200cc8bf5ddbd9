package layerlab.graph.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.TestGraphs;
import layerlab.graph.json.ProjectJson;
import org.junit.jupiter.api.Test;

/** Which rank-3 outputs are channels first and which are sequences, as the Inspector labels their pictures. */
class LayoutTest {
    private static Map<String, Boolean> layouts(Graph g) {
        return g.nodes().stream().collect(Collectors.toMap(Node::name, n -> Layout.channelsFirst(g, n.id())));
    }

    @Test
    void aTransposeTurnsASequenceChannelsFirstAndBack() throws Exception {
        Map<String, Boolean> cnn = layouts(ProjectJson.load(Path.of("..", "docs", "classroom", "surnames-char-cnn.json")));
        assertEquals(List.of(false, true, true, true, true), List.of(cnn.get("embedding"), cnn.get("channels"), cnn.get("conv"), cnn.get("relu"),
                cnn.get("pool")));
        Graph back = TestGraphs.graph()
                .node("tokens", "Input", "shape", List.of(9), "dtype", "int64")
                .node("emb", "Embedding", "num_embeddings", 6, "embedding_dim", 4)
                .node("channels", "Transpose", "dim0", 1, "dim1", 2)
                .node("conv", "Conv1d", "out_channels", 5, "kernel_size", 3, "padding", 1)
                .node("back", "Transpose", "dim0", -1, "dim1", -2)
                .node("act", "GELU")
                .node("gru", "GRU", "hidden_size", 3)
                .chain("tokens", "emb", "channels", "conv", "back", "act", "gru").build();
        Map<String, Boolean> b = layouts(back);
        assertEquals(List.of(false, true, true, false, false, false), List.of(b.get("emb"), b.get("channels"), b.get("conv"), b.get("back"), b.get("act"),
                b.get("gru")));
        // x.permute(0, 2, 1) is the same swap; other orders of [N, a, b, c] say nothing of it.
        Map<String, Boolean> p = layouts(TestGraphs.graph()
                .node("tokens", "Input", "shape", List.of(9), "dtype", "int64")
                .node("emb", "Embedding", "num_embeddings", 6, "embedding_dim", 4)
                .node("channels", "Permute", "dims", List.of(0, 2, 1))
                .node("conv", "Conv1d", "out_channels", 5, "kernel_size", 3, "padding", 1)
                .chain("tokens", "emb", "channels", "conv").build());
        assertEquals(List.of(false, true, true), List.of(p.get("emb"), p.get("channels"), p.get("conv")));
    }

    @Test
    void aSignalInputIsChannelsFirstWhereAConv1dReadsIt() throws Exception {
        Map<String, Boolean> signal = layouts(TestGraphs.graph()
                .node("x", "Input", "shape", List.of(4, 16))
                .node("conv", "Conv1d", "out_channels", 6, "kernel_size", 3)
                .node("drop", "Dropout")
                .chain("x", "conv", "drop").build());
        assertEquals(List.of(true, true, true), List.of(signal.get("x"), signal.get("conv"), signal.get("drop")));
        Map<String, Boolean> seq = layouts(ProjectJson.load(Path.of("..", "sample-projects", "surname-classifier.json")));
        assertEquals(List.of(false, false, false), List.of(seq.get("surname"), seq.get("embedding"), seq.get("gru")));
    }

    /** Which rank-4 outputs are channels last, [N, H, W, C], as the Inspector draws their feature maps. */
    @Test
    void aConvNeXtBlocksPermuteTurnsItsMapsChannelsLastAndBack() throws Exception {
        Graph block = ProjectJson.load(Path.of("..", "sample-projects", "convnext-mini.json")).blocks().stream()
                .filter(b -> b.name().equals("CNBlock")).findFirst().orElseThrow().body();
        Map<String, Boolean> last = block.nodes().stream().collect(Collectors.toMap(Node::name, n -> Layout.channelsLast(block, n.id())));
        // x → dwconv → last (0, 2, 3, 1) → norm → up → gelu → down → first (0, 3, 1, 2) → add (with x) → out
        assertEquals(List.of(false, false, true, true, true, true, true, false, false, false), List.of(last.get("x"), last.get("dwconv"),
                last.get("last"), last.get("norm"), last.get("up"), last.get("gelu"), last.get("down"), last.get("first"), last.get("add"),
                last.get("out")));
        Graph resnet = ProjectJson.load(Path.of("..", "sample-projects", "conv-batchnorm-rgb.json"));
        assertEquals(false, resnet.nodes().stream().anyMatch(n -> Layout.channelsLast(resnet, n.id())), "nothing channels last without a Permute");
    }
}
