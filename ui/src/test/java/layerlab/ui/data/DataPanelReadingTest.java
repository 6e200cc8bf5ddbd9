package layerlab.ui.data;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import layerlab.data.DataSources;
import layerlab.io.ReadProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A big file read for the Data tab's preview says how far it is and can be cancelled: the bar and "Reading big.csv — 45 %
 * (1 of 3 MB)" while it reads, Cancel, then "Reading cancelled" in place of the preview (not the data shown before), the
 * form still to edit, and the next Apply reads the file again.
 */
@ExtendWith(ApplicationExtension.class)
class DataPanelReadingTest {
    @TempDir
    static Path dir;
    private final Map<String, Object> dataset = new LinkedHashMap<>();
    private DataPanel panel;
    private Stage stage;
    /** Lets the stand-in's read of big.csv past 45 %. */
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger bigReads = new AtomicInteger(), bigEnded = new AtomicInteger();

    /**
     * Opens big.csv as a slow disk would: 45 % at once, then stuck until {@link #release}d, a cancel heard meanwhile as the
     * loaders hear it (between chunks); it gives fifty moons points. Other settings open as they are.
     */
    private final DataOpener opener = new DataOpener((settings, base) -> {
        if (!"big.csv".equals(settings.get("path"))) return DataSources.open(settings, base);
        bigReads.incrementAndGet();
        try {
            ReadProgress r = ReadProgress.current();
            for (int i = 0; i < 45; i++) r.advance(r.total() / 100);
            while (!release.await(10, TimeUnit.MILLISECONDS)) r.check();
            r.advance(r.total());
            return DataSources.open(Map.of("source", "moons", "n", 50), base);
        } finally {
            bigEnded.incrementAndGet();
        }
    });

    @Start
    void start(Stage stage) {
        this.stage = stage;
        panel = DataPanels.show(stage, dataset, dir);
        panel.setOpener(opener);
    }

    @Test
    void aLongReadShowsHowFarItIsAndCancelStopsItThenApplyReadsAgain(FxRobot robot) throws Exception {
        Files.write(dir.resolve("big.csv"), new byte[3_000_000]);
        robot.interact(() -> robot.lookup("#dataSource").queryComboBox().getSelectionModel().select("moons"));
        robot.interact(panel::apply);
        waitFor("the moons previewed", () -> panel.shown() != null);

        robot.interact(() -> robot.lookup("#dataSource").queryComboBox().getSelectionModel().select("csv"));
        robot.interact(() -> robot.lookup("#data-path").queryAs(TextField.class).setText("big.csv"));
        robot.interact(panel::apply);
        waitFor("the read's progress shown", () -> robot.lookup("#dataReading").query().isVisible()
                && robot.lookup("#dataReadingText").queryAs(Label.class).getText().contains("45 %"));
        assertEquals("Reading big.csv — 45 % (1 of 3 MB)", robot.lookup("#dataReadingText").queryAs(Label.class).getText());
        assertEquals(0.45, robot.lookup("#dataReadingBar").queryAs(ProgressBar.class).getProgress(), 1e-9);
        assertTrue(panel.getCenter().getOpacity() < 1, "the moons shown before are faded: not what is being read");
        shot(robot, "data-reading.png");

        robot.clickOn("#dataReadingCancel");
        waitFor("the read cancelled", () -> robot.lookup("#dataPreviewCancelled").tryQuery().isPresent());
        assertEquals("Reading cancelled", robot.lookup("#dataDescription").queryAs(Label.class).getText());
        assertEquals("", robot.lookup("#dataError").queryAs(Label.class).getText(), "a cancel is no error");
        assertNull(panel.shown(), "the moons shown before are not what these settings give");
        assertFalse(robot.lookup("#dataReading").query().isVisible());
        assertFalse(robot.lookup("#data-path").query().isDisabled(), "the form stays to edit");
        waitFor("the read ended", () -> bigEnded.get() == 1 && opener.reading() == null);
        shot(robot, "data-reading-cancelled.png");

        release.countDown();
        robot.interact(panel::apply);
        waitFor("read again and previewed", () -> panel.shown() != null);
        assertEquals(2, bigReads.get(), "Apply read big.csv again, not the cancelled read's outcome");
        assertTrue(robot.lookup("#dataPreviewCancelled").tryQuery().isEmpty());
        assertFalse(robot.lookup("#dataReading").query().isVisible());
        assertEquals(1, panel.getCenter().getOpacity());
    }

    /** For a look at the bar (ui/target/screenshots). */
    private void shot(FxRobot robot, String name) throws Exception {
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = stage.getScene().getRoot().snapshot(null, null));
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", out.resolve(name).toFile());
    }
}
