package layerlab.graph.compile;

import java.util.List;

/** The graph cannot become a model: it has errors, or a kind whose engine layer is not built. Lists every reason. */
public final class CompileException extends RuntimeException {
    private final List<String> reasons;

    public CompileException(List<String> reasons) {
        super(reasons.size() == 1 ? reasons.get(0) : "the graph cannot be compiled:\n  " + String.join("\n  ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    /** One sentence per reason, each naming its node: {@code Conv2d "conv1": Conv2d cannot be compiled yet: …}. */
    public List<String> reasons() {
        return reasons;
    }
}
