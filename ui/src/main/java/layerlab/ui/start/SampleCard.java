package layerlab.ui.start;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import layerlab.graph.Graph;
import layerlab.ui.project.Samples;

/**
 * A sample project as the start page lists it: its file, its title, the first sentence of its description and its
 * graph (for the thumbnail).
 */
public record SampleCard(String file, String title, String line, Graph graph) {
    /** Every bundled sample that loads; one that does not is left out rather than spoiling the page. */
    public static List<SampleCard> all() {
        List<SampleCard> out = new ArrayList<>();
        for (String name : Samples.names()) {
            try {
                Graph g = Samples.load(name);
                out.add(new SampleCard(name, Samples.title(name, g), firstSentence(g.description()), g));
            } catch (IOException e) {
                System.err.println("LayerLab: sample " + name + " did not load: " + e.getMessage());
            }
        }
        return out;
    }

    private static final int MAX_LINE = 110;

    /**
     * The description up to its first full stop (a dot before a space, not the one in "0.5"), cut at a word with an
     * ellipsis when longer than a card's three lines.
     */
    static String firstSentence(String description) {
        String d = description.strip();
        int end = d.indexOf(". ");
        String s = end < 0 ? d : d.substring(0, end + 1);
        if (s.length() <= MAX_LINE) return s;
        int cut = s.lastIndexOf(' ', MAX_LINE);
        return s.substring(0, cut < 0 ? MAX_LINE : cut).replaceAll("[,;:]$", "") + "…";
    }
}
