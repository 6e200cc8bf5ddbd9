package layerlab.graph.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.nn.MultiheadAttention;

/**
 * {@code MultiheadAttention}: the layer of a Transformer that lets each position of a sequence weigh every position of
 * another (or the same) one. LayerLab's sequences are batch first, so the PyTorch text says {@code batch_first=True}.
 */
final class AttentionSpecs {
    private AttentionSpecs() {
    }

    static List<LayerSpec> all() {
        return List.of(multiheadAttention(), positionalEncoding(), positionEmbedding(), classToken());
    }

    /** The Transformer tutorial's class, batch first, as the exported script defines it. */
    static final String POSITIONAL_ENCODING_CLASS = """


            class PositionalEncoding(nn.Module):
                \"""PyTorch's Transformer tutorial's positional encoding, batch first: x [N, T, d_model] + pe[:T], then dropout.\"""

                def __init__(self, d_model, dropout=0.1, max_len=5000):
                    super().__init__()
                    self.dropout = nn.Dropout(p=dropout)
                    position = torch.arange(max_len).unsqueeze(1)
                    div_term = torch.exp(torch.arange(0, d_model, 2) * (-9.210340371976184 / d_model))  # -ln(10000) / d_model
                    pe = torch.zeros(max_len, d_model)
                    pe[:, 0::2] = torch.sin(position * div_term)
                    pe[:, 1::2] = torch.cos(position * div_term[:d_model // 2])
                    self.register_buffer("pe", pe, persistent=False)

                def forward(self, x):
                    return self.dropout(x + self.pe[:x.size(1)])
            """;

    private static LayerSpec positionalEncoding() {
        return LayerSpec.builder("PositionalEncoding", Category.ATTENTION)
                .keywords("position", "positional embedding", "sinusoidal", "transformer", "word order")
                .doc("Adds to each position of a sequence a pattern of its own, sines and cosines of its index at d_model frequencies "
                        + "(\"Attention Is All You Need\"; PyTorch's Transformer tutorial's PositionalEncoding), then dropout: [N, T, d_model] → "
                        + "the same shape. Attention alone does not know where a token stands; after this it can. No parameters; up to max_len "
                        + "positions.")
                .param(ParamSpec.integer("d_model", null, 1, null, "features per position (from the incoming shape)").fromShape().positionalArg())
                .param(ParamSpec.real("dropout", 0.1, 0.0, 1.0, "dropout after adding (training only)"))
                .param(ParamSpec.integer("max_len", 5000, 1, null, "the longest sequence it encodes"))
                .in("in", PortType.SEQUENCE)
                .out("out", PortType.SEQUENCE)
                .rule(ctx -> {
                    InputInfo in = ctx.input("in");
                    TensorType t = ctx.in("in");
                    if (t.rank() != 3 || !t.batchFirst()) throw ctx.failPort("in", "expects a sequence [N, T, d_model] but " + Rules.from(ctx, in) + " gives " + t);
                    ctx.fill("d_model", t.dim(2), set -> "d_model is " + set + " but " + Rules.from(ctx, in) + " gives " + t.dim(2) + " features per position (" + t + ")");
                    if (t.dim(1) > ctx.i("max_len")) {
                        throw ctx.failParam("max_len", "max_len is " + ctx.i("max_len") + " but the sequence has " + t.dim(1) + " positions");
                    }
                    ctx.out("out", t);
                    ctx.explain("out = " + t + ": each of the " + t.dim(1) + " positions plus its sines and cosines");
                })
                .factory(c -> new layerlab.nn.PositionalEncoding(c.i("d_model"), c.d("dropout"), c.i("max_len")))
                .torch(p -> "PositionalEncoding(" + p.i("d_model") + (p.d("dropout") == 0.1 ? "" : ", dropout=" + Py.num(p.d("dropout")))
                        + (p.i("max_len") == 5000 ? "" : ", max_len=" + p.i("max_len")) + ")")
                .torchClass(POSITIONAL_ENCODING_CLASS)
                .onnx(e -> {
                    // pe[:T] as a constant added (dropout is the identity in an exported model); read back as this layer.
                    e.composite();
                    int steps = e.inputType("in").dim(1), d = e.i("d_model");
                    e.op("Add", List.of(e.input("in"), e.constant("pe", layerlab.nn.PositionalEncoding.table(steps, d))), e.output("out"));
                })
                .build();
    }

