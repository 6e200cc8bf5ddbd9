package layerlab.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A wire from a band to a lower row of a band below (an autoencoder's loss, under its Output, takes its target from the
 * Input) runs down the gap after the Input's column through its input's band, past the row above its input: that gap is
 * wider there, so that the shape label of the wire across it lies beside the wire rather than under it (the
 * convolutional denoising autoencoder's did). A wire into its band's first row passes no row, and widens nothing.
 */
class AutoLayoutEndGapTest {
    private static Graph chain(int layers) {
        Graph g = Graph.empty().addNode(new Node("x", "x", "Input", Map.of("shape", List.of(4)), new Position(0, 0))).after();
        String prev = "x";
        for (int i = 1; i <= layers; i++) {
            g = g.addNode(new Node("l" + i, "l" + i, "ReLU", Map.of(), new Position(0, 0))).after().connect(prev + ".out", "l" + i + ".in").after();
            prev = "l" + i;
        }
        return g.addNode(new Node("out", "out", "Output", Map.of(), new Position(0, 0))).after().connect(prev + ".out", "out.in").after();
    }

    @Test
    void theGapTheInputsWireRunsDownPastARowIsWider() {
        // x, l1, l2, l3 | l4, l5, l6, out over loss: the loss under the Output, its target from x.
        Graph g = chain(6).addNode(new Node("loss", "loss", "MSELoss", Map.of(), new Position(0, 0))).after()
                .connect("l6.out", "loss.input").after().connect("x.out", "loss.target").after();
        Map<String, Position> at = AutoLayout.layout(g, List.of());
        assertEquals(at.get("l4").y(), at.get("out").y(), "the Output on the second band's first row");
        assertEquals(at.get("out").y() + AutoLayout.ROW, at.get("loss").y(), "the loss under it");
        assertEquals(List.of(0.0, AutoLayout.COLUMN + AutoLayout.END_SKIP_GAP, 2 * AutoLayout.COLUMN + AutoLayout.END_SKIP_GAP),
                List.of(at.get("l4").x(), at.get("l5").x(), at.get("l6").x()), "the second band wider after its first column");
        assertEquals(List.of(0.0, AutoLayout.COLUMN, 2 * AutoLayout.COLUMN, 3 * AutoLayout.COLUMN),
                List.of(at.get("x").x(), at.get("l1").x(), at.get("l2").x(), at.get("l3").x()), "the first band as it was: x has no row under it");
    }

    @Test
    void aWireIntoItsBandsFirstRowWidensNothing() {
        // x, l1, l2, l3 | l4, l5, add, out: the residual from x comes into add on the second band's first row.
        Graph g = chain(5).addNode(new Node("add", "add", "Add", Map.of(), new Position(0, 0))).after();
        g = g.disconnect(g.edges().stream().filter(e -> e.toNode().equals("out")).findFirst().orElseThrow()).after()
                .connect("l5.out", "add.in1").after().connect("x.out", "add.in2").after().connect("add.out", "out.in").after();
        Map<String, Position> at = AutoLayout.layout(g, List.of());
        assertEquals(at.get("l4").y(), at.get("add").y());
        assertEquals(List.of(0.0, AutoLayout.COLUMN, 2 * AutoLayout.COLUMN), List.of(at.get("l4").x(), at.get("l5").x(), at.get("add").x()));
    }
}
