package layerlab.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import layerlab.train.TrainingConfig;

/**
 * The runs of {@code layerlab sweep}: every combination of the optimizers, learning rates and batch sizes given, each with
 * every seed, read from the options' comma-separated lists ({@code --lr 0.1,0.01}). A value that does not read is refused
 * naming it and the list it is in, before anything trains.
 */
final class SweepGrid {
    private SweepGrid() {
    }

    /**
     * One run's settings, each null where the sweep leaves the project's own (an option not given): {@code train}'s
     * options for it, and the words that name it.
     */
    record Point(String optimizer, Double lr, Integer batchSize, Long seed) {
        /** {@code train}'s options that make this run ({@code --optimizer SGD --lr 0.1 --batch-size 32 --seed 1}). */
        List<String> args() {
            List<String> a = new ArrayList<>(setting());
            if (seed != null) a.addAll(List.of("--seed", String.valueOf(seed)));
            return a;
        }

        /** {@link #args} without the seed: the setting the seeds repeat. */
        List<String> setting() {
            List<String> a = new ArrayList<>();
            if (optimizer != null) a.addAll(List.of("--optimizer", optimizer));
            if (lr != null) a.addAll(List.of("--lr", TrainingConfig.valueText(lr)));
            if (batchSize != null) a.addAll(List.of("--batch-size", String.valueOf(batchSize)));
            return a;
        }

        /** "SGD, lr 0.1, batch_size 32, seed 1": the run in the progress lines; "the project's settings" when nothing is swept. */
        String label() {
            List<String> w = new ArrayList<>();
            if (optimizer != null) w.add(optimizer);
            if (lr != null) w.add("lr " + TrainingConfig.valueText(lr));
            if (batchSize != null) w.add("batch_size " + batchSize);
            if (seed != null) w.add("seed " + seed);
            return w.isEmpty() ? "the project's settings" : String.join(", ", w);
        }
    }

    /**
     * Every combination, the seeds innermost (a setting's runs one after the other), then batch sizes, learning rates and
     * optimizers; an empty list is the project's own value (one null).
     */
    static List<Point> expand(List<String> optimizers, List<Double> lrs, List<Integer> batchSizes, List<Long> seeds) {
        List<Point> out = new ArrayList<>();
        for (String o : orNull(optimizers)) for (Double lr : orNull(lrs)) for (Integer b : orNull(batchSizes)) for (Long s : orNull(seeds)) {
            out.add(new Point(o, lr, b, s));
        }
        return out;
    }

    private static <T> List<T> orNull(List<T> values) {
        return values.isEmpty() ? Collections.singletonList(null) : values;
    }

    /** {@code --lr}'s values: numbers ({@code 0.1}, {@code 1e-3}), finite; empty when not given. */
    static List<Double> numbers(String option, List<String> given) {
        return values(option, given, "a number", v -> {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        });
    }

    /** {@code --batch-size}'s values: whole numbers; empty when not given. */
    static List<Integer> wholeNumbers(String option, List<String> given) {
        return values(option, given, "a whole number", Integer::parseInt);
    }

    /** {@code --optimizer}'s values, as written (train says which names it knows); empty when not given. */
    static List<String> names(String option, List<String> given) {
        return values(option, given, "a name", v -> v);
    }

    /**
     * The values of {@code option}, given once or more, each a comma-separated list: an empty value, one that does not read
     * as {@code what}, and one given twice are refused, naming the value and the list it is in.
     */
    static <T> List<T> values(String option, List<String> given, String what, Function<String, T> read) {
        List<T> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String list : given) {
            for (String raw : list.split(",", -1)) {
                String v = raw.strip();
                if (v.isEmpty()) {
                    throw new CliSupport.BadInput(option + ": an empty value in \"" + list + "\" (separate values by commas: " + option + " "
                            + example(option) + ")");
                }
                T t;
                try {
                    t = read.apply(v);
                } catch (NumberFormatException e) {
                    throw new CliSupport.BadInput(option + ": \"" + v + "\" is not " + what + (list.strip().equals(v) ? "" : " (in " + list + ")"));
                }
                if (seen.contains(v.toLowerCase(Locale.ROOT)) || out.contains(t)) throw new CliSupport.BadInput(option + ": " + v + " is given twice");
                seen.add(v.toLowerCase(Locale.ROOT));
                out.add(t);
            }
        }
        return out;
    }

    private static String example(String option) {
        return switch (option) {
            case "--lr" -> "0.1,0.01,0.001";
            case "--batch-size" -> "32,64";
            default -> String.join(",", Arrays.asList("SGD", "Adam"));
        };
    }
}
