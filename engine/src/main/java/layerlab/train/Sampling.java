package layerlab.train;

import java.util.ArrayList;
import java.util.List;
import layerlab.autograd.Autograd;
import layerlab.data.NextTokens;
import layerlab.data.Vocabulary;
import layerlab.graph.compile.Model;
import layerlab.graph.spec.TensorType;
import layerlab.tensor.DType;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;

/**
 * New texts from a model trained on next-token sequences ({@link NextTokens}): start from {@code <bos>} (and the start
 * text's tokens), run the model, turn the scores at the last step into probabilities ({@code softmax(logits /
 * temperature)}), draw the next token as {@code torch.multinomial(probs, 1)} draws it, and go on until {@code <eos>},
 * the model's length or {@code maxTokens}. The model runs in eval mode without gradients; the draws come from a
 * {@link Generator} of the seed, so the same seed gives the same texts, and PyTorch's for the same weights and seed.
 * {@code <pad>}, {@code <unk>} and {@code <bos>} are never drawn (their logits are {@code -inf}, as
 * {@code logits[[pad, unk, bos]] = -inf} masks them in PyTorch): a model still gives them some probability, which a
 * high temperature raised until generated names read "ka<bos>r<unk>a". {@code <eos>} stays: drawing it ends the text.
 *
 * <p>Each step runs the model over the whole (right-padded) sequence and reads the scores at the last real step, as the
 * PyTorch tutorial's loop does with a model that reads left to right: padding after a step does not change it.
 */
public final class Sampling {
    /**
     * @param count      how many texts
     * @param temperature below 1 sharper (the likeliest tokens more often), above 1 flatter; greater than 0
     * @param seed       the generator's seed
     * @param start      the text every one begins with ("" for none), read as the training texts were
     * @param maxTokens  the most tokens a text gets after its start (0: as many as the model reads)
     */
    public record Options(int count, double temperature, long seed, String start, int maxTokens) {
        public Options {
            if (count < 1) throw new BadOption("count", "must be at least 1, got " + count);
            if (!(temperature > 0) || Double.isInfinite(temperature))
                throw new BadOption("temperature", "must be a number above 0 (1: the model's own probabilities), got " + temperature);
            if (maxTokens < 0) throw new BadOption("max_tokens", "must be 0 (as many as the model reads) or more, got " + maxTokens);
            start = start == null ? "" : start;
        }
    }

    /**
     * A refused {@link Options} value: which one ({@code count}, {@code temperature}, {@code max_tokens}) apart from
     * what is wrong with it, so each caller names it as its user knows it ({@code --count must be at least 1, got 0} on
     * the command line, the field's label in the window); the message names the record's component.
     */
    public static final class BadOption extends IllegalArgumentException {
        private final String option, problem;

        BadOption(String option, String problem) {
            super(option + " " + problem);
            this.option = option;
            this.problem = problem;
        }

        /** The {@link Options} component refused: {@code count}, {@code temperature} or {@code max_tokens}. */
        public String option() {
            return option;
        }

        /** What is wrong with it, without its name ("must be at least 1, got 0"). */
        public String problem() {
            return problem;
        }
    }

    private Sampling() {}

