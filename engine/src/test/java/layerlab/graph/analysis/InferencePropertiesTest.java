package layerlab.graph.analysis;

import java.util.List;
import java.util.Random;
import layerlab.graph.Edit;
import layerlab.graph.Graph;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Property: after any sequence of edits, incremental inference gives what a from-scratch run gives. */
class InferencePropertiesTest {
    @Property(tries = 200)
    void randomEditsKeepIncrementalInferenceEqualToAFullRun(@ForAll long graphSeed, @ForAll @IntRange(min = 2, max = 60) int size,
                                                             @ForAll @Size(max = 25) List<Long> editSeeds) {
        Graph g = ShapeInferenceTest.randomGraph(new Random(graphSeed), size);
        Analysis inc = Analysis.of(g);
        for (long seed : editSeeds) {
            Edit e = ShapeInferenceTest.randomEdit(new Random(seed), inc.graph());
            inc = inc.update(e);
            ShapeInferenceTest.assertSameResults(Analysis.of(e.after()), inc);
        }
    }
}
