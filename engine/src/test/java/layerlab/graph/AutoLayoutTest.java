package layerlab.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.graph.json.ProjectJson;
import org.junit.jupiter.api.Test;

/** Auto-layout's columns, rows and wrapping, and the samples laid out by it. */
class AutoLayoutTest {
    /** x → l1 → … → l{n-1}, then an Output; a loss reads the last layer and a labels Input. */
    private static Graph classifier(int layers) {
        Graph g = Graph.empty().addNode(new Node("x", "x", "Input", Map.of("shape", List.of(8)), new Position(0, 0))).after();
        String prev = "x";
        for (int i = 1; i < layers; i++) {
            g = g.addNode(new Node("l" + i, "l" + i, "ReLU", Map.of(), new Position(i * 7, i * 3))).after().connect(prev + ".out", "l" + i + ".in").after();
            prev = "l" + i;
        }
        return g.addNode(new Node("out", "out", "Output", Map.of(), new Position(5, 5))).after().connect(prev + ".out", "out.in").after()
                .addNode(new Node("labels", "labels", "Input", Map.of("shape", List.of(), "dtype", "int64"), new Position(9, 9))).after()
                .addNode(new Node("loss", "loss", "CrossEntropyLoss", Map.of(), new Position(1, 1))).after()
                .connect(prev + ".out", "loss.input").after().connect("labels.out", "loss.target").after();
    }

    @Test
    void aShortNetworkStaysInOneRowWithItsLabelsBesideItsLoss() {
        Map<String, Position> p = AutoLayout.layout(classifier(3), List.of());
        // Columns x, l1, l2, out: four, one band.
        for (String n : List.of("x", "l1", "l2", "out")) assertEquals(0, p.get(n).y(), n);
        assertEquals(List.of(0.0, 280.0, 560.0, 840.0), Stream.of("x", "l1", "l2", "out").map(n -> p.get(n).x()).toList());
        assertEquals(new Position(560, 150), p.get("labels"), "the labels sit just before the loss, under the layer it reads");
        assertEquals(new Position(840, 150), p.get("loss"), "under the Output");
    }

    @Test
    void aDeepNetworkWrapsIntoBandsOfAtMostFourColumns() {
        // x, l1..l8, out: ten columns → bands of 4, 3 and 3.
        Map<String, Position> p = AutoLayout.layout(classifier(9), List.of());
        List<List<String>> bands = List.of(List.of("x", "l1", "l2", "l3"), List.of("l4", "l5", "l6"), List.of("l7", "l8", "out"));
        double top = -1;
        for (List<String> band : bands) {
            double y = p.get(band.get(0)).y();
            assertTrue(y > top, "each band under the previous one");
            for (int i = 0; i < band.size(); i++) assertEquals(new Position(i * AutoLayout.COLUMN, y), p.get(band.get(i)), band.get(i));
            top = y;
        }
        assertEquals(AutoLayout.ROW + AutoLayout.BAND_GAP, p.get("l4").y() - p.get("x").y(), "a one-row band, then the gap");
        assertEquals(new Position(AutoLayout.COLUMN, top + AutoLayout.ROW), p.get("labels"));
        assertEquals(new Position(2 * AutoLayout.COLUMN, top + AutoLayout.ROW), p.get("loss"));
        double width = p.values().stream().mapToDouble(Position::x).max().orElseThrow();
        assertTrue(width <= (AutoLayout.MAX_COLUMNS - 1) * AutoLayout.COLUMN, "at most four columns wide");
    }

