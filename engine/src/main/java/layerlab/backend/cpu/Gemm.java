package layerlab.backend.cpu;
/** Interim naive GEMM so the engine builds; the GEMM helper replaces this file with the real kernels. */
public final class Gemm {
  public static String describe(){return "GEMM: naive stub";}
  public static void sgemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int ao, int lda, float[] b, int bo, int ldb, float beta, float[] c, int co, int ldc) {
    for (int i=0;i<m;i++) for (int j=0;j<n;j++){ double s=0; for(int p=0;p<k;p++){ float av= ta? a[ao+p*lda+i]: a[ao+i*lda+p]; float bv= tb? b[bo+j*ldb+p] : b[bo+p*ldb+j]; s+=av*bv;} c[co+i*ldc+j]=(float)(alpha*s + (beta==0?0:beta*c[co+i*ldc+j])); }
  }
  public static void sgemmBatched(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int ao, int lda, float[] b, int bo, int ldb, float beta, float[] c, int co, int ldc, int batch, int sa, int sb, int sc) {
    for (int q=0;q<batch;q++) sgemm(ta,tb,m,n,k,alpha,a,ao+q*sa,lda,b,bo+q*sb,ldb,beta,c,co+q*sc,ldc);
  }
}
