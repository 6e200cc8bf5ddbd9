package layerlab.bench;

import java.util.stream.Stream;
import layerlab.loss.CrossEntropyLoss;
import layerlab.nn.Embedding;
import layerlab.nn.LSTM;
import layerlab.nn.LastStep;
import layerlab.nn.Linear;
import layerlab.optim.Adam;
import layerlab.tensor.Device;
import layerlab.tensor.Generator;
import layerlab.tensor.StepMemory;
import layerlab.tensor.Tensor;

/**
 * {@code lstm_text_train}: text classification, Embedding(5000,64) → LSTM(64,128, batch_first) → last step →
 * Linear(128,10) on 32 sequences of 50 tokens; CrossEntropyLoss and an Adam(lr 1e-3) step.
 */
final class LstmTextTrainCase implements StepCase {
    static final int BATCH = 32, STEPS = 50, VOCAB = 5000, CLASSES = 10;

    @Override
    public String name() {
        return "lstm_text_train";
    }

    @Override
    public String description() {
        return "Embedding(5000,64) → LSTM(64,128) → last step → Linear(128,10), batch 32 × 50 tokens, Adam + CrossEntropyLoss step";
    }

    @Override
    public Unit unit() {
        return Unit.SAMPLES;
    }

    @Override
    public double workPerStep() {
        return BATCH;
    }

    @Override
    public Runnable prepare(Device device) {
        Generator.manualSeed(0);
        Generator g = new Generator(0);
        Embedding emb = new Embedding(VOCAB, 64);
        LSTM lstm = new LSTM(64, 128, 1, true, true, 0f, false);
        LastStep last = new LastStep(true);
        Linear fc = new Linear(128, CLASSES);
        emb.to(device);
        lstm.to(device);
        fc.to(device);
        long[] tokens = new long[BATCH * STEPS], labels = new long[BATCH];
        for (int i = 0; i < tokens.length; i++) tokens[i] = g.nextInt(VOCAB);
        for (int i = 0; i < BATCH; i++) labels[i] = g.nextInt(CLASSES);
        Tensor x = Tensor.ofLongs(tokens, BATCH, STEPS).to(device), y = Tensor.ofLongs(labels).to(device);
        var params = new java.util.ArrayList<>(emb.parameters());
        params.addAll(lstm.parameters());
        params.addAll(fc.parameters());
        Adam opt = new Adam(params);
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        StepMemory memory = new StepMemory();
        return () -> {
            memory.run(() -> {
                opt.zeroGrad();
                lossFn.forward(fc.forward(last.forward(lstm.forward(emb.forward(x)))), y).backward();
            }, () -> Stream.of(emb, lstm, fc).flatMap(m -> m.heldTensors().stream()).toList());
            opt.step();
        };
    }
}
