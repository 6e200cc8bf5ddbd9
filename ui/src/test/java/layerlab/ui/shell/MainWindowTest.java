package layerlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import layerlab.backend.Backends;
import layerlab.ui.MemoryPreferences;
import layerlab.ui.TestWindows;
import layerlab.ui.palette.PaletteCatalog;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Opens the real main window (headless under Monocle unless -Dtestfx.headless=false) and drives it. */
class MainWindowTest extends WindowTest {
    private final MemoryPreferences prefsNode = new MemoryPreferences();

    /** At the size and place its preferences (none yet) give, with the recovery file of the tests' home. */
    @Override
    protected MainWindow open(Stage stage) {
        // Tests reuse one primary stage: closing it (File › Quit) must not end the toolkit for the next test.
        Platform.setImplicitExit(false);
        MainWindow window = new MainWindow(new ShellModel("CPU", 4), new UiPrefs(prefsNode));
        window.show(stage);
        layerlab.ui.TestWindows.shown(window);
        return window;
    }

    @Test
    void showsPaletteCanvasPropertiesAndStatusBar(FxRobot robot) {
        assertTrue(robot.lookup("#palette").queryAs(TreeView.class).isVisible());
        assertTrue(robot.lookup("#paletteSearch").query().isVisible());
        Pane canvas = robot.lookup("#canvas").queryAs(Pane.class);
        assertTrue(canvas.getWidth() > canvas.getParent().getLayoutBounds().getWidth() / 3, "the canvas takes the middle");
        assertEquals("Drag layers here from the palette, or press Tab to add one by name", robot.lookup("#canvasHint").queryAs(Label.class).getText());
        assertEquals("Nothing selected: drag a layer onto the canvas.", robot.lookup("#propertiesEmpty").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#properties").query().isVisible());
        assertTrue(robot.lookup("#statusBar").query().isVisible());
        assertEquals("Ready · CPU · 4 threads", robot.lookup("#statusText").queryAs(Label.class).getText());
        assertEquals("LayerLab — Untitled", stage.getTitle());
        // The window carries the app's icon (the task bar and Alt+Tab show it), small to large, every one readable.
        assertEquals(List.of(32.0, 64.0, 256.0), stage.getIcons().stream().map(i -> i.getWidth()).toList());
        assertTrue(stage.getIcons().stream().noneMatch(javafx.scene.image.Image::isError));
    }

    @Test
    void altLetterOpensItsMenu(FxRobot robot) {
        robot.interact(() -> robot.lookup("#canvas").query().requestFocus());
        robot.press(KeyCode.ALT, KeyCode.F).release(KeyCode.F, KeyCode.ALT);
        WaitForAsyncUtils.waitForFxEvents();
        Menu file = robot.lookup("#menuBar").queryAs(MenuBar.class).getMenus().get(0);
        assertTrue(file.isShowing(), "Alt+F opens File");
    }

    @Test
    void typingInTheSearchFiltersThePalette(FxRobot robot) {
        @SuppressWarnings("unchecked")
        TreeView<String> palette = robot.lookup("#palette").queryAs(TreeView.class);
        int all = leaves(palette).size();
        assertEquals(PaletteCatalog.groups().stream().mapToInt(g -> g.entries().size()).sum(), all);

        robot.clickOn("#paletteSearch").write("batchnorm");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("BatchNorm1d", "BatchNorm2d"), leaves(palette));
        assertEquals(List.of("Normalisation"), palette.getRoot().getChildren().stream().map(TreeItem::getValue).toList());

        robot.write(" xyz");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(), leaves(palette));

