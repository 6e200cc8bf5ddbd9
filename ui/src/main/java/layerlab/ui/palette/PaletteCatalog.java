package layerlab.ui.palette;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.graph.spec.Category;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.Registry;

/**
 * The palette's entries, read from the engine's layer registry (so a new {@code LayerSpec} appears here with no
 * other change), grouped by category in palette order, plus the project's own blocks under "My blocks".
 */
public final class PaletteCatalog {
    public static final String MY_BLOCKS = "My blocks";

    /**
     * A layer kind, or a project block ({@code kind} is {@code Block}, {@code block} its name): its shown name, words
     * a user might search for instead, and its category (null for a block).
     */
    public record Entry(String name, String keywords, String kind, String block, Category category) {}

    /** A palette group and its entries, in display order. */
    public record Group(String name, List<Entry> entries) {}

    private PaletteCatalog() {}

    /** Every registry kind by category (the generic Block kind is placed through "My blocks" instead). */
    public static List<Group> groups() {
        return groups(List.of());
    }

    public static List<Group> groups(List<String> blocks) {
        Map<Category, List<Entry>> by = new LinkedHashMap<>();
        for (LayerSpec s : Registry.all()) {
            if (s.kind().equals(Registry.BLOCK)) continue;
            by.computeIfAbsent(s.category(), c -> new ArrayList<>())
                    .add(new Entry(s.kind(), String.join(" ", s.keywords()), s.kind(), null, s.category()));
        }
        List<Group> out = new ArrayList<>();
        by.forEach((c, es) -> out.add(new Group(c.displayName(), List.copyOf(es))));
        if (!blocks.isEmpty()) {
            out.add(new Group(MY_BLOCKS, blocks.stream().map(b -> new Entry(b, "block module", Registry.BLOCK, b, Category.BLOCKS)).toList()));
        }
        return List.copyOf(out);
    }
}
