package layerlab.bench;

import java.util.List;
import java.util.function.Supplier;
import layerlab.autograd.Autograd;
import layerlab.loss.CrossEntropyLoss;
import layerlab.nn.Module;
import layerlab.optim.Adam;
import layerlab.optim.Optimizer;
import layerlab.optim.SGD;
import layerlab.tensor.Device;
import layerlab.tensor.Generator;
import layerlab.tensor.StepMemory;
import layerlab.tensor.Tensor;

/**
 * The convolutional cases, twins of {@code cnn_case} in {@code bench/pytorch_bench.py}: one training step
 * (zero grads, forward, CrossEntropyLoss, backward, optimiser step) or one inference forward under no-grad,
 * on a fixed random batch of images (1×28×28 unless a case says).
 */
final class CnnCase implements StepCase {
    enum Optim { NONE, SGD, ADAM }

    private final String name, description;
    private final Supplier<Module> model;
    private final int batch;
    private final Optim optim;
    private final String[] frozen;
    private final int[] sample;

    CnnCase(String name, String description, Supplier<Module> model, int batch, Optim optim, String... frozen) {
        this(name, description, model, new int[] {1, 28, 28}, batch, optim, frozen);
    }

    CnnCase(String name, String description, Supplier<Module> model, int[] sample, int batch, Optim optim, String... frozen) {
        this.sample = sample;
        this.name = name;
        this.description = description;
        this.model = model;
        this.batch = batch;
        this.optim = optim;
        this.frozen = frozen;
    }

    /** {@code cnn_train}: SimpleCNN, batch 64, SGD lr 0.01. */
    static CnnCase cnnTrain() {
        return new CnnCase("cnn_train", "SimpleCNN training step, batch 64, SGD", CnnModels::simpleCnn, 64, Optim.SGD);
    }

    /** {@code cnn_finetune}: SimpleCNN with both convolutions frozen (only the Linear head trains), batch 64, SGD lr 0.01. */
    static CnnCase cnnFinetune() {
        return new CnnCase("cnn_finetune", "SimpleCNN training step with conv1 and conv2 frozen, batch 64, SGD", CnnModels::simpleCnn, 64, Optim.SGD,
                "0", "3");
    }

    /** {@code resnet_train}: NetWithResBlock, batch 64, Adam lr 1e-3. */
    static CnnCase resnetTrain() {
        return new CnnCase("resnet_train", "NetWithResBlock training step, batch 64, Adam", CnnModels::netWithResBlock, 64, Optim.ADAM);
    }

    /**
     * {@code resnet18_train}: torchvision's ResNet-18 (10 classes) on 3×32×32 images, batch 64, Adam lr 1e-3: wide
     * convolutions on small planes (512 channels at 1×1 in its last stage), which none of the cases above has.
     */
    static CnnCase resnet18Train() {
        return new CnnCase("resnet18_train", "ResNet-18 (torchvision's) training step on 3×32×32, batch 64, Adam", () -> CnnModels.resnet18(10),
                new int[] {3, 32, 32}, 64, Optim.ADAM);
    }

    /**
     * {@code convnext_train}: a small ConvNeXt (torchvision's blocks: depthwise 7×7, LayerNorm and Linear layers over
     * the channels last, GELU) on 3×32×32 images, batch 64, Adam lr 1e-3.
     */
    static CnnCase convnextTrain() {
        return new CnnCase("convnext_train", "ConvNeXt (torchvision's blocks, 32 and 64 channels) training step on 3×32×32, batch 64, Adam",
                () -> CnnModels.convnext(10), new int[] {3, 32, 32}, 64, Optim.ADAM);
    }

    /**
     * {@code vit_train}: a small Vision Transformer (torchvision's, 4×4 patches, width 64, 2 blocks of 4 heads) on 3×32×32
     * images, batch 64, Adam lr 1e-3: attention over 65 positions, LayerNorm and GELU, as a picture model.
     */
    static CnnCase vitTrain() {
        return new CnnCase("vit_train", "Vision Transformer (torchvision's, 4×4 patches, width 64, 2 blocks, 4 heads) training step on 3×32×32, batch 64, Adam",
                () -> CnnModels.vit(10), new int[] {3, 32, 32}, 64, Optim.ADAM);
    }

    /** {@code cnn_infer}: SimpleCNN forward, batch 256, no grad. */
    static CnnCase cnnInfer() {
        return new CnnCase("cnn_infer", "SimpleCNN inference, batch 256, no grad", CnnModels::simpleCnn, 256, Optim.NONE);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public double workPerStep() {
        return batch;
    }

    @Override
    public Runnable prepare(Device device) {
        Generator.manualSeed(0);
        Module m = model.get().to(device);
        for (String child : frozen) m.namedChildren().get(child).requiresGrad(false);
        Generator g = new Generator(1);
        Tensor x = Tensor.randn(g, batch, sample[0], sample[1], sample[2]).to(device);
        long[] labels = new long[batch];
        for (int i = 0; i < batch; i++) labels[i] = g.nextInt(10);
        Tensor y = Tensor.ofLongs(labels).to(device);
        if (optim == Optim.NONE) {
            m.eval();
            StepMemory memory = new StepMemory();
            return () -> memory.run(() -> {
                try (var ignored = Autograd.noGrad()) {
                    m.forward(x);
                }
            }, List::of);
        }
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        Optimizer opt = optim == Optim.SGD ? new SGD(m.parameters(), 0.01) : new Adam(m.parameters(), 1e-3);
        StepMemory memory = new StepMemory();
        return () -> {
            memory.run(() -> {
                opt.zeroGrad();
                lossFn.forward(m.forward(x), y).backward();
            }, m::heldTensors);
            opt.step();
        };
    }
}
