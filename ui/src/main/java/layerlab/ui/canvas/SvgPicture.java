package layerlab.ui.canvas;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Border;
import javafx.scene.layout.BorderStroke;
import javafx.scene.layout.BorderStrokeStyle;
import javafx.scene.layout.CornerRadii;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Paint;
import javafx.scene.paint.RadialGradient;
import javafx.scene.shape.ArcTo;
import javafx.scene.shape.Circle;
import javafx.scene.shape.ClosePath;
import javafx.scene.shape.CubicCurve;
import javafx.scene.shape.CubicCurveTo;
import javafx.scene.shape.Ellipse;
import javafx.scene.shape.HLineTo;
import javafx.scene.shape.Line;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.PathElement;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Polyline;
import javafx.scene.shape.QuadCurveTo;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.SVGPath;
import javafx.scene.shape.Shape;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import javafx.scene.shape.VLineTo;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.scene.transform.Transform;

/**
 * Writes laid-out JavaFX nodes as an SVG document: a vector picture that stays sharp at any size (slides, printed
 * worksheets, papers) and that a drawing program can edit. It draws what the scene draws, read back from the styled
 * nodes rather than drawn a second time from the graph, so the look stays in one place (the style sheets and the
 * canvas's own nodes): a region's background fills and border, shapes (paths, circles, rectangles, lines, polygons)
 * with their fill, stroke and dashes, and text with its font, colour and measured width, including the lines a
 * {@link TextFlow} wraps. The SVG mirrors the scene: one {@code <g>} per parent, carrying its transform, opacity,
 * id and style classes. Effects (shadows), clips and images are left out.
 */
final class SvgPicture {
    private final StringBuilder out = new StringBuilder();
    private final Set<String> ids = new HashSet<>();

    private SvgPicture() {}

    /**
     * The document: {@code layers} (children of one parent, drawn first to last) seen through {@code box}, in the
     * layers' parent's units, one SVG unit each, on {@code background} (null: transparent).
     */
    static String of(List<? extends Node> layers, Rectangle2D box, Paint background, String title) {
        SvgPicture p = new SvgPicture();
        StringBuilder o = p.out;
        o.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        o.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
        o.append(" width=\"").append(num(box.getWidth())).append("\" height=\"").append(num(box.getHeight())).append('"');
        o.append(" viewBox=\"").append(num(box.getMinX())).append(' ').append(num(box.getMinY())).append(' ')
                .append(num(box.getWidth())).append(' ').append(num(box.getHeight())).append("\">\n");
        if (title != null && !title.isBlank()) o.append("<title>").append(escape(title)).append("</title>\n");
        if (background != null && paint(background) != null) {
            o.append("<rect x=\"").append(num(box.getMinX())).append("\" y=\"").append(num(box.getMinY())).append("\" width=\"")
                    .append(num(box.getWidth())).append("\" height=\"").append(num(box.getHeight())).append('"');
            p.paintAttr("fill", background, 1);
            o.append("/>\n");
        }
        for (Node layer : layers) p.node(layer);
        o.append("</svg>\n");
        return o.toString();
    }

    private void node(Node n) {
        if (!n.isVisible() || n.getOpacity() <= 0) return;
        if (n instanceof Text t) {
            text(t, n.getLocalToParentTransform(), n.getOpacity());
            return;
        }
        if (n instanceof Shape s) {
            shape(s);
            return;
        }
        if (!(n instanceof Parent p)) return; // a Canvas or an ImageView: nothing drawn from shapes
        out.append("<g");
        idAndClasses(n);
        transformAttr(n.getLocalToParentTransform());
        if (n.getOpacity() < 1) out.append(" opacity=\"").append(num(n.getOpacity())).append('"');
        out.append(">\n");
        if (n instanceof Region r) region(r);
        if (n instanceof TextFlow flow) {
            flow(flow);
        } else {
            for (Node c : p.getChildrenUnmodifiable()) node(c);
        }
        out.append("</g>\n");
    }

    // ---- Regions: background fills, then the border ----