    /**
     * {@code o.count()} texts from {@code model}, whose one data Input takes {@code vocabulary}'s token ids and whose first
     * Output gives scores {@code [N, tokens, steps]} or {@code [N, steps, tokens]}; the start text comes first in each.
     *
     * @throws IllegalArgumentException naming what does not fit: a vocabulary not of next tokens, an output of another
     *                                  shape, a start text with tokens the vocabulary lacks or too long for the model
     */
    public static List<String> generate(Model model, Vocabulary vocabulary, Options o) {
        if (!NextTokens.isNextToken(vocabulary))
            throw new IllegalArgumentException("this model was not trained to predict each next token (a data set's \"next_token\": true), so it cannot generate text");
        if (model.dataInputNames().size() != 1)
            throw new IllegalArgumentException("generating needs a model of one data Input (the token ids), but it has " + model.dataInputNames());
        int steps = vocabulary.length(), tokens = vocabulary.size();
        TensorType in = model.inputType(model.dataInputNames().get(0));
        List<Integer> start = startIds(vocabulary, o.start(), "the start text");
        Generator g = new Generator(o.seed());
        layerlab.tensor.Device device = model.parameters().isEmpty() ? layerlab.tensor.Device.CPU : model.parameters().get(0).data().device();
        List<String> out = new ArrayList<>(o.count());
        boolean wasTraining = model.isTraining();
        model.eval();
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            for (int k = 0; k < o.count(); k++) {
                List<Integer> ids = new ArrayList<>(start);
                int limit = o.maxTokens() == 0 ? steps : Math.min(steps, start.size() + o.maxTokens());
                while (ids.size() < limit) {
                    float[] scores = neverDrawn(scoresAfter(model, in, device, ids, steps, tokens), vocabulary);
                    int next = draw(probabilities(scores, o.temperature()), g);
                    if (next == NextTokens.eos(vocabulary)) break;
                    ids.add(next);
                }
                out.add(text(vocabulary, ids));
            }
        } finally {
            model.train(wasTraining);
        }
        return out;
    }

    /**
     * What {@code model} (as {@link #generate} takes it) scores each of {@code vocabulary}'s tokens to come next after
     * {@code <bos>} and each of {@code texts}: {@code [texts, tokens]}, the scores (logits) of the step after each text's
     * last token, softmax of which is the distribution {@code generate} draws from at temperature 1: the tokens it never
     * draws ({@code <pad>}, {@code <unk>}, {@code <bos>}) score {@code -inf}, probability 0.
     *
     * @throws IllegalArgumentException as {@link #generate} does, for a text with a token the vocabulary lacks or too long
     */
    public static Tensor nextTokenScores(Model model, Vocabulary vocabulary, List<String> texts) {
        if (!NextTokens.isNextToken(vocabulary))
            throw new IllegalArgumentException("this model was not trained to predict each next token (a data set's \"next_token\": true)");
        if (model.dataInputNames().size() != 1)
            throw new IllegalArgumentException("a next token's scores need a model of one data Input (the token ids), but it has " + model.dataInputNames());
        int steps = vocabulary.length(), tokens = vocabulary.size();
        TensorType in = model.inputType(model.dataInputNames().get(0));
        layerlab.tensor.Device device = model.parameters().isEmpty() ? layerlab.tensor.Device.CPU : model.parameters().get(0).data().device();
        float[] out = new float[texts.size() * tokens];
        boolean wasTraining = model.isTraining();
        model.eval();
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            for (int k = 0; k < texts.size(); k++) {
                System.arraycopy(neverDrawn(scoresAfter(model, in, device, startIds(vocabulary, texts.get(k), "the text"), steps, tokens), vocabulary), 0, out,
                        k * tokens, tokens);
            }
        } finally {
            model.train(wasTraining);
        }
        return Tensor.of(out, texts.size(), tokens);
    }

    /**
     * Which tokens of {@code text} (and its {@code <bos>}) raised or lowered the score that the model {@code evaluator} runs
     * (as {@link #generate} takes it) gives {@code token} to come next: {@link TokenShares} of that score, one of
     * {@link #nextTokenScores}'s, at the step after the text's last token.
     *
     * @throws IllegalArgumentException as {@link #nextTokenScores} does, or where no Embedding reads the text
     */
    public static TokenShares nextTokenShares(Evaluator evaluator, Vocabulary vocabulary, String text, int token) {
        Model model = evaluator.model();
        int steps = vocabulary.length(), tokens = vocabulary.size();
        List<Integer> ids = startIds(vocabulary, text, "the text");
        float[] x = new float[steps];
        for (int i = 0; i < ids.size(); i++) x[i] = ids.get(i);
        int[] shape;
        boolean wasTraining = model.isTraining();
        model.eval();
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            shape = forward(model, model.inputType(model.dataInputNames().get(0)), evaluator.device(), x).shape();
        } finally {
            model.train(wasTraining);
        }
        return TokenShares.integrated(evaluator, Tensor.of(x, steps), at(shape, ids.size() - 1, token, steps, tokens, model), TokenShares.STEPS);
    }

    /** The scores of each token to come after {@code ids} (padded after them to {@code steps}), one forward pass. */
    private static float[] scoresAfter(Model model, TensorType in, layerlab.tensor.Device device, List<Integer> ids, int steps, int tokens) {
        float[] x = new float[steps];
        for (int i = 0; i < ids.size(); i++) x[i] = ids.get(i);
        return lastStep(forward(model, in, device, x), ids.size() - 1, steps, tokens, model);
    }

    /** The model's first Output for one sample of token ids {@code x}. */
    private static Tensor forward(Model model, TensorType in, layerlab.tensor.Device device, float[] x) {
        Tensor input = Tensor.of(x, 1, x.length);
        if (in.dtype() != DType.FLOAT32) input = input.toDType(in.dtype());
        return model.forward(input.to(device));
    }

    /** {@code <bos>} then the ids of {@code start}, which the messages call {@code what} ("the start text", "the text"). */
    private static List<Integer> startIds(Vocabulary v, String start, String what) {
        List<Integer> ids = new ArrayList<>();
        ids.add(NextTokens.bos(v));
        List<String> ts = Vocabulary.tokenize(start, v.level(), v.lowercase());
        for (String t : ts) {
            int id = v.tokens().indexOf(t);
            if (id <= Vocabulary.UNK_ID || id >= NextTokens.bos(v))
                throw new IllegalArgumentException(what + " \"" + start + "\" has \"" + t + "\", which the model never saw in training; use "
                        + (v.level() == Vocabulary.Level.CHARACTERS ? "characters" : "words") + " of its vocabulary");
            ids.add(id);
        }
        if (ids.size() >= v.length())
            throw new IllegalArgumentException(what + " \"" + start + "\" has " + ts.size() + " tokens, but the model reads " + v.length()
                    + " steps, <bos> first: give at most " + (v.length() - 2) + " to leave it room for more");
        return ids;
    }

    private static String text(Vocabulary v, List<Integer> ids) {
        float[] f = new float[v.length()];
        for (int i = 1; i < ids.size(); i++) f[i - 1] = ids.get(i);
        return v.decode(f, 0);
    }

    /** The scores of step {@code at} of the one sample of {@code logits}: {@code [1, tokens, steps]} or {@code [1, steps, tokens]}. */
    private static float[] lastStep(Tensor logits, int at, int steps, int tokens, Model model) {
        float[] all = logits.toFloatArray(), out = new float[tokens];
        for (int c = 0; c < tokens; c++) out[c] = all[at(logits.shape(), at, c, steps, tokens, model)];
        return out;
    }

    /** Where token {@code c}'s score at step {@code at} is among a sample's scores of {@code shape} ({@code [1, tokens, steps]} or {@code [1, steps, tokens]}). */
    private static int at(int[] s, int at, int c, int steps, int tokens, Model model) {
        boolean classesFirst = s.length == 3 && s[1] == tokens && s[2] == steps;
        boolean classesLast = s.length == 3 && s[1] == steps && s[2] == tokens;
        if (!classesFirst && !classesLast)
            throw new IllegalArgumentException("generating reads the scores of each of the vocabulary's " + tokens + " tokens at each of " + steps
                    + " steps, but the model's Output \"" + model.outputNames().get(0) + "\" gives " + java.util.Arrays.toString(java.util.Arrays.copyOfRange(s, 1, s.length))
                    + " per sample; expected [" + tokens + ", " + steps + "] or [" + steps + ", " + tokens + "]");
        return classesFirst ? c * steps + at : at * tokens + c;
    }

    /** {@code logits} with those of the tokens no text has ({@code <pad>}, {@code <unk>}, {@code <bos>}) at {@code -inf}. */
    static float[] neverDrawn(float[] logits, Vocabulary v) {
        for (int id : neverDrawnIds(v)) logits[id] = Float.NEGATIVE_INFINITY;
        return logits;
    }

    private static int[] neverDrawnIds(Vocabulary v) {
        return new int[] {Vocabulary.PAD_ID, Vocabulary.UNK_ID, NextTokens.bos(v)};
    }

    /** How many of {@code v}'s tokens {@link #generate} can draw: all but {@code <pad>}, {@code <unk>} and {@code <bos>}. */
    public static int drawnTokens(Vocabulary v) {
        return v.size() - neverDrawnIds(v).length;
    }

    /** {@code torch.softmax(logits / temperature, -1)} in float32. */
    static float[] probabilities(float[] logits, double temperature) {
        float t = (float) temperature, max = Float.NEGATIVE_INFINITY;
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = logits[i] / t;
            max = Math.max(max, p[i]);
        }
        float sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) Math.exp(p[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }

    /**
     * One index drawn with probabilities {@code p}, as PyTorch 1.13's {@code torch.multinomial(p, 1)} draws it on the CPU:
     * the Gumbel-max trick written as {@code argmax(p / q)} with {@code q} of {@code exponential_()}, one exponential per
     * entry in order, each {@code -log(1 - u)} of a double uniform {@code u} (53 bits of the generator), rounded to float.
     */
    static int draw(float[] p, Generator g) {
        int best = 0;
        float bestValue = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < p.length; i++) {
            float q = (float) -Math.log(1 - g.nextDouble());
            float v = p[i] / q;
            if (v > bestValue) {
                bestValue = v;
                best = i;
            }
        }
        return best;
    }
}
