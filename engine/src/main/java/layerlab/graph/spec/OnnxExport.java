package layerlab.graph.spec;

/**
 * How one layer kind writes itself into an ONNX graph (opset 17): the ops, attributes and initializers for one
 * node, through an {@link OnnxEmitter}. A kind without one cannot be exported, and the exporter says so by name.
 */
@FunctionalInterface
public interface OnnxExport {
    void emit(OnnxEmitter e);
}
