package layerlab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import layerlab.nn.Embedding;
import layerlab.nn.LayerNorm;
import layerlab.nn.Linear;
import layerlab.nn.MeanOverTime;
import layerlab.nn.Module;
import layerlab.nn.MultiheadAttention;
import layerlab.tensor.Tensor;

/**
 * {@code transformer_train}: a Transformer encoder classifying text, Embedding(5000,64) → two encoder layers as
 * {@code nn.TransformerEncoderLayer(64, 4, dim_feedforward=128, dropout=0, batch_first=True)} computes them (self-attention
 * with 4 heads, plus the input, LayerNorm; Linear 64 → 128, ReLU, Linear 128 → 64, plus its input, LayerNorm) → the mean
 * over the 50 positions → Linear(64,10), on lstm_text_train's 32 sequences of 50 tokens; CrossEntropyLoss and an Adam
 * step.
 */
final class TransformerTrainCase extends TokenClassifierCase {
    static final int DIM = 64, HEADS = 4, FEEDFORWARD = 128, LAYERS = 2;

    @Override
    public String name() {
        return "transformer_train";
    }

    @Override
    public String description() {
        return "Embedding(5000,64) → 2 × TransformerEncoderLayer(64, 4 heads, feed-forward 128) → mean → Linear(64,10), batch 32 × 50 tokens, "
                + "Adam + CrossEntropyLoss step";
    }

    @Override
    Net build() {
        List<Module> modules = new ArrayList<>();
        Embedding emb = new Embedding(VOCAB, DIM);
        modules.add(emb);
        List<UnaryOperator<Tensor>> layers = new ArrayList<>();
        for (int i = 0; i < LAYERS; i++) {
            MultiheadAttention attn = new MultiheadAttention(DIM, HEADS);
            Linear up = new Linear(DIM, FEEDFORWARD), down = new Linear(FEEDFORWARD, DIM);
            LayerNorm norm1 = new LayerNorm(DIM), norm2 = new LayerNorm(DIM);
            modules.addAll(List.of(attn, up, down, norm1, norm2));
            layers.add(x -> {
                Tensor h = norm1.forward(x.add(attn.forward(x)));
                return norm2.forward(h.add(down.forward(up.forward(h).relu())));
            });
        }
        MeanOverTime mean = new MeanOverTime(true);
        Linear fc = new Linear(DIM, CLASSES);
        modules.add(fc);
        return new Net(modules, x -> {
            Tensor h = emb.forward(x);
            for (UnaryOperator<Tensor> layer : layers) h = layer.apply(h);
            return fc.forward(mean.forward(h));
        });
    }
}
