package layerlab.data;

import java.util.List;
import layerlab.tensor.Generator;

/** The training samples, augmented each time they are batched. */
public final class AugmentedDataset implements Dataset {
    private final Dataset base;
    private final Augmentation augmentation;
    private final float[] fill, offset, scale;
    private final long seed;
    private final java.util.concurrent.atomic.AtomicLong draws = new java.util.concurrent.atomic.AtomicLong();

    AugmentedDataset(Dataset base, Augmentation augmentation, float[] fill, float[] offset, float[] scale, long seed) {
        this.base = base;
        this.augmentation = augmentation;
        this.fill = fill;
        this.offset = offset;
        this.scale = scale;
        this.seed = seed;
    }

    @Override
    public void continueAt(long batch) {
        if (batch < 0) throw new IllegalArgumentException("a batch number cannot be negative, got " + batch);
        draws.set(batch);
    }

    /** The samples as they are, without augmentation. */
    public Dataset original() {
        return base;
    }

    public Augmentation augmentation() {
        return augmentation;
    }

    @Override
    public int size() {
        return base.size();
    }

    @Override
    public int[] sampleShape() {
        return base.sampleShape();
    }

    @Override
    public int[] targetShape() {
        return base.targetShape();
    }

    @Override
    public List<String> classNames() {
        return base.classNames();
    }

    @Override
    public List<String> featureNames() {
        return base.featureNames();
    }

    /**
     * The samples at {@code indices}, each augmented with amounts of its own: batch number {@code d} of this set
     * (counted from 0, in the order they are asked for) draws sample {@code i}'s from {@code (seed, d, i)}, so a run
     * sees the same augmented batches every time.
     */
    @Override
    public Batch batch(int[] indices) {
        Batch b = base.batch(indices);
        long d = draws.getAndIncrement();
        int[] s = Augmentation.chw(base.sampleShape());
        int per = s[0] * s[1] * s[2];
        // A copy of the batch's pixels; each sample's transformed pixels go back in its place.
        float[] x = b.inputs().toFloatArray();
        for (int i = 0; i < indices.length; i++) {
            AugmentedImage img = new AugmentedImage(java.util.Arrays.copyOfRange(x, i * per, (i + 1) * per), s[0], s[1], s[2], fill, offset, scale);
            augmentation.apply(img, new Generator(mix(seed, d, i)));
            System.arraycopy(img.data, 0, x, i * per, per);
        }
        return new Batch(layerlab.tensor.Tensor.of(x, b.inputs().shape().clone()), b.targets(), b.inputs());
    }

    /**
     * The sample whose pixels ({@code [C, H, W]}, as batched) start at {@code offset} of {@code samples}, augmented with
     * amounts drawn from {@code seed}: a variant to show. {@code samples} is left as it is.
     */
    public float[] draw(float[] samples, int offset, long seed) {
        int[] s = Augmentation.chw(base.sampleShape());
        AugmentedImage img = new AugmentedImage(java.util.Arrays.copyOfRange(samples, offset, offset + s[0] * s[1] * s[2]), s[0], s[1], s[2], fill, this.offset, scale);
        augmentation.apply(img, new Generator(mix(this.seed, -1 - seed, 0)));
        return img.data;
    }

    @Override
    public String describe() {
        return base.describe() + "; augmented: " + augmentation.describe();
    }

    /** A seed for sample {@code i} of draw {@code d}: SplitMix64's finalizer over the three. */
    static long mix(long seed, long d, int i) {
        long z = seed * 0x9E3779B97F4A7C15L + d * 0xBF58476D1CE4E5B9L + i * 0x94D049BB133111EBL + 0x2545F4914F6CDD1DL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
