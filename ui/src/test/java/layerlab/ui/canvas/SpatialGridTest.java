package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The canvas's spatial index finds exactly the rectangles a query meets, however they were placed, moved or removed. */
class SpatialGridTest {
    private final SpatialGrid<Integer> grid = new SpatialGrid<>(100);
    private final Map<Integer, double[]> truth = new HashMap<>();

    private void put(int id, double x0, double y0, double x1, double y1) {
        grid.put(id, x0, y0, x1, y1);
        truth.put(id, new double[] {x0, y0, x1, y1});
    }

    private Set<Integer> brute(double x0, double y0, double x1, double y1) {
        Set<Integer> out = new HashSet<>();
        truth.forEach((id, b) -> {
            if (b[2] >= x0 && b[0] <= x1 && b[3] >= y0 && b[1] <= y1) out.add(id);
        });
        return out;
    }

    private void check(Random r, int queries) {
        for (int q = 0; q < queries; q++) {
            double x = r.nextDouble() * 3000 - 500, y = r.nextDouble() * 3000 - 500;
            double w = r.nextDouble() < 0.1 ? r.nextDouble() * 20000 : r.nextDouble() * 600;
            double h = r.nextDouble() * 600;
            assertEquals(brute(x, y, x + w, y + h), new HashSet<>(grid.query(x, y, x + w, y + h)), "query " + x + "," + y + " " + w + "×" + h);
            // Visiting hands over the same items' rectangles (some more than once).
            Set<String> visited = new HashSet<>(), expected = new HashSet<>();
            grid.visit(x, y, x + w, y + h, b -> visited.add(Arrays.toString(b)));
            for (int id : brute(x, y, x + w, y + h)) expected.add(Arrays.toString(truth.get(id)));
            assertEquals(expected, visited, "visit " + x + "," + y + " " + w + "×" + h);
        }
        assertEquals(truth.size(), grid.size());
    }

    @Test
    void findsExactlyWhatMeetsTheQueryAfterPlacingMovingAndRemoving() {
        Random r = new Random(7);
        for (int i = 0; i < 500; i++) {
            double x = r.nextDouble() * 2000 - 200, y = r.nextDouble() * 2000 - 200;
            // Mostly card-sized; some long (edges across the graph), some far larger than MAX_CELLS cells.
            double w = r.nextInt(10) == 0 ? r.nextDouble() * 3000 : 180, h = r.nextInt(20) == 0 ? r.nextDouble() * 3000 : 104;
            put(i, x, y, x + w, y + h);
        }
        check(r, 300);
        for (int i = 0; i < 500; i += 3) {
            double x = r.nextDouble() * 2000, y = r.nextDouble() * 2000;
            put(i, x, y, x + 180, y + 104); // moved, mostly to other cells
        }
        for (int i = 1; i < 500; i += 7) put(i, truth.get(i)[0] + 1, truth.get(i)[1], truth.get(i)[2] + 1, truth.get(i)[3]); // within its cells
        for (int i = 2; i < 500; i += 5) {
            grid.remove(i);
            truth.remove(i);
        }
        check(r, 300);
    }

    @Test
    void touchingEdgesCountAndEachItemComesOnce() {
        put(1, 0, 0, 100, 100); // exactly on cell borders
        put(2, -50, -50, 350, 350); // over many cells
        put(3, -1e6, 10, 1e6, 20); // far too many cells: kept aside
        assertEquals(Set.of(1, 2), grid.query(100, 100, 100, 100));
        assertEquals(Set.of(2, 3), grid.query(200, 0, 200, 15));
        assertEquals(Set.of(2), grid.query(300, 300, 400, 400));
        assertEquals(Set.of(), grid.query(351, 351, 400, 400));
        assertEquals(Set.of(3), grid.query(5000, 0, 5001, 15));
        grid.remove(3);
        truth.remove(3);
        assertEquals(Set.of(), grid.query(5000, 0, 5001, 15));
        grid.clear();
        assertEquals(0, grid.size());
        assertEquals(Set.of(), grid.query(-1e9, -1e9, 1e9, 1e9));
    }
}
