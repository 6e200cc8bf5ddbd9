package layerlab.bench;

import java.util.stream.Stream;
import layerlab.loss.MSELoss;
import layerlab.nn.Embedding;
import layerlab.nn.GRU;
import layerlab.optim.SGD;
import layerlab.tensor.Device;
import layerlab.tensor.Generator;
import layerlab.tensor.StepMemory;
import layerlab.tensor.Tensor;

/**
 * {@code gru_train}: the seeds' sequence example without its dropout, Embedding(5,20) → GRU(20,50, num_layers=2,
 * bidirectional, batch_first) on 64 sequences of 32 tokens; MSELoss against a fixed target and an SGD(lr 0.01) step.
 */
final class GruTrainCase implements StepCase {
    static final int BATCH = 64, STEPS = 32;

    @Override
    public String name() {
        return "gru_train";
    }

    @Override
    public String description() {
        return "Embedding(5,20) → GRU(20,50, 2 layers, bidirectional), batch 64 × 32 tokens, SGD + MSELoss step";
    }

    @Override
    public double workPerStep() {
        return BATCH;
    }

    @Override
    public Runnable prepare(Device device) {
        Generator.manualSeed(0);
        Generator g = new Generator(0);
        Embedding emb = new Embedding(5, 20);
        GRU gru = new GRU(20, 50, 2, true, true, 0f, true);
        emb.to(device);
        gru.to(device);
        long[] tokens = new long[BATCH * STEPS];
        for (int i = 0; i < tokens.length; i++) tokens[i] = g.nextInt(5);
        Tensor x = Tensor.ofLongs(tokens, BATCH, STEPS).to(device);
        Tensor target = Tensor.randn(g, BATCH, STEPS, 100).to(device);
        var params = new java.util.ArrayList<>(emb.parameters());
        params.addAll(gru.parameters());
        SGD opt = new SGD(params, 0.01);
        MSELoss lossFn = new MSELoss();
        StepMemory memory = new StepMemory();
        return () -> {
            memory.run(() -> {
                opt.zeroGrad();
                lossFn.forward(gru.forward(emb.forward(x)), target).backward();
            }, () -> Stream.of(emb, gru).flatMap(m -> m.heldTensors().stream()).toList());
            opt.step();
        };
    }
}
