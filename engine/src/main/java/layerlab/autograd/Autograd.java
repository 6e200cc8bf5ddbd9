package layerlab.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import layerlab.tensor.Tensor;

/** Records operations while gradients are enabled and runs reverse-mode differentiation over them. */
public final class Autograd {
    private static final ThreadLocal<int[]> NO_GRAD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private Autograd() {}

    /** Whether ops on this thread record history now (false inside a {@link #noGrad()} scope). */
    public static boolean isGradEnabled() {
        return NO_GRAD_DEPTH.get()[0] == 0;
    }

    /** A scope in which nothing is recorded: {@code try (var g = Autograd.noGrad()) { ... }}. */
    public static Scope noGrad() {
        int[] depth = NO_GRAD_DEPTH.get();
        depth[0]++;
        return () -> depth[0]--;
    }

    /**
     * A scope in which operations record history again, even inside a {@link #noGrad()} scope (PyTorch's
     * {@code torch.enable_grad()}); closing it restores what was before.
     */
    public static Scope enableGrad() {
        int[] depth = NO_GRAD_DEPTH.get();
        int before = depth[0];
        depth[0] = 0;
        return () -> depth[0] = before;
    }

    /** A no-grad scope that can be closed without a checked exception. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** True if an op on these inputs must be recorded. */
    public static boolean needsGrad(Tensor... inputs) {
        if (!isGradEnabled()) return false;
        for (Tensor t : inputs) if (t != null && t.requiresGrad()) return true;
        return false;
    }

    /**
     * Records that {@code out} was computed from {@code inputs} by {@code name}, when any input requires a
     * gradient and recording is on. Returns {@code out}.
     */
    public static Tensor record(String name, Tensor out, GradFn.Backward backward, Tensor... inputs) {
        if (needsGrad(inputs)) out.attachGradFn(new GradFn(name, inputs, backward));
        return out;
    }

    /** Back-propagates {@code grad} (the gradient of some scalar with respect to {@code root}) into every leaf's {@code grad}. */
    public static void backward(Tensor root, Tensor grad) {
        backward(root, grad, new Tensor[0]);
    }

    /** The gradient of ones the backward pass running on this thread started from ({@link #backwardFromOnes}), or null. */
    private static final ThreadLocal<Tensor> ONES = new ThreadLocal<>();

    /**
     * {@link #backward(Tensor, Tensor)} from {@code ones}, a tensor the caller just filled with 1 and hands to nothing
     * else ({@code Tensor.backward()}): while it runs, {@link #isOnes} tells a backward rule that its gradient is this
     * one, so it may use what it made for a gradient of 1 in its forward without reading the device.
     */
    public static void backwardFromOnes(Tensor root, Tensor ones) {
        Tensor before = ONES.get();
        ONES.set(ones);
        try {
            backward(root, ones);
        } finally {
            if (before == null) ONES.remove();
            else ONES.set(before);
        }
    }

    /** Whether {@code g} is the gradient of ones the running backward pass started from (every element exactly 1). */
    public static boolean isOnes(Tensor g) {
        return g != null && g == ONES.get();
    }

    /**
     * {@link #backward(Tensor, Tensor)}, handing out as well the whole gradient that reaches each of {@code retain}
     * (tensors of {@code root}'s graph, leaves or not: PyTorch's {@code retain_grad()}), in their order; null for one
     * {@code root} does not depend on. How an inspector sees the gradient at an inner node (Grad-CAM).
     */
    public static Tensor[] backward(Tensor root, Tensor grad, Tensor... retain) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward() on a tensor that does not require grad and has no grad_fn");
        }
        if (!java.util.Arrays.equals(root.shape(), grad.shape())) {
            throw new IllegalArgumentException("gradient shape " + grad.shapeString() + " does not match the tensor's " + root.shapeString());
        }
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        // Gradients a backward rule returns may alias each other (Add hands one tensor to both inputs),
        // so a sum is accumulated in place only into a buffer this loop allocated itself.
        Map<Tensor, Boolean> owned = new IdentityHashMap<>();
        Map<Tensor, Integer> retained = new IdentityHashMap<>();
        for (int k = 0; k < retain.length; k++) retained.putIfAbsent(retain[k], k);
        Tensor[] kept = new Tensor[retain.length];
        grads.put(root, grad);
        Profiler profiler = Profiler.current();
        try (var ignored = noGrad()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = grads.remove(t);
                if (g == null) continue;
                long start = profiler == null ? 0 : profiler.clock();
                // Every contribution to t has arrived (its users come first in this order). A rule may hand g on
                // unchanged to several inputs (Add does), so from here on nothing adds into it in place.
                owned.remove(g);
                Integer k = retained.get(t);
                if (k != null) kept[k] = g.copy();
                GradFn fn = t.gradFn();
                if (fn == null) {
                    t.accumulateGrad(g);
                    if (profiler != null) profiler.chargeBackward(null, null, start);
                    continue;
                }
                Tensor[] inputs = fn.inputs();
                Tensor[] inGrads = fn.backward().apply(g);
                for (int j = 0; j < inputs.length; j++) {
                    Tensor in = inputs[j];
                    if (in == null || !in.requiresGrad() || inGrads[j] == null) continue;
                    Tensor prev = grads.get(in);
                    if (prev == null) {
                        grads.put(in, inGrads[j]);
                    } else if (owned.containsKey(prev)) {
                        prev.backend().axpy(1f, inGrads[j].contiguous(), prev);
                    } else {
                        Tensor sum = prev.add(inGrads[j]);
                        owned.put(sum, Boolean.TRUE);
                        grads.put(in, sum);
                    }
                }
                if (profiler != null) profiler.chargeBackward(fn.scope(), fn.name(), start);
                fn.release();
            }
        }
        for (int k = 0; k < retain.length; k++) if (kept[k] == null && retained.get(retain[k]) != k) kept[k] = kept[retained.get(retain[k])];
        return kept;
    }

    /** Tensors reachable from {@code root} through recorded ops, inputs before the ops that use them. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Tensor[] inputs = t.gradFn() == null ? new Tensor[0] : t.gradFn().inputs();
            if (next < inputs.length) {
                frame[1] = next + 1;
                Tensor in = inputs[next];
                if (in != null && in.requiresGrad() && seen.put(in, Boolean.TRUE) == null) stack.push(new Object[] {in, 0});
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}
