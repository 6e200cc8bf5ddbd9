package layerlab.nn;

import java.util.Set;

/** Size arguments of the spatial layers: an int or a tuple, as PyTorch takes them, and printed as its repr prints them. */
final class SpatialArgs {
    static final Set<String> PADDING_MODES = Set.of("zeros", "reflect", "replicate", "circular");

    private SpatialArgs() {}

    /** {@code v} for {@code n} spatial dims: one value repeated (PyTorch's {@code _pair(3)}), or exactly {@code n}. */
    static int[] expand(String name, int[] v, int n) {
        if (v == null) throw new IllegalArgumentException(name + " is required");
        if (v.length == n) return v.clone();
        if (v.length == 1) {
            int[] r = new int[n];
            java.util.Arrays.fill(r, v[0]);
            return r;
        }
        throw new IllegalArgumentException(name + " must be an int or a tuple of " + n + " ints, got " + java.util.Arrays.toString(v));
    }

    /** A Python tuple: {@code (3,)}, {@code (3, 3)}. */
    static String tuple(int[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(v[i]);
        return sb.append(v.length == 1 ? ",)" : ")").toString();
    }

    /** As given: one value prints as an int, several as a tuple (pooling layers keep their arguments unconverted). */
    static String asGiven(int[] v) {
        return v.length == 1 ? Integer.toString(v[0]) : tuple(v);
    }

    static void requirePositive(String layer, String name, int[] v) {
        for (int x : v) {
            if (x <= 0) throw new IllegalArgumentException(layer + ": " + name + " must be positive, got " + tuple(v));
        }
    }

    static void requireNonNegative(String layer, String name, int[] v) {
        for (int x : v) {
            if (x < 0) throw new IllegalArgumentException(layer + ": " + name + " must be non-negative, got " + tuple(v));
        }
    }
}
