package layerlab.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Attention's products on column ranges of one tensor (a packed projection) against separate tensors. */
class AttentionTest {
    private static final int N = 3, T = 5, E = 8, HEADS = 2;

    private static Tensor leaf(Tensor t) {
        return t.detach().copy().detach().requiresGrad(true);
    }

    @Test
    void packedColumnsGiveTheSeparateTensorsOutputAndGradients() {
        Tensor qkv = leaf(Tensor.randn(new Generator(1), N, T, 3 * E));
        Tensor q = leaf(qkv.narrow(2, 0, E)), k = leaf(qkv.narrow(2, E, E)), v = leaf(qkv.narrow(2, 2 * E, E));
        Tensor r = Tensor.randn(new Generator(2), N, T, E);

        Tensor packed = Attention.mix(Attention.weights(qkv, 0, qkv, E, E, HEADS, 0.5f, null), qkv, 2 * E, E, HEADS);
        Tensor separate = Attention.mix(Attention.weights(q, k, HEADS, 0.5f, null), v, HEADS);
        assertArrayEquals(separate.toFloatArray(), packed.toFloatArray());

        packed.mul(r).sum().backward();
        separate.mul(r).sum().backward();
        Tensor g = qkv.grad();
        assertArrayEquals(q.grad().toFloatArray(), g.narrow(2, 0, E).contiguous().toFloatArray(), "the query's columns");
        assertArrayEquals(k.grad().toFloatArray(), g.narrow(2, E, E).contiguous().toFloatArray(), "the key's columns");
        assertArrayEquals(v.grad().toFloatArray(), g.narrow(2, 2 * E, E).contiguous().toFloatArray(), "the value's columns");
    }

    @Test
    void oneTensorAsQueryAndKeyGetsBothGradients() {
        Tensor x = leaf(Tensor.randn(new Generator(3), N, T, E));
        Tensor q = leaf(x), k = leaf(x);
        Tensor r = Tensor.randn(new Generator(4), N, HEADS, T, T);
        Attention.weights(x, x, HEADS, 0.3f, null).mul(r).sum().backward();
        Attention.weights(q, k, HEADS, 0.3f, null).mul(r).sum().backward();
        float[] want = q.grad().add(k.grad()).toFloatArray(), got = x.grad().toFloatArray();
        for (int i = 0; i < want.length; i++) org.junit.jupiter.api.Assertions.assertEquals(want[i], got[i], 1e-6f * (1 + Math.abs(want[i])), "element " + i);
    }
}
