package layerlab.tensor;

/**
 * The seeded random source. One default generator drives initialisation and dropout, so a seed reproduces a
 * whole run bit for bit ({@link #manualSeed}), as {@code torch.manual_seed} does. A thread may put a generator of
 * its own in the default's place for a while ({@link #use}): a trainer does, so that its dropout masks depend on
 * its seed alone, whatever else the process draws meanwhile (another run, a layer added in the editor).
 * xoshiro128** with Box–Muller normals.
 */
public final class Generator {
    private static final Generator DEFAULT = new Generator(0x5EED);
    private static final ThreadLocal<Generator> SCOPED = new ThreadLocal<>();

    private int s0, s1, s2, s3;
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

    public synchronized void seed(long seed) {
        long z = seed;
        s0 = (int) (z = splitmix(z));
        s1 = (int) (z = splitmix(z));
        s2 = (int) (z = splitmix(z));
        s3 = (int) splitmix(z);
        if ((s0 | s1 | s2 | s3) == 0) s0 = 1;
        hasSpare = false;
    }

    /**
     * Where this generator is in its stream, for a checkpoint: its four state words, whether a second normal is waiting
     * and that normal's bits. {@link #setState} of these makes it draw what this one would draw next.
     */
    public synchronized long[] state() {
        return new long[] {s0, s1, s2, s3, hasSpare ? 1 : 0, Double.doubleToRawLongBits(spareNormal)};
    }

    /** Puts this generator where {@link #state()} says another was. */
    public synchronized void setState(long[] state) {
        if (state.length != 6) throw new IllegalArgumentException("a generator's state has 6 numbers, got " + state.length);
        if ((state[0] | state[1] | state[2] | state[3]) == 0) throw new IllegalArgumentException("a generator's state cannot be all zeros");
        s0 = (int) state[0];
        s1 = (int) state[1];
        s2 = (int) state[2];
        s3 = (int) state[3];
        hasSpare = state[4] != 0;
        spareNormal = Double.longBitsToDouble(state[5]);
    }

    private static long splitmix(long x) {
        x += 0x9E3779B97F4A7C15L;
        long z = x;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) + x;
    }

    public synchronized int nextInt() {
        int result = Integer.rotateLeft(s1 * 5, 7) * 9;
        int t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Integer.rotateLeft(s3, 11);
        return result;
    }

    /** Uniform in [0, 1) with 24 random bits (exactly representable in float32). */
    public float nextFloat() {
        return (nextInt() >>> 8) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public synchronized double nextDouble() {
        long hi = nextInt() >>> 5, lo = nextInt() >>> 6;
        return ((hi << 26) + lo) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive");
        long r = Integer.toUnsignedLong(nextInt()) * bound;
        return (int) (r >>> 32);
    }

    public synchronized double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareNormal;
        }
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 <= 0);
        double u2 = nextDouble();
        double r = Math.sqrt(-2 * Math.log(u1));
        spareNormal = r * Math.sin(2 * Math.PI * u2);
        hasSpare = true;
        return r * Math.cos(2 * Math.PI * u2);
    }

    /** Fisher–Yates shuffle of {@code 0..n-1}. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
