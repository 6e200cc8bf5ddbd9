package layerlab.io.onnx;

import java.util.List;

/** A model ONNX cannot hold, or an ONNX file LayerLab cannot import: every reason, each naming its node. */
public final class OnnxException extends IllegalArgumentException {
    private final List<String> reasons;

    public OnnxException(String what, List<String> reasons) {
        super(what + ": " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public OnnxException(String message) {
        super(message);
        this.reasons = List.of(message);
    }

    public List<String> reasons() {
        return reasons;
    }
}
