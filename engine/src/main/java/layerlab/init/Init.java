package layerlab.init;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;

/**
 * Weight initialisation, PyTorch's {@code torch.nn.init}: each function fills a tensor in place (returning it)
 * from a {@link Generator} ({@link Generator#global()} unless given), with torch's gains, fans and bounds.
 * {@link #byName} turns the names the UI and project files use ({@code "kaiming_uniform"}) into an
 * {@link Initializer}, with PyTorch's defaults for the arguments left out.
 */
public final class Init {
    private Init() {}

    /** Fills a tensor in place and returns it. */
    @FunctionalInterface
    public interface Initializer {
        Tensor apply(Tensor tensor, Generator gen);

        default Tensor apply(Tensor tensor) {
            return apply(tensor, Generator.global());
        }
    }

    /** Each initialiser's name and the arguments it takes, by PyTorch's names. */
    private static final Map<String, List<String>> ARGS = new LinkedHashMap<>();

    static {
        ARGS.put("xavier_uniform", List.of("gain"));
        ARGS.put("xavier_normal", List.of("gain"));
        ARGS.put("kaiming_uniform", List.of("a", "mode", "nonlinearity"));
        ARGS.put("kaiming_normal", List.of("a", "mode", "nonlinearity"));
        ARGS.put("orthogonal", List.of("gain"));
        ARGS.put("zeros", List.of());
        ARGS.put("ones", List.of());
        ARGS.put("constant", List.of("val"));
        ARGS.put("normal", List.of("mean", "std"));
        ARGS.put("uniform", List.of("a", "b"));
    }

    /** The names {@link #byName} accepts, in the order a menu shows them. */
    public static final List<String> NAMES = List.copyOf(ARGS.keySet());

    /** The arguments initialiser {@code name} takes (e.g. {@code [a, mode, nonlinearity]}). */
    public static List<String> argumentNames(String name) {
        return ARGS.get(canonical(name));
    }

    public static Initializer byName(String name) {
        return byName(name, Map.of());
    }

    /**
     * The initialiser called {@code name} (PyTorch's, with or without the trailing underscore: {@code kaiming_uniform_})
     * with {@code args} by PyTorch's names ({@code gain}, {@code a}, {@code mode}, {@code nonlinearity}, {@code val},
     * {@code mean}, {@code std}, {@code b}); unknown names and arguments are errors listing what is accepted.
     */
    public static Initializer byName(String name, Map<String, ?> args) {
        String n = canonical(name);
        for (String key : args.keySet()) {
            if (!ARGS.get(n).contains(key)) {
                throw new IllegalArgumentException(n + " takes no argument '" + key + "'; it takes " + ARGS.get(n));
            }
        }
        return switch (n) {
            case "xavier_uniform" -> {
                double gain = num(args, "gain", 1);
                yield (t, g) -> xavierUniform(t, gain, g);
            }
            case "xavier_normal" -> {
                double gain = num(args, "gain", 1);
                yield (t, g) -> xavierNormal(t, gain, g);
            }
            case "kaiming_uniform", "kaiming_normal" -> {
                double a = num(args, "a", 0);
                String mode = str(args, "mode", "fan_in"), nonlinearity = str(args, "nonlinearity", "leaky_relu");
                checkMode(mode);
                calculateGain(nonlinearity, a); // fails now, not at training time, on an unknown nonlinearity
                yield n.equals("kaiming_uniform") ? (t, g) -> kaimingUniform(t, a, mode, nonlinearity, g)
                        : (t, g) -> kaimingNormal(t, a, mode, nonlinearity, g);
            }
            case "orthogonal" -> {
                double gain = num(args, "gain", 1);
                yield (t, g) -> orthogonal(t, gain, g);
            }
            case "zeros" -> (t, g) -> zeros(t);
            case "ones" -> (t, g) -> ones(t);
            case "constant" -> {
                if (!args.containsKey("val")) throw new IllegalArgumentException("constant needs its value 'val'");
                double val = num(args, "val", 0);
                yield (t, g) -> constant(t, val);
            }
            case "normal" -> {
                double mean = num(args, "mean", 0), std = num(args, "std", 1);
                if (!(std >= 0)) throw new IllegalArgumentException("normal expects std >= 0.0, but found std " + std);
                yield (t, g) -> normal(t, mean, std, g);
            }
            case "uniform" -> {
                double a = num(args, "a", 0), b = num(args, "b", 1);
                if (!(a <= b)) throw new IllegalArgumentException("uniform expects a range [a, b) with a <= b, but found a=" + a + " > b=" + b);
                yield (t, g) -> uniform(t, a, b, g);
            }
            default -> throw new IllegalStateException(n);
        };
    }