    /** torchvision's VisionTransformer's class token, as the exported script defines it. */
    static final String CLASS_TOKEN_CLASS = """


            class ClassToken(nn.Module):
                \"""A learned token before each sequence, as torchvision's VisionTransformer puts its class_token: [N, L, D] → [N, L + 1, D].\"""

                def __init__(self, embed_dim):
                    super().__init__()
                    self.class_token = nn.Parameter(torch.zeros(1, 1, embed_dim))

                def forward(self, x):
                    return torch.cat([self.class_token.expand(x.size(0), -1, -1), x], dim=1)
            """;

    /** torchvision's ViT encoder's learned positions, as the exported script defines them. */
    static final String POSITION_EMBEDDING_CLASS = """


            class PositionEmbedding(nn.Module):
                \"""A learned vector for each position, added, as torchvision's ViT encoder's pos_embedding: [N, L, D] + [1, L, D].\"""

                def __init__(self, num_positions, embed_dim):
                    super().__init__()
                    self.pos_embedding = nn.Parameter(torch.empty(1, num_positions, embed_dim).normal_(std=0.02))

                def forward(self, x):
                    return x + self.pos_embedding
            """;

    private static TensorType sequenceIn(ShapeContext ctx) {
        TensorType t = ctx.in("in");
        if (t.rank() != 3 || !t.batchFirst()) throw ctx.failPort("in", "expects a sequence [N, L, embed_dim] but " + Rules.from(ctx, ctx.input("in")) + " gives " + t);
        return t;
    }

    private static LayerSpec classToken() {
        return LayerSpec.builder("ClassToken", Category.ATTENTION)
                .keywords("cls token", "class token", "vision transformer", "vit", "bert cls", "prepend")
                .doc("Puts a learned token before each sequence: [N, L, embed_dim] → [N, L + 1, embed_dim], position 0 the same vector "
                        + "for every sample. Through the encoder it gathers what the whole sequence holds; a Select of position 0 then "
                        + "feeds the classifier. A Vision Transformer's class_token (torchvision's VisionTransformer), BERT's [CLS]. "
                        + "Starts at zeros, as torchvision's.")
                .param(ParamSpec.integer("embed_dim", null, 1, null, "features per position (from the incoming shape)").fromShape().positionalArg())
                .in("in", PortType.SEQUENCE)
                .out("out", PortType.SEQUENCE)
                .rule(ctx -> {
                    TensorType t = sequenceIn(ctx);
                    int d = ctx.fill("embed_dim", t.dim(2), set -> "embed_dim is " + set + " but " + Rules.from(ctx, ctx.input("in")) + " gives " + t.dim(2)
                            + " features per position (" + t + ")");
                    TensorType out = t.withDim(1, t.dim(1) + 1);
                    ctx.out("out", out);
                    ctx.paramCount(d);
                    ctx.explain("out = " + out + ": the class token, then the " + t.dim(1) + " positions");
                })
                .factory(c -> new layerlab.nn.ClassToken(c.i("embed_dim")))
                .torch(p -> "ClassToken(" + p.i("embed_dim") + ")")
                .torchClass(CLASS_TOKEN_CLASS)
                .onnx(e -> {
                    // class_token expanded to the batch (its size read from the input) and joined before the positions.
                    e.composite();
                    int d = e.i("embed_dim");
                    String shape = e.temp("shape"), batch = e.temp("batch"), tiled = e.temp("tiled"), dims = e.temp("dims");
                    e.op("Shape", List.of(e.input("in")), shape);
                    e.op("Slice", List.of(shape, e.longs("from", 0), e.longs("to", 1), e.longs("axis", 0)), batch);
                    e.op("Concat", List.of(batch, e.longs("rest", 1, d)), dims).i("axis", 0);
                    e.op("Expand", List.of(e.param("class_token"), dims), tiled);
                    e.op("Concat", List.of(tiled, e.input("in")), e.output("out")).i("axis", 1);
                })
                .build();
    }

