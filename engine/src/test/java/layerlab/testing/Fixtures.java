package layerlab.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import layerlab.tensor.Tensor;

/**
 * Reads the PyTorch fixtures written by {@code engine/src/test/python/*.py}: JSON files on the test
 * classpath under {@code /fixtures/}, tensors stored as {@code {"shape": [...], "data": [...]}} (float32
 * values written exactly as doubles, {@code Infinity}/{@code NaN} allowed; {@code "dtype": "int64"} for
 * index tensors).
 */
public final class Fixtures {
    /** The default relative tolerance for float32 results compared with PyTorch's. */
    public static final double RTOL = 1e-5;
    /** The default absolute floor, for values near zero. */
    public static final double ATOL = 1e-6;

    /** Python's json writes ±inf as {@code Infinity}/{@code -Infinity} (expected values at a log's singularity). */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private final String name;
    private final JsonNode root;

    private Fixtures(String name, JsonNode root) {
        this.name = name;
        this.root = root;
    }

    /** Loads {@code /fixtures/<path>} from the test classpath, e.g. {@code load("nn/linear_basic.json")}. */
    public static Fixtures load(String path) {
        String resource = "/fixtures/" + path;
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + resource + " on the test classpath");
            return new Fixtures(path, JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + resource, e);
        }
    }

    /** The raw bytes of a binary fixture {@code /fixtures/<path>}. */
    public static byte[] bytes(String path) {
        String resource = "/fixtures/" + path;
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + resource + " on the test classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + resource, e);
        }
    }

    public String name() {
        return name;
    }

    /** The fixture's {@code "cases"}, each as a parameterised test's (name, case) arguments. */
    public java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> namedCases() {
        java.util.List<org.junit.jupiter.params.provider.Arguments> out = new java.util.ArrayList<>();
        for (JsonNode c : json().get("cases")) out.add(org.junit.jupiter.params.provider.Arguments.of(c.get("name").asText(), c));
        return out.stream();
    }

    public JsonNode json() {
        return root;
    }

    public boolean has(String key) {
        return root.has(key) && !root.get(key).isNull();
    }

    /** The tensor stored under {@code key} (a top-level field, or a dotted path like {@code "grads.weight"}). */
    public Tensor tensor(String key) {
        JsonNode node = root;
        for (String part : key.split("\\.", 2)) {
            node = node.get(part);
            if (node == null) throw new IllegalArgumentException(name + ": no tensor '" + key + "'");
        }
        return tensor(node);
    }

    /** A tensor from its JSON form. */
    public static Tensor tensor(JsonNode node) {
        int[] shape = new int[node.get("shape").size()];
        for (int i = 0; i < shape.length; i++) shape[i] = node.get("shape").get(i).asInt();
        JsonNode data = node.get("data");
        boolean int64 = node.has("dtype") && node.get("dtype").asText().equals("int64");
        if (int64) {
            long[] v = new long[data.size()];
            for (int i = 0; i < v.length; i++) v[i] = data.get(i).asLong();
            return Tensor.ofLongs(v).reshape(shape);
        }
        float[] v = new float[data.size()];
        for (int i = 0; i < v.length; i++) v[i] = (float) data.get(i).asDouble();
        return Tensor.of(v, shape);
    }

    /**
     * Asserts equal shapes and {@code |e - a| <= atol + rtol·|e|} element-wise; the failure names the case,
     * the first bad index and both values, and how many elements are off.
     */
    public static void assertClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        if (actual == null) fail(what + ": no tensor (expected shape " + expected.shapeString() + ")");
        assertArrayEquals(expected.shape(), actual.shape(),
                what + ": shape " + actual.shapeString() + ", expected " + expected.shapeString());
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        int bad = 0, first = -1;
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            double diff = Math.abs((double) e[i] - a[i]);
            boolean ok = diff <= atol + rtol * Math.abs(e[i]) || (Float.isNaN(e[i]) && Float.isNaN(a[i]))
                    || (Float.isInfinite(e[i]) && e[i] == a[i]);
            if (!ok) {
                if (first < 0) first = i;
                bad++;
                worst = Math.max(worst, diff);
            }
        }
        if (bad > 0) {
            fail(String.format("%s: %d of %d elements differ (rtol %.1e, atol %.1e); first at flat index %d %s: expected %s, got %s; worst |diff| %.3e",
                    what, bad, e.length, rtol, atol, first, Arrays.toString(unravel(first, expected.shape())),
                    e[first], a[first], worst));
        }
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? 0 : flat / shape[d];
        }
        return idx;
    }
}