    private static String canonical(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.endsWith("_")) n = n.substring(0, n.length() - 1);
        if (!ARGS.containsKey(n)) throw new IllegalArgumentException("unknown initialiser '" + name + "'; one of " + NAMES);
        return n;
    }

    private static double num(Map<String, ?> args, String key, double dflt) {
        Object v = args.get(key);
        if (v == null) return dflt;
        if (v instanceof Number x) return x.doubleValue();
        throw new IllegalArgumentException("argument '" + key + "' must be a number, got " + v);
    }

    private static String str(Map<String, ?> args, String key, String dflt) {
        Object v = args.get(key);
        return v == null ? dflt : v.toString();
    }

    // ---------------------------------------------------------------- gains and fans

    /** {@link #calculateGain(String, Double)} with the default parameter. */
    public static double calculateGain(String nonlinearity) {
        return calculateGain(nonlinearity, null);
    }

    /**
     * The recommended gain for a nonlinearity, torch's {@code calculate_gain}: 1 for linear, conv and sigmoid,
     * 5/3 for tanh, √2 for relu, √(2 / (1 + slope²)) for leaky_relu ({@code param} = slope, default 0.01),
     * 3/4 for selu.
     */
    public static double calculateGain(String nonlinearity, Double param) {
        return switch (nonlinearity) {
            case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid" -> 1.0;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> {
                double slope = param == null ? 0.01 : param;
                yield Math.sqrt(2.0 / (1 + slope * slope));
            }
            case "selu" -> 3.0 / 4;
            default -> throw new IllegalArgumentException("Unsupported nonlinearity " + nonlinearity);
        };
    }

    /**
     * {@code {fan_in, fan_out}} of a weight of this shape, torch's {@code _calculate_fan_in_and_fan_out}:
     * dim 1 and dim 0 times the receptive field (the product of the dims after the first two, for conv weights).
     */
    public static int[] fanInAndFanOut(int[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
        }
        int receptive = 1;
        for (int i = 2; i < shape.length; i++) receptive *= shape[i];
        return new int[] {shape[1] * receptive, shape[0] * receptive};
    }

    public static int[] fanInAndFanOut(Tensor t) {
        return fanInAndFanOut(t.shape());
    }

    /** The fan that {@code mode} ({@code fan_in} or {@code fan_out}) selects. */
    public static int calculateCorrectFan(Tensor t, String mode) {
        checkMode(mode);
        int[] fans = fanInAndFanOut(t);
        return mode.equals("fan_in") ? fans[0] : fans[1];
    }

    private static void checkMode(String mode) {
        if (!mode.equals("fan_in") && !mode.equals("fan_out")) {
            throw new IllegalArgumentException("Mode " + mode + " not supported, please use one of fan_in, fan_out");
        }
    }

    // ---------------------------------------------------------------- plain fills

    public static Tensor uniform(Tensor t, double a, double b) {
        return uniform(t, a, b, Generator.global());
    }

    /** Uniform on {@code [a, b)}. */
    public static Tensor uniform(Tensor t, double a, double b, Generator gen) {
        return random(t, false, a, b, gen);
    }

    public static Tensor normal(Tensor t, double mean, double std) {
        return normal(t, mean, std, Generator.global());
    }

    public static Tensor normal(Tensor t, double mean, double std, Generator gen) {
        return random(t, true, mean, std, gen);
    }

    public static Tensor constant(Tensor t, double val) {
        return t.fill_((float) val);
    }

    public static Tensor zeros(Tensor t) {
        return t.fill_(0f);
    }

    public static Tensor ones(Tensor t) {
        return t.fill_(1f);
    }

    private static Tensor random(Tensor t, boolean normal, double p, double q, Generator gen) {
        if (t.numel() == 0) return t;
        if (t.isContiguous()) {
            return normal ? t.normal_((float) p, (float) q, gen) : t.uniform_((float) p, (float) q, gen);
        }
        Tensor tmp = Tensor.zeros(t.device(), t.shape());
        return t.copy_(normal ? tmp.normal_((float) p, (float) q, gen) : tmp.uniform_((float) p, (float) q, gen));
    }

    // ---------------------------------------------------------------- Glorot and He

    public static Tensor xavierUniform(Tensor t) {
        return xavierUniform(t, 1.0, Generator.global());
    }

    public static Tensor xavierUniform(Tensor t, double gain) {
        return xavierUniform(t, gain, Generator.global());
    }

    /** Uniform on ±{@code gain·√(6 / (fan_in + fan_out))} (Glorot and Bengio, 2010). */
    public static Tensor xavierUniform(Tensor t, double gain, Generator gen) {
        double bound = Math.sqrt(3.0) * xavierStd(t, gain);
        return uniform(t, -bound, bound, gen);
    }

    public static Tensor xavierNormal(Tensor t) {
        return xavierNormal(t, 1.0, Generator.global());
    }

    public static Tensor xavierNormal(Tensor t, double gain) {
        return xavierNormal(t, gain, Generator.global());
    }

    /** Normal with std {@code gain·√(2 / (fan_in + fan_out))}. */
    public static Tensor xavierNormal(Tensor t, double gain, Generator gen) {
        return normal(t, 0, xavierStd(t, gain), gen);
    }

    private static double xavierStd(Tensor t, double gain) {
        int[] fans = fanInAndFanOut(t);
        return gain * Math.sqrt(2.0 / (fans[0] + fans[1]));
    }

    /** PyTorch's defaults: {@code a = 0}, {@code fan_in}, {@code leaky_relu} (so the gain is √2). */
    public static Tensor kaimingUniform(Tensor t) {
        return kaimingUniform(t, 0, "fan_in", "leaky_relu", Generator.global());
    }

    public static Tensor kaimingUniform(Tensor t, double a, String mode, String nonlinearity) {
        return kaimingUniform(t, a, mode, nonlinearity, Generator.global());
    }

    /**
     * Uniform on ±{@code √3·gain/√fan} (He et al., 2015), the gain from {@code nonlinearity} with {@code a} as the
     * leaky_relu slope. {@code nn.Linear} and {@code nn.Conv*} use {@code a = √5} for their default weights.
     */
    public static Tensor kaimingUniform(Tensor t, double a, String mode, String nonlinearity, Generator gen) {
        if (t.numel() == 0) return t;
        double bound = Math.sqrt(3.0) * kaimingStd(t, a, mode, nonlinearity);
        return uniform(t, -bound, bound, gen);
    }

    public static Tensor kaimingNormal(Tensor t) {
        return kaimingNormal(t, 0, "fan_in", "leaky_relu", Generator.global());
    }

    public static Tensor kaimingNormal(Tensor t, double a, String mode, String nonlinearity) {
        return kaimingNormal(t, a, mode, nonlinearity, Generator.global());
    }

    /** Normal with std {@code gain/√fan}. */
    public static Tensor kaimingNormal(Tensor t, double a, String mode, String nonlinearity, Generator gen) {
        if (t.numel() == 0) return t;
        return normal(t, 0, kaimingStd(t, a, mode, nonlinearity), gen);
    }

    private static double kaimingStd(Tensor t, double a, String mode, String nonlinearity) {
        int fan = calculateCorrectFan(t, mode);
        return calculateGain(nonlinearity, a) / Math.sqrt(fan);
    }

    // ---------------------------------------------------------------- orthogonal

    public static Tensor orthogonal(Tensor t) {
        return orthogonal(t, 1.0, Generator.global());
    }

    public static Tensor orthogonal(Tensor t, double gain) {
        return orthogonal(t, gain, Generator.global());
    }

    /**
     * A (semi-)orthogonal matrix times {@code gain} (Saxe et al., 2013), torch's {@code orthogonal_}: the tensor seen
     * as {@code rows × (numel/rows)}, from the QR decomposition of a Gaussian matrix, with Q's columns multiplied
     * by the signs of R's diagonal so that Q is uniformly (Haar) distributed. Rows are orthonormal when the
     * matrix is wide, columns when it is tall.
     */
    public static Tensor orthogonal(Tensor t, double gain, Generator gen) {
        if (t.dim() < 2) throw new IllegalArgumentException("Only tensors with 2 or more dimensions are supported");
        if (t.numel() == 0) return t;
        int rows = t.size(0), cols = t.numel() / rows;
        boolean wide = rows < cols;
        int m = Math.max(rows, cols), n = Math.min(rows, cols);
        // a is m×n (row-major): the Gaussian rows×cols matrix (torch's float normal_ of it), transposed when wide, as torch does.
        float[] gauss = new float[rows * cols];
        gen.normal(gauss, 0, gauss.length, 0f, 1f);
        double[] a = new double[m * n];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double x = gauss[r * cols + c];
                if (wide) a[c * n + r] = x;
                else a[r * n + c] = x;
            }
        }
        double[] q = householderQ(a, m, n);
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) out[r * cols + c] = (float) (gain * (wide ? q[c * n + r] : q[r * n + c]));
        }
        return t.copy_(Tensor.of(out, t.shape()));
    }

    /**
     * The m×n Q of the thin QR decomposition of {@code a} (m×n, m ≥ n, overwritten), by Householder reflections
     * in double, with its columns sign-corrected so that R's diagonal is positive (the unique such Q).
     */
    private static double[] householderQ(double[] a, int m, int n) {
        double[][] vs = new double[n][];
        double[] diag = new double[n];
        for (int k = 0; k < n; k++) {
            double norm = 0;
            for (int i = k; i < m; i++) norm += a[i * n + k] * a[i * n + k];
            norm = Math.sqrt(norm);
            // alpha = -sign(x0)·‖x‖ avoids cancellation in v = x - alpha·e1; R[k][k] = alpha.
            double alpha = a[k * n + k] > 0 ? -norm : norm;
            diag[k] = alpha;
            double[] v = new double[m - k];
            for (int i = k; i < m; i++) v[i - k] = a[i * n + k];
            v[0] -= alpha;
            double vnorm = 0;
            for (double x : v) vnorm += x * x;
            if (vnorm == 0) continue; // a zero column: nothing to reflect
            vnorm = Math.sqrt(vnorm);
            for (int i = 0; i < v.length; i++) v[i] /= vnorm;
            vs[k] = v;
            for (int j = k; j < n; j++) {
                double dot = 0;
                for (int i = k; i < m; i++) dot += v[i - k] * a[i * n + j];
                for (int i = k; i < m; i++) a[i * n + j] -= 2 * dot * v[i - k];
            }
        }
        // Q = H0·H1·…·H(n-1) applied to the first n columns of the identity, last reflector first.
        double[] q = new double[m * n];
        for (int i = 0; i < n; i++) q[i * n + i] = 1;
        for (int k = n - 1; k >= 0; k--) {
            double[] v = vs[k];
            if (v == null) continue;
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int i = k; i < m; i++) dot += v[i - k] * q[i * n + j];
                for (int i = k; i < m; i++) q[i * n + j] -= 2 * dot * v[i - k];
            }
        }
        // torch multiplies by sign(diag(R)); a zero diagonal (probability zero) keeps its column rather than zeroing it.
        for (int j = 0; j < n; j++) {
            if (diag[j] < 0) for (int i = 0; i < m; i++) q[i * n + j] = -q[i * n + j];
        }
        return q;
    }
}
