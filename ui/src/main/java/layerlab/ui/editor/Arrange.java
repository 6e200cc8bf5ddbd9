package layerlab.ui.editor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;

/**
 * Align and distribute the selected nodes, each one undoable step ({@link Commands#move}). Node cards all have the
 * same size, so lining up left edges also lines up right edges and centres; notes are left where they are.
 */
public final class Arrange {
    /** Which edge or centre line the nodes share. */
    public enum Align {
        LEFT("left"), RIGHT("right"), TOP("top"), BOTTOM("bottom"), CENTER_X("centres (vertical line)"), CENTER_Y("centres (horizontal line)");

        final String label;

        Align(String label) {
            this.label = label;
        }
    }

    private Arrange() {
    }

    /** Moves the nodes among {@code ids} onto one line; null when fewer than two nodes are given. */
    public static Command align(Graph g, Collection<String> ids, Align how) {
        List<Node> nodes = nodes(g, ids);
        if (nodes.size() < 2) return null;
        double target = switch (how) {
            case LEFT -> nodes.stream().mapToDouble(n -> n.position().x()).min().orElseThrow();
            case RIGHT -> nodes.stream().mapToDouble(n -> n.position().x()).max().orElseThrow();
            case TOP -> nodes.stream().mapToDouble(n -> n.position().y()).min().orElseThrow();
            case BOTTOM -> nodes.stream().mapToDouble(n -> n.position().y()).max().orElseThrow();
            case CENTER_X -> nodes.stream().mapToDouble(n -> n.position().x()).average().orElseThrow();
            case CENTER_Y -> nodes.stream().mapToDouble(n -> n.position().y()).average().orElseThrow();
        };
        boolean horizontalLine = how == Align.TOP || how == Align.BOTTOM || how == Align.CENTER_Y;
        Map<String, Position> to = new LinkedHashMap<>();
        for (Node n : nodes) {
            Position p = n.position();
            to.put(n.id(), horizontalLine ? new Position(p.x(), target) : new Position(target, p.y()));
        }
        Command move = Commands.move(g, to);
        return new Command("Align " + nodes.size() + " nodes: " + how.label, move.operation());
    }

    /**
     * Spaces the nodes evenly between the outermost two along x ({@code horizontal}) or y, keeping their order;
     * null when fewer than three nodes are given.
     */
    public static Command distribute(Graph g, Collection<String> ids, boolean horizontal) {
        List<Node> nodes = new ArrayList<>(nodes(g, ids));
        if (nodes.size() < 3) return null;
        Comparator<Node> along = Comparator.comparingDouble(n -> horizontal ? n.position().x() : n.position().y());
        nodes.sort(along);
        double first = coord(nodes.get(0), horizontal), last = coord(nodes.get(nodes.size() - 1), horizontal);
        double step = (last - first) / (nodes.size() - 1);
        Map<String, Position> to = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Position p = nodes.get(i).position();
            double v = first + i * step;
            to.put(nodes.get(i).id(), horizontal ? new Position(v, p.y()) : new Position(p.x(), v));
        }
        Command move = Commands.move(g, to);
        return new Command("Distribute " + nodes.size() + " nodes " + (horizontal ? "horizontally" : "vertically"), move.operation());
    }

    private static double coord(Node n, boolean horizontal) {
        return horizontal ? n.position().x() : n.position().y();
    }

    private static List<Node> nodes(Graph g, Collection<String> ids) {
        List<Node> out = new ArrayList<>();
        for (String id : Commands.nodesIn(g, ids)) out.add(g.node(id));
        return out;
    }
}
