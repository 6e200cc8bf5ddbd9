package layerlab.bench;

import java.util.List;
import layerlab.autograd.Autograd;
import layerlab.loss.CrossEntropyLoss;
import layerlab.nn.Flatten;
import layerlab.nn.Linear;
import layerlab.nn.Module;
import layerlab.nn.ReLU;
import layerlab.nn.Sequential;
import layerlab.optim.SGD;
import layerlab.tensor.Device;
import layerlab.tensor.Generator;
import layerlab.tensor.StepMemory;
import layerlab.tensor.Tensor;

/**
 * {@code mlp_train} / {@code mlp_infer}: CATALOG's {@code NeuralNetwork} (Flatten → Linear(784,512) → ReLU →
 * Linear(512,512) → ReLU → Linear(512,10)) on 1×28×28 inputs: an SGD(lr 0.01) + CrossEntropyLoss step at
 * batch 64, or a no-grad forward at batch 256.
 */
final class MlpCase implements StepCase {
    private final boolean train;

    MlpCase(boolean train) {
        this.train = train;
    }

    static Module neuralNetwork() {
        return new Sequential(new Flatten(), new Linear(784, 512), new ReLU(), new Linear(512, 512), new ReLU(), new Linear(512, 10));
    }

    @Override
    public String name() {
        return train ? "mlp_train" : "mlp_infer";
    }

    @Override
    public String description() {
        return train ? "NeuralNetwork MLP, batch 64, SGD lr 0.01 + CrossEntropyLoss step" : "NeuralNetwork MLP, batch 256, forward without grad";
    }

    @Override
    public double workPerStep() {
        return train ? 64 : 256;
    }

    @Override
    public Runnable prepare(Device device) {
        Generator.manualSeed(0);
        Generator g = new Generator(0);
        Module model = neuralNetwork().to(device);
        int batch = (int) workPerStep();
        Tensor x = Tensor.randn(g, batch, 1, 28, 28).to(device);
        if (!train) {
            model.eval();
            StepMemory memory = new StepMemory();
            return () -> memory.run(() -> {
                try (var ng = Autograd.noGrad()) {
                    model.forward(x);
                }
            }, List::of);
        }
        long[] labels = new long[batch];
        for (int i = 0; i < batch; i++) labels[i] = g.nextInt(10);
        Tensor y = Tensor.ofLongs(labels).to(device);
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        SGD opt = new SGD(model.parameters(), 0.01);
        StepMemory memory = new StepMemory();
        return () -> {
            memory.run(() -> {
                opt.zeroGrad();
                lossFn.forward(model.forward(x), y).backward();
            }, model::heldTensors);
            opt.step();
        };
    }
}
