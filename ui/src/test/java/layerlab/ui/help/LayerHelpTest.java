package layerlab.ui.help;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.Registry;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.MainWindow;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Layer help pages: built for every kind from its descriptor, opened from the palette and the properties. */
class LayerHelpTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.open(stage, Files.createTempFile("rec", ".json"), 1200, 760);
    }

    @Test
    void everyKindHasAPageWithItsParamsAndAnExample() {
        for (LayerSpec s : Registry.all()) {
            LayerDoc d = LayerDoc.of(s);
            assertEquals(s.params().size(), d.params().size(), s.kind());
            assertFalse(d.example().isBlank(), s.kind());
            assertFalse(d.example().contains("None, "), s.kind() + ": " + d.example());
        }
        LayerDoc linear = LayerDoc.of("Linear");
        assertEquals("nn.Linear(16, 64)", linear.example());
        assertTrue(linear.shape().contains("[N, *, in_features] → [N, *, out_features]"), linear.shape());
        LayerDoc.Param in = linear.params().get(0);
        assertEquals(List.of("in_features", "int", "from the input shape", "at least 1"), List.of(in.name(), in.type(), in.defaultText(), in.range()));
    }

    @Test
    void paletteContextMenuOpensTheLayersHelpWithItsParams(FxRobot robot) {
        // The layer's row, not the "Linear" group heading above it.
        javafx.scene.Node row = robot.lookup("#palette .tree-cell").match((javafx.scene.control.TreeCell<?> c) ->
                "Linear".equals(c.getText()) && c.getTreeItem() != null && c.getTreeItem().isLeaf()).query();
        robot.clickOn(row, MouseButton.SECONDARY);
        javafx.scene.control.ContextMenu menu = ((javafx.scene.control.TreeCell<?>) row).getContextMenu();
        // Monocle turns a right click into a context-menu request on some versions only.
        if (!menu.isShowing()) robot.interact(() -> menu.show(row, javafx.geometry.Side.BOTTOM, 0, 0));
        robot.clickOn("#paletteHelp");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.help().stage().isShowing());
        assertEquals("Linear", robot.lookup("#helpTitle").queryAs(Label.class).getText());
        for (String p : List.of("in_features", "out_features", "bias")) {
            assertTrue(robot.lookup("#helpParam-" + p).tryQuery().isPresent(), p);
        }
        assertTrue(text(robot.lookup("#helpParamText-out_features").queryAs(TextFlow.class)).contains("default 64"));
        assertEquals("nn.Linear(16, 64)", robot.lookup("#helpExample").queryAs(Label.class).getText());
    }

    @Test
    void f1OnAPaletteLayerAndThePropertiesHelpButtonOpenItsPage(FxRobot robot) {
        @SuppressWarnings("unchecked")
        TreeView<String> palette = robot.lookup("#palette").queryAs(TreeView.class);
        robot.interact(() -> {
            for (TreeItem<String> g : palette.getRoot().getChildren()) {
                for (TreeItem<String> i : g.getChildren()) if (i.getValue().equals("Conv2d")) palette.getSelectionModel().select(i);
            }
            palette.requestFocus();
        });
        robot.type(KeyCode.F1);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Conv2d", robot.lookup("#helpTitle").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#helpParam-kernel_size").tryQuery().isPresent());
        assertFalse(robot.lookup("#shortcutsDialog").tryQuery().isPresent(), "F1 on a layer is its help, not the shortcuts");

        robot.interact(() -> {
            window.help().stage().hide();
            window.openSampleAtStart("spirals.json");
            window.editor().select(List.of(window.editor().graph().nodeByName("fc1").id()));
        });
        robot.clickOn("#propHelp");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.help().stage().isShowing());
        assertEquals("Linear", robot.lookup("#helpTitle").queryAs(Label.class).getText());
    }

    /**
     * The help window's filter is the palette's search ("dense" finds Linear), the page follows the filtered list (the
     * first match where the page shown is filtered out), and Esc and Ctrl+W close the window.
     */
    @Test
    void theFilterIsThePalettesSearchAndThePageFollowsTheList(FxRobot robot) {
        robot.interact(() -> window.showLayerHelp("AvgPool1d"));
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        javafx.scene.control.ListView<String> kinds = robot.lookup("#helpKinds").queryAs(javafx.scene.control.ListView.class);
        javafx.scene.control.TextField filter = robot.lookup("#helpFilter").queryAs(javafx.scene.control.TextField.class);
        robot.interact(() -> filter.setText("dense"));
        assertEquals(List.of("Linear", "Concat"), List.copyOf(kinds.getItems()), "as the palette: " + kinds.getItems());
        assertEquals("Linear", robot.lookup("#helpTitle").queryAs(Label.class).getText(), "the first match, not AvgPool1d");
        robot.interact(() -> filter.setText("conv"));
        assertEquals("Conv1d", kinds.getSelectionModel().getSelectedItem());
        assertEquals("Conv1d", robot.lookup("#helpTitle").queryAs(Label.class).getText());
        robot.interact(() -> kinds.getSelectionModel().select("Conv2d"));
        robot.interact(() -> filter.setText("conv2"));
        assertEquals("Conv2d", robot.lookup("#helpTitle").queryAs(Label.class).getText(), "a page still listed stays");
        robot.interact(() -> filter.setText("zzz"));
        assertTrue(kinds.getItems().isEmpty());
        assertTrue(robot.lookup("#helpTitle").tryQuery().isEmpty(), "no page of a layer the list does not hold");
        assertTrue(robot.lookup("#helpNone").queryAs(Label.class).getText().startsWith("No layer matches"));
        // Asked for a layer the filter hides: the whole list again, that layer selected.
        robot.interact(() -> window.showLayerHelp("GRU"));
        assertEquals("", filter.getText());
        assertEquals("GRU", kinds.getSelectionModel().getSelectedItem());

        robot.clickOn(filter).type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(window.help().stage().isShowing(), "Esc closes it");
        robot.interact(() -> window.showLayerHelp("GRU"));
        robot.clickOn(filter).press(KeyCode.CONTROL).type(KeyCode.W).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(window.help().stage().isShowing(), "Ctrl+W closes it");
    }

    /** A port is named once with its type: "in: float → out: float", not "in in: float · out out: float". */
    @Test
    void portsNameEachPortOnce() {
        assertEquals("in: float → out: float", LayerHelpView.portsText(LayerDoc.of("AvgPool1d")));
        assertEquals("input: float, target: float → loss: float", LayerHelpView.portsText(LayerDoc.of("MSELoss")));
        assertEquals("(no inputs) → out: any", LayerHelpView.portsText(LayerDoc.of("Input")));
    }

    private static String text(TextFlow f) {
        StringBuilder b = new StringBuilder();
        f.getChildren().forEach(n -> b.append(((Text) n).getText()));
        return b.toString();
    }

    /** At 150 % text (View › Text Size) every parameter's name shows whole: the names' column was 110 px at any size. */
    @Test
    void parameterNamesShowWholeAtLargeText(FxRobot robot) throws Exception {
        robot.interact(() -> window.model().textSizeProperty().set(layerlab.ui.shell.TextSize.LARGER));
        for (String kind : List.of("Conv2d", "LSTM", "Embedding", "BatchNorm2d", "MultiheadAttention")) {
            robot.interact(() -> window.showLayerHelp(kind));
            WaitForAsyncUtils.waitForFxEvents();
            for (LayerDoc.Param p : LayerDoc.of(kind).params()) {
                Label name = (Label) window.help().page().lookup("#helpParam-" + p.name());
                Text shown = (Text) name.lookup(".text");
                assertEquals(p.name(), shown.getText(), kind + "'s " + p.name() + " at 150 %");
            }
        }
        // The window opened larger with the text (within the screen), so that its list keeps the longest kinds' names
        // ("AdaptiveMaxPool2…" in 820 px at 150 %).
        double screen = javafx.stage.Screen.getPrimary().getVisualBounds().getWidth();
        assertEquals(Math.min(820 * 1.5, screen), window.help().stage().getWidth(), 1, "the help window's width at 150 %");
        // The split gives the list its share once the window's new width has been laid out: wait for that pass.
        javafx.scene.Node kinds = window.help().stage().getScene().lookup("#helpKinds");
        layerlab.ui.TestWindows.waitFor("the list's share of the help window", 20,
                () -> kinds.getLayoutBounds().getWidth() >= 0.24 * window.help().stage().getWidth(),
                () -> "the list's share of it: " + kinds.getLayoutBounds().getWidth() + " of " + window.help().stage().getWidth());
        robot.interact(() -> window.help().stage().hide());
        robot.interact(() -> window.model().textSizeProperty().set(layerlab.ui.shell.TextSize.NORMAL));
    }
}
