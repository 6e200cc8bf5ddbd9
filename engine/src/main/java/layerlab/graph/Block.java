package layerlab.graph;

import java.util.Objects;

/**
 * A reusable sub-graph, defined once and placed many times (PyTorch's nested {@code nn.Module}, such as a
 * {@code ResBlock}). Its {@code Input} nodes are its input ports and its {@code Output} nodes its output
 * ports, by node name; an instance is a node of kind {@code Block} whose {@code block} param names the
 * definition, and its parameters are named with the instance prefix ({@code res1.conv1.weight}). Editing the
 * definition therefore updates every instance. The body's own block library is unused: blocks place blocks
 * from the project's library.
 */
public record Block(String name, String description, Graph body) {
    public Block {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(body, "body");
        if (!Names.isIdentifier(name)) {
            throw new IllegalArgumentException("a block's name must be a Python class name (letters, digits, _; not starting with a digit), got '" + name + "'");
        }
    }

    public Block withBody(Graph newBody) {
        return new Block(name, description, newBody);
    }
}