    private static LayerSpec positionEmbedding() {
        return LayerSpec.builder("PositionEmbedding", Category.ATTENTION)
                .keywords("learned positions", "positional embedding", "pos_embedding", "vision transformer", "vit", "bert")
                .doc("Adds a learned vector to each position of a sequence: [N, L, embed_dim] + pos_embedding [1, L, embed_dim], the same shape "
                        + "out. Where PositionalEncoding adds fixed sines and cosines, this learns where each position stands, as a Vision "
                        + "Transformer's encoder (torchvision's pos_embedding) and BERT do; the sequence must have exactly num_positions "
                        + "positions. Starts normal with standard deviation 0.02, as torchvision's.")
                .param(ParamSpec.integer("num_positions", null, 1, null, "positions in the sequence (from the incoming shape)").fromShape().positionalArg())
                .param(ParamSpec.integer("embed_dim", null, 1, null, "features per position (from the incoming shape)").fromShape().positionalArg())
                .in("in", PortType.SEQUENCE)
                .out("out", PortType.SEQUENCE)
                .rule(ctx -> {
                    TensorType t = sequenceIn(ctx);
                    InputInfo in = ctx.input("in");
                    int l = ctx.fill("num_positions", t.dim(1), set -> "num_positions is " + set + " but " + Rules.from(ctx, in) + " gives " + t.dim(1)
                            + " positions (" + t + "); the learned positions fit one length");
                    int d = ctx.fill("embed_dim", t.dim(2), set -> "embed_dim is " + set + " but " + Rules.from(ctx, in) + " gives " + t.dim(2)
                            + " features per position (" + t + ")");
                    ctx.out("out", t);
                    ctx.paramCount((long) l * d);
                    ctx.flops(t.perSample());
                    ctx.explain("out = " + t + ": each position plus its learned vector; params = " + l + "·" + d + " = " + Rules.n((long) l * d));
                })
                .factory(c -> new layerlab.nn.PositionEmbedding(c.i("num_positions"), c.i("embed_dim")))
                .torch(p -> "PositionEmbedding(" + p.i("num_positions") + ", " + p.i("embed_dim") + ")")
                .torchClass(POSITION_EMBEDDING_CLASS)
                .onnx(e -> e.op("Add", List.of(e.input("in"), e.param("pos_embedding")), e.output("out")))
                .build();
    }

