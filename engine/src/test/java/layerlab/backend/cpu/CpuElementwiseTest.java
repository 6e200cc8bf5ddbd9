package layerlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import layerlab.backend.BinaryOp;
import layerlab.backend.UnaryOp;
import org.junit.jupiter.api.Test;

/**
 * The Vector API loops of {@link CpuElementwise} against the plain float formulas, bit for bit: every length
 * from 0 past two vectors (so whole vectors and tails both run), at offsets, with NaN, ±0 and ±∞ among the
 * inputs (ReLU keeps NaN like torch.relu; max(−0, 0) is +0).
 */
class CpuElementwiseTest {
    private static final float P = 0.3f;

    private static float[] data(SplittableRandom rnd, int n) {
        float[] special = {Float.NaN, -0f, 0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-40f, -1e-40f};
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = rnd.nextInt(6) == 0 ? special[rnd.nextInt(special.length)] : (float) rnd.nextGaussian();
        return x;
    }

    private static float forward(UnaryOp op, float v) {
        return switch (op) {
            case RELU -> Math.max(v, 0f);
            case NEG -> -v;
            case MUL_SCALAR -> v * P;
            case ADD_SCALAR -> v + P;
            case RSUB_SCALAR -> P - v;
            case SQUARE -> v * v;
            case ABS -> Math.abs(v);
            case CLAMP_MIN -> Math.max(v, P);
            case CLAMP_MAX -> Math.min(v, P);
            case LEAKY_RELU -> v > 0f ? v : v * P;
            default -> throw new IllegalArgumentException(op.name());
        };
    }

    private static float backward(UnaryOp op, float x, float g) {
        return switch (op) {
            case RELU -> x <= 0f ? 0f : g; // PyTorch's threshold_backward: a NaN x passes g
            case NEG -> -g;
            case MUL_SCALAR -> g * P;
            case ADD_SCALAR -> g;
            case SQUARE -> g * 2f * x;
            case LEAKY_RELU -> x > 0f ? g : g * P;
            default -> throw new IllegalArgumentException(op.name());
        };
    }

    private static void assertBits(float expected, float actual, String what) {
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), what + ": expected " + expected + ", got " + actual);
    }

    @Test
    void unaryForwardAndBackwardEqualTheScalarFormulas() {
        SplittableRandom rnd = new SplittableRandom(7);
        UnaryOp[] fwd = {UnaryOp.RELU, UnaryOp.NEG, UnaryOp.MUL_SCALAR, UnaryOp.ADD_SCALAR, UnaryOp.RSUB_SCALAR, UnaryOp.SQUARE,
            UnaryOp.ABS, UnaryOp.CLAMP_MIN, UnaryOp.CLAMP_MAX, UnaryOp.LEAKY_RELU};
        UnaryOp[] bwd = {UnaryOp.RELU, UnaryOp.NEG, UnaryOp.MUL_SCALAR, UnaryOp.ADD_SCALAR, UnaryOp.SQUARE, UnaryOp.LEAKY_RELU};
        for (int n = 0; n <= 70; n++) {
            int xo = n % 5, yo = n % 3;
            float[] x = data(rnd, xo + n), gy = data(rnd, n + 2);
            for (UnaryOp op : fwd) {
                float[] y = new float[yo + n];
                CpuElementwise.unary(op, P, x, xo, y, yo, n);
                for (int i = 0; i < n; i++) assertBits(forward(op, x[xo + i]), y[yo + i], op + " n=" + n + " i=" + i + " x=" + x[xo + i]);
            }
            for (UnaryOp op : bwd) {
                float[] gx = new float[yo + n];
                CpuElementwise.unaryBackward(op, P, x, xo, null, 0, gy, 2, gx, yo, n);
                for (int i = 0; i < n; i++) {
                    assertBits(backward(op, x[xo + i], gy[2 + i]), gx[yo + i], op + " backward n=" + n + " i=" + i + " x=" + x[xo + i]);
                }
            }
        }
    }

    @Test
    void binaryOpsOnContiguousAndScalarOperandsEqualTheScalarFormulas() {
        SplittableRandom rnd = new SplittableRandom(11);
        BinaryOp[] ops = {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV};
        for (int n : new int[] {1, 5, 16, 17, 33, 64, 100}) {
            layerlab.tensor.Tensor a = layerlab.tensor.Tensor.of(data(rnd, n), n), b = layerlab.tensor.Tensor.of(data(rnd, n), n);
            layerlab.tensor.Tensor s = layerlab.tensor.Tensor.of(data(rnd, 1), 1);
            for (BinaryOp op : ops) {
                check(op, a, b, n);
                check(op, a, s, n);
                check(op, s, b, n);
            }
        }
    }

    private static void check(BinaryOp op, layerlab.tensor.Tensor a, layerlab.tensor.Tensor b, int n) {
        layerlab.tensor.Tensor out = layerlab.tensor.Tensor.zeros(n);
        CpuElementwise.binary(op, a.expand(n), b.expand(n), out);
        float[] av = CpuBackend.f(a), bv = CpuBackend.f(b), ov = CpuBackend.f(out);
        for (int i = 0; i < n; i++) {
            float x = av[av.length == 1 ? 0 : i], y = bv[bv.length == 1 ? 0 : i];
            float expected = switch (op) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case DIV -> x / y;
                default -> throw new IllegalArgumentException(op.name());
            };
            assertBits(expected, ov[i], op + " n=" + n + " i=" + i + " of " + x + ", " + y);
        }
    }
}