    private void region(Region r) {
        double w = r.getWidth(), h = r.getHeight();
        if (w <= 0 || h <= 0) return;
        Background bg = r.getBackground();
        if (bg != null) {
            for (BackgroundFill f : bg.getFills()) {
                if (paint(f.getFill()) == null) continue;
                Insets in = f.getInsets();
                roundedRect(in.getLeft(), in.getTop(), w - in.getLeft() - in.getRight(), h - in.getTop() - in.getBottom(), radii(f.getRadii(), w, h));
                paintAttr("fill", f.getFill(), 1);
                out.append("/>\n");
            }
        }
        Border border = r.getBorder();
        if (border == null) return;
        for (BorderStroke s : border.getStrokes()) {
            Insets in = s.getInsets();
            double x = in.getLeft(), y = in.getTop(), bw = w - in.getLeft() - in.getRight(), bh = h - in.getTop() - in.getBottom();
            var widths = s.getWidths();
            double top = widths.getTop(), right = widths.getRight(), bottom = widths.getBottom(), left = widths.getLeft();
            boolean same = top == right && right == bottom && bottom == left
                    && s.getTopStroke().equals(s.getRightStroke()) && s.getRightStroke().equals(s.getBottomStroke())
                    && s.getBottomStroke().equals(s.getLeftStroke())
                    && s.getTopStyle().equals(s.getRightStyle()) && s.getRightStyle().equals(s.getBottomStyle())
                    && s.getBottomStyle().equals(s.getLeftStyle());
            if (same) {
                if (top <= 0 || s.getTopStyle() == BorderStrokeStyle.NONE || paint(s.getTopStroke()) == null) continue;
                // JavaFX draws a border inside the region: the line's middle is half its width in.
                double[] radii = radii(s.getRadii(), w, h);
                for (int i = 0; i < radii.length; i++) radii[i] = Math.max(0, radii[i] - top / 2);
                roundedRect(x + top / 2, y + top / 2, bw - top, bh - top, radii);
                out.append(" fill=\"none\"");
                strokeAttrs(s.getTopStroke(), top, s.getTopStyle());
                out.append("/>\n");
            } else {
                side(x, y + top / 2, x + bw, y + top / 2, s.getTopStroke(), top, s.getTopStyle());
                side(x + bw - right / 2, y, x + bw - right / 2, y + bh, s.getRightStroke(), right, s.getRightStyle());
                side(x, y + bh - bottom / 2, x + bw, y + bh - bottom / 2, s.getBottomStroke(), bottom, s.getBottomStyle());
                side(x + left / 2, y, x + left / 2, y + bh, s.getLeftStroke(), left, s.getLeftStyle());
            }
        }
    }

    private void side(double x0, double y0, double x1, double y1, Paint p, double width, BorderStrokeStyle style) {
        if (width <= 0 || style == BorderStrokeStyle.NONE || paint(p) == null) return;
        out.append("<line x1=\"").append(num(x0)).append("\" y1=\"").append(num(y0)).append("\" x2=\"").append(num(x1))
                .append("\" y2=\"").append(num(y1)).append('"');
        strokeAttrs(p, width, style);
        out.append("/>\n");
    }

    private void strokeAttrs(Paint p, double width, BorderStrokeStyle style) {
        paintAttr("stroke", p, 1);
        out.append(" stroke-width=\"").append(num(width)).append('"');
        if (!style.getDashArray().isEmpty()) dashes(style.getDashArray(), width);
    }

