package layerlab.backend.cuda;

import static layerlab.backend.cuda.CudaTesting.GPU;
import static layerlab.backend.cuda.CudaTesting.assertClose;
import static layerlab.backend.cuda.CudaTesting.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.stream.Stream;
import layerlab.backend.Backends;
import layerlab.backend.ConvGeometry;
import layerlab.backend.PoolGeometry;
import layerlab.backend.SpatialKernels;
import layerlab.backend.SpatialKernels.PadMode;
import layerlab.tensor.DType;
import layerlab.tensor.Device;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The GPU's spatial kernels ({@link CudaSpatial}) against the CPU's on the same random inputs: convolutions of
 * every kind (stride, padding, dilation, groups, 1-d/3-d, a batch that takes several column chunks), pooling,
 * padding, batch and layer norm, dropout masks. Tolerances: results that sum products (convolution, norms)
 * 1e-4 relative plus an absolute term for cancellation; pooling and padding exact where no sum is involved
 * (max, indices, masks), 1e-5 where the order of a few adds may differ (overlapping windows use atomics).
 * The same kernels run on the CPU without a GPU in engine/src/main/cuda/host-check.
 */
class CudaSpatialTest {
    private final Generator gen = new Generator(77);
    private SpatialKernels cpu, gpu;

    @BeforeEach
    void needsCuda() {
        CudaTesting.assumeCuda();
        cpu = Backends.cpu().spatial();
        gpu = Backends.get(GPU).spatial();
    }

    private record Twin(Tensor c, Tensor g) {
        float[] cpuValues() {
            return c.toFloatArray();
        }

        float[] gpuValues() {
            return g.toFloatArray();
        }
    }

    private Twin rand(float scale, int... shape) {
        Tensor c = Tensor.of(randn(gen, Arrays.stream(shape).reduce(1, (a, b) -> a * b), scale), shape);
        return new Twin(c, c.to(GPU));
    }

    private static Twin empty(DType t, int... shape) {
        return new Twin(Tensor.empty(Device.CPU, t, shape), Tensor.empty(GPU, t, shape));
    }

    private static int[] a3(int d, int h, int w) {
        return new int[] {d, h, w};
    }

    static Stream<Arguments> convolutions() {
        return Stream.of(
                Arguments.of("SimpleCNN conv2", conv(64, 32, 64, 1, a3(1, 14, 14), a3(1, 3, 3), a3(1, 1, 1), a3(0, 1, 1), a3(1, 1, 1))),
                Arguments.of("3x3 pad 1, batch 1", conv(1, 3, 8, 1, a3(1, 9, 7), a3(1, 3, 3), a3(1, 1, 1), a3(0, 1, 1), a3(1, 1, 1))),
                Arguments.of("stride 2, odd kernel", conv(3, 3, 5, 1, a3(1, 11, 8), a3(1, 3, 2), a3(1, 2, 3), a3(0, 1, 0), a3(1, 1, 1))),
                Arguments.of("dilation 2", conv(2, 2, 3, 1, a3(1, 9, 10), a3(1, 3, 3), a3(1, 1, 2), a3(0, 2, 1), a3(1, 2, 2))),
                Arguments.of("groups 2", conv(2, 4, 6, 2, a3(1, 5, 6), a3(1, 3, 3), a3(1, 1, 1), a3(0, 1, 1), a3(1, 1, 1))),
                Arguments.of("depthwise", conv(2, 3, 3, 3, a3(1, 5, 5), a3(1, 3, 3), a3(1, 2, 2), a3(0, 1, 1), a3(1, 1, 1))),
                Arguments.of("pointwise", conv(3, 4, 2, 1, a3(1, 3, 5), a3(1, 1, 1), a3(1, 1, 1), a3(0, 0, 0), a3(1, 1, 1))),
                Arguments.of("conv1d", conv(2, 3, 4, 1, a3(1, 1, 11), a3(1, 1, 4), a3(1, 1, 2), a3(0, 0, 2), a3(1, 1, 1))),
                Arguments.of("conv3d", conv(2, 2, 3, 1, a3(4, 5, 3), a3(2, 3, 2), a3(1, 2, 1), a3(1, 0, 1), a3(1, 1, 1))),
                // 256 channels × 9 taps × 120² outputs is 33M floats an image: two fill the 64M-float column budget,
                // so each of the three images is a chunk of its own. Not on the emulated GPU (CudaEmulatedTest), where
                // it would take minutes: there a column budget of 4096 floats makes every case above take chunks.
                Boolean.getBoolean("layerlab.test.emulatedGpu") ? null
                        : Arguments.of("several column chunks", conv(3, 256, 2, 1, a3(1, 120, 120), a3(1, 3, 3), a3(1, 1, 1), a3(0, 1, 1), a3(1, 1, 1))))
                .filter(java.util.Objects::nonNull);
    }

