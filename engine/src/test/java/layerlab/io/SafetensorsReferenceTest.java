package layerlab.io;

import static layerlab.io.SameTensors.assertSame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.tensor.DType;
import layerlab.tensor.Device;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.Python;
import layerlab.testing.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LayerLab against files written byte by byte from the format's description, by
 * {@code engine/src/test/python/make_safetensors_fixtures.py} (the Rust library's layout), and, where python3
 * with numpy is installed, that script reading what LayerLab writes.
 */
class SafetensorsReferenceTest {
    private static final Path SCRIPT = Path.of("src", "test", "python", "make_safetensors_fixtures.py");

    /** The tensors of reference.safetensors, in the order the Rust library writes them (I64 first, then by name). */
    private static Map<String, Tensor> reference() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("labels", Tensor.ofLongs(new long[] {0, 1, -2, 1L << 40}));
        Tensor step = Tensor.empty(Device.CPU, DType.INT64);
        step.storage().write(0, new long[] {7}, 0, 1);
        t.put("step", step);
        t.put("bias", Tensor.of(new float[] {0.5f, -1.25f, 3f}));
        t.put("embed.weight", Tensor.of(new float[] {-0.5f, -0.25f, 0f, 0.25f, 0.5f, 0.75f}, 2, 3));
        t.put("empty", Tensor.zeros(0, 3));
        t.put("scalar", Tensor.scalar(2.5f));
        return t;
    }

    @Test
    void writesTheReferenceFileByteForByte() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(out, reference(), Map.of("format", "pt"));
        byte[] expected = Fixtures.bytes("io/reference.safetensors");
        assertEquals(new String(expected, StandardCharsets.ISO_8859_1), new String(out.toByteArray(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void readsTheReferenceFile() throws IOException {
        var c = Safetensors.read(new ByteArrayInputStream(Fixtures.bytes("io/reference.safetensors")), "reference.safetensors");
        assertSame(reference(), c.tensors());
        assertEquals(Map.of("format", "pt"), c.metadata());
    }

    @Test
    void convertsF64F16Bf16ToFloatAndI32ToLong() throws IOException {
        var t = Safetensors.read(new ByteArrayInputStream(Fixtures.bytes("io/reference-dtypes.safetensors")), "dtypes").tensors();
        assertEquals(List.of("f64", "f32", "i32", "bf16", "f16"), List.copyOf(t.keySet()), "header order");
        assertSame(Tensor.of(new float[] {1.5f, (float) -0.001}), t.get("f64"), "f64");
        assertSame(Tensor.of(new float[] {1f, -2f, 65504f, 0x1p-24f, 0x1p-14f, 0.333251953125f}), t.get("f16"), "f16");
        assertSame(Tensor.of(new float[] {1f, -3.140625f, 0x1p100f, 0f}, 2, 2), t.get("bf16"), "bf16");
        assertSame(Tensor.ofLongs(new long[] {1, -2, 3, Integer.MAX_VALUE}, 2, 2), t.get("i32"), "i32");
        assertSame(Tensor.of(new float[] {0.1f}, 1), t.get("f32"), "f32");
    }

    /** What PyTorch's safetensors writes for infinities and NaN, in weights and buffers and every float dtype, reads as it is. */
    @Test
    void readsInfinitiesAndNaNAsPyTorchDoes() throws IOException {
        float inf = Float.POSITIVE_INFINITY, nan = Float.NaN;
        var t = Safetensors.read(new ByteArrayInputStream(Fixtures.bytes("io/nonfinite.safetensors")), "nonfinite").tensors();
        assertSame(Tensor.of(new float[] {0.5f, nan, -1f, 2f}, 2, 2), t.get("fc.weight"), "fc.weight");
        assertSame(Tensor.of(new float[] {-inf, 0.25f}, 2), t.get("fc.bias"), "fc.bias");
        assertSame(Tensor.of(new float[] {0f, -inf, 0f, 0f}, 2, 2), t.get("mask"), "mask");
        assertSame(Tensor.of(new float[] {inf, 1f, 2f}, 3), t.get("bn.running_var"), "bn.running_var");
        assertSame(Tensor.of(new float[] {inf, -inf, nan, 1.5f}, 4), t.get("half"), "half");
        assertSame(Tensor.of(new float[] {-inf, 1f}, 2), t.get("bf16"), "bf16");
        assertSame(Tensor.of(new float[] {nan, -inf, 0.125f}, 3), t.get("f64"), "f64");
        assertEquals(3, t.get("bn.num_batches_tracked").toLongArray()[0]);
        assertEquals("f64 holds 1 NaN and 1 infinite values of 3; bn.running_var holds 1 infinite value of 3; fc.bias holds 1 infinite value of 2; "
                + "fc.weight holds 1 NaN value of 4; mask holds 1 infinite value of 4; and 2 more tensors: outputs they take part in are NaN or "
                + "infinite (a run that diverged saves NaN; an attention mask holds -inf by right)", Safetensors.nonFinite(t));
    }

    @Test
    void halfPrecisionEdgeCases() {
        assertEquals(1f, SafetensorsReader.halfToFloat((short) 0x3c00));
        assertEquals(0x1p-14f, SafetensorsReader.halfToFloat((short) 0x0400), "smallest normal");
        assertEquals(1023 * 0x1p-24f, SafetensorsReader.halfToFloat((short) 0x03ff), "largest subnormal");
        assertEquals(0x80000000, Float.floatToRawIntBits(SafetensorsReader.halfToFloat((short) 0x8000)), "-0");
        assertEquals(Float.NEGATIVE_INFINITY, SafetensorsReader.halfToFloat((short) 0xfc00));
        assertTrue(Float.isNaN(SafetensorsReader.halfToFloat((short) 0x7e00)));
        assertEquals(-65504f, SafetensorsReader.halfToFloat((short) 0xfbff));
    }

    @Test
    void pythonReadsWhatLayerLabWrites(@TempDir Path dir) throws Exception {
        Torch.assumeModule("numpy", "python3 with numpy is not installed");
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("conv1.weight", Tensor.randn(new Generator(5), 4, 1, 3, 3));
        t.put("conv1.bias", Tensor.of(new float[] {Float.MAX_VALUE, -0f, 1e-40f, 3.5f}));
        t.put("bn.num_batches_tracked", Tensor.ofLongs(new long[] {Long.MAX_VALUE, -5}));
        t.put("scalar", Tensor.scalar(-1.5f));
        t.put("empty", Tensor.zeros(2, 0));
        Path file = dir.resolve("ours.safetensors");
        Safetensors.save(file, t, Map.of("written_by", "LayerLab"));

        String out = Python.of(SCRIPT.toString(), "read", file.toString()).timeout(java.time.Duration.ofSeconds(60)).expect(0);
        ObjectMapper json = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        JsonNode root = json.readTree(out);
        assertEquals("LayerLab", root.path("metadata").path("written_by").asText());
        JsonNode tensors = root.path("tensors");
        assertEquals(List.copyOf(t.keySet()), List.copyOf(iterable(tensors.fieldNames())));
        for (var e : t.entrySet()) {
            JsonNode n = tensors.get(e.getKey());
            Tensor expected = e.getValue();
            assertEquals(expected.dtype().pyName, n.get("dtype").asText(), e.getKey());
            assertArrayEquals(expected.shape(), json.convertValue(n.get("shape"), int[].class), e.getKey());
            if (expected.dtype() == DType.INT64) {
                assertArrayEquals(expected.toLongArray(), json.convertValue(n.get("values"), long[].class), e.getKey());
            } else {
                float[] want = expected.toFloatArray();
                JsonNode got = n.get("values");
                for (int i = 0; i < want.length; i++) {
                    assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits((float) got.get(i).doubleValue()), e.getKey() + "[" + i + "]");
                }
            }
        }
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