    /**
     * A residual skip past a whole band (ConvNeXt's and ViT's blocks) runs down through that band between two of its cards:
     * there the gap is wider, so that the shape label of the wire across it has room beside the skip. Forwards, the gap
     * after the skip's output's column; back, the gap before its input's.
     */
    @Test
    void aSkipPastABandWidensTheGapItRunsDownThrough() {
        // x, l1..l7, add, out: ten columns, bands of 4, 3 and 3; add is the second of the last band.
        Graph g = Graph.empty().addNode(new Node("x", "x", "Input", Map.of("shape", List.of(8)), new Position(0, 0))).after();
        String prev = "x";
        for (int i = 1; i < 8; i++) {
            g = g.addNode(new Node("l" + i, "l" + i, "ReLU", Map.of(), new Position(0, 0))).after().connect(prev + ".out", "l" + i + ".in").after();
            prev = "l" + i;
        }
        g = g.addNode(new Node("add", "add", "Add", Map.of(), new Position(0, 0))).after().connect(prev + ".out", "add.in1").after()
                .addNode(new Node("out", "out", "Output", Map.of(), new Position(0, 0))).after().connect("add.out", "out.in").after();
        Map<String, Position> forwards = AutoLayout.layout(g.connect("x.out", "add.in2").after(), List.of());
        assertEquals(List.of(0.0, AutoLayout.COLUMN + AutoLayout.SKIP_GAP, 2 * AutoLayout.COLUMN + AutoLayout.SKIP_GAP),
                Stream.of("l4", "l5", "l6").map(n -> forwards.get(n).x()).toList(), "the band skipped past, wider after its first column");
        assertEquals(List.of(0.0, AutoLayout.COLUMN, 2 * AutoLayout.COLUMN, 3 * AutoLayout.COLUMN),
                Stream.of("x", "l1", "l2", "l3").map(n -> forwards.get(n).x()).toList(), "the skip's own bands as they were");
        assertEquals(AutoLayout.COLUMN, forwards.get("add").x());
        Map<String, Position> back = AutoLayout.layout(g.connect("l3.out", "add.in2").after(), List.of());
        assertEquals(List.of(0.0, AutoLayout.COLUMN + AutoLayout.SKIP_GAP, 2 * AutoLayout.COLUMN + AutoLayout.SKIP_GAP),
                Stream.of("l4", "l5", "l6").map(n -> back.get(n).x()).toList(), "back to add: the gap before add's column");
        Map<String, Position> plain = AutoLayout.layout(g.connect("l6.out", "add.in2").after(), List.of());
        assertEquals(AutoLayout.COLUMN, plain.get("l5").x(), "a wire to the next band skips no band");
    }

    /** For a window too short for the usual gap between bands (ReadableLayout), the bands only a row apart. */
    @Test
    void bandsMayLieOnlyARowApart() {
        Map<String, Position> p = AutoLayout.layout(classifier(9), List.of(), AutoLayout.MAX_COLUMNS, 0);
        assertEquals(AutoLayout.ROW, p.get("l4").y() - p.get("x").y());
        assertEquals(AutoLayout.COLUMN, p.get("l5").x(), "the columns as they were");
    }

    @Test
    void aSelectionStaysInOneBand() {
        Graph g = classifier(9);
        List<String> chain = List.of("x", "l1", "l2", "l3", "l4", "l5", "l6", "l7", "l8");
        Map<String, Position> p = AutoLayout.layout(g, chain);
        for (int i = 0; i < chain.size(); i++) assertEquals(new Position(i * AutoLayout.COLUMN, 0), p.get(chain.get(i)), chain.get(i));
    }

    @Test
    void wrappingKeepsTheAnchor() {
        Map<String, Position> p = AutoLayout.layout(classifier(9).moveNode("x", new Position(-500, -200)).after(), List.of());
        assertEquals(new Position(-500, -200), p.get("x"), "laid out from the top-left corner of what it lays out");
        assertEquals(-500, p.get("l4").x(), 1e-12);
    }

    /** Each sample (and each block's body) is where Auto-layout puts it: Ctrl+L on a sample changes nothing. */
    @Test
    void theSamplesAreLaidOutByAutoLayout() throws IOException {
        List<String> moved = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("..", "sample-projects"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".json")).sorted().toList()) {
                Graph g = ProjectJson.load(f);
                List<Graph> graphs = new ArrayList<>(List.of(g));
                for (Block b : g.blocks()) graphs.add(b.body());
                for (Graph x : graphs) {
                    Map<String, Position> p = AutoLayout.layout(x, List.of());
                    for (Node n : x.nodes()) if (!p.get(n.id()).equals(n.position())) moved.add(f.getFileName() + ": " + n.name() + " → " + p.get(n.id()));
                }
            }
        }
        assertEquals(List.of(), moved);
    }
}