    private static ConvGeometry conv(int batch, int cin, int cout, int groups, int[] in, int[] k, int[] s, int[] p, int[] d) {
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) out[i] = ConvGeometry.outSize(in[i], p[i], p[i], k[i], s[i], d[i]);
        return new ConvGeometry(batch, cin, cout, groups, in, out, k, s, p, d);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convolutions")
    void convolutionForwardAndGradientsMatchTheCpu(String name, ConvGeometry g) {
        int cin = g.inChannels(), cout = g.outChannels();
        Twin x = rand(1f, g.batch(), cin, g.inVolume());
        Twin w = rand(0.2f, cout, cin / g.groups(), g.kernelVolume());
        Twin b = rand(1f, cout);
        Twin y = empty(DType.FLOAT32, g.batch(), cout, g.outVolume());
        cpu.convForward(g, x.c, w.c, b.c, y.c);
        gpu.convForward(g, x.g, w.g, b.g, y.g);
        double atol = 1e-5 * Math.sqrt(g.groupColumnRows());
        assertClose(y.cpuValues(), y.gpuValues(), 1e-4, atol, name + ": y");

        Twin gy = rand(1f, g.batch(), cout, g.outVolume());
        Twin gx = empty(DType.FLOAT32, g.batch(), cin, g.inVolume()), gw = empty(DType.FLOAT32, cout, cin / g.groups(), g.kernelVolume());
        Twin gb = empty(DType.FLOAT32, cout);
        cpu.convBackward(g, x.c, w.c, gy.c, gx.c, gw.c, gb.c);
        gpu.convBackward(g, x.g, w.g, gy.g, gx.g, gw.g, gb.g);
        assertClose(gx.cpuValues(), gx.gpuValues(), 1e-4, atol, name + ": gx");
        assertClose(gw.cpuValues(), gw.gpuValues(), 1e-4, 1e-5 * Math.sqrt((double) g.batch() * g.outVolume()), name + ": gw");
        assertClose(gb.cpuValues(), gb.gpuValues(), 1e-4, 1e-5 * Math.sqrt((double) g.batch() * g.outVolume()), name + ": gb");

        // Each gradient alone (the others null), as a frozen layer or the first layer asks.
        Twin gx2 = empty(DType.FLOAT32, g.batch(), cin, g.inVolume());
        gpu.convBackward(g, null, w.g, gy.g, gx2.g, null, null);
        assertArrayEquals(gx.gpuValues(), gx2.gpuValues(), name + ": gx alone");
        Twin gw2 = empty(DType.FLOAT32, cout, cin / g.groups(), g.kernelVolume());
        gpu.convBackward(g, x.g, null, gy.g, null, gw2.g, null);
        assertArrayEquals(gw.gpuValues(), gw2.gpuValues(), name + ": gw alone");
    }

    @Test
    void convolutionWithoutBiasAndWithPaddingSame() {
        // padding='same' with an even kernel: one low-side pad, two on the high side.
        ConvGeometry g = new ConvGeometry(2, 2, 3, 1, a3(1, 6, 6), a3(1, 6, 6), a3(1, 4, 4), a3(1, 1, 1), a3(0, 1, 1), a3(1, 1, 1));
        Twin x = rand(1f, 2, 2, 36), w = rand(0.3f, 3, 2, 16), y = empty(DType.FLOAT32, 2, 3, 36);
        cpu.convForward(g, x.c, w.c, null, y.c);
        gpu.convForward(g, x.g, w.g, null, y.g);
        assertClose(y.cpuValues(), y.gpuValues(), 1e-4, 1e-5, "same padding, no bias");
    }

