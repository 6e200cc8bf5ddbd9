package layerlab.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Several schedules at once, PyTorch's {@code ChainedScheduler}: each epoch every one of {@code schedulers} steps in turn,
 * each scaling the rate the one before left (a warm-up factor times a decay, say), and the rate is what the last leaves.
 * The schedules must be built on the same optimiser just before this one, as in torch.
 */
public final class ChainedScheduler extends LRScheduler {
    private final List<LRScheduler> schedulers;

    public ChainedScheduler(List<LRScheduler> schedulers) {
        super(first(schedulers).optimizer);
        for (LRScheduler s : schedulers) {
            if (s.optimizer != optimizer) throw new IllegalArgumentException("ChainedScheduler expects all schedulers to belong to the same optimizer");
            if (s.perBatch() || s.needsMetric()) throw new IllegalArgumentException("ChainedScheduler cannot hold " + s.getClass().getSimpleName());
        }
        this.schedulers = new ArrayList<>(schedulers);
    }

    private static LRScheduler first(List<LRScheduler> schedulers) {
        if (schedulers.isEmpty()) throw new IllegalArgumentException("ChainedScheduler needs at least one scheduler");
        return schedulers.get(0);
    }

    @Override
    public void step() {
        lastEpoch++;
        for (LRScheduler s : schedulers) s.step();
        setLastLr(currentLrs());
    }

    @Override
    protected double[] computeLr() {
        throw new IllegalStateException("ChainedScheduler steps its schedulers");
    }

    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> sd = super.stateDict();
        List<Map<String, Object>> inner = new ArrayList<>();
        for (LRScheduler s : schedulers) inner.add(s.stateDict());
        sd.put("_schedulers", inner);
        return sd;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void loadStateDict(Map<String, ?> sd) {
        super.loadStateDict(sd);
        List<?> inner = (List<?>) sd.get("_schedulers");
        for (int i = 0; i < schedulers.size(); i++) schedulers.get(i).loadStateDict((Map<String, ?>) inner.get(i));
    }

    @Override
    public String toString() {
        return "ChainedScheduler(" + schedulers + ", last_epoch=" + lastEpoch + ")";
    }
}
