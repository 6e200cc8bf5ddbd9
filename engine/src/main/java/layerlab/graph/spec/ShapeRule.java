package layerlab.graph.spec;

/**
 * How a layer kind turns input types into output types, with its parameter count, FLOPs and an explanation.
 * It throws {@link ShapeException} (made by the context's {@code fail}) when the inputs cannot work.
 */
@FunctionalInterface
public interface ShapeRule {
    void infer(ShapeContext ctx);
}
