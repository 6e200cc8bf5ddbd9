package layerlab.tensor;

/**
 * The seeded random source: PyTorch's CPU generator, number for number. It is the Mersenne Twister (mt19937) that
 * {@code torch.manual_seed} seeds, read the way torch's CPU kernels read it, so that after the same seed
 * {@link #uniform}, {@link #normal}, {@link #permutation}, {@link #nextDouble} and {@link #nextGaussian} give what
 * {@code tensor.uniform_}, {@code tensor.normal_}, {@code torch.randperm}, {@code torch.rand(dtype=torch.float64)} and
 * {@code torch.randn(dtype=torch.float64)} give — and a layer built after {@code Generator.manualSeed(s)} has the weights
 * {@code torch.manual_seed(s)} then {@code nn.Linear(…)} has. (Normals of 16 or more values go through {@code log}, {@code
 * cos} and {@code sin} in float, where torch's vector maths may round the last bit otherwise.)
 *
 * <p>One default generator drives initialisation and dropout, so a seed reproduces a whole run bit for bit
 * ({@link #manualSeed}). A thread may put a generator of its own in the default's place for a while ({@link #use}): a
 * trainer does, so that its dropout masks depend on its seed alone, whatever else the process draws meanwhile
 * (another run, a layer added in the editor). As torch's, a seed is read modulo 2³².
 */
public final class Generator {
    private static final Generator DEFAULT = new Generator(67280421310721L);
    private static final ThreadLocal<Generator> SCOPED = new ThreadLocal<>();
    private static final int N = 624, M = 397;
    /** The length of {@link #state()}: the twister's words, its position, and the normal waiting (flag, bits). */
    public static final int STATE_LENGTH = N + 3;

    private final int[] mt = new int[N];
    private int index;
    private double spareNormal;
    private boolean hasSpare;

    public Generator(long seed) {
        seed(seed);
    }

    /** The generator that layers draw from when given none: this thread's {@link #use}d one, else the process's default. */
    public static Generator global() {
        Generator g = SCOPED.get();
        return g != null ? g : DEFAULT;
    }

    /** Seeds {@link #global()}, like {@code torch.manual_seed}. */
    public static void manualSeed(long seed) {
        global().seed(seed);
    }

    /** Makes {@code g} this thread's {@link #global()} until the returned scope closes (scopes nest). */
    public static Scope use(Generator g) {
        Generator previous = SCOPED.get();
        SCOPED.set(g);
        return () -> {
            if (previous == null) SCOPED.remove();
            else SCOPED.set(previous);
        };
    }

    /** A {@link #use} in force; closing it restores the generator before. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** torch's {@code manual_seed}: the twister initialised from the seed's low 32 bits, no normal waiting. */
    public synchronized void seed(long seed) {
        mt[0] = (int) seed;
        for (int j = 1; j < N; j++) mt[j] = 1812433253 * (mt[j - 1] ^ (mt[j - 1] >>> 30)) + j;
        index = N;
        hasSpare = false;
        spareNormal = 0;
    }

    /**
     * Where this generator is in its stream, for a checkpoint ({@link #STATE_LENGTH} numbers): the twister's 624 words, its
     * position, whether a second normal is waiting and that normal's bits. {@link #setState} of these makes it draw what
     * this one would draw next.
     */
    public synchronized long[] state() {
        long[] s = new long[STATE_LENGTH];
        for (int i = 0; i < N; i++) s[i] = Integer.toUnsignedLong(mt[i]);
        s[N] = index;
        s[N + 1] = hasSpare ? 1 : 0;
        s[N + 2] = Double.doubleToRawLongBits(spareNormal);
        return s;
    }

    /** Puts this generator where {@link #state()} says another was. */
    public synchronized void setState(long[] state) {
        if (state.length != STATE_LENGTH) {
            throw new IllegalArgumentException("a generator's state has " + STATE_LENGTH + " numbers, got " + state.length);
        }
        if (state[N] < 0 || state[N] > N) throw new IllegalArgumentException("a generator's position is 0 to " + N + ", got " + state[N]);
        boolean zero = true;
        for (int i = 0; i < N; i++) {
            if (state[i] < 0 || state[i] > 0xFFFFFFFFL) throw new IllegalArgumentException("a generator's word " + i + " is not 32 bits: " + state[i]);
            zero &= state[i] == 0;
        }
        if (zero) throw new IllegalArgumentException("a generator's state cannot be all zeros");
        for (int i = 0; i < N; i++) mt[i] = (int) state[i];
        index = (int) state[N];
        hasSpare = state[N + 1] != 0;
        spareNormal = Double.longBitsToDouble(state[N + 2]);
    }

