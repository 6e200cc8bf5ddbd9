package layerlab.graph.spec;

import java.util.Objects;

/**
 * One input or output of a layer kind: its name (the part after the dot in {@code conv1.out}), type and doc.
 * An optional input may stay unconnected (a sequence's {@code lengths}).
 */
public record PortSpec(String name, PortType type, String doc, boolean optional) {
    public PortSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(doc, "doc");
    }

    public static PortSpec of(String name, PortType type) {
        return new PortSpec(name, type, "", false);
    }

    public static PortSpec optional(String name, PortType type, String doc) {
        return new PortSpec(name, type, doc, true);
    }
}
