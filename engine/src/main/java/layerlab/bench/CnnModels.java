package layerlab.bench;

import layerlab.nn.AdaptiveAvgPool2d;
import layerlab.nn.BatchNorm2d;
import layerlab.nn.Conv2d;
import layerlab.nn.Flatten;
import layerlab.nn.Linear;
import layerlab.nn.MaxPool2d;
import layerlab.nn.Module;
import layerlab.nn.ReLU;
import layerlab.nn.Sequential;
import layerlab.tensor.Tensor;

/**
 * CATALOG's convolutional seed examples, built the way their PyTorch twins in {@code bench/pytorch_bench.py}
 * and the spatial fixtures are, so state-dict keys match: {@code SimpleCNN} and {@code NetWithResBlock}.
 */
public final class CnnModels {
    private CnnModels() {}

    /** Conv2d(1,32,3,p1) → ReLU → MaxPool2d(2) → Conv2d(32,64,3,p1) → ReLU → MaxPool2d(2) → Flatten → Linear(3136,10). */
    public static Sequential simpleCnn() {
        return new Sequential(new Conv2d(1, 32, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, 1, 1), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(3136, 10));
    }

    /** Conv2d(1,16,3,p1) → ResBlock(16) → AdaptiveAvgPool2d(1) → Flatten → Linear(16,10). */
    public static Module netWithResBlock() {
        return new NetWithResBlock();
    }

    /** conv-BN-ReLU-conv-BN, plus the identity, then ReLU. */
    public static final class ResBlock extends Module {
        private final Conv2d conv1, conv2;
        private final BatchNorm2d bn1, bn2;

        public ResBlock(int channels) {
            conv1 = registerModule("conv1", new Conv2d(channels, channels, 3, 1, 1));
            bn1 = registerModule("bn1", new BatchNorm2d(channels));
            conv2 = registerModule("conv2", new Conv2d(channels, channels, 3, 1, 1));
            bn2 = registerModule("bn2", new BatchNorm2d(channels));
        }

        @Override
        public Tensor forward(Tensor x) {
            // The ReLUs overwrite the batch norm's and the sum's fresh outputs, as nn.ReLU(inplace=True) does.
            Tensor out = bn1.forwardRelu(conv1.forward(x));
            out = bn2.forward(conv2.forward(out));
            return out.add(x).reluOverOutput(out, x);
        }
    }

    private static final class NetWithResBlock extends Module {
        private final Conv2d conv1;
        private final ResBlock resblock;
        private final AdaptiveAvgPool2d pool;
        private final Flatten flatten;
        private final Linear fc;

        NetWithResBlock() {
            conv1 = registerModule("conv1", new Conv2d(1, 16, 3, 1, 1));
            resblock = registerModule("resblock", new ResBlock(16));
            pool = registerModule("pool", new AdaptiveAvgPool2d(1));
            flatten = registerModule("flatten", new Flatten());
            fc = registerModule("fc", new Linear(16, 10));
        }

        @Override
        public Tensor forward(Tensor x) {
            return fc.forward(flatten.forward(pool.forward(resblock.forward(conv1.forward(x)))));
        }
    }
}
