package layerlab.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.autograd.Autograd;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;

/**
 * L-BFGS, PyTorch 1.13's {@code torch.optim.LBFGS} line for line: each {@link #step(Closure)} runs up to {@code max_iter}
 * quasi-Newton iterations on the batch, re-evaluating the model through the closure as often as it needs (at most
 * {@code max_eval} times), with a fixed step of {@code lr} or torch's strong-Wolfe line search ({@code line_search_fn}
 * {@code "strong_wolfe"}). Like torch it takes one parameter group, and its state is global (the last direction and step,
 * the curvature pairs of the last {@code history_size} iterations), kept under the first parameter in the state dict.
 *
 * <p>Why on the host: the algorithm works on one flat vector of all the parameters, with a dot product or two per history
 * pair and a handful of scalars that decide branches; it is meant for small full-batch problems, where copying the
 * parameters and gradients to {@code float[]} costs nothing beside the forward and backward passes. The vectors are float32
 * and the scalars that torch keeps in float32 tensors ({@code ys}, {@code H_diag}, {@code ro}, {@code al}, {@code gtd}) are
 * rounded to float as torch's are, so the branches go the same way as torch's.
 */
public final class LBFGS extends Optimizer {
    /** The flat parameter vector's length. */
    private final int numel;

    // torch's state['...'] of the first parameter.
    private long funcEvals, nIter;
    private float[] d, prevFlatGrad;
    private double t;
    private final List<float[]> oldDirs = new ArrayList<>(), oldStps = new ArrayList<>();
    private final List<Float> ro = new ArrayList<>();
    private float hDiag = 1f;
    private Double prevLoss;

    public LBFGS(List<Parameter> params) {
        this(params, 1, 20, null, 1e-7, 1e-9, 100, null);
    }

    /**
     * @param maxEval      null: {@code max_iter * 5 / 4}, as torch
     * @param lineSearchFn null (a fixed step of {@code lr}) or {@code "strong_wolfe"}
     */
    public LBFGS(List<Parameter> params, double lr, int maxIter, Integer maxEval, double toleranceGrad, double toleranceChange, int historySize,
                 String lineSearchFn) {
        super(params, defaults(lr, maxIter, maxEval == null ? maxIter * 5 / 4 : maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn));
        int n = 0;
        for (Parameter p : params) n += p.numel();
        numel = n;
    }

