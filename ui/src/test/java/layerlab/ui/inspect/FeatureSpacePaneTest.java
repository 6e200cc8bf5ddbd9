package layerlab.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import layerlab.train.FeatureSpace;
import layerlab.train.Pca;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The feature space's picture itself, on points placed apart on purpose: what a legend click fades, pixel by pixel. */
@ExtendWith(ApplicationExtension.class)
class FeatureSpacePaneTest {
    @TempDir
    Path dir;
    private FeatureSpacePane pane;

    @Start
    void start(Stage stage) {
        pane = new FeatureSpacePane();
        stage.setScene(new Scene(pane, 420, 460));
        stage.show();
    }

    /** Six samples in 3-D on a wide ring (no two dots near), classes 0 1 0 1 0 1, the third predicted wrong. */
    private static FeatureSpace ring() {
        int n = 6;
        float[] x = new float[n * 3];
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * i / n;
            x[i * 3] = (float) Math.cos(a) * 4;
            x[i * 3 + 1] = (float) Math.sin(a) * 3;
            x[i * 3 + 2] = i % 3 - 1;
        }
        return new FeatureSpace("relu", new int[] {3}, Pca.of(x, n, 3, 3), new int[] {0, 1, 0, 1, 0, 1}, new int[] {0, 1, 1, 1, 0, 1}, null,
                List.of("cat", "dog"));
    }

    @Test
    void aLegendClickFadesTheOtherClassAndAnotherShowsAll(FxRobot robot) throws Exception {
        FeatureSpace f = ring();
        robot.interact(() -> pane.show(f, null));
        assertEquals(1, f.misclassifiedCount());
        BufferedImage all = picture(robot);
        for (int i = 0; i < 6; i++) assertTrue(full(all, i, f.classes()[i]), "sample " + i + " drawn in full");

        robot.clickOn("#featureSpaceClass1");
        assertEquals("class dog", pane.focus());
        BufferedImage dogs = picture(robot);
        for (int i = 0; i < 6; i++) {
            assertEquals(f.classes()[i] == 1, full(dogs, i, f.classes()[i]), "sample " + i + (f.classes()[i] == 1 ? " in full" : " faded"));
        }
        robot.clickOn("#featureSpaceWrong");
        assertEquals("wrong", pane.focus());
        BufferedImage wrong = picture(robot);
        for (int i = 0; i < 6; i++) assertEquals(i == 2, full(wrong, i, f.classes()[i]), "sample " + i);
        robot.clickOn("#featureSpaceWrong");
        assertNull(pane.focus());
        BufferedImage again = picture(robot);
        for (int i = 0; i < 6; i++) assertTrue(full(again, i, f.classes()[i]), "sample " + i + " in full again");
    }

    /**
     * A class has a shape as well as a colour: the cats' circles leave a dot's corner empty where the dogs' squares fill
     * it, and the legend shows each class's shape.
     */
    @Test
    void classesDifferInShapeAsWellAsColour(FxRobot robot) throws Exception {
        FeatureSpace f = ring();
        robot.interact(() -> pane.show(f, null));
        BufferedImage img = picture(robot);
        // Radius 4.5 for a few samples, doubled in the picture: a square of side 2 × 0.95 × 9 covers more of the box round its
        // centre than a circle of radius 9 does (in the picture, 196 px against 168–176).
        int[] covered = new int[6];
        for (int i = 0; i < 6; i++) {
            Point2D at = pane.lookup("#featureSpacePlot").screenToLocal(pane.screenPoint(i));
            javafx.scene.paint.Color want = ClassMarker.color(f.classes()[i], 2);
            double r = 0.75 * want.getRed() + 0.25, g = 0.75 * want.getGreen() + 0.25, b = 0.75 * want.getBlue() + 0.25;
            int cx = (int) Math.round(2 * at.getX()), cy = (int) Math.round(2 * at.getY());
            for (int y = cy - 10; y <= cy + 10; y++) {
                for (int x = cx - 10; x <= cx + 10; x++) {
                    int rgb = img.getRGB(x, y);
                    if (Math.abs((rgb >> 16 & 255) / 255.0 - r) < 0.06 && Math.abs((rgb >> 8 & 255) / 255.0 - g) < 0.06
                            && Math.abs((rgb & 255) / 255.0 - b) < 0.06) covered[i]++;
                }
            }
        }
        int squares = Integer.MAX_VALUE, circles = 0;
        for (int i = 0; i < 6; i++) {
            if (f.classes()[i] == 1) squares = Math.min(squares, covered[i]);
            else circles = Math.max(circles, covered[i]);
        }
        assertTrue(squares >= circles + 12, "the dogs' squares cover more than the cats' circles: " + java.util.Arrays.toString(covered));
        Object cat = robot.lookup("#featureSpaceClass0").queryAs(javafx.scene.control.Label.class).getGraphic().getUserData();
        Object dog = robot.lookup("#featureSpaceClass1").queryAs(javafx.scene.control.Label.class).getGraphic().getUserData();
        assertEquals(ClassMarker.CIRCLE, cat);
        assertEquals(ClassMarker.SQUARE, dog);
    }

    /** The axes' names follow View › Text Size, as the charts' text does (they stayed 11 px at 150 %). */
    /**
     * The pointed dot's name shows by the pointer as well as above the picture: in a low dashboard (the inspector on a
     * 720-px screen) the line above is scrolled out of sight while one points at the picture's lower half.
     */
    @Test
    void thePointedSampleIsNamedByThePointer(FxRobot robot) {
        FeatureSpace f = ring();
        robot.interact(() -> pane.show(f, null));
        assertNull(pane.pointedTip(), "no name while no dot is pointed at");
        robot.moveTo(pane.screenPoint(2));
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertTrue(pane.pointed().startsWith("sample 2:"), pane.pointed());
        assertEquals(pane.pointed(), pane.pointedTip() == null ? null : pane.pointedTip().getText(), "the same name by the pointer");
        robot.moveTo(pane.screenPoint(4));
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertEquals(pane.pointed(), pane.pointedTip().getText(), "another dot, its name");
        robot.moveTo(pane.lookup("#featureSpacePlot").localToScreen(1, 1));
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertNull(pane.pointedTip(), "none off the dots");
    }

    @Test
    void theAxesNamesFollowTheTextSize(FxRobot robot) {
        FeatureSpace f = ring();
        robot.interact(() -> pane.show(f, null));
        assertEquals(11, pane.axisFontSize(), 1e-9);
        robot.interact(() -> pane.getScene().getStylesheets().add(layerlab.ui.shell.TextSize.LARGER.stylesheet()));
        assertEquals(16.5, pane.axisFontSize(), 1e-9);
        robot.interact(() -> pane.getScene().getStylesheets().clear());
        assertEquals(11, pane.axisFontSize(), 1e-9);
    }

    /** Save › Picture and Points: the file asked for (its extension added), written, and said in one line. */
    @Test
    void saveWritesWhereTheDialogSaysAndSaysSo(FxRobot robot) throws Exception {
        FeatureSpace f = ring();
        List<String> said = new java.util.ArrayList<>(), asked = new java.util.ArrayList<>();
        robot.interact(() -> {
            pane.show(f, null);
            pane.setStatus(said::add);
            pane.setChooser(layerlab.ui.TestWindows.savesTo(dir.resolve("mine"), asked));
        });
        robot.clickOn("#featureSpaceSave").clickOn("Points (CSV)…");
        assertEquals(List.of("feature-space-relu.csv"), asked);
        assertEquals(f.csv(), java.nio.file.Files.readString(dir.resolve("mine.csv")));
        robot.clickOn("#featureSpaceSave").clickOn("Picture (PNG)…");
        assertEquals(List.of("Saved mine.csv", "Saved mine.png"), said);
        assertEquals(2 * FeatureSpacePane.WIDTH, ImageIO.read(dir.resolve("mine.png").toFile()).getWidth(), 2);
    }

    private BufferedImage picture(FxRobot robot) throws Exception {
        Path png = dir.resolve("fs.png");
        robot.interact(() -> {
            try {
                pane.exportPng(png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return ImageIO.read(png.toFile());
    }

    /** Whether sample {@code i}'s dot is drawn in its class's colour at full strength (75% over white) at its centre. */
    private boolean full(BufferedImage img, int i, int c) {
        Point2D at = pane.lookup("#featureSpacePlot").screenToLocal(pane.screenPoint(i));
        int rgb = img.getRGB((int) Math.round(2 * at.getX()), (int) Math.round(2 * at.getY()));
        javafx.scene.paint.Color want = ClassMarker.color(c, 2);
        double r = 0.75 * want.getRed() + 0.25, g = 0.75 * want.getGreen() + 0.25, b = 0.75 * want.getBlue() + 0.25;
        return Math.abs((rgb >> 16 & 255) / 255.0 - r) < 0.04 && Math.abs((rgb >> 8 & 255) / 255.0 - g) < 0.04 && Math.abs((rgb & 255) / 255.0 - b) < 0.04;
    }
}
