package layerlab.ui.canvas;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Point2D;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.spec.PortSpec;
import layerlab.ui.editor.Commands;
import layerlab.ui.editor.Connections;
import layerlab.ui.editor.Ports;
import layerlab.ui.editor.QuickAddModel.Choice;

/**
 * Wiring from the keyboard, in the quick-add popup (type to filter, ↑/↓, Enter): Connect To… (C) lists the inputs the
 * selected node's outputs may feed, Disconnect… (Shift+C) its wires, in and out. Node editors offer the same through a
 * search box over ports (Blender's link search, Unreal's context-sensitive action menu); here the wire's two ends are
 * named as the Code tab names them, {@code conv1.out → relu1.in}.
 */
final class KeyboardWiring {
    private final CanvasView cv;

    KeyboardWiring(CanvasView cv) {
        this.cv = cv;
    }

    /**
     * Connect To…: the inputs any output of the selected node may feed, those of its first unfed output first (the
     * output a chain goes on from; a node with one output lists just them); the one chosen gets the wire.
     */
    void openConnect() {
        String[] first = cv.adding.chainFrom();
        if (first == null) {
            cv.model.messageProperty().set("Select one node with an output to connect it (Ctrl+F finds one by name, Alt+arrows go from card to card).");
            return;
        }
        Graph g = cv.model.viewGraph();
        Analysis a = cv.model.viewAnalysis();
        Node from = g.node(first[0]);
        List<String> outs = new ArrayList<>(List.of(first[1]));
        if (a.graph() == g) for (PortSpec p : Ports.outputs(g, a, from)) if (!outs.contains(p.name())) outs.add(p.name());
        List<Edge> targets = new ArrayList<>();
        if (a.graph() == g) for (String port : outs) targets.addAll(Connections.targets(g, a, from.id(), port));
        if (targets.isEmpty()) {
            cv.model.messageProperty().set("No input can take " + from.name() + "." + first[1] + ": every one is fed, or would make a loop.");
            return;
        }
        boolean several = outs.size() > 1;
        List<Choice> choices = new ArrayList<>();
        for (Edge t : targets) {
            Node n = g.node(t.toNode());
            String label = (several ? from.name() + "." + t.fromPort() + " → " : "") + n.name() + "." + t.toPort() + CanvasAdding.FIND_KIND + n.kind() + ")";
            choices.add(new Choice(n.kind(), null, label, n.name() + " " + n.kind()));
        }
        Point2D p = cv.adding.popupAt(from.position().x() + NodeCard.W, from.position().y());
        String heading = several ? "Connect " + from.name() + " to" : "Connect " + from.name() + "." + first[1] + " to";
        cv.quickAdd.open(heading, "An input, by node name or kind…", choices, p.getX(), p.getY(), c -> {
            Edge edge = targets.get(choices.indexOf(c));
            cv.model.execute(Commands.connect(cv.model.viewGraph(), edge));
        });
    }

    /** Disconnect…: the selected node's wires, into it and out of it; the one chosen is deleted (one undoable step). */
    void openDisconnect() {
        Node n = cv.model.selectedNode();
        Graph g = cv.model.viewGraph();
        List<Edge> wires = new ArrayList<>();
        if (n != null) {
            wires.addAll(g.incoming(n.id()));
            wires.addAll(g.outgoing(n.id()));
        }
        if (wires.isEmpty()) {
            cv.model.messageProperty().set(n == null ? "Select one node to disconnect one of its wires (Alt+arrows go from card to card)."
                    : n.name() + " has no wires to disconnect.");
            return;
        }
        List<Choice> choices = new ArrayList<>();
        for (Edge e : wires) {
            String fromName = g.node(e.fromNode()).name(), toName = g.node(e.toNode()).name();
            choices.add(new Choice(n.kind(), null, fromName + "." + e.fromPort() + " → " + toName + "." + e.toPort(), fromName + " " + toName));
        }
        Point2D p = cv.adding.popupAt(n.position().x() + NodeCard.W, n.position().y());
        cv.quickAdd.open("Disconnect a wire of " + n.name(), "A wire, by the name of its other end…", choices, p.getX(), p.getY(), c -> {
            Edge edge = wires.get(choices.indexOf(c));
            if (cv.model.viewGraph().edges().contains(edge)) cv.model.execute(Commands.disconnect(cv.model.viewGraph(), edge));
        });
    }
}
