package layerlab.ui.canvas;

import javafx.scene.shape.Circle;
import layerlab.graph.spec.PortSpec;

/** A port on a node card: the end a wire is dragged from (outputs) or dropped on (inputs). */
final class PortDot extends Circle {
    /** The dot's radius: it reaches this far past the card's side, where its centre sits. */
    static final double RADIUS = 6;
    final NodeCard card;
    final PortSpec spec;
    final boolean input;

    PortDot(NodeCard card, PortSpec spec, boolean input) {
        super(RADIUS);
        this.card = card;
        this.spec = spec;
        this.input = input;
        getStyleClass().addAll("port", input ? "port-in" : "port-out", "port-" + spec.type().name().toLowerCase(java.util.Locale.ROOT));
        setId("port-" + card.nodeId() + "-" + (input ? "in-" : "out-") + spec.name());
        setAccessibleText(card.node().name() + (input ? " input " : " output ") + spec.name() + ", " + spec.type().description());
    }
}
