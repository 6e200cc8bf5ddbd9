package layerlab.graph.analysis;

/** An error stops the model from compiling; a warning points at something probably unintended. */
public enum Severity {
    ERROR, WARNING
}
