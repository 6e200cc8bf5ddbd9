package layerlab.graph.spec;

/**
 * The PyTorch code for a layer kind with given params: a constructor ({@code nn.Conv2d(1, 32, kernel_size=3,
 * padding=1)}) or, for the graph ops that are not modules, the expression ({@code torch.cat([a, b], dim=1)}).
 */
@FunctionalInterface
public interface TorchText {
    String text(Params params);
}
