package layerlab.backend.cuda;

import layerlab.backend.BinaryOp;
import layerlab.backend.ReduceOp;
import layerlab.backend.UnaryOp;

/**
 * The op codes of the kernels' switch statements (the enums in elementwise.cuh and reduce.cuh). Spelled out,
 * not taken from {@code ordinal()}, so that reordering a Java enum cannot silently change which formula runs;
 * a new enum constant fails to compile here until it has a kernel.
 */
final class CudaOps {
    private CudaOps() {}

    static int unary(UnaryOp op) {
        return switch (op) {
            case NEG -> 0;
            case EXP -> 1;
            case LOG -> 2;
            case SQRT -> 3;
            case ABS -> 4;
            case SIGN -> 5;
            case SQUARE -> 6;
            case RECIPROCAL -> 7;
            case RELU -> 8;
            case LEAKY_RELU -> 9;
            case ELU -> 10;
            case GELU -> 11;
            case GELU_TANH -> 12;
            case SIGMOID -> 13;
            case TANH -> 14;
            case SOFTPLUS -> 15;
            case LOG_SIGMOID -> 16;
            case ADD_SCALAR -> 17;
            case MUL_SCALAR -> 18;
            case RSUB_SCALAR -> 19;
            case POW_SCALAR -> 20;
            case CLAMP_MIN -> 21;
            case CLAMP_MAX -> 22;
            case SIN -> 23;
            case COS -> 24;
            case LOG1P -> 25;
        };
    }

    static int binary(BinaryOp op) {
        return switch (op) {
            case ADD -> 0;
            case SUB -> 1;
            case MUL -> 2;
            case DIV -> 3;
            case POW -> 4;
            case MAX -> 5;
            case MIN -> 6;
            case GT -> 7;
            case GE -> 8;
            case LT -> 9;
            case LE -> 10;
            case EQ -> 11;
        };
    }

    static int reduce(ReduceOp op) {
        return switch (op) {
            case SUM -> 0;
            case MEAN -> 1;
            case MAX -> 2;
            case MIN -> 3;
        };
    }
}