    private static PoolGeometry pool(int planes, int[] in, int[] k, int[] s, int[] p, int[] d, boolean ceil) {
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) out[i] = PoolGeometry.outSize(in[i], k[i], p[i], s[i], d[i], ceil);
        return new PoolGeometry(planes, in, out, k, s, p, d);
    }

    static Stream<Arguments> pools() {
        return Stream.of(
                Arguments.of("2x2 (SimpleCNN)", pool(64 * 32, a3(1, 28, 28), a3(1, 2, 2), a3(1, 2, 2), a3(0, 0, 0), a3(1, 1, 1), false)),
                Arguments.of("3x3 s2 p1 (overlapping)", pool(5, a3(1, 7, 9), a3(1, 3, 3), a3(1, 2, 2), a3(0, 1, 1), a3(1, 1, 1), false)),
                Arguments.of("ceil mode", pool(4, a3(1, 7, 7), a3(1, 3, 3), a3(1, 2, 2), a3(0, 1, 1), a3(1, 1, 1), true)),
                Arguments.of("dilation", pool(3, a3(1, 9, 9), a3(1, 3, 2), a3(1, 1, 2), a3(0, 1, 0), a3(1, 2, 3), false)),
                Arguments.of("1-d", pool(6, a3(1, 1, 13), a3(1, 1, 3), a3(1, 1, 2), a3(0, 0, 1), a3(1, 1, 1), false)),
                Arguments.of("3-d", pool(2, a3(4, 5, 6), a3(2, 2, 3), a3(2, 1, 2), a3(1, 0, 1), a3(1, 1, 1), false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pools")
    void maxPoolingMatchesTheCpuExactly(String name, PoolGeometry g) {
        Twin x = rand(1f, g.planes(), g.inVolume());
        float[] xs = x.cpuValues();
        xs[Math.min(5, xs.length - 1)] = Float.NaN;
        xs[xs.length / 2] = xs[xs.length / 2 + 1]; // a tie: the first maximum wins
        x = new Twin(Tensor.of(xs, g.planes(), g.inVolume()), Tensor.of(xs, g.planes(), g.inVolume()).to(GPU));
        Twin y = empty(DType.FLOAT32, g.planes(), g.outVolume()), idx = empty(DType.INT64, g.planes(), g.outVolume());
        cpu.maxPoolForward(g, x.c, y.c, idx.c);
        gpu.maxPoolForward(g, x.g, y.g, idx.g);
        assertArrayEquals(y.cpuValues(), y.gpuValues(), name + ": y");
        assertArrayEquals(idx.c.toLongArray(), idx.g.toLongArray(), name + ": indices");
        Twin y2 = empty(DType.FLOAT32, g.planes(), g.outVolume());
        gpu.maxPoolForward(g, x.g, y2.g, null);
        assertArrayEquals(y.cpuValues(), y2.gpuValues(), name + ": y without indices");

        Twin gy = rand(1f, g.planes(), g.outVolume()), gx = empty(DType.FLOAT32, g.planes(), g.inVolume());
        cpu.maxPoolBackward(g.planes(), g.inVolume(), g.outVolume(), gy.c, idx.c, gx.c);
        gpu.maxPoolBackward(g.planes(), g.inVolume(), g.outVolume(), gy.g, idx.g, gx.g);
        assertClose(gx.cpuValues(), gx.gpuValues(), 1e-5, 1e-6, name + ": gx");
    }

    /** The pooling windows without dilation, which average pooling does not have. */
    static Stream<Arguments> averagePools() {
        return pools().filter(a -> Arrays.equals(((PoolGeometry) a.get()[1]).dilation(), a3(1, 1, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("averagePools")
    void averagePoolingMatchesTheCpu(String name, PoolGeometry g) {
        for (int mode = 0; mode < 3; mode++) {
            boolean countIncludePad = mode != 0;
            int divisor = mode == 2 ? 5 : 0;
            Twin x = rand(1f, g.planes(), g.inVolume()), y = empty(DType.FLOAT32, g.planes(), g.outVolume());
            cpu.avgPoolForward(g, countIncludePad, divisor, x.c, y.c);
            gpu.avgPoolForward(g, countIncludePad, divisor, x.g, y.g);
            assertClose(y.cpuValues(), y.gpuValues(), 1e-5, 1e-6, name + " mode " + mode + ": y");
            Twin gy = rand(1f, g.planes(), g.outVolume()), gx = empty(DType.FLOAT32, g.planes(), g.inVolume());
            cpu.avgPoolBackward(g, countIncludePad, divisor, gy.c, gx.c);
            gpu.avgPoolBackward(g, countIncludePad, divisor, gy.g, gx.g);
            assertClose(gx.cpuValues(), gx.gpuValues(), 1e-5, 1e-6, name + " mode " + mode + ": gx");
        }
    }

    @Test
    void adaptivePoolingMatchesTheCpu() {
        int[][][] shapes = {{a3(1, 7, 9), a3(1, 3, 4)}, {a3(1, 5, 5), a3(1, 7, 3)}, {a3(1, 6, 6), a3(1, 1, 1)}, {a3(5, 4, 7), a3(2, 3, 3)}};
        for (int[][] s : shapes) {
            int[] in = s[0], out = s[1];
            int planes = 6, inVol = in[0] * in[1] * in[2], outVol = out[0] * out[1] * out[2];
            String name = Arrays.toString(in) + " -> " + Arrays.toString(out);
            Twin x = rand(1f, planes, inVol);
            Twin ymax = empty(DType.FLOAT32, planes, outVol), idx = empty(DType.INT64, planes, outVol), yavg = empty(DType.FLOAT32, planes, outVol);
            cpu.adaptivePoolForward(true, planes, in, out, x.c, ymax.c, idx.c);
            gpu.adaptivePoolForward(true, planes, in, out, x.g, ymax.g, idx.g);
            assertArrayEquals(ymax.cpuValues(), ymax.gpuValues(), name + ": max");
            assertArrayEquals(idx.c.toLongArray(), idx.g.toLongArray(), name + ": max indices");
            cpu.adaptivePoolForward(false, planes, in, out, x.c, yavg.c, null);
            gpu.adaptivePoolForward(false, planes, in, out, x.g, yavg.g, null);
            assertClose(yavg.cpuValues(), yavg.gpuValues(), 1e-5, 1e-6, name + ": avg");
            Twin gy = rand(1f, planes, outVol), gx = empty(DType.FLOAT32, planes, inVol);
            cpu.adaptiveAvgPoolBackward(planes, in, out, gy.c, gx.c);
            gpu.adaptiveAvgPoolBackward(planes, in, out, gy.g, gx.g);
            assertClose(gx.cpuValues(), gx.gpuValues(), 1e-5, 1e-6, name + ": avg gx");
        }
    }

    @ParameterizedTest
    @EnumSource(PadMode.class)
    void paddingMatchesTheCpu(PadMode mode) {
        int[] in = a3(3, 4, 5), lo = a3(1, 2, 1), out = a3(3 + 1 + 2, 4 + 2 + 1, 5 + 1 + 3);
        if (mode == PadMode.ZEROS) out = a3(3, 4 - 1 - 2 + 2, 5 + 1 + 3); // cropping too: negative high side
        int planes = 3, inVol = in[0] * in[1] * in[2], outVol = out[0] * out[1] * out[2];
        Twin x = rand(1f, planes, inVol), y = empty(DType.FLOAT32, planes, outVol);
        cpu.pad(mode, 0.5f, planes, in, out, lo, x.c, y.c);
        gpu.pad(mode, 0.5f, planes, in, out, lo, x.g, y.g);
        assertArrayEquals(y.cpuValues(), y.gpuValues(), mode + ": y");
        Twin gy = rand(1f, planes, outVol), gx = empty(DType.FLOAT32, planes, inVol);
        cpu.padBackward(mode, planes, in, out, lo, gy.c, gx.c);
        gpu.padBackward(mode, planes, in, out, lo, gy.g, gx.g);
        assertClose(gx.cpuValues(), gx.gpuValues(), 1e-5, 1e-6, mode + ": gx");
    }

    @Test
    void batchNormTrainingAndEvalMatchTheCpu() {
        int[][] shapes = {{64, 16, 28 * 28}, {5, 3, 37}, {17, 5, 1}};
        for (int[] s : shapes) {
            int n = s[0], c = s[1], inner = s[2];
            for (boolean training : new boolean[] {true, false}) {
                for (boolean affine : new boolean[] {true, false}) {
                    String name = Arrays.toString(s) + (training ? " train" : " eval") + (affine ? " affine" : "");
                    Twin x = rand(2f, n, c, inner), w = rand(1f, c), b = rand(1f, c);
                    Tensor var = Tensor.rand(gen, c).add(0.5f);
                    Twin rm = rand(0.1f, c), rv = new Twin(var, var.to(GPU));
                    Twin sm = empty(DType.FLOAT32, c), si = empty(DType.FLOAT32, c), y = empty(DType.FLOAT32, n, c, inner);
                    Tensor wc = affine ? w.c : null, wg = affine ? w.g : null, bc = affine ? b.c : null, bg = affine ? b.g : null;
                    cpu.batchNormForward(x.c, n, c, inner, wc, bc, training, 0.1, 1e-5f, rm.c, rv.c, sm.c, si.c, y.c);
                    gpu.batchNormForward(x.g, n, c, inner, wg, bg, training, 0.1, 1e-5f, rm.g, rv.g, sm.g, si.g, y.g);
                    assertClose(y.cpuValues(), y.gpuValues(), 1e-4, 1e-5, name + ": y");
                    assertClose(sm.cpuValues(), sm.gpuValues(), 1e-5, 1e-6, name + ": saved mean");
                    assertClose(si.cpuValues(), si.gpuValues(), 1e-5, 1e-6, name + ": saved invstd");
                    assertClose(rm.cpuValues(), rm.gpuValues(), 1e-5, 1e-6, name + ": running mean");
                    assertClose(rv.cpuValues(), rv.gpuValues(), 1e-5, 1e-6, name + ": running var");

                    Twin gy = rand(1f, n, c, inner), gx = empty(DType.FLOAT32, n, c, inner), gw = empty(DType.FLOAT32, c), gb = empty(DType.FLOAT32, c);
                    cpu.batchNormBackward(x.c, gy.c, n, c, inner, wc, sm.c, si.c, training, gx.c, affine ? gw.c : null, affine ? gb.c : null);
                    gpu.batchNormBackward(x.g, gy.g, n, c, inner, wg, sm.g, si.g, training, gx.g, affine ? gw.g : null, affine ? gb.g : null);
                    assertClose(gx.cpuValues(), gx.gpuValues(), 1e-4, 1e-5, name + ": gx");
                    if (affine) {
                        double atol = 1e-5 * Math.sqrt((double) n * inner);
                        assertClose(gw.cpuValues(), gw.gpuValues(), 1e-4, atol, name + ": gw");
                        assertClose(gb.cpuValues(), gb.gpuValues(), 1e-4, atol, name + ": gb");
                    }
                }
            }
        }
    }

    @Test
    void layerNormMatchesTheCpu() {
        int[][] shapes = {{5, 300}, {9, 7}, {128, 64}, {3, 2048}};
        for (int[] s : shapes) {
            int rows = s[0], d = s[1];
            for (boolean affine : new boolean[] {true, false}) {
                String name = Arrays.toString(s) + (affine ? " affine" : "");
                Twin x = rand(1.5f, rows, d), w = rand(1f, d), b = rand(1f, d);
                Tensor wc = affine ? w.c : null, wg = affine ? w.g : null;
                Twin y = empty(DType.FLOAT32, rows, d), mean = empty(DType.FLOAT32, rows), rstd = empty(DType.FLOAT32, rows);
                cpu.layerNormForward(x.c, rows, d, wc, affine ? b.c : null, 1e-5f, y.c, mean.c, rstd.c);
                gpu.layerNormForward(x.g, rows, d, wg, affine ? b.g : null, 1e-5f, y.g, mean.g, rstd.g);
                assertClose(y.cpuValues(), y.gpuValues(), 1e-4, 1e-5, name + ": y");
                assertClose(mean.cpuValues(), mean.gpuValues(), 1e-5, 1e-6, name + ": mean");
                assertClose(rstd.cpuValues(), rstd.gpuValues(), 1e-5, 1e-6, name + ": rstd");
                Twin gy = rand(1f, rows, d), gx = empty(DType.FLOAT32, rows, d), gw = empty(DType.FLOAT32, d), gb = empty(DType.FLOAT32, d);
                cpu.layerNormBackward(x.c, gy.c, rows, d, wc, mean.c, rstd.c, gx.c, affine ? gw.c : null, affine ? gb.c : null);
                gpu.layerNormBackward(x.g, gy.g, rows, d, wg, mean.g, rstd.g, gx.g, affine ? gw.g : null, affine ? gb.g : null);
                assertClose(gx.cpuValues(), gx.gpuValues(), 1e-4, 1e-5, name + ": gx");
                if (affine) {
                    assertClose(gw.cpuValues(), gw.gpuValues(), 1e-4, 1e-5 * Math.sqrt(rows), name + ": gw");
                    assertClose(gb.cpuValues(), gb.gpuValues(), 1e-4, 1e-5 * Math.sqrt(rows), name + ": gb");
                }
            }
        }
    }

    @Test
    void dropoutMasksAreTheCpusBitForBit() {
        for (float p : new float[] {0f, 0.3f, 0.5f, 0.77f, 1f}) {
            Twin m = empty(DType.FLOAT32, 100_003);
            float scale = layerlab.nn.functional.Dropout.scale(p);
            cpu.dropoutMask(m.c, p, scale, 42L + (long) (p * 10));
            gpu.dropoutMask(m.g, p, scale, 42L + (long) (p * 10));
            assertArrayEquals(m.cpuValues(), m.gpuValues(), "p = " + p);
        }
        Twin m = empty(DType.FLOAT32, 10);
        gpu.dropoutMask(m.g, 0.5f, 2f, -1L);
        cpu.dropoutMask(m.c, 0.5f, 2f, -1L);
        assertEquals(Arrays.toString(m.cpuValues()), Arrays.toString(m.gpuValues()), "a negative seed");
    }
}