    /**
     * An unclosed element: a rectangle with the region's corner radii (as CSS: percentages of the region's size, and
     * shrunk in proportion where two would overlap), a {@code <rect>} when they are all one value.
     */
    private void roundedRect(double x, double y, double w, double h, double[] r) {
        if (w <= 0 || h <= 0) {
            out.append("<rect x=\"0\" y=\"0\" width=\"0\" height=\"0\"");
            return;
        }
        double tlx = r[0], tly = r[1], trx = r[2], try_ = r[3], brx = r[4], bry = r[5], blx = r[6], bly = r[7];
        double f = 1;
        f = Math.min(f, fit(w, tlx + trx));
        f = Math.min(f, fit(w, blx + brx));
        f = Math.min(f, fit(h, tly + bly));
        f = Math.min(f, fit(h, try_ + bry));
        tlx *= f; tly *= f; trx *= f; try_ *= f; brx *= f; bry *= f; blx *= f; bly *= f;
        if (tlx == tly && tlx == trx && tlx == try_ && tlx == brx && tlx == bry && tlx == blx && tlx == bly) {
            out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(w))
                    .append("\" height=\"").append(num(h)).append('"');
            if (tlx > 0) out.append(" rx=\"").append(num(tlx)).append('"');
            return;
        }
        StringBuilder d = new StringBuilder();
        d.append('M').append(num(x + tlx)).append(',').append(num(y));
        d.append('H').append(num(x + w - trx));
        if (trx > 0 || try_ > 0) d.append('A').append(num(trx)).append(',').append(num(try_)).append(" 0 0 1 ").append(num(x + w)).append(',').append(num(y + try_));
        d.append('V').append(num(y + h - bry));
        if (brx > 0 || bry > 0) d.append('A').append(num(brx)).append(',').append(num(bry)).append(" 0 0 1 ").append(num(x + w - brx)).append(',').append(num(y + h));
        d.append('H').append(num(x + blx));
        if (blx > 0 || bly > 0) d.append('A').append(num(blx)).append(',').append(num(bly)).append(" 0 0 1 ").append(num(x)).append(',').append(num(y + h - bly));
        d.append('V').append(num(y + tly));
        if (tlx > 0 || tly > 0) d.append('A').append(num(tlx)).append(',').append(num(tly)).append(" 0 0 1 ").append(num(x + tlx)).append(',').append(num(y));
        d.append('Z');
        out.append("<path d=\"").append(d).append('"');
    }

    /** A region's corner radii in its units: top-left x, y, top-right x, y, bottom-right x, y, bottom-left x, y. */
    private static double[] radii(CornerRadii c, double w, double h) {
        return new double[] {
            radius(c.getTopLeftHorizontalRadius(), c.isTopLeftHorizontalRadiusAsPercentage(), w),
            radius(c.getTopLeftVerticalRadius(), c.isTopLeftVerticalRadiusAsPercentage(), h),
            radius(c.getTopRightHorizontalRadius(), c.isTopRightHorizontalRadiusAsPercentage(), w),
            radius(c.getTopRightVerticalRadius(), c.isTopRightVerticalRadiusAsPercentage(), h),
            radius(c.getBottomRightHorizontalRadius(), c.isBottomRightHorizontalRadiusAsPercentage(), w),
            radius(c.getBottomRightVerticalRadius(), c.isBottomRightVerticalRadiusAsPercentage(), h),
            radius(c.getBottomLeftHorizontalRadius(), c.isBottomLeftHorizontalRadiusAsPercentage(), w),
            radius(c.getBottomLeftVerticalRadius(), c.isBottomLeftVerticalRadiusAsPercentage(), h),
        };
    }

    private static double radius(double r, boolean percent, double size) {
        return percent ? r * size : r;
    }

    private static double fit(double side, double sum) {
        return sum > side && sum > 0 ? side / sum : 1;
    }

    // ---- Shapes ----

    private void shape(Shape s) {
        String element = geometry(s);
        if (element == null) return;
        out.append(element);
        idAndClasses(s);
        transformAttr(s.getLocalToParentTransform());
        if (s.getOpacity() < 1) out.append(" opacity=\"").append(num(s.getOpacity())).append('"');
        if (paint(s.getFill()) == null) out.append(" fill=\"none\"");
        else paintAttr("fill", s.getFill(), 1);
        if (s.getStroke() != null && paint(s.getStroke()) != null && s.getStrokeWidth() > 0) {
            paintAttr("stroke", s.getStroke(), 1);
            out.append(" stroke-width=\"").append(num(s.getStrokeWidth())).append('"');
            if (s.getStrokeLineCap() != StrokeLineCap.SQUARE) out.append(" stroke-linecap=\"").append(s.getStrokeLineCap() == StrokeLineCap.ROUND ? "round" : "butt").append('"');
            if (s.getStrokeLineJoin() != StrokeLineJoin.MITER) out.append(" stroke-linejoin=\"").append(s.getStrokeLineJoin() == StrokeLineJoin.ROUND ? "round" : "bevel").append('"');
            if (!s.getStrokeDashArray().isEmpty()) dashes(s.getStrokeDashArray(), 1);
        }
        out.append("/>\n");
    }

    /** The element's name and geometry attributes, unclosed; null for a shape without an SVG form here. */
    private static String geometry(Shape s) {
        if (s instanceof Circle c) {
            return "<circle cx=\"" + num(c.getCenterX()) + "\" cy=\"" + num(c.getCenterY()) + "\" r=\"" + num(c.getRadius()) + '"';
        } else if (s instanceof Ellipse e) {
            return "<ellipse cx=\"" + num(e.getCenterX()) + "\" cy=\"" + num(e.getCenterY()) + "\" rx=\"" + num(e.getRadiusX()) + "\" ry=\"" + num(e.getRadiusY()) + '"';
        } else if (s instanceof Rectangle r) {
            String rect = "<rect x=\"" + num(r.getX()) + "\" y=\"" + num(r.getY()) + "\" width=\"" + num(r.getWidth()) + "\" height=\"" + num(r.getHeight()) + '"';
            if (r.getArcWidth() > 0 && r.getArcHeight() > 0) rect += " rx=\"" + num(r.getArcWidth() / 2) + "\" ry=\"" + num(r.getArcHeight() / 2) + '"';
            return rect;
        } else if (s instanceof Line l) {
            return "<line x1=\"" + num(l.getStartX()) + "\" y1=\"" + num(l.getStartY()) + "\" x2=\"" + num(l.getEndX()) + "\" y2=\"" + num(l.getEndY()) + '"';
        } else if (s instanceof Polygon p) {
            return "<polygon points=\"" + points(p.getPoints()) + '"';
        } else if (s instanceof Polyline p) {
            return "<polyline points=\"" + points(p.getPoints()) + '"';
        } else if (s instanceof CubicCurve c) {
            return "<path d=\"M" + num(c.getStartX()) + ',' + num(c.getStartY()) + 'C' + num(c.getControlX1()) + ',' + num(c.getControlY1()) + ' '
                    + num(c.getControlX2()) + ',' + num(c.getControlY2()) + ' ' + num(c.getEndX()) + ',' + num(c.getEndY()) + '"';
        } else if (s instanceof SVGPath p) {
            return "<path d=\"" + escape(p.getContent()) + '"';
        } else if (s instanceof Path p) {
            String d = pathData(p.getElements());
            return d.isEmpty() ? null : "<path d=\"" + d + '"';
        }
        return null;
    }

    static String pathData(List<PathElement> elements) {
        StringBuilder d = new StringBuilder();
        for (PathElement e : elements) {
            boolean abs = e.isAbsolute();
            if (e instanceof MoveTo m) {
                d.append(abs ? 'M' : 'm').append(num(m.getX())).append(',').append(num(m.getY()));
            } else if (e instanceof LineTo l) {
                d.append(abs ? 'L' : 'l').append(num(l.getX())).append(',').append(num(l.getY()));
            } else if (e instanceof HLineTo h) {
                d.append(abs ? 'H' : 'h').append(num(h.getX()));
            } else if (e instanceof VLineTo v) {
                d.append(abs ? 'V' : 'v').append(num(v.getY()));
            } else if (e instanceof CubicCurveTo c) {
                d.append(abs ? 'C' : 'c').append(num(c.getControlX1())).append(',').append(num(c.getControlY1())).append(' ')
                        .append(num(c.getControlX2())).append(',').append(num(c.getControlY2())).append(' ')
                        .append(num(c.getX())).append(',').append(num(c.getY()));
            } else if (e instanceof QuadCurveTo q) {
                d.append(abs ? 'Q' : 'q').append(num(q.getControlX())).append(',').append(num(q.getControlY())).append(' ')
                        .append(num(q.getX())).append(',').append(num(q.getY()));
            } else if (e instanceof ArcTo a) {
                d.append(abs ? 'A' : 'a').append(num(a.getRadiusX())).append(',').append(num(a.getRadiusY())).append(' ')
                        .append(num(a.getXAxisRotation())).append(' ').append(a.isLargeArcFlag() ? 1 : 0).append(' ')
                        .append(a.isSweepFlag() ? 1 : 0).append(' ').append(num(a.getX())).append(',').append(num(a.getY()));
            } else if (e instanceof ClosePath) {
                d.append('Z');
            }
        }
        return d.toString();
    }

    private static String points(List<Double> xy) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i + 1 < xy.size(); i += 2) {
            if (i > 0) b.append(' ');
            b.append(num(xy.get(i))).append(',').append(num(xy.get(i + 1)));
        }
        return b.toString();
    }

    // ---- Text ----

    /** A text node as one {@code <text>} per line, each as wide as JavaFX measured it (another renderer's font may differ). */
    private void text(Text t, Transform toParent, double opacity) {
        String s = t.getText();
        if (s == null || s.isEmpty()) return;
        Bounds lb = t.getLayoutBounds();
        String[] lines = s.split("\n", -1);
        double lineHeight = lines.length > 1 ? lb.getHeight() / lines.length : lb.getHeight();
        double baseline = lb.getMinY() + t.getBaselineOffset();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            double width = lines.length == 1 ? lb.getWidth() : measure(lines[i], t.getFont());
            textLine(t, lines[i], lb.getMinX(), baseline + i * lineHeight, width, toParent, opacity);
        }
    }

    /**
     * A {@link TextFlow}'s texts line by line, where the flow wrapped them: each character's line is read back from
     * the flow ({@link TextFlow#rangeShape}), so the breaks are the ones on screen.
     */
    private void flow(TextFlow flow) {
        int at = 0;
        for (Node c : flow.getChildrenUnmodifiable()) {
            if (!(c instanceof Text t)) {
                node(c);
                continue;
            }
            String s = t.getText() == null ? "" : t.getText();
            if (t.isVisible() && t.getOpacity() > 0) {
                double ascent = ascent(t.getFont());
                StringBuilder line = new StringBuilder();
                double lineTop = 0, lineLeft = 0, lineRight = 0;
                for (int i = 0; i < s.length(); i++) {
                    char ch = s.charAt(i);
                    double[] box = ch == '\n' ? null : box(flow.rangeShape(at + i, at + i + 1));
                    boolean lineEnds = box == null || line.length() > 0 && Math.abs(box[1] - lineTop) > 0.5;
                    if (lineEnds && line.length() > 0) {
                        flowLine(t, line, lineLeft, lineTop + ascent, lineRight - lineLeft);
                        line.setLength(0);
                    }
                    if (box == null) continue;
                    if (line.length() == 0) {
                        lineTop = box[1];
                        lineLeft = box[0];
                        lineRight = box[2];
                    }
                    line.append(ch);
                    lineRight = Math.max(lineRight, box[2]);
                }
                if (line.length() > 0) flowLine(t, line, lineLeft, lineTop + ascent, lineRight - lineLeft);
            }
            at += s.length();
        }
    }

    private void flowLine(Text t, StringBuilder line, double x, double baseline, double width) {
        String s = line.toString().stripTrailing();
        if (s.isBlank()) return;
        textLine(t, s, x, baseline, s.length() == line.length() ? width : measure(s, t.getFont()), null, t.getOpacity());
    }

    /** The x-range and top of a range's outline: {minX, minY, maxX}; null when it has none. */
    private static double[] box(PathElement[] shape) {
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE;
        for (PathElement e : shape) {
            double x, y;
            if (e instanceof MoveTo m) {
                x = m.getX();
                y = m.getY();
            } else if (e instanceof LineTo l) {
                x = l.getX();
                y = l.getY();
            } else {
                continue;
            }
            x0 = Math.min(x0, x);
            x1 = Math.max(x1, x);
            y0 = Math.min(y0, y);
        }
        return x0 > x1 ? null : new double[] {x0, y0, x1};
    }

    private void textLine(Text t, String s, double x, double baseline, double width, Transform toParent, double opacity) {
        Font f = t.getFont();
        out.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(baseline)).append('"');
        if (toParent != null) transformAttr(toParent);
        if (opacity < 1) out.append(" opacity=\"").append(num(opacity)).append('"');
        out.append(" font-family=\"").append(escape(family(f.getFamily()))).append('"');
        out.append(" font-size=\"").append(num(f.getSize())).append('"');
        String style = f.getStyle().toLowerCase(Locale.ROOT);
        if (style.contains("bold") || style.contains("black") || style.contains("heavy")) out.append(" font-weight=\"bold\"");
        if (style.contains("italic") || style.contains("oblique")) out.append(" font-style=\"italic\"");
        Paint fill = t.getFill();
        if (paint(fill) == null) out.append(" fill=\"none\"");
        else paintAttr("fill", fill, 1);
        // The width JavaFX measured: where the reader's font runs wider, the line still ends where it did on screen.
        if (width > 0) out.append(" textLength=\"").append(num(width)).append("\" lengthAdjust=\"spacingAndGlyphs\"");
        out.append(" xml:space=\"preserve\">").append(escape(s)).append("</text>\n");
    }

    private static double measure(String s, Font f) {
        Text probe = new Text(s);
        probe.setFont(f);
        return probe.getLayoutBounds().getWidth();
    }

    private static double ascent(Font f) {
        Text probe = new Text("Hg");
        probe.setFont(f);
        return probe.getBaselineOffset();
    }

    /** A JavaFX family as a CSS font list: its logical names become generic families, with the fonts they usually are. */
    static String family(String fx) {
        return switch (fx) {
            case "System", "SansSerif", "Sans Serif" -> "'DejaVu Sans', 'Segoe UI', system-ui, Arial, sans-serif";
            case "Monospaced", "Monospace", "monospace" -> "'DejaVu Sans Mono', Consolas, Menlo, monospace";
            case "Serif" -> "'DejaVu Serif', 'Times New Roman', serif";
            default -> "'" + fx.replace("'", "") + "', sans-serif";
        };
    }

    // ---- Attributes ----

    private void idAndClasses(Node n) {
        String id = n.getId();
        if (id != null && id.matches("[A-Za-z_][A-Za-z0-9_.-]*") && ids.add(id)) out.append(" id=\"").append(id).append('"');
        List<String> classes = new ArrayList<>();
        for (String c : n.getStyleClass()) if (c.matches("[A-Za-z_][A-Za-z0-9_-]*")) classes.add(c);
        if (!classes.isEmpty()) out.append(" class=\"").append(String.join(" ", classes)).append('"');
    }

    private void transformAttr(Transform t) {
        if (t.isIdentity()) return;
        if (t.getMxx() == 1 && t.getMyy() == 1 && t.getMxy() == 0 && t.getMyx() == 0) {
            out.append(" transform=\"translate(").append(num(t.getTx())).append(',').append(num(t.getTy())).append(")\"");
        } else {
            out.append(" transform=\"matrix(").append(num(t.getMxx())).append(',').append(num(t.getMyx())).append(',')
                    .append(num(t.getMxy())).append(',').append(num(t.getMyy())).append(',').append(num(t.getTx())).append(',')
                    .append(num(t.getTy())).append(")\"");
        }
    }

    private void dashes(List<Double> dashes, double scale) {
        StringBuilder b = new StringBuilder();
        for (Double d : dashes) {
            if (b.length() > 0) b.append(' ');
            b.append(num(d * scale));
        }
        out.append(" stroke-dasharray=\"").append(b).append('"');
    }

    private void paintAttr(String name, Paint p, double opacity) {
        Color c = paint(p);
        out.append(' ').append(name).append("=\"").append(hex(c)).append('"');
        double a = c.getOpacity() * opacity;
        if (a < 1) out.append(' ').append(name).append("-opacity=\"").append(num(a)).append('"');
    }

    /** A paint as one colour (a gradient: its first stop); null when it draws nothing. */
    private static Color paint(Paint p) {
        Color c = null;
        if (p instanceof Color col) c = col;
        else if (p instanceof LinearGradient g && !g.getStops().isEmpty()) c = g.getStops().get(0).getColor();
        else if (p instanceof RadialGradient g && !g.getStops().isEmpty()) c = g.getStops().get(0).getColor();
        return c == null || c.getOpacity() == 0 ? null : c;
    }

    static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255), Math.round(c.getBlue() * 255));
    }

    /** A number as short as it stays exact to a hundredth of a unit. */
    static String num(double v) {
        if (!Double.isFinite(v)) return "0";
        double r = Math.round(v * 100) / 100.0;
        if (r == Math.rint(r) && Math.abs(r) < 1e15) return Long.toString((long) r);
        String s = String.format(Locale.ROOT, "%.2f", r);
        return s.endsWith("0") ? s.substring(0, s.length() - 1) : s;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> {
                    // XML 1.0 has no place for most control characters.
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
                    b.append(c);
                }
            }
        }
        return b.toString();
    }
}
