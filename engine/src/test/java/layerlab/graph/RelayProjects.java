package layerlab.graph;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.graph.json.ProjectJson;

/**
 * Lays out project files anew where {@link AutoLayout} puts their nodes (as the editor's Auto-layout would), each block's
 * body too, and writes them back: for the classroom guide's projects (docs/classroom), which were written by hand, card
 * against card, with no room for the wires' shape labels. {@code java -cp ... layerlab.graph.RelayProjects FILE...}
 */
public final class RelayProjects {
    private RelayProjects() {
    }

    public static void main(String[] args) throws Exception {
        for (String f : args) ProjectJson.save(laidOut(ProjectJson.load(Path.of(f))), Path.of(f));
    }

    /** {@code g} with its nodes, and those of its blocks' bodies, where Auto-layout puts them. */
    static Graph laidOut(Graph g) {
        for (Block b : g.blocks()) g = g.updateBlock(new Block(b.name(), b.description(), moved(b.body()))).after();
        return moved(g);
    }

    private static Graph moved(Graph g) {
        Map<String, Position> at = AutoLayout.layout(g, List.of());
        for (Map.Entry<String, Position> m : at.entrySet()) g = g.moveNode(m.getKey(), m.getValue()).after();
        return g;
    }
}
