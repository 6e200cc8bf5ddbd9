package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import org.junit.jupiter.api.Test;

/** Where a paste lands on a big graph: the same free place as a check against every card finds, found fast. */
class FreePlaceTest {
    /** {@code rows} rows of {@code cols} cards, 240 × 160 apart (a crowded canvas: no free place between them). */
    private static Graph crowded(int cols, int rows) {
        List<Node> ns = new ArrayList<>();
        for (int i = 0; i < cols * rows; i++) ns.add(new Node("n" + i, "relu" + i, "ReLU", Map.of(), new Position(40 + (i % cols) * 240, 40 + (i / cols) * 160.0)));
        return Graph.of("crowded", "", ns, List.of(), List.of(), List.of(), layerlab.graph.CanvasView.DEFAULT, Map.of(), Map.of());
    }

    /** Cards copied from the graph: the first {@code n} of it (a row and more, with its gaps). */
    private static List<double[]> copied(Graph g, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) ids.add(g.nodes().get(i).id());
        return Placement.rects(g, ids);
    }

    /** What freeOffset finds, checked the plain way: each place nearest first, against every card. */
    private static Position reference(Graph g, List<double[]> group, double dx, double dy) {
        int steps = (int) (Placement.SEARCH / Placement.GRID);
        List<int[]> around = new ArrayList<>();
        for (int i = -steps; i <= steps; i++) for (int j = -steps; j <= steps; j++) if (i * i + j * j <= steps * steps) around.add(new int[] {i, j});
        around.sort((a, b) -> Integer.compare(a[0] * a[0] + a[1] * a[1], b[0] * b[0] + b[1] * b[1]));
        List<double[]> others = Placement.rects(g, g.nodes().stream().map(Node::id).toList());
        for (int[] k : around) {
            double ox = dx + k[0] * Placement.GRID, oy = dy + k[1] * Placement.GRID;
            boolean clear = true;
            for (double[] r : group) {
                double x0 = r[0] + ox - Placement.APART, y0 = r[1] + oy - Placement.APART, x1 = r[2] + ox + Placement.APART, y1 = r[3] + oy + Placement.APART;
                for (double[] o : others) {
                    if (o[2] > x0 && o[0] < x1 && o[3] > y0 && o[1] < y1) {
                        clear = false;
                        break;
                    }
                }
                if (!clear) break;
            }
            if (clear) return new Position(ox, oy);
        }
        return new Position(dx, dy);
    }

    @Test
    void thePlaceFoundIsTheNearestFreeOneAsACheckOfEveryCardFindsIt() {
        Graph g = crowded(6, 5);
        Random r = new Random(7);
        for (int t = 0; t < 6; t++) {
            List<double[]> group = copied(g, 1 + r.nextInt(8));
            double dx = 20 * (r.nextInt(60) - 30), dy = 20 * (r.nextInt(60) - 30);
            assertEquals(reference(g, group, dx, dy), Placement.freeOffset(g, Set.of(), group, dx, dy, null), "offset " + dx + ", " + dy);
        }
    }

    /**
     * 30 cards copied from the middle of a crowded graph of 1,000 (the editor bench's): no free place is near, so every
     * place within reach is tried — each against the cards filed in the cells around it, a few dozen, not the 1,000 a
     * check of every card looks at (a paste there took a second: the bench's {@code paste_30} figure). Counted, not timed.
     */
    @Test
    void aPasteIntoACrowdedGraphLooksOnlyAtTheCardsNearEachPlace() {
        Graph g = crowded(25, 40);
        List<String> ids = new ArrayList<>();
        for (int i = 500; i < 530; i++) ids.add(g.nodes().get(i).id());
        List<double[]> group = Placement.rects(g, ids);
        assertEquals(reference(g, group, 40, 40), Placement.freeOffset(g, Set.of(), group, 40, 40, null));
        RectIndex index = new RectIndex(Placement.rects(g, g.nodes().stream().map(Node::id).toList()));
        int most = 0;
        for (double[] r : group) {
            for (int k = -10; k <= 10; k++) {
                double ox = k * Placement.GRID * 7, oy = k * Placement.GRID * 3;
                most = Math.max(most, index.lookedAt(r[0] + ox - Placement.APART, r[1] + oy - Placement.APART, r[2] + ox + Placement.APART, r[3] + oy + Placement.APART));
            }
        }
        assertTrue(most > 0 && most <= 40, "a place checked against " + most + " cards of 1,000");
    }
}
