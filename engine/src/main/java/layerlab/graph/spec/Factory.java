package layerlab.graph.spec;

import layerlab.nn.Module;

/** Instantiates a layer kind's engine module from its spec and the inferred shapes (never from JSON directly). */
@FunctionalInterface
public interface Factory {
    Module build(BuildContext ctx);
}
