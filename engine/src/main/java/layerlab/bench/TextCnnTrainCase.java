package layerlab.bench;

import layerlab.nn.Conv1d;
import layerlab.nn.Embedding;
import layerlab.nn.Flatten;
import layerlab.nn.Linear;
import layerlab.nn.MaxPool1d;
import layerlab.nn.ReLU;
import layerlab.nn.Transpose;

/**
 * {@code textcnn_train}: text classification by convolution, Embedding(5000,64) → Transpose(1,2) → Conv1d(64,128,5,
 * padding 2) → ReLU → MaxPool1d(50) (the strongest match anywhere in the text) → Flatten → Linear(128,10) on
 * lstm_text_train's 32 sequences of 50 tokens; CrossEntropyLoss and an Adam(lr 1e-3) step.
 */
final class TextCnnTrainCase extends TokenClassifierCase {
    @Override
    public String name() {
        return "textcnn_train";
    }

    @Override
    public String description() {
        return "Embedding(5000,64) → Transpose → Conv1d(64,128,5) → ReLU → max over 50 → Linear(128,10), batch 32 × 50 tokens, Adam + CrossEntropyLoss step";
    }

    @Override
    Net build() {
        Embedding emb = new Embedding(VOCAB, 64);
        Transpose channels = new Transpose(1, 2);
        Conv1d conv = new Conv1d(64, 128, 5, 1, 2);
        ReLU relu = new ReLU();
        MaxPool1d pool = new MaxPool1d(STEPS);
        Flatten flat = new Flatten();
        Linear fc = new Linear(128, CLASSES);
        return new Net(modules(emb, conv, fc),
                x -> fc.forward(flat.forward(pool.forward(relu.forward(conv.forward(channels.forward(emb.forward(x))))))));
    }
}
