package layerlab.train;

import java.util.List;
import java.util.Map;
import layerlab.autograd.Autograd;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;

/**
 * Which pixels sway a prediction: the gradient of one class's score with respect to the input image, its absolute
 * value, the largest over the channels at each pixel ("vanilla gradient" saliency: Simonyan, Vedaldi &amp; Zisserman
 * 2014; what Captum's {@code Saliency} computes). The score is the model's first Output for that class, computed in
 * eval mode: a logit when the Output takes the raw scores.
 *
 * @param values the map, {@code [height, width]} row by row
 * @param max    its largest value (0 when the score does not depend on the image)
 * @param score  the class's score for this image
 */
public record Saliency(int cls, int height, int width, float[] values, float max, float score) {
    /**
     * The saliency of class {@code cls} for {@code image} ({@code [C, H, W]} or {@code [H, W]}, as the model's data
     * Input takes it, normalized as in training) under {@code evaluator}'s model, on its device.
     *
     * @throws IllegalArgumentException when the model's Output is not one score per class, or {@code cls} is not one
     */
    public static Saliency of(Evaluator evaluator, Tensor image, int cls) {
        int[] s = image.shape();
        if (s.length != 2 && s.length != 3) throw new IllegalArgumentException("saliency maps are for images [C, H, W]; got " + image.shapeString());
        int c = s.length == 3 ? s[0] : 1, h = s[s.length - 2], w = s[s.length - 1];
        var model = evaluator.model();
        boolean wasTraining = model.isTraining();
        model.eval();
        try (Autograd.Scope ignored = Autograd.enableGrad()) {
            int[] batched = new int[s.length + 1];
            batched[0] = 1;
            System.arraycopy(s, 0, batched, 1, s.length);
            Device device = evaluator.device();
            Tensor x = image.contiguous().reshape(batched).to(device).detach().requiresGrad(true);
            Map<String, Tensor> feeds = evaluator.feeds().inputs(x, device);
            Tensor out = model.run(feeds, List.of(evaluator.output())).get(evaluator.output());
            if (out.dim() != 2 || out.size(0) != 1)
                throw new IllegalArgumentException("saliency needs one score per class from the Output; it gives " + out.shapeString());
            if (cls < 0 || cls >= out.size(1))
                throw new IllegalArgumentException("class " + cls + " is not one of the Output's " + out.size(1));
            Tensor score = out.select(1, cls).sum();
            score.backward();
            Tensor g = x.grad();
            float[] grad = g == null ? new float[c * h * w] : g.to(Device.CPU).contiguous().toFloatArray();
            float[] map = new float[h * w];
            float max = 0;
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < h * w; p++) map[p] = Math.max(map[p], Math.abs(grad[ch * h * w + p]));
            }
            for (float v : map) max = Math.max(max, v);
            return new Saliency(cls, h, w, map, max, score.to(Device.CPU).item());
        } finally {
            model.train(wasTraining);
            model.zeroGrad();
        }
    }
}
