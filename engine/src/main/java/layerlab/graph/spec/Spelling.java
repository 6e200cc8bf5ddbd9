package layerlab.graph.spec;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean …?" for misspelt kinds and params. */
public final class Spelling {
    private Spelling() {
    }

    /**
     * The candidate nearest {@code word} by edit distance (ignoring case), or null if none is close enough; failing that,
     * the one candidate {@code word} (three letters or more) begins: an abbreviation ("val_acc" for val_accuracy, five
     * edits off), never one that several candidates begin ("Batch" of BatchNorm1d and BatchNorm2d).
     */
    public static String closest(String word, Collection<String> candidates) {
        String near = nearest(word, candidates);
        if (near != null || word.length() < 3) return near;
        String w = word.toLowerCase(Locale.ROOT), only = null;
        for (String c : candidates) {
            if (!c.toLowerCase(Locale.ROOT).startsWith(w)) continue;
            if (only != null) return null;
            only = c;
        }
        return only;
    }

    /** {@code " (did you mean length?)"} for a near miss of {@code word} among {@code candidates} ({@link #closest}), else nothing. */
    public static String suggestion(String word, Collection<String> candidates) {
        return suggestion(closest(word, candidates));
    }

    /** {@code " (did you mean length?)"} for a near miss found otherwise ({@code near}), else (null) nothing. */
    public static String suggestion(String near) {
        return near == null ? "" : " (did you mean " + near + "?)";
    }

    private static String nearest(String word, Collection<String> candidates) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        String w = word.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return bestD <= Math.max(2, word.length() / 3) ? best : null;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
