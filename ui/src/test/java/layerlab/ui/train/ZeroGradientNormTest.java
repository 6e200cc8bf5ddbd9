package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.graph.GraphChange;
import layerlab.init.InitChoice;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.editor.Command;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A layer behind a dead ReLU: its gradient norm is exactly 0, which the inspector's log-scale chart cannot draw. Its
 * legend entry says so, rather than the layer dropping off the chart without a word.
 */
@WindowTest.Size(width = 1260, height = 790)
class ZeroGradientNormTest extends WindowTest {
    @Test
    void aLayerWhoseGradientNormIsZeroIsNamedInTheChartsLegend(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("spirals.json"));
        var editor = window.editor();
        String fc1 = editor.graph().nodeByName("fc1").id();
        // fc1 gives -1 for every point: relu1 passes nothing back, so fc1's gradients are 0 at every step (fc2's bias still learns).
        Map<String, Object> training = new LinkedHashMap<>(editor.graph().training());
        training.put("epochs", 1);
        robot.interact(() -> editor.execute(new Command("dead fc1", g -> g.setInit(fc1, "weight", InitChoice.of("zeros"))
                .then(x -> x.setInit(fc1, "bias", new InitChoice("constant", Map.of("val", -1.0))))
                .then(x -> x.set(GraphChange.Setting.TRAINING, training)))));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        robot.interact(d::start);
        waitFor("trained", () -> d.session().state() == TrainingSession.State.FINISHED);
        WaitForAsyncUtils.waitForFxEvents();
        List<String> legend = WaitForAsyncUtils.asyncFx(() -> {
            List<String> out = new ArrayList<>();
            var items = d.inspector().gradNormChart().getXYPlot().getLegendItems();
            for (int i = 0; i < items.getItemCount(); i++) out.add(items.get(i).getLabel());
            return out;
        }).get();
        assertEquals(List.of("fc1: 0 (not drawn on a log scale)", "fc2", "fc3"), legend);
        assertTrue(WaitForAsyncUtils.asyncFx(() -> d.inspector().gradNorms().getSeries(0).getItemCount()).get() == 0, "nothing drawn for fc1");
    }
}
