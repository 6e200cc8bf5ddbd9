package layerlab.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One schedule after another, PyTorch's {@code SequentialLR}: {@code schedulers[i]} runs from milestone {@code i-1}
 * (epoch 0 before the first) to milestone {@code i}, the usual case a {@link LinearLR} warm-up then a decay. At a
 * milestone the next schedule starts at its own epoch 0 from its closed form, as PyTorch's {@code step(0)} does. The
 * schedules must be built on the same optimiser just before this one (their own initial steps are undone here).
 */
public final class SequentialLR extends LRScheduler {
    private final List<LRScheduler> schedulers;
    private final int[] milestones;

    public SequentialLR(Optimizer optimizer, List<LRScheduler> schedulers, int[] milestones) {
        super(optimizer);
        if (schedulers.isEmpty()) throw new IllegalArgumentException("SequentialLR needs at least one scheduler");
        if (milestones.length != schedulers.size() - 1) {
            throw new IllegalArgumentException("SequentialLR needs one milestone fewer than schedulers, got " + schedulers.size() + " schedulers and "
                    + milestones.length + " milestones");
        }
        for (LRScheduler s : schedulers) {
            if (s.optimizer != optimizer) throw new IllegalArgumentException("SequentialLR's schedulers must all belong to its optimizer");
            if (s.perBatch()) throw new IllegalArgumentException("SequentialLR cannot hold " + s.getClass().getSimpleName());
        }
        this.schedulers = new ArrayList<>(schedulers);
        this.milestones = milestones.clone();
        for (ParamGroup g : optimizer.paramGroups()) g.set("lr", g.getDouble("initial_lr"));
        for (LRScheduler s : schedulers) s.lastEpoch--;
        schedulers.get(0).step();
        setLastLr(schedulers.get(0).getLastLr());
    }

    @Override
    public void step() {
        lastEpoch++;
        int idx = 0;
        while (idx < milestones.length && milestones[idx] <= lastEpoch) idx++;
        LRScheduler s = schedulers.get(idx);
        if (idx > 0 && milestones[idx - 1] == lastEpoch) s.stepTo(0);
        else s.step();
        setLastLr(s.getLastLr());
    }

    @Override
    protected double[] computeLr() {
        throw new IllegalStateException("SequentialLR steps its schedulers");
    }

    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> sd = super.stateDict();
        List<Map<String, Object>> inner = new ArrayList<>();
        for (LRScheduler s : schedulers) inner.add(s.stateDict());
        sd.put("_schedulers", inner);
        sd.put("_milestones", Arrays.stream(milestones).boxed().toList());
        return sd;
    }

    @Override
    public void loadStateDict(Map<String, ?> sd) {
        super.loadStateDict(sd);
        List<?> inner = (List<?>) sd.get("_schedulers");
        for (int i = 0; i < schedulers.size(); i++) schedulers.get(i).loadStateDict(castMap(inner.get(i)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Object o) {
        return (Map<String, ?>) o;
    }

    @Override
    public String toString() {
        return "SequentialLR(" + schedulers + ", milestones=" + Arrays.toString(milestones) + ", last_epoch=" + lastEpoch + ")";
    }
}
