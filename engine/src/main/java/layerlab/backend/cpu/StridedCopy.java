package layerlab.backend.cpu;

import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/** Copies between arbitrary strided views (transpose, narrow, expand, cat), converting dtype if needed. */
final class StridedCopy {
    private StridedCopy() {}

    static void copy(Tensor src, Tensor dst) {
        int[] shape = dst.shape();
        if (!java.util.Arrays.equals(shape, src.shape())) {
            throw new IllegalArgumentException("copy: shapes " + src.shapeString() + " and " + dst.shapeString() + " differ");
        }
        int n = dst.numel();
        if (n == 0) return;
        // Merge dimensions that are contiguous in both views, so typical copies become few long runs.
        int[] ss = src.strides(), ds = dst.strides();
        int rank = 0;
        int[] mShape = new int[Math.max(shape.length, 1)], mSs = new int[mShape.length], mDs = new int[mShape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 1) continue;
            if (rank > 0 && mSs[rank - 1] == ss[i] * shape[i] && mDs[rank - 1] == ds[i] * shape[i]) {
                mShape[rank - 1] *= shape[i];
                mSs[rank - 1] = ss[i];
                mDs[rank - 1] = ds[i];
            } else {
                mShape[rank] = shape[i];
                mSs[rank] = ss[i];
                mDs[rank] = ds[i];
                rank++;
            }
        }
        if (rank == 0) {
            mShape[0] = 1;
            mSs[0] = 1;
            mDs[0] = 1;
            rank = 1;
        }
        boolean fromF = src.dtype() == DType.FLOAT32, toF = dst.dtype() == DType.FLOAT32;
        float[] sf = fromF ? CpuBackend.f(src) : null, df = toF ? CpuBackend.f(dst) : null;
        long[] sl = fromF ? null : CpuBackend.l(src), dl = toF ? null : CpuBackend.l(dst);
        int last = mShape[rank - 1], sInner = mSs[rank - 1], dInner = mDs[rank - 1];
        int rows = n / last;
        int[] fs = mShape, fss = mSs, fds = mDs;
        int r = rank, so0 = src.offset(), do0 = dst.offset();
        Parallel.forRange(rows, last, (from, to) -> {
            int[] idx = new int[r];
            // position of row 'from'
            int rem = from;
            for (int d = r - 2; d >= 0; d--) {
                idx[d] = rem % fs[d];
                rem /= fs[d];
            }
            int so = so0, dof = do0;
            for (int d = 0; d < r - 1; d++) {
                so += idx[d] * fss[d];
                dof += idx[d] * fds[d];
            }
            for (int row = from; row < to; row++) {
                if (fromF && toF) {
                    if (sInner == 1 && dInner == 1) System.arraycopy(sf, so, df, dof, last);
                    else for (int j = 0; j < last; j++) df[dof + j * dInner] = sf[so + j * sInner];
                } else if (!fromF && !toF) {
                    for (int j = 0; j < last; j++) dl[dof + j * dInner] = sl[so + j * sInner];
                } else if (fromF) {
                    for (int j = 0; j < last; j++) dl[dof + j * dInner] = (long) sf[so + j * sInner];
                } else {
                    for (int j = 0; j < last; j++) df[dof + j * dInner] = sl[so + j * sInner];
                }
                for (int d = r - 2; d >= 0; d--) {
                    idx[d]++;
                    so += fss[d];
                    dof += fds[d];
                    if (idx[d] < fs[d]) break;
                    so -= fss[d] * fs[d];
                    dof -= fds[d] * fs[d];
                    idx[d] = 0;
                }
            }
        });
    }
}
