package layerlab.ui.canvas;

import java.util.ArrayList;
import java.util.List;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableObjectProperty;
import javafx.css.StyleableProperty;
import javafx.css.StyleConverter;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;

/**
 * The editor's dotted background, drawn in code on a canvas that follows the region's size. The dot colour is
 * a CSS property ({@code -ll-dot-color}) so each theme sets it in its stylesheet.
 */
public final class DotGrid extends Region {
    /** Distance between dots, in pixels. */
    public static final double SPACING = 20;
    private static final double DOT = 2;

    private static final CssMetaData<DotGrid, Paint> DOT_COLOR = new CssMetaData<>("-ll-dot-color",
            StyleConverter.getPaintConverter(), Color.gray(0.75)) {
        @Override
        public boolean isSettable(DotGrid g) {
            return !g.dotColor.isBound();
        }

        @Override
        public StyleableProperty<Paint> getStyleableProperty(DotGrid g) {
            return g.dotColor;
        }
    };
    private static final List<CssMetaData<? extends Styleable, ?>> CSS = append(Region.getClassCssMetaData(), DOT_COLOR);

    private final Canvas canvas = new Canvas();
    private final StyleableObjectProperty<Paint> dotColor = new StyleableObjectProperty<>(Color.gray(0.75)) {
        @Override
        protected void invalidated() {
            draw();
        }

        @Override
        public Object getBean() {
            return DotGrid.this;
        }

        @Override
        public String getName() {
            return "dotColor";
        }

        @Override
        public CssMetaData<DotGrid, Paint> getCssMetaData() {
            return DOT_COLOR;
        }
    };

    public DotGrid() {
        getStyleClass().add("dot-grid");
        // The canvas takes the region's size, never gives it: otherwise the window could not shrink.
        canvas.setManaged(false);
        getChildren().add(canvas);
        setMinSize(0, 0);
        setPrefSize(0, 0);
    }

    @Override
    protected void layoutChildren() {
        double w = Math.ceil(getWidth()), h = Math.ceil(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            draw();
        }
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth(), h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        g.setFill(dotColor.get());
        for (double y = SPACING; y < h; y += SPACING) {
            for (double x = SPACING; x < w; x += SPACING) {
                g.fillRect(x - DOT / 2, y - DOT / 2, DOT, DOT);
            }
        }
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return CSS;
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return CSS;
    }

    private static List<CssMetaData<? extends Styleable, ?>> append(List<CssMetaData<? extends Styleable, ?>> base,
                                                                   CssMetaData<? extends Styleable, ?> extra) {
        List<CssMetaData<? extends Styleable, ?>> all = new ArrayList<>(base);
        all.add(extra);
        return List.copyOf(all);
    }
}
