package layerlab.ui.inspect;

/** The line over the inspector's statistics table (no JavaFX here: tests read it without a toolkit). */
final class StatsStepLine {
    private StatsStepLine() {
    }

    /**
     * Which step the table's figures are of. Statistics are taken every few steps (stats_every), not at the run's last
     * one: where the run has gone past the latest taken, the line says so, and how often they are taken, so that a
     * table of step 751 after a run of 800 steps is no puzzle.
     */
    static String of(long statsStep, long runStep, Object every) {
        String what = ": the weights that step started from, and its gradients before any clipping.";
        if (runStep <= statsStep) return "Statistics of training step " + statsStep + ", the latest" + what;
        String often = every instanceof Number n && n.longValue() > 0 ? "every " + n.longValue() + " steps (stats_every)" : "every few steps (stats_every)";
        return "Statistics of training step " + statsStep + ", taken " + often + "; the run is at step " + runStep + what;
    }
}
