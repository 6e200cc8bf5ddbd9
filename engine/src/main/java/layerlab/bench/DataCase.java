package layerlab.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.data.Batch;
import layerlab.data.DataLoader;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.tensor.Device;

/**
 * {@code data_csv} / {@code data_images}: a student-sized data set read and made into one epoch's batches, as
 * {@code layerlab train} does before and while its model trains: the file or folder opened by {@link DataSources#open}
 * (parsed, gaps filled, words one-hot, split 90/10, standardized), then every training batch of 64 drawn shuffled and every validation
 * batch in order, on the caller's thread (PyTorch's {@code DataLoader(num_workers=0)}). A step is all of that; its work is every sample
 * the file holds. The data is {@code bench/make_big_data.py}'s (200,000 rows × 30 columns; 10,000 PNGs of 28×28 in 10
 * class folders), in {@code $LAYERLAB_BENCH_DATA} (or the system property {@code layerlab.bench.data}) or else {@code /tmp/layerlab-bigdata}: too big to commit, the same
 * bytes wherever it is made.
 */
final class DataCase implements BenchCase {
    private final boolean images;

    DataCase(boolean images) {
        this.images = images;
    }

    /** The folder bench/make_big_data.py writes. */
    static Path folder() {
        String set = System.getProperty("layerlab.bench.data", System.getenv("LAYERLAB_BENCH_DATA"));
        return Path.of(set != null && !set.isBlank() ? set : "/tmp/layerlab-bigdata");
    }

    private Path data() {
        return folder().resolve(images ? "images" : "big.csv");
    }

    @Override
    public String name() {
        return images ? "data_images" : "data_csv";
    }

    @Override
    public String description() {
        return images ? "10,000 PNGs 3x28x28 in 10 class folders: read, standardize, one epoch of shuffled batches of 64"
                : "CSV 200,000 x 30 (words, gaps): read, fill, one-hot, standardize, one epoch of shuffled batches of 64";
    }

    @Override
    public String unavailable() {
        return Files.exists(data()) ? null
                : "bench case '" + name() + "' reads " + data() + ", which is not there: make it with python3 bench/make_big_data.py "
                        + folder() + " (or set LAYERLAB_BENCH_DATA to the folder it wrote)";
    }

    /** bench/make_big_data.py's projects' settings. */
    private Map<String, ?> settings() {
        return images
                ? Map.of("source", "images", "path", data().toString(), "normalize", "standardize", "validation_split", 0.1, "seed", 0)
                : Map.of("source", "csv", "path", data().toString(), "missing", "fill", "normalize", "standardize", "validation_split", 0.1, "seed", 0);
    }

    private int samples = -1;

    /**
     * Timed as the step cases are ({@link BenchRunner#run}: warm-up, windows, medians), though not one of them: a step
     * case runs on every device, and data is read on the CPU.
     */
    @Override
    public List<BenchRunner.Result> measure(BenchRunner runner, int threads) {
        StepCase step = new StepCase() {
            @Override
            public String name() {
                return DataCase.this.name();
            }

            @Override
            public String description() {
                return DataCase.this.description();
            }

            @Override
            public double workPerStep() {
                if (samples < 0) epoch();
                return samples;
            }

            @Override
            public Runnable prepare(Device device) {
                return DataCase.this::epoch;
            }

            @Override
            public void sync(Device device) {}
        };
        return List.of(runner.run(step, threads));
    }

    private void epoch() {
        try {
            DataSplit split = DataSources.open(settings(), folder());
            double sink = 0;
            for (Batch b : new DataLoader(split.train(), 64, true, 0, false).withoutPrefetch()) sink += b.size();
            if (split.validation() != null) // scored at the epoch's end, in order
                for (Batch b : new DataLoader(split.validation(), 64, false, 0, false).withoutPrefetch()) sink += b.size();
            samples = split.train().size() + (split.validation() == null ? 0 : split.validation().size());
            if (sink != samples) throw new IllegalStateException("an epoch's batches held " + sink + " of " + samples + " samples");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
