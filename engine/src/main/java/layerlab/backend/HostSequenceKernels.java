package layerlab.backend;

import layerlab.backend.cpu.CpuSequence;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;

/**
 * {@link SequenceKernels} for a backend without its own: each call copies its arguments to the host, runs
 * the CPU kernel and copies what it wrote back. Correct on any device, and as slow as two transfers per
 * time step; a backend that runs recurrent layers often overrides {@link Backend#sequence()}.
 */
final class HostSequenceKernels implements SequenceKernels {
    private static final SequenceKernels CPU = CpuSequence.INSTANCE;

    static final HostSequenceKernels INSTANCE = new HostSequenceKernels();

    private HostSequenceKernels() {}

    private static Tensor host(Tensor t) {
        return t == null ? null : t.to(Device.CPU);
    }

    private static void back(Tensor host, Tensor device) {
        if (device != null) device.copy_(host);
    }

    @Override
    public void rnnCell(boolean relu, Tensor gates, Tensor hPrev, Tensor hNext, Tensor out, Tensor lengths, int t) {
        Tensor hn = host(hNext), o = host(out);
        CPU.rnnCell(relu, host(gates), host(hPrev), hn, o, host(lengths), t);
        back(hn, hNext);
        back(o, out);
    }

    @Override
    public void rnnCellBackward(boolean relu, Tensor hNext, Tensor gh, Tensor gOut, Tensor dGates, Tensor lengths, int t) {
        Tensor g = host(gh), dg = host(dGates);
        CPU.rnnCellBackward(relu, host(hNext), g, host(gOut), dg, host(lengths), t);
        back(g, gh);
        back(dg, dGates);
    }

    @Override
    public void lstmCell(Tensor gates, Tensor cPrev, Tensor hPrev, Tensor cNext, Tensor hNext, Tensor tanhC, Tensor out,
                         Tensor lengths, int t) {
        Tensor g = host(gates), cn = host(cNext), hn = host(hNext), tc = host(tanhC), o = host(out);
        CPU.lstmCell(g, host(cPrev), host(hPrev), cn, hn, tc, o, host(lengths), t);
        back(g, gates);
        back(cn, cNext);
        back(hn, hNext);
        back(tc, tanhC);
        back(o, out);
    }

    @Override
    public void lstmCellBackward(Tensor gates, Tensor cPrev, Tensor tanhC, Tensor gh, Tensor gc, Tensor gOut,
                                 Tensor dGates, Tensor lengths, int t) {
        Tensor h = host(gh), c = host(gc), dg = host(dGates);
        CPU.lstmCellBackward(host(gates), host(cPrev), host(tanhC), h, c, host(gOut), dg, host(lengths), t);
        back(h, gh);
        back(c, gc);
        back(dg, dGates);
    }

    @Override
    public void gruCell(Tensor xg, Tensor hg, Tensor bhh, Tensor hPrev, Tensor hNext, Tensor saved, Tensor out,
                        Tensor lengths, int t) {
        Tensor hn = host(hNext), s = host(saved), o = host(out);
        CPU.gruCell(host(xg), host(hg), host(bhh), host(hPrev), hn, s, o, host(lengths), t);
        back(hn, hNext);
        back(s, saved);
        back(o, out);
    }

    @Override
    public void gruCellBackward(Tensor saved, Tensor hPrev, Tensor gh, Tensor gOut, Tensor dxg, Tensor dhg, Tensor lengths, int t) {
        Tensor h = host(gh), dx = host(dxg), dh = host(dhg);
        CPU.gruCellBackward(host(saved), host(hPrev), h, host(gOut), dx, dh, host(lengths), t);
        back(h, gh);
        back(dx, dxg);
        back(dh, dhg);
    }
}
