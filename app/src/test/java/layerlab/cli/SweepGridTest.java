package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code layerlab sweep}'s grid: every combination of the values given, the seeds innermost, an option not given left to
 * the project; a value that does not read is refused naming it and its list.
 */
class SweepGridTest {
    @Test
    void everyCombinationTheSeedsInnermost() {
        List<SweepGrid.Point> g = SweepGrid.expand(List.of("SGD", "Adam"), List.of(0.1, 0.01, 0.001), List.of(32, 64), List.of(0L, 1L, 2L));
        assertEquals(2 * 3 * 2 * 3, g.size());
        assertEquals(new SweepGrid.Point("SGD", 0.1, 32, 0L), g.get(0));
        assertEquals(new SweepGrid.Point("SGD", 0.1, 32, 2L), g.get(2));
        assertEquals(new SweepGrid.Point("SGD", 0.1, 64, 0L), g.get(3));
        assertEquals(new SweepGrid.Point("SGD", 0.01, 32, 0L), g.get(6));
        assertEquals(new SweepGrid.Point("Adam", 0.001, 64, 2L), g.get(35));
        assertEquals(List.of("--optimizer", "Adam", "--lr", "0.001", "--batch-size", "64", "--seed", "2"), g.get(35).args());
        assertEquals(List.of("--optimizer", "Adam", "--lr", "0.001", "--batch-size", "64"), g.get(35).setting());
        assertEquals("Adam, lr 0.001, batch_size 64, seed 2", g.get(35).label());
    }

    @Test
    void anOptionNotGivenIsTheProjectsOwn() {
        List<SweepGrid.Point> g = SweepGrid.expand(List.of(), List.of(0.1, 0.01), List.of(), List.of());
        assertEquals(List.of(new SweepGrid.Point(null, 0.1, null, null), new SweepGrid.Point(null, 0.01, null, null)), g);
        assertEquals(List.of("--lr", "0.1"), g.get(0).args());
        assertEquals(1, SweepGrid.expand(List.of(), List.of(), List.of(), List.of()).size());
        assertEquals("the project's settings", SweepGrid.expand(List.of(), List.of(), List.of(), List.of()).get(0).label());
    }

    @Test
    void listsReadFromCommasAndRepeatedOptions() {
        assertEquals(List.of(0.1, 0.01, 1e-5), SweepGrid.numbers("--lr", List.of("0.1, 0.01", "1e-5")));
        assertEquals(List.of(32, 64), SweepGrid.wholeNumbers("--batch-size", List.of("32,64")));
        assertEquals(List.of("SGD", "Adam"), SweepGrid.names("--optimizer", List.of("SGD,Adam")));
        assertEquals(List.of(), SweepGrid.numbers("--lr", List.of()));
    }

    @Test
    void aBadValueIsNamedWithItsList() {
        assertEquals("--lr: \"abc\" is not a number (in 0.1,abc)", refused(() -> SweepGrid.numbers("--lr", List.of("0.1,abc"))));
        assertEquals("--lr: \"abc\" is not a number", refused(() -> SweepGrid.numbers("--lr", List.of("abc"))));
        assertEquals("--lr: \"NaN\" is not a number (in 0.1,NaN)", refused(() -> SweepGrid.numbers("--lr", List.of("0.1,NaN"))));
        assertEquals("--batch-size: \"3.5\" is not a whole number (in 32,3.5)", refused(() -> SweepGrid.wholeNumbers("--batch-size", List.of("32,3.5"))));
        assertEquals("--lr: an empty value in \"0.1,,0.01\" (separate values by commas: --lr 0.1,0.01,0.001)",
                refused(() -> SweepGrid.numbers("--lr", List.of("0.1,,0.01"))));
        assertEquals("--lr: 0.10 is given twice", refused(() -> SweepGrid.numbers("--lr", List.of("0.1,0.10"))));
        assertEquals("--optimizer: adam is given twice", refused(() -> SweepGrid.names("--optimizer", List.of("Adam,adam"))));
    }

    private static String refused(Runnable r) {
        return assertThrows(CliSupport.BadInput.class, r::run).getMessage();
    }
}
