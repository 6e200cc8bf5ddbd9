package layerlab.graph.spec;

/**
 * The palette entry and params of a block instance ({@code kind: "Block"}, {@code block: "ResBlock"}). Its
 * ports are the block definition's Input and Output node names, and its shapes come from inferring the
 * definition with the instance's inputs; both need the project's block library, so the analysis and the
 * compiler handle instances themselves and never call this spec's rule.
 */
final class BlockSpec {
    private BlockSpec() {
    }

    static LayerSpec spec() {
        return LayerSpec.builder(Registry.BLOCK, Category.BLOCKS)
                .keywords("module", "sub-graph", "reusable", "group", "resblock", "nn.Module")
                .doc("One placement of a block: a sub-graph defined once in the project (like a ResBlock) and placed many times. "
                        + "Its ports are the block's Input and Output nodes; its parameters are named with this node's name as "
                        + "prefix (res1.conv1.weight); editing the block's definition changes every placement.")
                .param(ParamSpec.string("block", null, "the name of the block definition to place"))
                .rule(ctx -> {
                    throw new IllegalStateException("block instances are inferred through their definition");
                })
                .torch(p -> p.s("block") + "()")
                .build();
    }
}
