package layerlab.graph.spec;

import java.util.List;
import layerlab.tensor.DType;

/** Where data enters and predictions leave: {@code Input} and {@code Output}. The compiler handles both itself. */
final class DataSpecs {
    private DataSpecs() {
    }

    static List<LayerSpec> all() {
        return List.of(input(), output());
    }

    private static LayerSpec input() {
        return LayerSpec.builder("Input", Category.DATA)
                .keywords("data", "features", "images", "tokens", "labels", "target", "placeholder")
                .doc("Where a batch of data enters the network. Its shape is per sample; the batch adds the "
                        + "symbolic first dimension N, so shape [1, 28, 28] gives [N, 1, 28, 28]. Use dtype int64 for "
                        + "token ids (into an Embedding) and class labels (a loss's target), with shape [] for one label "
                        + "per sample, giving [N]. Inside a block, an Input is one of the block's input ports and its "
                        + "shape comes from what is connected to the block.")
                .param(ParamSpec.shape("shape", List.of(1, 28, 28), 1, "the shape of one sample, without the batch dimension"))
                .param(ParamSpec.choice("dtype", "float32", List.of("float32", "int64"),
                        "float32 for values; int64 for token ids and class labels"))
                .out("out", PortType.ANY)
                .rule(ctx -> {
                    List<Integer> s = ctx.ints("shape");
                    DType dtype = ctx.s("dtype").equals("int64") ? DType.INT64 : DType.FLOAT32;
                    TensorType t = TensorType.batch(dtype, s.stream().mapToInt(Integer::intValue).toArray());
                    ctx.out("out", t);
                    ctx.explain("out = [N] + shape " + s + " = " + t.describe() + " (N: the batch size)");
                })
                // What forward() is given, short enough for a card's line: "# float32 [N, 4]".
                .torch(p -> "# " + p.s("dtype") + " " + TensorType.batch(p.ints("shape").stream().mapToInt(Integer::intValue).toArray()).describe())
                .build();
    }

    private static LayerSpec output() {
        return LayerSpec.builder("Output", Category.DATA)
                .keywords("prediction", "logits", "result", "return")
                .doc("Marks what the model returns: the tensor connected to it is one of forward()'s results "
                        + "(the logits a loss or a prediction reads). Inside a block, an Output is one of the block's "
                        + "output ports.")
                .in("in", PortType.ANY)
                .rule(ctx -> ctx.explain("returns " + ctx.in("in").describe()))
                .torch(p -> "return x")
                .build();
    }
}
