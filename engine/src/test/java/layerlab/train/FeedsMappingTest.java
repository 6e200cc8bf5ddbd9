package layerlab.train;

import static layerlab.graph.TestGraphs.graph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import layerlab.graph.compile.GraphCompiler;
import org.junit.jupiter.api.Test;

/**
 * Several Inputs take each sample's values in turn, in their document order, whatever they are named: a run says which
 * named columns each one takes, so that a Bilinear's "sepal" Input fed the petal's columns shows before it trains.
 */
class FeedsMappingTest {
    /** Inputs "wide" [8] and "narrow" [2] into a Bilinear; with {@code narrowFirst} the narrow one is drawn first. */
    private static Feeds feeds(boolean narrowFirst) {
        var g = graph();
        if (narrowFirst) g.node("narrow", "Input", "shape", List.of(2));
        g.node("wide", "Input", "shape", List.of(8));
        if (!narrowFirst) g.node("narrow", "Input", "shape", List.of(2));
        g.node("bilinear", "Bilinear", "in1_features", 8, "in2_features", 2, "out_features", 3).node("out", "Output")
                .edge("wide.out", "bilinear.in1").edge("narrow.out", "bilinear.in2").chain("bilinear", "out");
        return new Feeds(GraphCompiler.compile(g.build()));
    }

    private static List<String> columns(int n) {
        List<String> c = new ArrayList<>();
        for (int i = 0; i < n; i++) c.add("c" + i);
        return c;
    }

    @Test
    void eachInputTakesTheNextValuesInDocumentOrder() {
        assertEquals("inputs: wide \u2190 c0, c1, c2, \u2026, c7 (8 values); narrow \u2190 c8, c9", feeds(false).describeMapping(columns(10)));
        assertEquals("inputs: narrow \u2190 c0, c1; wide \u2190 c2, c3, c4, \u2026, c9 (8 values)", feeds(true).describeMapping(columns(10)));
    }

    @Test
    void nothingToSayForNamesThatDoNotCountTheValues() {
        assertNull(feeds(false).describeMapping(List.of()));
        assertNull(feeds(false).describeMapping(columns(9)));
    }
}
