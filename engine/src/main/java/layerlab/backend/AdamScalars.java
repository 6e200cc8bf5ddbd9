package layerlab.backend;

/**
 * The floats an Adam or AdamW step hands its kernel, worked out from the group's doubles as PyTorch 1.13 works them out in
 * Python and rounds each once to float32: {@code beta1}, {@code beta2}, {@code 1 - beta1}, {@code 1 - beta2}, {@code eps},
 * {@code weight_decay}, {@code -lr / (1 - beta1^step)}, {@code sqrt(1 - beta2^step)} and AdamW's {@code 1 - lr·weight_decay}
 * ({@code 1} for Adam). In float, {@code 1f - 0.999f} is 1.3e-5 off torch's {@code (float) (1 - 0.999)}; every backend takes
 * these from here, so the CPU and the GPU round alike.
 */
public record AdamScalars(float beta1, float beta2, float keep1, float keep2, float eps, float weightDecay, float negStepSize,
                          float bc2Sqrt, float decay) {
    public static AdamScalars of(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled, int step) {
        double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
        return new AdamScalars((float) beta1, (float) beta2, (float) (1 - beta1), (float) (1 - beta2), (float) eps, (float) weightDecay,
                (float) -(lr / bc1), (float) Math.sqrt(bc2), decoupled ? (float) (1 - lr * weightDecay) : 1f);
    }
}
