package layerlab.backend;

/** Elementwise binary kernels with broadcasting. Comparisons yield 1.0f / 0.0f. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAX, MIN, GT, GE, LT, LE, EQ;

    public float apply(float a, float b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> (float) Math.pow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case GT -> a > b ? 1f : 0f;
            case GE -> a >= b ? 1f : 0f;
            case LT -> a < b ? 1f : 0f;
            case LE -> a <= b ? 1f : 0f;
            case EQ -> a == b ? 1f : 0f;
        };
    }
}
