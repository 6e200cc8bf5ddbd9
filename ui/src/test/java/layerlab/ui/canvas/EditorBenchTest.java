package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import layerlab.bench.BenchRunner;
import layerlab.graph.Graph;
import layerlab.graph.analysis.Analysis;
import org.junit.jupiter.api.Test;

/** The editor benchmark's graph and its figures' form (not its speed: that comes from `layerlab bench`). */
class EditorBenchTest {
    @Test
    void theGeneratedGraphHasTheAskedSizeAndNoProblems() {
        Graph g = EditorBench.generate(1000, 1200);
        assertEquals(1000, g.nodes().size());
        assertEquals(1200, g.edges().size());
        Analysis a = Analysis.of(g);
        assertTrue(g.nodes().stream().allMatch(n -> a.info(n.id()).problems().isEmpty()), "a clean graph");
    }

    @Test
    void aSmallRunGivesEveryFigure() {
        List<BenchRunner.Result> rs = EditorBench.run(60, 70, 1, 1);
        assertEquals(List.of("editor_60.open", "editor_60.open_cold", "editor_60.drag_frame", "editor_60.drag_group_frame",
                "editor_60.pan_frame", "editor_60.drag_frame_fit", "editor_60.pan_frame_fit", "editor_60.edit_to_shapes", "editor_60.paste_30",
                "editor_60.undo_paste_30"), rs.stream().map(BenchRunner.Result::caseName).toList());
        assertTrue(rs.stream().allMatch(r -> r.msPerStep() > 0), rs.toString());
        assertTrue(rs.get(0).toJson().contains("\"steps_per_s\""), rs.get(0).toJson());
    }
}
