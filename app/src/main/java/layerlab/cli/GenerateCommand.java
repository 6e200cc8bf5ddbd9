package layerlab.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import layerlab.data.NextTokens;
import layerlab.train.Sampling;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code layerlab generate MODEL [--count N] [--temperature T] [--seed S] [--start TEXT] [--max-tokens K]}: new texts from
 * a model trained to predict each next token (a data set's {@code "next_token": true}), one a line, drawn token by token
 * as PyTorch's name-generation tutorial draws them ({@link Sampling}). The same seed prints the same texts. Exit code 2
 * for bad input (a model that does not predict next tokens, a start text of tokens it never saw).
 */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generate new texts (names) from a model trained to predict each next token (its data set's \"next_token\": true), one a "
                + "line: each starts at <bos> (and --start), and every next token is drawn from softmax(scores / temperature) until <eos>.")
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "10", description = "how many texts (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0",
            description = "above 0: below 1 keeps to the likeliest tokens, above 1 takes rarer ones more often (default: ${DEFAULT-VALUE}, the model's own "
                    + "probabilities)")
    double temperature;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "the random seed: the same seed gives the same texts (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--start", paramLabel = "TEXT", defaultValue = "", description = "the text every one begins with (\"ka\"), read as the training texts were")
    String start;

    @Option(names = "--max-tokens", paramLabel = "K", defaultValue = "0",
            description = "the most tokens to add after the start (default: as many as the model reads)")
    int maxTokens;

    @Override
    public Integer call() {
        return CliSupport.guarded(spec.commandLine().getErr(), "generate", this::generate);
    }

    private int generate() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Sampling.Options o;
        try {
            o = new Sampling.Options(count, temperature, seed, start, maxTokens);
        } catch (Sampling.BadOption e) {
            // Named as typed, as predict's --top is: "the number of texts to generate is at least 1" named no option.
            throw new CliSupport.BadInput("--" + e.option().replace('_', '-') + " " + e.problem());
        }
        TrainedModel m = model.load(spec.commandLine().getErr(), "generate");
        if (!NextTokens.isNextToken(m.names().vocabulary()))
            throw new CliSupport.BadInput(m.source() + " was not trained to predict each next token, so it cannot generate text: train it on a data set "
                    + "with \"next_token\": true (the SurnameGenerator sample)");
        List<String> texts;
        try {
            texts = Sampling.generate(m.model(), m.names().vocabulary(), o);
        } catch (IllegalArgumentException e) {
            throw new CliSupport.BadInput(e.getMessage());
        }
        texts.forEach(out::println);
        return 0;
    }
}
