package layerlab.optim;

import java.util.Map;
import java.util.TreeMap;

/**
 * Multiplies each rate by {@code gamma} at each milestone epoch, PyTorch's {@code MultiStepLR}
 * (a milestone listed twice multiplies by {@code gamma²}).
 */
public final class MultiStepLR extends LRScheduler {
    /** Milestone epoch → how many times it was listed. */
    private final Map<Integer, Integer> milestones = new TreeMap<>();
    private final double gamma;

    public MultiStepLR(Optimizer optimizer, int[] milestones) {
        this(optimizer, milestones, 0.1);
    }

    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer);
        for (int m : milestones) this.milestones.merge(m, 1, Integer::sum);
        this.gamma = gamma;
    }

    @Override
    protected double[] computeLr() {
        Integer count = milestones.get(lastEpoch);
        return count == null ? currentLrs() : currentLrsTimes(Math.pow(gamma, count));
    }

    @Override
    protected double[] closedFormLr() {
        int passed = 0;
        for (Map.Entry<Integer, Integer> m : milestones.entrySet()) if (m.getKey() <= lastEpoch) passed += m.getValue();
        return baseLrsTimes(Math.pow(gamma, passed));
    }

    @Override
    public String toString() {
        return "MultiStepLR(milestones=" + milestones + ", gamma=" + gamma + ", last_epoch=" + lastEpoch + ")";
    }
}
