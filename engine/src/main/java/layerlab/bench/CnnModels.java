package layerlab.bench;

import layerlab.nn.AdaptiveAvgPool2d;
import layerlab.nn.BatchNorm2d;
import layerlab.nn.ClassToken;
import layerlab.nn.Conv2d;
import layerlab.nn.Flatten;
import layerlab.nn.GELU;
import layerlab.nn.LayerNorm;
import layerlab.nn.Linear;
import layerlab.nn.MaxPool2d;
import layerlab.nn.Module;
import layerlab.nn.MultiheadAttention;
import layerlab.nn.Parameter;
import layerlab.nn.Permute;
import layerlab.nn.PositionEmbedding;
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

    /**
     * torchvision's {@code resnet18(num_classes=classes)}: Conv2d(3,64,7,s2,p3) → BN → ReLU → MaxPool2d(3,s2,p1), four stages of
     * two basic blocks (64, 128, 256, 512 channels; the last three start with stride 2 and a 1×1 downsample), global
     * average pooling, Linear(512, classes). At 32×32 its last two stages work on 2×2 and 1×1 planes.
     */
    public static Module resnet18(int classes) {
        return new ResNet18(classes);
    }

    /** torchvision's {@code BasicBlock}: conv3×3(stride)-BN-ReLU-conv3×3-BN, plus the input (downsampled when the shape changes), ReLU. */
    public static final class BasicBlock extends Module {
        private final Conv2d conv1, conv2;
        private final BatchNorm2d bn1, bn2;
        private final Sequential downsample;

        public BasicBlock(int in, int out, int stride) {
            conv1 = registerModule("conv1", conv(in, out, 3, stride, 1));
            bn1 = registerModule("bn1", new BatchNorm2d(out));
            conv2 = registerModule("conv2", conv(out, out, 3, 1, 1));
            bn2 = registerModule("bn2", new BatchNorm2d(out));
            downsample = stride != 1 || in != out ? registerModule("downsample", new Sequential(conv(in, out, 1, stride, 0), new BatchNorm2d(out))) : null;
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor out = bn1.forwardRelu(conv1.forward(x));
            out = bn2.forward(conv2.forward(out));
            Tensor identity = downsample == null ? x : downsample.forward(x);
            return out.add(identity).reluOverOutput(out, identity);
        }
    }

    private static Conv2d conv(int in, int out, int k, int stride, int padding) {
        return new Conv2d(in, out, new int[] {k}, new int[] {stride}, new int[] {padding}, new int[] {1}, 1, false, "zeros");
    }

    private static final class ResNet18 extends Module {
        private final Conv2d conv1;
        private final BatchNorm2d bn1;
        private final MaxPool2d maxpool;
        private final Sequential layer1, layer2, layer3, layer4;
        private final AdaptiveAvgPool2d avgpool;
        private final Linear fc;

        ResNet18(int classes) {
            conv1 = registerModule("conv1", conv(3, 64, 7, 2, 3));
            bn1 = registerModule("bn1", new BatchNorm2d(64));
            maxpool = registerModule("maxpool", new MaxPool2d(3, 2, 1));
            layer1 = registerModule("layer1", new Sequential(new BasicBlock(64, 64, 1), new BasicBlock(64, 64, 1)));
            layer2 = registerModule("layer2", new Sequential(new BasicBlock(64, 128, 2), new BasicBlock(128, 128, 1)));
            layer3 = registerModule("layer3", new Sequential(new BasicBlock(128, 256, 2), new BasicBlock(256, 256, 1)));
            layer4 = registerModule("layer4", new Sequential(new BasicBlock(256, 512, 2), new BasicBlock(512, 512, 1)));
            avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(1));
            fc = registerModule("fc", new Linear(512, classes));
        }

        @Override
        public Tensor forward(Tensor x) {
            x = maxpool.forward(bn1.forwardRelu(conv1.forward(x)));
            x = layer4.forward(layer3.forward(layer2.forward(layer1.forward(x))));
            return fc.forward(avgpool.forward(x).flatten(1, -1));
        }
    }

    /**
     * A small ConvNeXt as torchvision builds one ({@code ConvNeXt([CNBlockConfig(32, 64, 2), CNBlockConfig(64, None, 2)])}):
     * a 4×4 stride-4 stem and LayerNorm2d, two CNBlocks at 32 channels, LayerNorm2d and a 2×2 stride-2 downsampling to
     * 64, two CNBlocks, global average pooling, LayerNorm2d, Linear(64, classes). What the importer makes of a ConvNeXt,
     * but for the layer scale, which it takes into the Linear before it.
     */
    public static Module convnext(int classes) {
        return new ConvNeXt(classes);
    }

    /** torchvision's {@code LayerNorm2d}: a LayerNorm over the channels of each position (channels last, and back). */
    static final class LayerNorm2d extends Module {
        private final Permute last = new Permute(0, 2, 3, 1), first = new Permute(0, 3, 1, 2);
        private final LayerNorm norm;

        LayerNorm2d(int channels) {
            norm = registerModule("norm", new LayerNorm(new int[] {channels}, 1e-6, true));
        }

        @Override
        public Tensor forward(Tensor x) {
            return first.forward(norm.forward(last.forward(x)));
        }
    }

    /**
     * torchvision's {@code CNBlock}: depthwise 7×7, channels last, LayerNorm, Linear(C, 4C), GELU, Linear(4C, C), channels
     * first, times the layer scale (1e-6 at the start), plus the input.
     */
    static final class CNBlock extends Module {
        private final Conv2d depthwise;
        private final LayerNorm norm;
        private final Linear up, down;
        private final GELU gelu = new GELU();
        private final Permute last = new Permute(0, 2, 3, 1), first = new Permute(0, 3, 1, 2);
        private final Parameter layerScale;

        CNBlock(int dim) {
            depthwise = registerModule("depthwise", new Conv2d(dim, dim, new int[] {7}, new int[] {1}, new int[] {3}, new int[] {1}, dim, true, "zeros"));
            norm = registerModule("norm", new LayerNorm(new int[] {dim}, 1e-6, true));
            up = registerModule("up", new Linear(dim, 4 * dim));
            down = registerModule("down", new Linear(4 * dim, dim));
            layerScale = registerParameter("layer_scale", Tensor.full(1e-6f, dim, 1, 1));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor y = norm.forward(last.forward(depthwise.forward(x)));
            y = first.forward(down.forward(gelu.forward(up.forward(y))));
            return x.add(layerScale.data().mul(y));
        }
    }

    private static final class ConvNeXt extends Module {
        private final Sequential features;
        private final AdaptiveAvgPool2d avgpool;
        private final LayerNorm2d norm;
        private final Linear fc;

        ConvNeXt(int classes) {
            features = registerModule("features", new Sequential(new Conv2d(3, 32, 4, 4, 0), new LayerNorm2d(32), new CNBlock(32), new CNBlock(32),
                    new LayerNorm2d(32), new Conv2d(32, 64, 2, 2, 0), new CNBlock(64), new CNBlock(64)));
            avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(1));
            norm = registerModule("norm", new LayerNorm2d(64));
            fc = registerModule("fc", new Linear(64, classes));
        }

        @Override
        public Tensor forward(Tensor x) {
            return fc.forward(norm.forward(avgpool.forward(features.forward(x))).flatten(1, -1));
        }
    }

    /**
     * A small Vision Transformer as torchvision's {@code VisionTransformer(image_size=32, patch_size=4, num_layers=2, num_heads=4,
     * hidden_dim=64, mlp_dim=128)}: 4×4 patches of a 3×32×32 picture (a strided Conv2d), a class token, learned positions,
     * two pre-norm encoder blocks (LayerNorm, self-attention, plus; LayerNorm, Linear, GELU, Linear, plus), LayerNorm, the
     * class token to a Linear.
     */
    public static Module vit(int classes) {
        return new Vit(classes);
    }

    private static final class VitBlock extends Module {
        private final LayerNorm ln1, ln2;
        private final MultiheadAttention attention;
        private final Linear up, down;
        private final GELU gelu = new GELU();

        VitBlock(int dim, int heads, int mlp) {
            ln1 = registerModule("ln_1", new LayerNorm(new int[] {dim}, 1e-6, true));
            attention = registerModule("self_attention", new MultiheadAttention(dim, heads));
            ln2 = registerModule("ln_2", new LayerNorm(new int[] {dim}, 1e-6, true));
            up = registerModule("mlp_0", new Linear(dim, mlp));
            down = registerModule("mlp_3", new Linear(mlp, dim));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = x.add(attention.forward(ln1.forward(x)));
            return h.add(down.forward(gelu.forward(up.forward(ln2.forward(h)))));
        }
    }

    private static final class Vit extends Module {
        private final Conv2d patches;
        private final ClassToken token;
        private final PositionEmbedding positions;
        private final Sequential layers;
        private final LayerNorm ln;
        private final Linear head;

        Vit(int classes) {
            patches = registerModule("conv_proj", new Conv2d(3, 64, 4, 4, 0));
            token = registerModule("class_token", new ClassToken(64));
            positions = registerModule("pos_embedding", new PositionEmbedding(65, 64));
            layers = registerModule("layers", new Sequential(new VitBlock(64, 4, 128), new VitBlock(64, 4, 128)));
            ln = registerModule("ln", new LayerNorm(new int[] {64}, 1e-6, true));
            head = registerModule("head", new Linear(64, classes));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor seq = patches.forward(x).flatten(2, -1).transpose(1, 2).contiguous();
            Tensor h = layers.forward(positions.forward(token.forward(seq)));
            return head.forward(ln.forward(h).select(1, 0).contiguous());
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