    private void twist() {
        int i = 0;
        for (; i < N - M; i++) mt[i] = mt[i + M] ^ mix(mt[i], mt[i + 1]);
        for (; i < N - 1; i++) mt[i] = mt[i + M - N] ^ mix(mt[i], mt[i + 1]);
        mt[N - 1] = mt[M - 1] ^ mix(mt[N - 1], mt[0]);
        index = 0;
    }

    private static int mix(int u, int v) {
        int y = (u & 0x80000000) | (v & 0x7FFFFFFF);
        return (y >>> 1) ^ (-(y & 1) & 0x9908B0DF);
    }

    // The draws below take no lock of their own: the public methods that call them hold this generator's.

    private int next32() {
        if (index >= N) twist();
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9D2C5680;
        y ^= (y << 15) & 0xEFC60000;
        return y ^ (y >>> 18);
    }

    private long next64() {
        long hi = Integer.toUnsignedLong(next32());
        return hi << 32 | Integer.toUnsignedLong(next32());
    }

    private float nextFloat0() {
        return (next32() & 0xFFFFFF) * 0x1.0p-24f;
    }

    private double nextDouble0() {
        return (next64() & ((1L << 53) - 1)) * 0x1.0p-53;
    }

    /** torch's {@code random()}: the next 32 bits. */
    public synchronized int nextInt() {
        return next32();
    }

    /** torch's {@code random64()}: two draws, the first the high half. */
    public synchronized long nextLong() {
        return next64();
    }

    /** Uniform in [0, 1) from the low 24 bits of one draw (exactly representable in float32), as torch's float uniform. */
    public synchronized float nextFloat() {
        return nextFloat0();
    }

    /** Uniform in [0, 1) from the low 53 bits of {@link #nextLong()}, as torch's double uniform. */
    public synchronized double nextDouble() {
        return nextDouble0();
    }

    /** Uniform integer in [0, bound): one draw modulo {@code bound}, as {@code torch.randperm} takes them. */
    public synchronized int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive");
        return Integer.remainderUnsigned(next32(), bound);
    }

    /**
     * A standard normal, torch's {@code normal_distribution<double>}: Box–Muller on two uniforms {@code u1, u2}, {@code
     * √(−2 ln(1−u2))·cos(2π·u1)} now and its {@code sin} twin kept for the next call.
     */
    public synchronized double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareNormal;
        }
        double u1 = nextDouble0(), u2 = nextDouble0();
        double r = Math.sqrt(-2 * Math.log(1 - u2)), theta = 2 * Math.PI * u1;
        spareNormal = r * Math.sin(theta);
        hasSpare = true;
        return r * Math.cos(theta);
    }

    /** {@code torch.randperm(n)}: {@code 0..n-1} shuffled front to back, the {@code i}-th swap with one of the {@code n−i} from {@code i}. */
    public synchronized int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = 0; i < n - 1; i++) {
            int j = i + Integer.remainderUnsigned(next32(), n - i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** {@code d[off, off+n)} uniform on [lo, hi), as torch's {@code uniform_(lo, hi)} fills a float tensor. */
    public synchronized void uniform(float[] d, int off, int n, float lo, float hi) {
        float span = hi - lo;
        for (int i = 0; i < n; i++) d[off + i] = Math.fma(nextFloat0(), span, lo);
    }

    /**
     * {@code d[off, off+n)} normal with {@code mean} and {@code std}, as torch's {@code normal_} fills a contiguous float
     * tensor: fewer than 16 values one {@link #nextGaussian} each; 16 or more, all drawn uniform first, then Box–Muller
     * in float on each 16 (the first 8 against the next 8), and when 16 do not divide {@code n}, the last 16 drawn again.
     */
    public synchronized void normal(float[] d, int off, int n, float mean, float std) {
        if (n < 16) {
            for (int i = 0; i < n; i++) d[off + i] = (float) (nextGaussian() * std + mean);
            return;
        }
        for (int i = 0; i < n; i++) d[off + i] = nextFloat0();
        for (int i = 0; i + 16 <= n; i += 16) boxMuller16(d, off + i, mean, std);
        if (n % 16 != 0) {
            int last = off + n - 16;
            for (int i = 0; i < 16; i++) d[last + i] = nextFloat0();
            boxMuller16(d, last, mean, std);
        }
    }

    private static void boxMuller16(float[] d, int o, float mean, float std) {
        for (int j = 0; j < 8; j++) {
            float u1 = 1 - d[o + j], u2 = d[o + j + 8];
            float radius = (float) Math.sqrt(-2f * (float) Math.log(u1));
            float theta = 2f * (float) Math.PI * u2;
            d[o + j] = Math.fma(radius * (float) Math.cos(theta), std, mean);
            d[o + j + 8] = Math.fma(radius * (float) Math.sin(theta), std, mean);
        }
    }
}