    private static LayerSpec multiheadAttention() {
        return LayerSpec.builder("MultiheadAttention", Category.ATTENTION)
                .keywords("attention", "self-attention", "cross-attention", "transformer", "heads", "query key value", "qkv", "mha", "encoder")
                .doc("Lets each position of a sequence look at every position of another one and take a weighted mix of what it finds: "
                        + "query [N, L, E], key and value [N, S, E] → out [N, L, E] and weights [N, L, S], the attention averaged over the "
                        + "heads (row i: how much position i looked at each key position). Leave key unconnected for self-attention (the "
                        + "query is the key and the value); value unconnected: the key. Each of num_heads heads works on E/num_heads "
                        + "values: softmax(q·kᵀ/√(E/num_heads))·v. causal: position i sees only positions up to i (a decoder, a language "
                        + "model). lengths (int64 [N]) keeps padded key positions out. Parameters: 4·E² weights and 4·E biases.")
                .param(ParamSpec.integer("embed_dim", null, 1, null, "features per position, E (from the incoming shape)").fromShape().positionalArg())
                .param(ParamSpec.integer("num_heads", 4, 1, null, "attention heads; each gets embed_dim / num_heads of the features").positionalArg())
                .param(ParamSpec.real("dropout", 0.0, 0.0, 1.0, "dropout on the attention weights (training only)"))
                .param(ParamSpec.bool("bias", true, "learn biases for the projections"))
                .param(ParamSpec.bool("causal", false, "each position looks only at itself and the positions before it (PyTorch: an attn_mask)"))
                .in("query", PortType.SEQUENCE)
                .inOptional("key", PortType.SEQUENCE, "the sequence looked at, [N, S, E] (unconnected: the query itself)")
                .inOptional("value", PortType.SEQUENCE, "what is mixed, [N, S, E] (unconnected: the key)")
                .inOptional("lengths", PortType.INDICES, "each key sequence's valid length, int64 [N] (optional)")
                .out("out", PortType.SEQUENCE)
                .out("weights", PortType.FLOAT)
                .rule(AttentionSpecs::infer)
                .parameterRoles(p -> p.b("bias") ? Map.of("in_proj_weight", 2, "weight", 2, "in_proj_bias", 1, "bias", 1) : Map.of("in_proj_weight", 2, "weight", 2))
                .defaultInit("in_proj_weight xavier_uniform, out_proj.weight kaiming_uniform(a=√5), in_proj_bias and out_proj.bias zeros")
                .factory(c -> new MultiheadAttention(c.i("embed_dim"), c.i("num_heads"), c.d("dropout"), c.b("bias"), c.b("causal")))
                .invoker((m, in) -> ((MultiheadAttention) m).forwardFull(in[0], in[1], in[2], in[3]))
                .torch(p -> "nn.MultiheadAttention(" + p.i("embed_dim") + ", " + p.i("num_heads")
                        + (p.d("dropout") == 0 ? "" : ", dropout=" + Py.num(p.d("dropout"))) + (p.b("bias") ? "" : ", bias=False") + ", batch_first=True)")
                .torchCall((p, self, v) -> {
                    String q = v.get("query"), k = v.get("key") == null ? q : v.get("key"), val = v.get("value") == null ? k : v.get("value");
                    List<String> args = new ArrayList<>(List.of(q, k, val));
                    if (v.get("lengths") != null) {
                        args.add("key_padding_mask=torch.arange(" + k + ".size(1), device=" + k + ".device)[None, :] >= " + v.get("lengths") + "[:, None]");
                    }
                    if (p.b("causal")) args.add("attn_mask=nn.Transformer.generate_square_subsequent_mask(" + q + ".size(1)).to(" + q + ".device)");
                    return self + "(" + String.join(", ", args) + ")";
                })
                .onnx(AttentionSpecs::onnx)
                .build();
    }

