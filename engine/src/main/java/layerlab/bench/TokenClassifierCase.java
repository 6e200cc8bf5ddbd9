package layerlab.bench;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import layerlab.loss.CrossEntropyLoss;
import layerlab.nn.Module;
import layerlab.optim.Adam;
import layerlab.tensor.Device;
import layerlab.tensor.Generator;
import layerlab.tensor.StepMemory;
import layerlab.tensor.Tensor;

/**
 * A text classifier's training step: 32 sequences of 50 token ids below 5,000 and labels of 10 classes (seeded),
 * the model's logits, CrossEntropyLoss and an Adam(lr 1e-3) step. The cases differ in the model only.
 */
abstract class TokenClassifierCase implements StepCase {
    static final int BATCH = 32, STEPS = 50, VOCAB = 5000, CLASSES = 10;

    /** The model on {@code device}: the modules that hold parameters, and the forward pass from token ids to logits. */
    record Net(List<Module> modules, UnaryOperator<Tensor> logits) {}

    /** Builds the model (after the seed is set); its modules are moved to the device by the caller. */
    abstract Net build();

    @Override
    public double workPerStep() {
        return BATCH;
    }

    @Override
    public Runnable prepare(Device device) {
        Generator.manualSeed(0);
        Generator g = new Generator(0);
        Net net = build();
        net.modules().forEach(m -> m.to(device));
        long[] tokens = new long[BATCH * STEPS], labels = new long[BATCH];
        for (int i = 0; i < tokens.length; i++) tokens[i] = g.nextInt(VOCAB);
        for (int i = 0; i < BATCH; i++) labels[i] = g.nextInt(CLASSES);
        Tensor x = Tensor.ofLongs(tokens, BATCH, STEPS).to(device), y = Tensor.ofLongs(labels).to(device);
        Adam opt = new Adam(net.modules().stream().flatMap(m -> m.parameters().stream()).toList());
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        StepMemory memory = new StepMemory();
        return () -> {
            memory.run(() -> {
                opt.zeroGrad();
                lossFn.forward(net.logits().apply(x), y).backward();
            }, () -> net.modules().stream().flatMap(m -> m.heldTensors().stream()).toList());
            opt.step();
        };
    }

    static List<Module> modules(Module... m) {
        return Stream.of(m).toList();
    }
}
