package layerlab.bench;

import java.util.stream.Stream;
import layerlab.loss.CrossEntropyLoss;
import layerlab.nn.Conv1d;
import layerlab.nn.Embedding;
import layerlab.nn.Flatten;
import layerlab.nn.Linear;
import layerlab.nn.MaxPool1d;
import layerlab.nn.ReLU;
import layerlab.nn.Transpose;
import layerlab.optim.Adam;
import layerlab.tensor.Device;
import layerlab.tensor.Generator;
import layerlab.tensor.StepMemory;
import layerlab.tensor.Tensor;

/**
 * {@code textcnn_train}: text classification by convolution, Embedding(5000,64) → Transpose(1,2) → Conv1d(64,128,5,
 * padding 2) → ReLU → MaxPool1d(50) (the strongest match anywhere in the text) → Flatten → Linear(128,10) on 32
 * sequences of 50 tokens; CrossEntropyLoss and an Adam(lr 1e-3) step. lstm_text_train's data, read by filters.
 */
final class TextCnnTrainCase implements StepCase {
    static final int BATCH = 32, STEPS = 50, VOCAB = 5000, CLASSES = 10;

    @Override
    public String name() {
        return "textcnn_train";
    }

    @Override
    public String description() {
        return "Embedding(5000,64) → Transpose → Conv1d(64,128,5) → ReLU → max over 50 → Linear(128,10), batch 32 × 50 tokens, Adam + CrossEntropyLoss step";
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
        Transpose channels = new Transpose(1, 2);
        Conv1d conv = new Conv1d(64, 128, 5, 1, 2);
        ReLU relu = new ReLU();
        MaxPool1d pool = new MaxPool1d(STEPS);
        Flatten flat = new Flatten();
        Linear fc = new Linear(128, CLASSES);
        emb.to(device);
        conv.to(device);
        fc.to(device);
        long[] tokens = new long[BATCH * STEPS], labels = new long[BATCH];
        for (int i = 0; i < tokens.length; i++) tokens[i] = g.nextInt(VOCAB);
        for (int i = 0; i < BATCH; i++) labels[i] = g.nextInt(CLASSES);
        Tensor x = Tensor.ofLongs(tokens, BATCH, STEPS).to(device), y = Tensor.ofLongs(labels).to(device);
        var params = new java.util.ArrayList<>(emb.parameters());
        params.addAll(conv.parameters());
        params.addAll(fc.parameters());
        Adam opt = new Adam(params);
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        StepMemory memory = new StepMemory();
        return () -> {
            memory.run(() -> {
                opt.zeroGrad();
                Tensor h = pool.forward(relu.forward(conv.forward(channels.forward(emb.forward(x)))));
                lossFn.forward(fc.forward(flat.forward(h)), y).backward();
            }, () -> Stream.of(emb, conv, fc).flatMap(m -> m.heldTensors().stream()).toList());
            opt.step();
        };
    }
}