    private static void infer(ShapeContext ctx) {
        InputInfo qi = ctx.input("query");
        TensorType q = ctx.in("query");
        if (q.rank() != 3 || !q.batchFirst()) {
            throw ctx.failPort("query", "expects a sequence [N, L, embed_dim] but " + Rules.from(ctx, qi) + " gives " + q);
        }
        int e = ctx.fill("embed_dim", q.dim(2), set -> "embed_dim is " + set + " but " + Rules.from(ctx, qi) + " gives " + q.dim(2)
                + " features per position (" + q + ")");
        int heads = ctx.i("num_heads");
        if (e % heads != 0) {
            throw ctx.failParam("num_heads", "embed_dim " + e + " cannot be split among " + heads + " heads (each head takes embed_dim / num_heads "
                    + "features): pick a num_heads that divides " + e);
        }
        InputInfo ki = ctx.input("key"), vi = ctx.input("value");
        TensorType k = ki == null ? q : ki.type();
        if (ki != null && (k.rank() != 3 || !k.batchFirst() || k.dim(2) != e)) {
            throw ctx.failPort("key", "expects a sequence [N, S, " + e + "] (embed_dim features a position, as the query has) but " + Rules.from(ctx, ki)
                    + " gives " + k);
        }
        TensorType v = vi == null ? k : vi.type();
        if (vi != null && (v.rank() != 3 || !v.batchFirst() || v.dim(2) != e || v.dim(1) != k.dim(1))) {
            throw ctx.failPort("value", "expects a sequence [N, " + k.dim(1) + ", " + e + "] (one position for each of the key's, embed_dim features) but "
                    + Rules.from(ctx, vi) + " gives " + v);
        }
        int l = q.dim(1), s = k.dim(1);
        if (ctx.b("causal") && l != s) {
            throw ctx.failParam("causal", "causal needs the query and the key to have as many positions, but they have " + l + " and " + s);
        }
        InputInfo lengths = ctx.input("lengths");
        if (lengths != null && !(lengths.type().rank() == 1 && lengths.type().batchFirst())) {
            throw ctx.failPort("lengths", "lengths must be one int64 length per sample, [N], but " + lengths.source() + " gives " + lengths.type().describe());
        }
        TensorType out = TensorType.batch(l, e), weights = TensorType.batch(l, s);
        ctx.out("out", out);
        ctx.out("weights", weights);
        boolean bias = ctx.b("bias");
        long params = 4L * e * e + (bias ? 4L * e : 0);
        ctx.paramCount(params);
        ctx.flops(2L * e * e * (2L * l + 2L * s) + 4L * l * s * e);
        String kind = ki == null && vi == null ? "self-attention" : "attention";
        ctx.explain("out = " + out + ": " + kind + " of " + l + " positions over " + s + ", " + heads + " heads of " + e / heads + " features");
        ctx.explain("weights = " + weights + ": each position's weights over the " + s + " key positions, averaged over the heads");
        ctx.explain("params = 4·" + e + "² " + (bias ? "+ 4·" + e + " " : "") + "= " + Rules.n(params));
    }

