package layerlab.bench;

import layerlab.nn.Embedding;
import layerlab.nn.LSTM;
import layerlab.nn.LastStep;
import layerlab.nn.Linear;

/**
 * {@code lstm_text_train}: text classification, Embedding(5000,64) → LSTM(64,128, batch_first) → last step →
 * Linear(128,10) on 32 sequences of 50 tokens; CrossEntropyLoss and an Adam(lr 1e-3) step.
 */
final class LstmTextTrainCase extends TokenClassifierCase {
    @Override
    public String name() {
        return "lstm_text_train";
    }

    @Override
    public String description() {
        return "Embedding(5000,64) → LSTM(64,128) → last step → Linear(128,10), batch 32 × 50 tokens, Adam + CrossEntropyLoss step";
    }

    @Override
    Net build() {
        Embedding emb = new Embedding(VOCAB, 64);
        LSTM lstm = new LSTM(64, 128, 1, true, true, 0f, false);
        LastStep last = new LastStep(true);
        Linear fc = new Linear(128, CLASSES);
        return new Net(modules(emb, lstm, fc), x -> fc.forward(last.forward(lstm.forward(emb.forward(x)))));
    }
}
