package layerlab.ui.palette;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import layerlab.ui.TypedText;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The palette's search: the query and the groups it leaves visible. */
public final class PaletteModel {
    private List<PaletteCatalog.Group> all;
    private final StringProperty query = new SimpleStringProperty(this, "query", "");
    private final ReadOnlyObjectWrapper<List<PaletteCatalog.Group>> visible = new ReadOnlyObjectWrapper<>(this, "visible");

    public PaletteModel(List<PaletteCatalog.Group> groups) {
        this.all = List.copyOf(groups);
        visible.set(all);
        query.addListener((obs, old, now) -> visible.set(filter(all, now)));
    }

    /** Replaces the groups (the project's blocks changed), keeping the query. */
    public void setGroups(List<PaletteCatalog.Group> groups) {
        if (groups.equals(all)) return;
        all = List.copyOf(groups);
        visible.set(filter(all, query.get()));
    }

    public StringProperty queryProperty() {
        return query;
    }

    /** The groups that still have a matching layer, each holding only its matching layers. */
    public ReadOnlyObjectProperty<List<PaletteCatalog.Group>> visibleProperty() {
        return visible.getReadOnlyProperty();
    }

    /**
     * Every word of the query must occur (ignoring case) in the layer's name, or begin a word of its keywords or of its
     * group's name: "conv 2d" finds Conv2d and ConvTranspose2d, "pool" the whole Pooling group, "res" ResBlock,
     * Reshape and Add (a residual), but not every layer whose keywords hold "features". The layer help window's filter
     * is this one too, so "dense" finds Linear in both.
     */
    public static List<PaletteCatalog.Group> filter(List<PaletteCatalog.Group> groups, String query) {
        String[] words = query == null ? new String[0] : TypedText.fold(query.trim()).split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) return groups;
        List<PaletteCatalog.Group> out = new ArrayList<>();
        for (PaletteCatalog.Group g : groups) {
            List<PaletteCatalog.Entry> hits = new ArrayList<>();
            for (PaletteCatalog.Entry e : g.entries()) {
                if (matchesAll(TypedText.fold(e.name()), TypedText.fold(" " + e.keywords() + " " + g.name()), words)) hits.add(e);
            }
            if (!hits.isEmpty()) out.add(new PaletteCatalog.Group(g.name(), List.copyOf(hits)));
        }
        return List.copyOf(out);
    }

    private static boolean matchesAll(String name, String keywords, String[] words) {
        for (String w : words) {
            if (!name.contains(w) && !WORD_START.matcher(keywords).results().anyMatch(m -> keywords.startsWith(w, m.end()))) return false;
        }
        return true;
    }

    /** Where a word of the keywords begins: after a space, a hyphen or other punctuation. */
    private static final Pattern WORD_START = Pattern.compile("[^a-z0-9]+");
}