    private static Map<String, Object> defaults(double lr, int maxIter, int maxEval, double toleranceGrad, double toleranceChange, int historySize,
                                                String lineSearchFn) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("max_iter", maxIter);
        d.put("max_eval", maxEval);
        d.put("tolerance_grad", toleranceGrad);
        d.put("tolerance_change", toleranceChange);
        d.put("history_size", historySize);
        d.put("line_search_fn", lineSearchFn);
        return d;
    }

    @Override
    protected void validate(ParamGroup g) {
        // Called before the group joins (the first from the super constructor): a second one is refused as torch refuses it.
        if (!paramGroups().isEmpty()) throw new IllegalArgumentException("LBFGS doesn't support per-parameter options (parameter groups)");
        require(g.lr() >= 0, "learning rate", g.lr());
        Object ls = g.options().get("line_search_fn");
        if (ls != null && !ls.equals("strong_wolfe")) throw new IllegalArgumentException("only 'strong_wolfe' is supported");
        if (g.getDouble("history_size") < 1) throw new IllegalArgumentException("Invalid history_size: " + g.getDouble("history_size"));
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, State state) {
        throw new IllegalStateException("LBFGS updates all parameters together in step(closure)");
    }

    /** Refused: LBFGS re-evaluates the model during its step. */
    @Override
    public void step() {
        throw new IllegalStateException("LBFGS re-evaluates the model several times per step: call step(closure)");
    }

    /** torch's {@code LBFGS.step(closure)}; returns the loss of the closure's first evaluation (the parameters as they were). */
    @Override
    public double step(Closure closure) {
        ParamGroup group = paramGroups().get(0);
        double lr = group.lr();
        int maxIter = (int) group.getDouble("max_iter"), maxEval = (int) group.getDouble("max_eval");
        double toleranceGrad = group.getDouble("tolerance_grad"), toleranceChange = group.getDouble("tolerance_change");
        int historySize = (int) group.getDouble("history_size");
        boolean strongWolfe = group.options().get("line_search_fn") != null;

        double origLoss = closure.evaluate();
        double loss = origLoss;
        int currentEvals = 1;
        funcEvals++;
        float[] flatGrad = gatherFlatGrad();
        if (absMax(flatGrad) <= (float) toleranceGrad) return origLoss;

        int n = 0;
        while (n < maxIter) {
            n++;
            nIter++;
            // the descent direction
            if (nIter == 1) {
                d = neg(flatGrad);
                oldDirs.clear();
                oldStps.clear();
                ro.clear();
                hDiag = 1f;
            } else {
                float[] y = new float[numel], s = new float[numel];
                float tf = (float) t;
                for (int i = 0; i < numel; i++) {
                    y[i] = flatGrad[i] - prevFlatGrad[i];
                    s[i] = d[i] * tf;
                }
                float ys = dot(y, s);
                if (ys > (float) 1e-10) {
                    if (oldDirs.size() == historySize) {
                        oldDirs.remove(0);
                        oldStps.remove(0);
                        ro.remove(0);
                    }
                    oldDirs.add(y);
                    oldStps.add(s);
                    ro.add(1f / ys);
                    hDiag = ys / dot(y, y);
                }
                int numOld = oldDirs.size();
                float[] al = new float[numOld];
                float[] q = neg(flatGrad);
                for (int i = numOld - 1; i >= 0; i--) {
                    al[i] = dot(oldStps.get(i), q) * ro.get(i);
                    axpy(-al[i], oldDirs.get(i), q);
                }
                float[] r = new float[numel];
                for (int i = 0; i < numel; i++) r[i] = q[i] * hDiag;
                for (int i = 0; i < numOld; i++) {
                    float be = dot(oldDirs.get(i), r) * ro.get(i);
                    axpy(al[i] - be, oldStps.get(i), r);
                }
                d = r;
            }
            prevFlatGrad = flatGrad.clone();
            prevLoss = loss;

            // the step length: torch's min(1., 1. / |g|_1) * lr is a float32 tensor when the first term wins
            if (nIter == 1) {
                float inv = 1f / absSum(flatGrad);
                t = inv < 1.0 ? (double) (inv * (float) lr) : lr;
            } else {
                t = lr;
            }
            float gtd = dot(flatGrad, d);
            if (gtd > (float) -toleranceChange) break;

            int lsFuncEvals = 0;
            boolean optCond = false;
            if (strongWolfe) {
                float[] xInit = flatParams();
                LineSearch ls = strongWolfe(closure, xInit, t, d, loss, flatGrad, gtd);
                loss = ls.f;
                flatGrad = ls.g;
                t = ls.t;
                lsFuncEvals = ls.evals;
                addGrad(t, d);
                optCond = absMax(flatGrad) <= (float) toleranceGrad;
            } else {
                addGrad(t, d);
                if (n != maxIter) {
                    // torch re-evaluates only when another iteration follows (in a stochastic setting it would be wasted)
                    loss = closure.evaluate();
                    flatGrad = gatherFlatGrad();
                    optCond = absMax(flatGrad) <= (float) toleranceGrad;
                    lsFuncEvals = 1;
                }
            }
            currentEvals += lsFuncEvals;
            funcEvals += lsFuncEvals;

            if (n == maxIter) break;
            if (currentEvals >= maxEval) break;
            if (optCond) break;
            float tf = (float) t;
            float change = 0;
            for (float v : d) change = Math.max(change, Math.abs(v * tf));
            if (change <= (float) toleranceChange) break;
            if (Math.abs(loss - prevLoss) < toleranceChange) break;
        }
        return origLoss;
    }

    /** How many times the closure ran in all (torch's {@code state['func_evals']}). */
    public long funcEvals() {
        return funcEvals;
    }

    /** How many iterations ran in all (torch's {@code state['n_iter']}). */
    public long nIter() {
        return nIter;
    }

    // ---------------------------------------------------------------- strong Wolfe line search (torch's _strong_wolfe)

    private record LineSearch(double f, float[] g, double t, int evals) {
    }

    private record Evaluated(double f, float[] g) {
    }

    /** torch's {@code _directional_evaluate}: the loss and gradient at {@code x + t·d}, the parameters set back to {@code x}. */
    private Evaluated directionalEvaluate(Closure closure, float[] x, double t, float[] d) {
        addGrad(t, d);
        double f = closure.evaluate();
        float[] g = gatherFlatGrad();
        setParams(x);
        return new Evaluated(f, g);
    }

    /**
     * torch's {@code _strong_wolfe} with its defaults ({@code c1} 1e-4, {@code c2} 0.9, 25 evaluations, and its own
     * {@code tolerance_change} of 1e-9, not the group's). Its tests compare with float32 tensors ({@code f + c1·t·gtd},
     * {@code -c2·gtd}), so they round here as there: near a minimum {@code f + c1·t·gtd} rounds to {@code f}, and in double
     * the same unchanged loss would fail the Armijo test and start a zoom that torch never starts.
     */
    private LineSearch strongWolfe(Closure closure, float[] x, double t, float[] d, double f, float[] g, float gtd) {
        final double toleranceChange = 1e-9;
        final int maxLs = 25;
        double dNorm = absMax(d);
        Evaluated e = directionalEvaluate(closure, x, t, d);
        double fNew = e.f;
        float[] gNew = e.g;
        int evals = 1;
        float gtdNew = dot(gNew, d);

        double tPrev = 0, fPrev = f;
        float gtdPrev = gtd;
        float[] gPrev = g;
        boolean done = false;
        int lsIter = 0;
        double[] bracket = null, bracketF = null, bracketGtd = null;
        float[][] bracketG = null;
        while (lsIter < maxLs) {
            if (fNew > armijo(f, t, gtd) || (lsIter > 1 && fNew >= fPrev)) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new float[][] {gPrev, gNew};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            if (Math.abs(gtdNew) <= curvature(gtd)) {
                bracket = new double[] {t};
                bracketF = new double[] {fNew};
                bracketG = new float[][] {gNew};
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new float[][] {gPrev, gNew};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            double minStep = t + 0.01 * (t - tPrev), maxStep = t * 10;
            double tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew;
            gtdPrev = gtdNew;
            e = directionalEvaluate(closure, x, t, d);
            fNew = e.f;
            gNew = e.g;
            evals++;
            gtdNew = dot(gNew, d);
            lsIter++;
        }
        if (lsIter == maxLs) {
            bracket = new double[] {0, t};
            bracketF = new double[] {f, fNew};
            bracketG = new float[][] {g, gNew};
        }

        // zoom: refine the bracket until a point meets the conditions
        boolean insufProgress = false;
        int lowPos = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1, highPos = 1 - lowPos;
        while (!done && lsIter < maxLs) {
            if ((float) Math.abs(bracket[1] - bracket[0]) * (float) dNorm < (float) toleranceChange) break;
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1],
                    Math.min(bracket[0], bracket[1]), Math.max(bracket[0], bracket[1]));
            double hi = Math.max(bracket[0], bracket[1]), lo = Math.min(bracket[0], bracket[1]);
            double eps = 0.1 * (hi - lo);
            if (Math.min(hi - t, t - lo) < eps) {
                if (insufProgress || t >= hi || t <= lo) {
                    t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
                    insufProgress = false;
                } else {
                    insufProgress = true;
                }
            } else {
                insufProgress = false;
            }
            e = directionalEvaluate(closure, x, t, d);
            fNew = e.f;
            gNew = e.g;
            evals++;
            gtdNew = dot(gNew, d);
            lsIter++;
            if (fNew > armijo(f, t, gtd) || fNew >= bracketF[lowPos]) {
                bracket[highPos] = t;
                bracketF[highPos] = fNew;
                bracketG[highPos] = gNew;
                bracketGtd[highPos] = gtdNew;
                lowPos = bracketF[0] <= bracketF[1] ? 0 : 1;
                highPos = 1 - lowPos;
            } else {
                if (Math.abs(gtdNew) <= curvature(gtd)) {
                    done = true;
                } else if (gtdNew * (bracket[highPos] - bracket[lowPos]) >= 0) {
                    bracket[highPos] = bracket[lowPos];
                    bracketF[highPos] = bracketF[lowPos];
                    bracketG[highPos] = bracketG[lowPos];
                    bracketGtd[highPos] = bracketGtd[lowPos];
                }
                bracket[lowPos] = t;
                bracketF[lowPos] = fNew;
                bracketG[lowPos] = gNew;
                bracketGtd[lowPos] = gtdNew;
            }
        }
        return new LineSearch(bracketF[lowPos], bracketG[lowPos], bracket[lowPos], evals);
    }

    /** The sufficient decrease's bound, {@code f + c1·t·gtd} in float32 as torch's tensor arithmetic gives it (c1 = 1e-4). */
    private static float armijo(double f, double t, float gtd) {
        return (float) f + (float) (1e-4 * t) * gtd;
    }

    /** The curvature condition's bound, {@code -c2·gtd} in float32 (c2 = 0.9). */
    private static float curvature(float gtd) {
        return (float) -0.9 * gtd;
    }

    /**
     * torch's {@code _cubic_interpolate}: the minimum of the cubic through two points and their slopes, within the bounds.
     * The slopes are float32 tensors in torch, so the cubic's terms are float32 there and here; the points and losses are
     * Python floats until they meet a slope. Python's {@code min} and {@code max} keep their first argument on a tie.
     */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double xminBound, double xmaxBound) {
        float s1 = (float) g1, s2 = (float) g2;
        float d1 = s1 + s2 - (float) (3 * (f1 - f2) / (x1 - x2));
        float d2Square = d1 * d1 - s1 * s2;
        if (d2Square >= 0) {
            float d2 = (float) Math.sqrt(d2Square);
            double minPos = x1 <= x2 ? (float) x2 - (float) (x2 - x1) * ((s2 + d2 - d1) / (s2 - s1 + 2 * d2))
                    : (float) x1 - (float) (x1 - x2) * ((s1 + d2 - d1) / (s1 - s2 + 2 * d2));
            double atLeast = xminBound > minPos ? xminBound : minPos;
            return xmaxBound < atLeast ? xmaxBound : atLeast;
        }
        return (xminBound + xmaxBound) / 2.;
    }

    // ---------------------------------------------------------------- the flat vector

    private List<Parameter> params() {
        return paramGroups().get(0).params();
    }

    /** The gradients end to end, zeros for a parameter without one (torch's {@code _gather_flat_grad}). */
    private float[] gatherFlatGrad() {
        float[] out = new float[numel];
        int offset = 0;
        for (Parameter p : params()) {
            Tensor g = p.grad();
            if (g != null) System.arraycopy(g.toFloatArray(), 0, out, offset, p.numel());
            offset += p.numel();
        }
        return out;
    }

    private float[] flatParams() {
        float[] out = new float[numel];
        int offset = 0;
        for (Parameter p : params()) {
            System.arraycopy(p.data().toFloatArray(), 0, out, offset, p.numel());
            offset += p.numel();
        }
        return out;
    }

    /** {@code p += step·update} per parameter, in float32 as torch's {@code add_(…, alpha=step)}. */
    private void addGrad(double step, float[] update) {
        float alpha = (float) step;
        float[] x = flatParams();
        for (int i = 0; i < numel; i++) x[i] = Math.fma(alpha, update[i], x[i]);
        setParams(x);
    }

    private void setParams(float[] x) {
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            int offset = 0;
            for (Parameter p : params()) {
                float[] part = new float[p.numel()];
                System.arraycopy(x, offset, part, 0, part.length);
                p.data().copy_(Tensor.of(part, p.shape()));
                offset += part.length;
            }
        }
    }

    /** A float32 dot product (summed in double, then rounded: within an ulp or two of torch's BLAS sdot). */
    private static float dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return (float) s;
    }

    /** {@code y += alpha·x} with one rounding per element, as torch's vectorised {@code add_} (an FMA). */
    private static void axpy(float alpha, float[] x, float[] y) {
        for (int i = 0; i < y.length; i++) y[i] = Math.fma(alpha, x[i], y[i]);
    }

    private static float[] neg(float[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) out[i] = -a[i];
        return out;
    }

    private static float absMax(float[] a) {
        float m = 0;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    private static float absSum(float[] a) {
        double s = 0;
        for (float v : a) s += Math.abs(v);
        return (float) s;
    }

    // ---------------------------------------------------------------- checkpoints

    /**
     * torch's names under the first parameter: {@code state.0.func_evals}, {@code n_iter} (whole numbers), {@code t},
     * {@code H_diag}, {@code prev_loss} (numbers), {@code d}, {@code prev_flat_grad} (flat tensors of every parameter's
     * elements), and the history as {@code old_dirs.<k>}, {@code old_stps.<k>}, {@code ro.<k>}, oldest first.
     */
    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (funcEvals > 0) {
            out.put("state.0.func_evals", funcEvals);
            out.put("state.0.n_iter", nIter);
        }
        if (d != null) {
            out.put("state.0.d", Tensor.of(d.clone(), numel));
            out.put("state.0.t", t);
            for (int k = 0; k < oldDirs.size(); k++) {
                out.put("state.0.old_dirs." + k, Tensor.of(oldDirs.get(k).clone(), numel));
                out.put("state.0.old_stps." + k, Tensor.of(oldStps.get(k).clone(), numel));
                out.put("state.0.ro." + k, (double) ro.get(k));
            }
            out.put("state.0.H_diag", (double) hDiag);
            out.put("state.0.prev_flat_grad", Tensor.of(prevFlatGrad.clone(), numel));
            out.put("state.0.prev_loss", prevLoss);
        }
        Map<String, Object> groups = super.stateDict();
        groups.keySet().removeIf(k -> k.startsWith("state."));
        out.putAll(groups);
        return out;
    }

    @Override
    public void loadStateDict(Map<String, ?> sd) {
        Map<String, Object> groups = new LinkedHashMap<>();
        Map<String, Object> mine = new LinkedHashMap<>();
        sd.forEach((k, v) -> (k.startsWith("state.") ? mine : groups).put(k, v));
        super.loadStateDict(groups);
        funcEvals = mine.get("state.0.func_evals") instanceof Number n ? n.longValue() : 0;
        nIter = mine.get("state.0.n_iter") instanceof Number n ? n.longValue() : 0;
        oldDirs.clear();
        oldStps.clear();
        ro.clear();
        d = mine.containsKey("state.0.d") ? flat(mine, "state.0.d") : null;
        prevFlatGrad = mine.containsKey("state.0.prev_flat_grad") ? flat(mine, "state.0.prev_flat_grad") : null;
        t = mine.get("state.0.t") instanceof Number n ? n.doubleValue() : 0;
        hDiag = mine.get("state.0.H_diag") instanceof Number n ? n.floatValue() : 1f;
        prevLoss = mine.get("state.0.prev_loss") instanceof Number n ? n.doubleValue() : null;
        for (int k = 0; mine.containsKey("state.0.old_dirs." + k); k++) {
            oldDirs.add(flat(mine, "state.0.old_dirs." + k));
            oldStps.add(flat(mine, "state.0.old_stps." + k));
            if (!(mine.get("state.0.ro." + k) instanceof Number r)) throw new IllegalArgumentException("LBFGS state has no state.0.ro." + k);
            ro.add(r.floatValue());
        }
        for (String k : mine.keySet()) {
            if (!k.matches("state\\.0\\.(func_evals|n_iter|d|t|H_diag|prev_flat_grad|prev_loss|(old_dirs|old_stps|ro)\\.\\d+)")) {
                throw new IllegalArgumentException("unexpected key in LBFGS state dict: " + k);
            }
        }
    }

    private float[] flat(Map<String, Object> sd, String key) {
        if (!(sd.get(key) instanceof Tensor tensor)) throw new IllegalArgumentException("LBFGS state has no tensor " + key);
        if (tensor.numel() != numel) {
            throw new IllegalArgumentException("state " + key + " has " + tensor.numel() + " elements but the parameters have " + numel);
        }
        return tensor.toFloatArray();
    }
}
