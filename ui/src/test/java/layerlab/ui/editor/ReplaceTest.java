package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.analysis.Analysis;
import layerlab.init.InitChoice;
import org.junit.jupiter.api.Test;

/** Replace with…: the new kind in the old one's place, its wires by port order, the params both kinds have, names. */
class ReplaceTest {
    private static Graph chain(String name, String kind, Map<String, Object> params) {
        return Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(3, 8, 8)), new Position(0, 0))).after()
                .addNode(new Node("c", name, kind, params, new Position(280, 0))).after()
                .addNode(new Node("r", "relu", "ReLU", Map.of(), new Position(560, 0))).after()
                .connect("x.out", "c.in").after().connect("c.out", "r.in").after();
    }

    /** Replace with… for a ReLU offers the other activations first, and an Output, an Input or a loss last. */
    @Test
    void replacementsOfTheSameGroupComeFirst() {
        List<QuickAddModel.Choice> all = QuickAddModel.accepting(QuickAddModel.choices(Graph.empty()), layerlab.tensor.DType.FLOAT32);
        List<String> order = QuickAddModel.forReplacing(all, "ReLU").stream().map(QuickAddModel.Choice::kind).toList();
        List<String> activations = layerlab.graph.spec.Registry.all().stream().filter(s -> s.category() == layerlab.graph.spec.Category.ACTIVATION)
                .map(layerlab.graph.spec.LayerSpec::kind).filter(order::contains).toList();
        assertEquals(activations, order.subList(0, activations.size()), order.toString());
        assertEquals("Linear", order.get(activations.size()), "then the palette's order: " + order);
        int output = order.indexOf("Output"), mse = order.indexOf("MSELoss");
        assertTrue(output > order.indexOf("Select") && mse > order.indexOf("Select"), "Output and the losses last: " + order);
        assertEquals(all.size(), order.size());
    }

    @Test
    void aConvolutionBecomesATransposedOneKeepingWhatBothHave() {
        Graph g = chain("conv1", "Conv2d", Map.of("in_channels", 3, "out_channels", 16, "kernel_size", 3, "padding_mode", "reflect"));
        Graph after = Commands.replace(g, "c", "ConvTranspose2d", null).execute(g).after();
        Node c = after.node("c");
        assertEquals("ConvTranspose2d", c.kind());
        assertEquals("deconv1", c.name(), "conv1 was the old kind's name");
        assertEquals(Map.of("in_channels", 3, "out_channels", 16, "kernel_size", 3), c.params(), "padding_mode is Conv2d's alone");
        assertEquals(new Position(280, 0), c.position());
        assertEquals(List.of(Edge.of("x.out", "c.in"), Edge.of("c.out", "r.in")), after.edges());
        assertEquals("[N, 16, 10, 10]", Analysis.of(after).info("c").mainOutput().toString(), "it computes, as a transposed convolution");
    }

    @Test
    void frozenWeightsAndInitialisersThatFitComeAlong() {
        InitChoice kaiming = new InitChoice("kaiming_normal", Map.of("mode", "fan_out", "nonlinearity", "relu"));
        Graph g = chain("conv1", "Conv2d", Map.of("out_channels", 4, "kernel_size", 3));
        g = g.setInit("c", "weight", kaiming).after().setInit("c", "bias", InitChoice.of("zeros")).after().setFrozen("c", true).after();
        Node t = Commands.replace(g, "c", "ConvTranspose2d", null).execute(g).after().node("c");
        assertEquals(Map.of("weight", kaiming, "bias", InitChoice.of("zeros")), t.init());
        assertTrue(t.frozen());
        // BatchNorm2d's weight is a vector: kaiming does not fit it, zeros on the bias does.
        Node bn = Commands.replace(g, "c", "BatchNorm2d", null).execute(g).after().node("c");
        assertEquals(Map.of("bias", InitChoice.of("zeros")), bn.init());
        assertTrue(bn.frozen());
        assertTrue(Analysis.of(Commands.replace(g, "c", "BatchNorm2d", null).execute(g).after()).problems().stream()
                .noneMatch(p -> p.code() == layerlab.graph.analysis.ProblemCode.INIT));
        // A ReLU has no tensors: nothing to freeze or initialise.
        Node relu = Commands.replace(g, "c", "ReLU", null).execute(g).after().node("c");
        assertEquals(Map.of(), relu.init());
        assertFalse(relu.frozen());
    }

    @Test
    void aNameTheUserGaveStaysAndAWireWithoutAPortIsDropped() {
        Graph g = chain("stem", "Conv2d", Map.of("out_channels", 4, "kernel_size", 3));
        Graph after = Commands.replace(g, "c", "Dropout", null).execute(g).after();
        assertEquals("stem", after.node("c").name());
        assertEquals(Map.of(), after.node("c").params());
        // An Add takes two inputs: the one wire goes to its first; an Input takes none: the wire in is dropped.
        Graph add = Commands.replace(g, "c", "Add", null).execute(g).after();
        assertTrue(add.edges().contains(Edge.of("x.out", "c.in1")), add.edges().toString());
        Graph input = Commands.replace(g, "r", "Input", null).execute(g).after();
        assertEquals(List.of(Edge.of("x.out", "c.in")), input.edges());
        assertEquals("input1", input.node("r").name(), "relu was made from ReLU's name, so it follows");
    }
}
