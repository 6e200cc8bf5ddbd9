package layerlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code exp}, {@code tanh} and the sigmoid for float lanes and for single floats, in plain IEEE arithmetic (Cephes'
 * {@code expf} and {@code tanhf}: a range reduction and short polynomials), so that they give the same bits however the
 * code runs. The Vector API's own {@code EXP} and {@code TANH} are SVML routines once C2 has compiled a loop and
 * {@link Math} per lane before that, which differ in the last bit: a recurrent layer's results then depended on when the
 * JIT compiler got to it, and a run with the same seed did not repeat (a character RNN ended at 67.97% or 67.55% validation
 * accuracy from one run to the next). The vector and scalar forms do the same operations in the same order, so a row's last
 * units, done one at a time, agree with the lanes before them. Relative error below 3e-7 (tested against {@code Math.exp}
 * and {@code Math.tanh} in double).
 */
final class FloatMath {
    private FloatMath() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f), TWO = FloatVector.broadcast(S, 2f);

    /** Beyond these e^x is 0 or infinite in float (and 2^n, split in two factors below, stays a normal float). */
    private static final float EXP_MIN = -104f, EXP_MAX = 89f;
    private static final float LOG2E = 1.44269504088896341f;
    /** 1.5·2^23: a float of magnitude below 2^22 plus this is rounded to an integer, held in the sum's low bits. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    /** ln 2 in two parts: n·C1 is exact for the n that occur, so r = x − n·ln 2 keeps its digits. */
    private static final float C1 = 0.693359375f, C2 = -2.12194440e-4f;
    private static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f, P3 = 4.1665795894e-2f,
            P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;
    /** Below this |x|, tanh is x + x³·T(x²); above, 1 − 2/(e^{2|x|} + 1) loses nothing to cancellation. */
    private static final float TANH_SMALL = 0.625f;
    private static final float T0 = -5.70498872745e-3f, T1 = 2.06390887954e-2f, T2 = -5.37397155531e-2f, T3 = 1.33314422036e-1f,
            T4 = -3.33332819422e-1f;

    private static FloatVector exp(FloatVector x) {
        FloatVector v = x.max(EXP_MIN).min(EXP_MAX);
        // n = v·log2 e rounded to an integer by adding and taking away 1.5·2^23, whose last bits then hold n (float
        // arithmetic only: the Vector API's float-to-int conversion is not compiled to an instruction on JDK 17)
        FloatVector big = v.mul(LOG2E).add(ROUND);
        FloatVector n = big.sub(ROUND);
        FloatVector r = v.sub(n.mul(C1)).sub(n.mul(C2));
        FloatVector z = r.mul(r);
        FloatVector p = r.mul(P0).add(P1).mul(r).add(P2).mul(r).add(P3).mul(r).add(P4).mul(r).add(P5);
        FloatVector y = p.mul(z).add(r).add(ONE);
        // × 2^n as 2^h · 2^(n−h): each factor a normal float for every n in range, so results that are denormal or
        // beyond the largest float come out as such
        IntVector ni = big.reinterpretAsInts().sub(ROUND_BITS);
        IntVector h = ni.lanewise(VectorOperators.ASHR, 1);
        FloatVector s1 = h.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = ni.sub(h).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return y.mul(s1).mul(s2);
    }

    static float exp(float x) {
        float v = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float big = v * LOG2E + ROUND;
        float n = big - ROUND;
        float r = v - n * C1 - n * C2;
        float z = r * r;
        float p = ((((r * P0 + P1) * r + P2) * r + P3) * r + P4) * r + P5;
        float y = p * z + r + 1f;
        int ni = Float.floatToRawIntBits(big) - ROUND_BITS, h = ni >> 1;
        return y * Float.intBitsToFloat((h + 127) << 23) * Float.intBitsToFloat((ni - h + 127) << 23);
    }

    private static FloatVector tanh(FloatVector x) {
        FloatVector z = x.mul(x);
        FloatVector small = z.mul(T0).add(T1).mul(z).add(T2).mul(z).add(T3).mul(z).add(T4).mul(z).mul(x).add(x);
        FloatVector a = x.abs();
        FloatVector big = ONE.sub(TWO.div(exp(a.add(a)).add(ONE)));
        big = big.blend(big.neg(), x.compare(VectorOperators.LT, 0f));
        return small.blend(big, a.compare(VectorOperators.GE, TANH_SMALL));
    }

    static float tanh(float x) {
        float a = Math.abs(x);
        if (!(a >= TANH_SMALL)) {
            float z = x * x;
            return ((((z * T0 + T1) * z + T2) * z + T3) * z + T4) * z * x + x;
        }
        float big = 1f - 2f / (exp(a + a) + 1f);
        return x < 0 ? -big : big;
    }

    private static FloatVector sigmoid(FloatVector x) {
        return ONE.div(exp(x.neg()).add(ONE));
    }

    static float sigmoid(float x) {
        return 1f / (exp(-x) + 1f);
    }

    // The kernels apply them to a row at a time through these: a loop whose vectors never leave the method, so C2
    // compiles it with the lanes in registers. (A vector method called from a kernel is inlined only while C2 has not
    // compiled it on its own; once it has, every call boxes its argument and result, and a GRU step took 2.5× as long.)

    /** dst[dstAt + i] = e^src[srcAt + i] for i < n; src and dst may be the same slots. */
    static void exp(float[] src, int srcAt, float[] dst, int dstAt, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) exp(FloatVector.fromArray(S, src, srcAt + i)).intoArray(dst, dstAt + i);
        for (; i < n; i++) dst[dstAt + i] = exp(src[srcAt + i]);
    }

    /** dst[dstAt + i] = tanh(src[srcAt + i]) for i < n; src and dst may be the same slots. */
    static void tanh(float[] src, int srcAt, float[] dst, int dstAt, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) tanh(FloatVector.fromArray(S, src, srcAt + i)).intoArray(dst, dstAt + i);
        for (; i < n; i++) dst[dstAt + i] = tanh(src[srcAt + i]);
    }

    /** dst[dstAt + i] = sigmoid(src[srcAt + i]) for i < n; src and dst may be the same slots. */
    static void sigmoid(float[] src, int srcAt, float[] dst, int dstAt, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) sigmoid(FloatVector.fromArray(S, src, srcAt + i)).intoArray(dst, dstAt + i);
        for (; i < n; i++) dst[dstAt + i] = sigmoid(src[srcAt + i]);
    }
}
