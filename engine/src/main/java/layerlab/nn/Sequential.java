package layerlab.nn;

import layerlab.tensor.Tensor;

/** Modules applied in order; children are named "0", "1", … as in PyTorch. */
public final class Sequential extends Module {
    private final Module[] layers;

    public Sequential(Module... layers) {
        this.layers = layers.clone();
        for (int i = 0; i < layers.length; i++) registerModule(Integer.toString(i), layers[i]);
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (int i = 0; i < layers.length; i++) {
            // A layer followed by a ReLU runs with it (ReluFusable): the layer's own output is seen by nobody else here.
            if (layers[i] instanceof ReluFusable fusable && i + 1 < layers.length && layers[i + 1] instanceof ReLU) {
                x = fusable.forwardRelu(x);
                i++;
            } else {
                x = layers[i].forward(x);
            }
        }
        return x;
    }

    public Module get(int i) {
        return layers[i];
    }

    public int size() {
        return layers.length;
    }
}