    /**
     * The layer in ONNX ops, as torch.onnx.export writes it: the three projections (MatMul with the transposed slices
     * of in_proj_weight, Add their biases), the heads split by Reshape and Transpose, scores scaled by √(1/head_dim), a
     * causal mask added, with lengths −∞ added to the scores of each padded key (PyTorch's key_padding_mask), Softmax,
     * the values mixed, the heads joined, out_proj; the weights are the softmax averaged over the heads (ReduceMean). The
     * ops are marked a composite
     * ({@link OnnxEmitter#composite}), which LayerLab imports back as this layer.
     */
    private static void onnx(OnnxEmitter e) {
        // ONNX (opset 17) has no attention op: LayerLab's importer reads these ops back as the one layer.
        e.composite();
        int dim = e.i("embed_dim"), heads = e.i("num_heads"), hd = dim / heads;
        String q = e.input("query"), k = e.input("key") == null ? q : e.input("key"), v = e.input("value") == null ? k : e.input("value");
        int l = e.inputType("query").dim(1), s = e.outputType("weights").dim(2);
        String w = e.param("in_proj_weight"), b = e.b("bias") ? e.param("in_proj_bias") : null;
        String[] names = {"q", "k", "v"};
        String[] src = {q, k, v};
        String[] split = new String[3];
        for (int i = 0; i < 3; i++) {
            // x · W[i·E : (i+1)·E]ᵀ + b[i·E : (i+1)·E]
            String from = e.longs(names[i] + "_from", (long) i * dim), to = e.longs(names[i] + "_to", (long) (i + 1) * dim), axis = e.longs(names[i] + "_axis", 0);
            String wi = e.temp(names[i] + "_proj_weight"), wt = e.temp(names[i] + "_proj_weight_t");
            e.op("Slice", List.of(w, from, to, axis), wi);
            e.op("Transpose", List.of(wi), wt).ints("perm", 1, 0);
            String proj = e.temp(names[i] + "_proj");
            e.op("MatMul", List.of(src[i], wt), proj);
            if (b != null) {
                String bi = e.temp(names[i] + "_proj_bias"), biased = e.temp(names[i] + "_biased");
                e.op("Slice", List.of(b, from, to, axis), bi);
                e.op("Add", List.of(proj, bi), biased);
                proj = biased;
            }
            String shaped = e.temp(names[i] + "_heads");
            e.op("Reshape", List.of(proj, e.longs(names[i] + "_heads_shape", 0, i == 0 ? l : s, heads, hd)), shaped);
            split[i] = e.temp(names[i] + "_t");
            // [N, T, heads, hd] → [N, heads, T, hd]; the key straight to [N, heads, hd, S] for the product.
            e.op("Transpose", List.of(shaped), split[i]).ints("perm", i == 1 ? new int[] {0, 2, 3, 1} : new int[] {0, 2, 1, 3});
        }
        String scaled = e.temp("q_scaled");
        e.op("Mul", List.of(split[0], e.scalar("scale", (float) Math.sqrt(1.0 / hd))), scaled);
        String scores = e.temp("scores");
        e.op("MatMul", List.of(scaled, split[1]), scores);
        if (e.b("causal")) {
            float[] mask = new float[l * s];
            for (int i = 0; i < l; i++) for (int j = i + 1; j < s; j++) mask[i * s + j] = Float.NEGATIVE_INFINITY;
            String masked = e.temp("scores_masked");
            e.op("Add", List.of(scores, e.float32("causal_mask", new int[] {l, s}, mask)), masked);
            scores = masked;
        }
        if (e.input("lengths") != null) {
            // key_padding_mask: 0 for the key positions before a sequence's length, −∞ from it on, [N, 1, 1, S].
            long[] range = new long[s];
            for (int j = 0; j < s; j++) range[j] = j;
            String lengths = e.temp("lengths_2d"), valid = e.temp("key_valid"), add = e.temp("key_mask"), add4 = e.temp("key_mask_4d");
            e.op("Unsqueeze", List.of(e.input("lengths"), e.longs("lengths_axis", 1)), lengths);
            e.op("Less", List.of(e.int64("key_steps", new int[] {1, s}, range), lengths), valid);
            e.op("Where", List.of(valid, e.scalar("kept", 0f), e.scalar("padded", Float.NEGATIVE_INFINITY)), add);
            e.op("Unsqueeze", List.of(add, e.longs("mask_axes", 1, 2)), add4);
            String masked = e.temp("scores_unpadded");
            e.op("Add", List.of(scores, add4), masked);
            scores = masked;
        }
        String weights = e.temp("attn");
        e.op("Softmax", List.of(scores), weights).i("axis", -1);
        String mixed = e.temp("mixed");
        e.op("MatMul", List.of(weights, split[2]), mixed);
        String joined = e.temp("mixed_t");
        e.op("Transpose", List.of(mixed), joined).ints("perm", 0, 2, 1, 3);
        String flat = e.temp("mixed_flat");
        e.op("Reshape", List.of(joined, e.longs("joined_shape", 0, l, dim)), flat);
        String outProj = e.b("bias") ? e.temp("out_proj") : e.output("out"), wo = e.temp("out_proj_weight_t");
        e.op("Transpose", List.of(e.param("out_proj.weight")), wo).ints("perm", 1, 0);
        e.op("MatMul", List.of(flat, wo), outProj);
        if (e.b("bias")) e.op("Add", List.of(outProj, e.param("out_proj.bias")), e.output("out"));
        e.op("ReduceMean", List.of(weights), e.output("weights")).ints("axes", 1).i("keepdims", 0);
    }
}
