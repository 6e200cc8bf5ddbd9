package layerlab.backend.cpu;
final class JavaGemm implements Gemm.Kernel {
    public String describe() { return "portable Java kernel"; }
    public void sgemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int ao, int lda, float[] b, int bo, int ldb, float beta, float[] c, int co, int ldc) {
        if (Gemm.trivial(m, n, k, alpha, beta, c, co, ldc)) return;
        for (int i=0;i<m;i++) for (int j=0;j<n;j++){ double s=0; for(int p=0;p<k;p++){ float av= ta? a[ao+p*lda+i]: a[ao+i*lda+p]; float bv= tb? b[bo+j*ldb+p] : b[bo+p*ldb+j]; s+=av*bv;} c[co+i*ldc+j]=(float)(alpha*s + (beta==0?0:beta*c[co+i*ldc+j])); }
    }
}
