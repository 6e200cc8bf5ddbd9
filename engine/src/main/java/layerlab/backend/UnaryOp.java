package layerlab.backend;

/**
 * Elementwise unary kernels. Each has a scalar parameter {@code p} (ignored by most), a forward
 * {@code y = f(x, p)} and a fused backward {@code gx = gy · f'(x, p)} that every backend implements with the
 * same formula. {@link #backwardUsesOutput} says whether the backward reads {@code y} instead of {@code x}
 * (then {@code x} need not be kept alive).
 */
public enum UnaryOp {
    NEG, EXP(true), LOG, SQRT(true), ABS, SIGN, SQUARE, RECIPROCAL(true),
    RELU, LEAKY_RELU, ELU, GELU, GELU_TANH, SIGMOID(true), TANH(true), SOFTPLUS, LOG_SIGMOID,
    ADD_SCALAR, MUL_SCALAR, RSUB_SCALAR, POW_SCALAR, CLAMP_MIN, CLAMP_MAX, SIN, COS, LOG1P;

    private final boolean backwardUsesOutput;

    UnaryOp() {
        this(false);
    }

    UnaryOp(boolean backwardUsesOutput) {
        this.backwardUsesOutput = backwardUsesOutput;
    }

    public boolean backwardUsesOutput() {
        return backwardUsesOutput;
    }

    /** The reference forward, in double; the CPU kernels and the tests use it. */
    public double apply(double x, double p) {
        return switch (this) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case ABS -> Math.abs(x);
            case SIGN -> x > 0 ? 1 : x < 0 ? -1 : 0; // torch.sign: 0 at NaN and at -0 (Math.signum keeps both)
            case SQUARE -> x * x;
            case RECIPROCAL -> 1 / x;
            case RELU -> Math.max(x, 0.0); // NaN stays NaN (torch.relu), as the CPU kernel and the GPU's jmax
            case LEAKY_RELU -> x > 0 ? x : x * p;
            case ELU -> x > 0 ? x : p * Math.expm1(x);
            case GELU -> 0.5 * x * MathFns.erfc(-x * MathFns.INV_SQRT2);
            case GELU_TANH -> 0.5 * x * (1 + Math.tanh(MathFns.SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
            case SIGMOID -> MathFns.sigmoid(x);
            case TANH -> Math.tanh(x);
            case SOFTPLUS -> MathFns.softplus(x);
            case LOG_SIGMOID -> -MathFns.softplus(-x);
            case ADD_SCALAR -> x + p;
            case MUL_SCALAR -> x * p;
            case RSUB_SCALAR -> p - x;
            case POW_SCALAR -> Math.pow(x, p);
            case CLAMP_MIN -> Math.max(x, p);
            case CLAMP_MAX -> Math.min(x, p);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case LOG1P -> Math.log1p(x);
        };
    }

    /** The reference derivative factor f'(x): given x and y = f(x), returns dy/dx. */
    public double derivative(double x, double y, double p) {
        return switch (this) {
            case NEG -> -1;
            case EXP -> y;
            case LOG -> 1 / x;
            case SQRT -> 0.5 / y;
            case ABS -> x > 0 ? 1 : x < 0 ? -1 : 0; // torch.sign's: 0 at NaN (L1Loss's gradient there is 0)
            case SIGN -> 0;
            case SQUARE -> 2 * x;
            case RECIPROCAL -> -y * y;
            case RELU -> x <= 0 ? 0 : 1; // PyTorch's threshold_backward: NaN passes the gradient
            case LEAKY_RELU -> x > 0 ? 1 : p;
            case ELU -> x > 0 ? 1 : p * Math.exp(x);
            case GELU -> 0.5 * MathFns.erfc(-x * MathFns.INV_SQRT2) + x * Math.exp(-0.5 * x * x) * MathFns.INV_SQRT_2PI;
            case GELU_TANH -> {
                double inner = MathFns.SQRT_2_OVER_PI * (x + 0.044715 * x * x * x);
                double t = Math.tanh(inner);
                yield 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * MathFns.SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x);
            }
            case SIGMOID -> y * (1 - y);
            case TANH -> 1 - y * y;
            case SOFTPLUS -> MathFns.sigmoid(x);
            case LOG_SIGMOID -> MathFns.sigmoid(-x);
            case ADD_SCALAR -> 1;
            case MUL_SCALAR -> p;
            case RSUB_SCALAR -> -1;
            case POW_SCALAR -> p == 0 ? 0 : p * Math.pow(x, p - 1);
            case CLAMP_MIN -> x >= p ? 1 : 0;
            case CLAMP_MAX -> x <= p ? 1 : 0;
            case SIN -> Math.cos(x);
            case COS -> -Math.sin(x);
            case LOG1P -> 1 / (1 + x);
        };
    }
}