        robot.type(KeyCode.ESCAPE);  // clears the search
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(all, leaves(palette).size());
    }

    @Test
    void fileNewStartsAnUntitledProject(FxRobot robot) {
        robot.interact(() -> window.model().projectNameProperty().set("spirals"));
        assertEquals("LayerLab — spirals", stage.getTitle());
        robot.clickOn("#menuFile").clickOn("#fileNew");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("LayerLab — Untitled", stage.getTitle());

        robot.interact(() -> window.model().projectNameProperty().set("spirals"));
        robot.press(KeyCode.SHORTCUT, KeyCode.N).release(KeyCode.N, KeyCode.SHORTCUT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("LayerLab — Untitled", stage.getTitle(), "Ctrl+N does the same");
    }

    /** The unsaved-changes dialog's default button (Save) stays legible focused and hovered, in both themes. */
    @Test
    void theDefaultButtonOfADialogIsLegible(FxRobot robot) {
        for (String theme : List.of("Light", "Dark")) {
            robot.clickOn("#menuView").clickOn("#viewTheme").clickOn("#viewTheme" + theme);
            robot.interact(() -> window.editor().markUnsaved());
            robot.press(KeyCode.SHORTCUT, KeyCode.N).release(KeyCode.N, KeyCode.SHORTCUT);
            WaitForAsyncUtils.waitForFxEvents();
            javafx.scene.control.Button save = robot.lookup("#unsavedDialog .button").queryAllAs(javafx.scene.control.Button.class).stream()
                    .filter(javafx.scene.control.Button::isDefaultButton).findFirst().orElseThrow();
            assertEquals("Save", save.getText());
            robot.interact(save::requestFocus);
            WaitForAsyncUtils.waitForFxEvents();
            assertLegible(theme + ", focused", save);
            robot.moveTo(save);
            WaitForAsyncUtils.waitForFxEvents();
            assertLegible(theme + ", focused and hovered", save);
            robot.clickOn("Cancel");
            WaitForAsyncUtils.waitForFxEvents();
        }
    }

    /** The button's text against its innermost background fill: WCAG contrast of at least 3 (large text's minimum). */
    private static void assertLegible(String what, javafx.scene.control.Button b) {
        javafx.scene.paint.Color text = (javafx.scene.paint.Color) b.getTextFill();
        var fills = b.getBackground().getFills();
        javafx.scene.paint.Color back = (javafx.scene.paint.Color) fills.get(fills.size() - 1).getFill();
        double l1 = luminance(text), l2 = luminance(back);
        double contrast = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
        assertTrue(contrast >= 3, what + ": text " + text + " on " + back + ", contrast " + contrast);
    }

    private static double luminance(javafx.scene.paint.Color c) {
        double[] v = {c.getRed(), c.getGreen(), c.getBlue()};
        for (int i = 0; i < 3; i++) v[i] = v[i] <= 0.03928 ? v[i] / 12.92 : Math.pow((v[i] + 0.055) / 1.055, 2.4);
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
    }

    /** With nothing selected, the Properties panel sums the project up as `layerlab summary` counts it. */
    @Test
    void nothingSelectedShowsTheProjectAtAGlance(FxRobot robot) {
        robot.interact(() -> window.openSampleAtStart("simple-cnn.json"));
        robot.interact(() -> window.editor().select(List.of()));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("SimpleCNN", robot.lookup("#overviewName").queryAs(TextField.class).getText());
        assertEquals("8 layers · 50,186 parameters · 7.81 M FLOPs per sample", robot.lookup("#overviewCounts").queryAs(Label.class).getText());
        assertEquals("Data: mnist · standardize · 10% for validation", robot.lookup("#overviewData").queryAs(Label.class).getText());
        assertEquals("Training: Adam(lr=0.001) with CosineAnnealingLR, 5 epochs of batches of 64",
                robot.lookup("#overviewTraining").queryAs(Label.class).getText());
        // It follows edits: a wider layer has more parameters.
        robot.interact(() -> {
            var g = window.editor().graph();
            window.editor().execute(layerlab.ui.editor.Commands.setParam(g, g.nodeByName("conv1").id(), "out_channels", 64));
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#overviewCounts").queryAs(Label.class).getText().contains("(the layers whose shapes are known"),
                "conv2 no longer fits: the count says it is partial");
        // Undo selects conv1 again; the project at a glance is what shows with nothing selected.
        robot.interact(() -> {
            window.editor().undo();
            window.editor().select(java.util.List.of());
        });
        assertTrue(robot.lookup("#overviewTooBig").tryQuery().isEmpty(), "SimpleCNN fits");
        // Weights beyond the heap are said before Start: conv2 with 5 million filters holds 1.44 G values, 5.8 GB.
        robot.interact(() -> {
            var g = window.editor().graph();
            window.editor().execute(layerlab.ui.editor.Commands.setParam(g, g.nodeByName("conv2").id(), "out_channels", 5_000_000));
        });
        WaitForAsyncUtils.waitForFxEvents();
        String big = robot.lookup("#overviewTooBig").queryAs(Label.class).getText();
        assertTrue(big.startsWith("Too big to train here: the model's 1,445,031,690 parameters take 5.8 GB as float32") && big.contains("(most are in conv2 (Conv2d) 1,445,000,000)")
                && big.contains("LAYERLAB_JAVA_OPTS"), big);
        robot.interact(() -> {
            window.editor().undo();
            window.editor().select(java.util.List.of());
        });
        assertTrue(robot.lookup("#overviewTooBig").tryQuery().isEmpty(), "gone with the undo");
        // A loss still waiting for its labels changes no count: no caveat.
        robot.interact(() -> {
            var g = window.editor().graph();
            window.editor().execute(layerlab.ui.editor.Commands.delete(g, List.of(g.nodeByName("labels").id())));
        });
        assertEquals("8 layers · 50,186 parameters · 7.81 M FLOPs per sample", robot.lookup("#overviewCounts").queryAs(Label.class).getText());
        robot.interact(() -> window.editor().select(List.of(window.editor().graph().nodeByName("fc").id())));
        assertTrue(robot.lookup("#overviewName").tryQuery().isEmpty(), "a selected node shows its own properties");
        // Inside a block: the block's name and its own counts.
        robot.interact(() -> window.openSampleAtStart("net-with-resblock.json"));
        robot.interact(() -> window.editor().scopeProperty().set("ResBlock"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("ResBlock", robot.lookup("#overviewName").queryAs(TextField.class).getText());
        assertTrue(robot.lookup("#overviewCounts").queryAs(Label.class).getText().startsWith("7 layers · 4,672 parameters"),
                robot.lookup("#overviewCounts").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#overviewData").tryQuery().isEmpty(), "data and training are the project's");
    }

    /** The project's and a block's name and description are edited where they are shown, each an undoable step. */
    @Test
    void theProjectAndABlockAreNamedAndDescribedInProperties(FxRobot robot) {
        robot.interact(() -> window.openSampleAtStart("net-with-resblock.json"));
        robot.interact(() -> window.editor().select(List.of()));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#overviewName").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL).write("Digits with a skip").type(KeyCode.ENTER);
        assertEquals("Digits with a skip", window.editor().graph().name());
        assertEquals("Rename the project to Digits with a skip", window.editor().undoNameProperty().get());
        robot.clickOn("#overviewDescription").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL).write("For Tuesday's lesson.");
        robot.clickOn("#overviewName"); // leaving the description commits it
        assertEquals("For Tuesday's lesson.", window.editor().graph().description());

        // Inside the block: renaming the definition renames every placement, and the canvas stays in it.
        robot.interact(() -> window.editor().scopeProperty().set("ResBlock"));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#overviewName").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL).write("2nd").type(KeyCode.ENTER);
        assertTrue(robot.lookup("#error-overviewName").queryAs(Label.class).getText().contains("Python class name"), "refused, with the reason");
        assertEquals("ResBlock", window.editor().scopeProperty().get());
        robot.clickOn("#overviewName").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL).write("SkipBlock").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("SkipBlock", window.editor().scopeProperty().get(), "the open block is followed under its new name");
        assertEquals("SkipBlock", window.editor().graph().nodeByName("res1").param("block"));
        assertEquals(null, window.editor().graph().block("ResBlock"));
        assertEquals("SkipBlock", robot.lookup("#breadcrumbBlock").queryAs(Label.class).getText());
        robot.interact(() -> window.editor().undo());
        assertEquals("ResBlock", window.editor().scopeProperty().get(), "undone, the canvas follows back");
        assertEquals("ResBlock", window.editor().graph().nodeByName("res1").param("block"));
        robot.interact(() -> window.editor().undo());
        robot.interact(() -> window.editor().undo());
        assertEquals("NetWithResBlock", window.editor().graph().name());
    }

    @Test
    void darkThemeIsAppliedAndRemembered(FxRobot robot) throws Exception {
        assertTrue(hasStylesheet("light.css"));
        robot.clickOn("#menuView").clickOn("#viewTheme").clickOn("#viewThemeDark");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(hasStylesheet("dark.css"), stage.getScene().getStylesheets().toString());
        assertFalse(hasStylesheet("light.css"));
        assertEquals("DARK", prefsNode.get("theme", null));
        // The charts follow (no white slabs in a dark window), and back again; their exported image stays light.
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        var loss = window.dashboard().charts().lossChart();
        assertTrue(brightness((java.awt.Color) loss.getBackgroundPaint()) < 0.3, "dark chart: " + loss.getBackgroundPaint());
        assertTrue(brightness((java.awt.Color) window.dashboard().inspector().gradNormChart().getXYPlot().getBackgroundPaint()) < 0.3);
        // The histograms are drawn in the dark theme's colours too.
        double[] corner = new double[1];
        robot.interact(() -> {
            var strip = new layerlab.ui.inspect.HistogramStrip(60, 40);
            strip.draw("w", List.of(), true);
            corner[0] = strip.snapshot(null, null).getPixelReader().getColor(30, 30).getBrightness();
        });
        assertTrue(corner[0] < 0.3, "dark histogram panel: " + corner[0]);
        java.nio.file.Path png;
        try {
            png = java.nio.file.Files.createTempFile("charts", ".png");
            window.dashboard().charts().exportPng(png);
            var img = javax.imageio.ImageIO.read(png.toFile());
            assertEquals(0xffffff, img.getRGB(3, 3) & 0xffffff, "exported light");
            java.nio.file.Files.delete(png);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertTrue(brightness((java.awt.Color) loss.getBackgroundPaint()) < 0.3, "still dark after the export");
        robot.clickOn("#menuView").clickOn("#viewTheme").clickOn("#viewThemeLight");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(java.awt.Color.WHITE, loss.getBackgroundPaint());
    }

    private static double brightness(java.awt.Color c) {
        return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255;
    }

    @Test
    void undoAndRedoAreDisabledUntilThereIsSomethingToUndo(FxRobot robot) {
        MenuBar bar = robot.lookup("#menuBar").queryAs(MenuBar.class);
        MenuItem undo = bar.getMenus().get(1).getItems().get(0), redo = bar.getMenus().get(1).getItems().get(1);
        assertTrue(undo.isDisable());
        assertTrue(redo.isDisable());
        assertEquals("Undo", undo.getText());
    }

    @Test
    void shortcutsDialogListsOnlyWorkingShortcuts(FxRobot robot) {
        robot.clickOn("#menuHelp").clickOn("#helpShortcuts");
        WaitForAsyncUtils.waitForFxEvents();
        List<String> texts = robot.lookup("#shortcutsDialog .label").queryAllAs(Label.class).stream()
                .map(Label::getText).toList();
        assertTrue(texts.contains("File › New"), texts.toString());
        assertTrue(texts.contains("File › Quit"), texts.toString());
        assertTrue(texts.contains("File › Save"), texts.toString());
        assertTrue(texts.contains("Canvas › Quick add"), texts.toString());
        // The list outgrows a small screen: the dialog stays on it, the rest a scroll away.
        javafx.scene.control.DialogPane pane = robot.lookup("#shortcutsDialog").queryAs(javafx.scene.control.DialogPane.class);
        javafx.stage.Window w = pane.getScene().getWindow();
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        assertTrue(w.getY() >= screen.getMinY() && w.getY() + w.getHeight() <= screen.getMaxY() + 1, w.getY() + " + " + w.getHeight() + " on " + screen);
        javafx.scene.control.ScrollPane scroll = robot.lookup("#shortcutsScroll").queryAs(javafx.scene.control.ScrollPane.class);
        assertTrue(scroll.getViewportBounds().getHeight() <= screen.getHeight(), "" + scroll.getViewportBounds());
        robot.clickOn("Close");
    }

    /** File › New from Sample calls each sample as the start page does ("AttentionSentiment", not "attention-sentiment"). */
    @Test
    void theSampleMenuUsesTheStartPagesNames(FxRobot robot) {
        MenuBar bar = robot.lookup("#menuBar").queryAs(MenuBar.class);
        javafx.scene.control.Menu samples = (javafx.scene.control.Menu) bar.getMenus().get(0).getItems().stream()
                .filter(i -> "fileOpenSample".equals(i.getId())).findFirst().orElseThrow();
        assertEquals(layerlab.ui.start.SampleCard.all().stream().map(layerlab.ui.start.SampleCard::title).toList(),
                samples.getItems().stream().map(MenuItem::getText).toList());
        assertTrue(samples.getItems().stream().anyMatch(i -> "AttentionSentiment".equals(i.getText()) && "sample-attention-sentiment".equals(i.getId())));
    }

    @Test
    void aboutShowsVersionJdkAndEngine(FxRobot robot) {
        robot.clickOn("#menuHelp").clickOn("#helpAbout");
        WaitForAsyncUtils.waitForFxEvents();
        String text = robot.lookup("#aboutText").queryAs(TextArea.class).getText();
        assertTrue(text.contains(System.getProperty("java.version")), text);
        for (String line : Backends.describe()) assertTrue(text.contains(line), text);
        robot.clickOn("Close");
    }

    @Test
    void quitClosesTheWindowAndRemembersItsBounds(FxRobot robot) {
        robot.clickOn("#menuFile").clickOn("#fileQuit");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(stage.isShowing());
        assertEquals(stage.getWidth(), prefsNode.getDouble("window.width", -1));
        assertEquals(stage.getHeight(), prefsNode.getDouble("window.height", -1));
    }

    private boolean hasStylesheet(String file) {
        return stage.getScene().getStylesheets().stream().anyMatch(s -> s.endsWith("/layerlab/ui/" + file));
    }

    private static List<String> leaves(TreeView<String> tree) {
        List<String> out = new ArrayList<>();
        for (TreeItem<String> group : tree.getRoot().getChildren()) {
            for (TreeItem<String> leaf : group.getChildren()) out.add(leaf.getValue());
        }
        return out;
    }
}
