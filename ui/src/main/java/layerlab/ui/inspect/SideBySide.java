package layerlab.ui.inspect;

import java.util.function.DoubleSupplier;
import javafx.geometry.Insets;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;

/**
 * Two columns side by side while the width holds what the first needs (the Results tab's confusion matrix, read whole;
 * Draw a sample's pad and buttons) and the second's minimum; one below the other when it does not. Side by side the
 * second gets up to its preferred width and the first the rest, up to its own. The Results tab at 200 % text on a
 * 1280×720 projector has about 830 px: side by side, the confusion matrix was squeezed until its counts read "…" and Try
 * a sample's fields ran past the tab's edge.
 */
final class SideBySide extends Pane {
    private final double gap;
    /** Once stacked, the columns go back side by side only with this much to spare, so that a scroll bar coming or going does not flip them. */
    private static final double HYSTERESIS = 24;
    private final Region first;
    /** The width below which the first column no longer reads (its confusion matrix's counts turn to "…"). */
    private final DoubleSupplier firstNeeds;
    private final Region second;
    private boolean stacked;

    SideBySide(Region first, DoubleSupplier firstNeeds, Region second) {
        this(first, firstNeeds, second, 16, new Insets(8));
    }

    /** {@code gap} between the columns (or the rows, stacked), {@code padding} round them. */
    SideBySide(Region first, DoubleSupplier firstNeeds, Region second, double gap, Insets padding) {
        this.first = first;
        this.firstNeeds = firstNeeds;
        this.second = second;
        this.gap = gap;
        getChildren().addAll(first, second);
        setPadding(padding);
    }

    /** Its height follows its width (stacked when narrow), as a wrapping label's does: a VBox above it asks for the height at its width. */
    @Override
    public javafx.geometry.Orientation getContentBias() {
        return javafx.geometry.Orientation.HORIZONTAL;
    }

    /** Whether the second column is below the first (tests). */
    boolean stacked() {
        return stacked;
    }

    private double sideBySideWidth() {
        Insets in = getInsets();
        return in.getLeft() + first.prefWidth(-1) + gap + second.prefWidth(-1) + in.getRight();
    }

    private boolean stackAt(double width) {
        if (width < 0) return false;
        Insets in = getInsets();
        double inner = width - in.getLeft() - in.getRight() - (stacked ? HYSTERESIS : 0);
        return inner - gap - firstNeeds.getAsDouble() < second.minWidth(-1);
    }

    /** The second column's width side by side: up to its preferred width, leaving the first what it needs. */
    private double secondWidth(double inner) {
        return Math.max(second.minWidth(-1), Math.min(second.prefWidth(-1), inner - gap - firstNeeds.getAsDouble()));
    }

    @Override
    protected double computeMinWidth(double height) {
        Insets in = getInsets();
        return in.getLeft() + Math.max(first.minWidth(-1), second.minWidth(-1)) + in.getRight();
    }

    @Override
    protected double computePrefWidth(double height) {
        return sideBySideWidth();
    }

    @Override
    protected double computePrefHeight(double width) {
        Insets in = getInsets();
        double inner = width < 0 ? -1 : Math.max(0, width - in.getLeft() - in.getRight());
        if (stackAt(width)) {
            return in.getTop() + first.prefHeight(inner) + gap + second.prefHeight(inner) + in.getBottom();
        }
        if (width < 0) return in.getTop() + Math.max(first.prefHeight(first.prefWidth(-1)), second.prefHeight(second.prefWidth(-1))) + in.getBottom();
        double w2 = secondWidth(inner), w1 = Math.min(first.prefWidth(-1), inner - gap - w2);
        return in.getTop() + Math.max(first.prefHeight(w1), second.prefHeight(w2)) + in.getBottom();
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double x = in.getLeft(), y = in.getTop();
        double inner = Math.max(0, getWidth() - in.getLeft() - in.getRight());
        stacked = stackAt(getWidth());
        if (stacked) {
            double h1 = first.prefHeight(inner);
            first.resizeRelocate(x, y, inner, h1);
            // The whole width: a column that can rearrange itself for less room (Try a sample's fields) sees what there is.
            second.resizeRelocate(x, y + h1 + gap, inner, second.prefHeight(inner));
        } else {
            double w2 = secondWidth(inner), w1 = Math.min(first.prefWidth(-1), inner - gap - w2);
            double h = Math.max(getHeight() - in.getTop() - in.getBottom(), 0);
            first.resizeRelocate(x, y, w1, Math.max(h, first.prefHeight(w1)));
            second.resizeRelocate(x + w1 + gap, y, w2, Math.max(h, second.prefHeight(w2)));
        }
    }
}
