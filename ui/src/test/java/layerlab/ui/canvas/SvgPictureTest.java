package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Rectangle2D;
import javafx.scene.Group;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Border;
import javafx.scene.layout.BorderStroke;
import javafx.scene.layout.BorderStrokeStyle;
import javafx.scene.layout.BorderWidths;
import javafx.scene.layout.CornerRadii;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The SVG writer on hand-made nodes: each kind of thing it draws, and what it leaves out. */
@ExtendWith(ApplicationExtension.class)
class SvgPictureTest {
    @Start
    void start(Stage stage) {}

    @Test
    void drawsFillsBordersShapesAndTextAsTheSceneHasThem(FxRobot robot) {
        String[] svg = new String[1];
        robot.interact(() -> {
            Pane card = new Pane();
            card.setId("card-1");
            card.getStyleClass().add("card");
            card.setPrefSize(100, 50);
            card.relocate(10, 20);
            // A stripe with square left corners and round right ones, over a fill inset 5 on the left.
            card.setBackground(new Background(new BackgroundFill(Color.web("#2f6fed"), new CornerRadii(8), Insets.EMPTY),
                    new BackgroundFill(Color.WHITE, new CornerRadii(0, 8, 8, 0, false), new Insets(0, 0, 0, 5))));
            card.setBorder(new Border(new BorderStroke(Color.web("#d9363e"), BorderStrokeStyle.SOLID, new CornerRadii(8), new BorderWidths(2))));
            Text t = new Text("a < b & \"c\"");
            t.setFont(Font.font("Monospaced", 11));
            t.setFill(Color.rgb(0, 0, 0, 0.5));
            t.relocate(14, 6);
            Line dashed = new Line(0, 0, 30, 0);
            dashed.getStrokeDashArray().setAll(6.0, 4.0);
            dashed.setStroke(Color.GRAY);
            Text hidden = new Text("not shown");
            hidden.setVisible(false);
            card.getChildren().addAll(t, dashed, hidden);
            Group layer = new Group(card);
            new javafx.scene.Scene(layer);
            layer.applyCss();
            layer.layout();
            svg[0] = SvgPicture.of(List.of(layer), new Rectangle2D(-10, -10, 200, 100), Color.web("#f3f4f6"), "Net & co");
        });
        String s = svg[0];
        assertTrue(s.contains("viewBox=\"-10 -10 200 100\""), s);
        assertTrue(s.contains("<title>Net &amp; co</title>"), s);
        assertTrue(s.contains("<rect x=\"-10\" y=\"-10\" width=\"200\" height=\"100\" fill=\"#f3f4f6\"/>"), s);
        assertTrue(s.contains("<g id=\"card-1\" class=\"card\" transform=\"translate(10,20)\">"), s);
        assertTrue(s.contains("<rect x=\"0\" y=\"0\" width=\"100\" height=\"50\" rx=\"8\" fill=\"#2f6fed\"/>"), s);
        // Per-corner radii become a path: square on the left, arcs on the right.
        assertTrue(s.contains("<path d=\"M5,0H92A8,8 0 0 1 100,8V42A8,8 0 0 1 92,50H5V0Z\" fill=\"#ffffff\"/>"), s);
        // A border is drawn inside the region: its middle half its width in, its radius shrunk to match.
        assertTrue(s.contains("<rect x=\"1\" y=\"1\" width=\"98\" height=\"48\" rx=\"7\" fill=\"none\" stroke=\"#d9363e\" stroke-width=\"2\"/>"), s);
        assertTrue(s.contains(">a &lt; b &amp; &quot;c&quot;</text>"), s);
        assertTrue(s.contains("fill-opacity=\"0.5\""), s);
        assertTrue(s.contains("font-family=\"'DejaVu Sans Mono', Consolas, Menlo, monospace\" font-size=\"11\""), s);
        assertTrue(s.contains("<line x1=\"0\" y1=\"0\" x2=\"30\" y2=\"0\""), s);
        assertTrue(s.contains("stroke-dasharray=\"6 4\""), s);
        assertFalse(s.contains("not shown"), "an invisible node is left out");
    }

    @Test
    void numbersAreShortAndExactToAHundredth() {
        assertEquals("3", SvgPicture.num(3.0));
        assertEquals("-2.5", SvgPicture.num(-2.5));
        assertEquals("0.33", SvgPicture.num(1 / 3.0));
        assertEquals("1.05", SvgPicture.num(1.049999));
        assertEquals("0", SvgPicture.num(Double.NaN));
    }
}
