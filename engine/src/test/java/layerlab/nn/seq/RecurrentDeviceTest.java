package layerlab.nn.seq;

import java.util.ArrayList;
import java.util.List;
import layerlab.backend.BackendProvider;
import layerlab.backend.Backends;
import layerlab.nn.Embedding;
import layerlab.nn.GRU;
import layerlab.nn.LSTM;
import layerlab.nn.Parameter;
import layerlab.nn.RNN;
import layerlab.nn.RNNBase;
import layerlab.nn.RNNOutput;
import layerlab.tensor.Device;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The recurrent layers on a CUDA device (skipped without one) against the same layers on the CPU: the
 * device runs its own GEMMs and cell kernels (CudaSequence), two layers, both directions, padded rows.
 * Forward, final states and every gradient.
 */
class RecurrentDeviceTest {
    private static final Device GPU = Device.cuda(0);

    @BeforeEach
    void needsCuda() {
        BackendProvider.Availability a = Backends.availability(Device.Kind.CUDA);
        Assumptions.assumeTrue(a.available(), "CUDA unavailable: " + a.detail());
    }

    private static void compare(RNNBase cpu, RNNBase gpu, Tensor x, Tensor h0, Tensor c0, Tensor lengths, String what) {
        gpu.loadStateDict(cpu.stateDict(), true);
        gpu.to(GPU);
        Tensor xc = x.detach().requiresGrad(true), xg = x.detach().to(GPU).requiresGrad(true);
        Tensor hc = h0 == null ? null : h0.detach().requiresGrad(true), hg = h0 == null ? null : h0.detach().to(GPU).requiresGrad(true);
        Tensor cc = c0 == null ? null : c0.detach().requiresGrad(true), cg = c0 == null ? null : c0.detach().to(GPU).requiresGrad(true);
        RNNOutput rc = cpu.forwardFull(xc, hc, cc, lengths), rg = gpu.forwardFull(xg, hg, cg, lengths);
        Fixtures.assertClose(rc.output(), rg.output().to(Device.CPU), 1e-4, 1e-5, what + ": output");
        Fixtures.assertClose(rc.hN(), rg.hN().to(Device.CPU), 1e-4, 1e-5, what + ": h_n");
        Generator g = new Generator(9);
        Tensor go = Tensor.randn(g, rc.output().shape()), gh = Tensor.randn(g, rc.hN().shape());
        rc.output().mul(go).sum().add(rc.hN().mul(gh).sum()).backward();
        rg.output().mul(go.to(GPU)).sum().add(rg.hN().mul(gh.to(GPU)).sum()).backward();
        Fixtures.assertClose(xc.grad(), xg.grad().to(Device.CPU), 1e-4, 1e-5, what + ": gradient of x");
        if (hc != null) Fixtures.assertClose(hc.grad(), hg.grad().to(Device.CPU), 1e-4, 1e-5, what + ": gradient of h0");
        if (cc != null) Fixtures.assertClose(cc.grad(), cg.grad().to(Device.CPU), 1e-4, 1e-5, what + ": gradient of c0");
        List<Parameter> pc = new ArrayList<>(cpu.parameters()), pg = new ArrayList<>(gpu.parameters());
        for (int i = 0; i < pc.size(); i++) {
            Fixtures.assertClose(pc.get(i).grad(), pg.get(i).grad().to(Device.CPU), 1e-4, 1e-5, what + ": gradient of weight " + i);
        }
    }

    @Test
    void lstmGruRnnOnTheDeviceEqualTheCpu() {
        Generator g = new Generator(3);
        Tensor x = Tensor.randn(g, 4, 6, 5);
        Tensor h0 = Tensor.randn(g, 4, 4, 20), c0 = Tensor.randn(g, 4, 4, 20);
        Tensor lengths = Tensor.ofLongs(new long[] {6, 2, 5, 1});
        compare(new LSTM(5, 20, 2, true, true, 0f, true), new LSTM(5, 20, 2, true, true, 0f, true), x, h0, c0, lengths, "LSTM");
        compare(new GRU(5, 20, 2, true, true, 0f, true), new GRU(5, 20, 2, true, true, 0f, true), x, h0, null, lengths, "GRU");
        compare(new RNN(5, 20, 2, "relu", true, true, 0f, true), new RNN(5, 20, 2, "relu", true, true, 0f, true), x, h0, null, null, "RNN");
        compare(new RNN(5, 20, 2, "tanh", true, true, 0f, true), new RNN(5, 20, 2, "tanh", true, true, 0f, true), x, h0, null, lengths,
                "RNN tanh with lengths");
    }

    @Test
    void embeddingOnTheDevice() {
        Embedding cpu = new Embedding(7, 4, 0), gpu = new Embedding(7, 4, 0);
        gpu.loadStateDict(cpu.stateDict(), true);
        gpu.to(GPU);
        Tensor idx = Tensor.ofLongs(new long[] {0, 3, 6, 3, 0, 1}, 2, 3);
        Tensor oc = cpu.forward(idx), og = gpu.forward(idx.to(GPU));
        Fixtures.assertClose(oc, og.to(Device.CPU), 0, 0, "embedding output");
        Tensor gout = Tensor.randn(new Generator(1), 2, 3, 4);
        oc.backward(gout);
        og.backward(gout.to(GPU));
        Fixtures.assertClose(cpu.weight().grad(), gpu.weight().grad().to(Device.CPU), 1e-6, 1e-6, "embedding gradient");
    }
}
