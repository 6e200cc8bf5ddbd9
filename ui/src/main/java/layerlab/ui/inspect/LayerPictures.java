package layerlab.ui.inspect;

import java.util.Arrays;
import java.util.Locale;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.paint.Color;
import layerlab.train.TensorSnapshot;

/**
 * The inspector's pictures of a layer: its convolution filters as tiles, and its output for a sample as feature maps, a
 * heatmap or a strip (blue negative, red positive).
 */
final class LayerPictures {
    private LayerPictures() {
    }

    /** Each filter a picture of 8-pixel cells: RGB for three input channels, else blue negative and red positive. */
    static void filters(FlowPane filters, FilterTiles ft) {
        for (FilterTiles.Tile t : ft.tiles()) {
            Canvas c = new Canvas(t.cols() * 8, t.rows() * 8);
            GraphicsContext g = c.getGraphicsContext2D();
            for (int y = 0; y < t.rows(); y++) {
                for (int x = 0; x < t.cols(); x++) {
                    float[] v = t.cells()[y * t.cols() + x];
                    if (Float.isNaN(v[0])) continue;
                    g.setFill(ft.rgb() ? Color.color(clamp(0.5 + 0.5 * v[0]), clamp(0.5 + 0.5 * v[1]), clamp(0.5 + 0.5 * v[2]))
                            : Pictures.diverging(v[0]));
                    g.fillRect(x * 8, y * 8, 8, 8);
                }
            }
            filters.getChildren().add(c);
        }
        if (ft.outChannels() > ft.tiles().size()) {
            filters.getChildren().add(new Label("the first " + ft.tiles().size() + " of " + ft.outChannels()));
        }
    }

    /** The widest an activation picture gets: the right column's width; a sequence's heatmap is at most this tall. */
    private static final double ACTIVATION_WIDTH = 390, ACTIVATION_HEIGHT = 200;

    /** The words over a vector's strip: "64 values [64] (sample 0); …", "1 value [1] (sample 0); …" for a one-output layer. */
    static String vectorNote(int per, int[] sampleShape, String sampleName, int shown) {
        return String.format(Locale.ROOT, "%s %s (%s%s); blue negative, red positive", Numbers.count(per, "value"),
                Arrays.toString(sampleShape), sampleName, shown < per ? ", the first " + shown + " shown" : "");
    }

    /**
     * The words over {@code c} pictures of {@code h}×{@code w}: a layer's "16 feature maps of 14×14 (sample 0)"; an
     * Input's, {@code picture}, are the sample's own channels: "1 channel of 28×28 (sample 0)", no layer's maps yet.
     */
    static String mapsNote(int c, int h, int w, boolean picture, String sampleName) {
        return String.format(Locale.ROOT, "%s of %d×%d (%s)", Numbers.count(c, picture ? "channel" : "feature map"), h, w, sampleName);
    }

    /**
     * {@code a} of shape [N, H, W, C], channels last (a ConvNeXt block's maps between its Permutes), as [N, C, H, W], so
     * that its C maps of H × W are drawn as a convolution's are: as it stands, its H "maps" of W × C made no sense.
     */
    static TensorSnapshot channelsFirst(TensorSnapshot a) {
        int[] s = a.shape();
        int n = s[0], h = s[1], w = s[2], c = s[3];
        float[] v = a.data(), out = new float[v.length];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int k = 0; k < c; k++) out[((i * c + k) * h + y) * w + x] = v[((i * h + y) * w + x) * c + k];
                }
            }
        }
        return new TensorSnapshot(new int[] {n, c, h, w}, out);
    }

    /** The words over a channels-last output's maps: {@code mapsNote}, and how the tensor of {@code shape} holds them. */
    static String channelsLastNote(String mapsNote, int[] shape) {
        return mapsNote + "; the tensor holds them channels last, " + Arrays.toString(Arrays.copyOfRange(shape, 1, shape.length)) + " a sample";
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    /**
     * Draws activation {@code a} of the sample {@code sampleName} into {@code activations}: feature maps as pictures, a
     * sequence (or, {@code channels} first, a Conv1d's channels) as a heatmap, a vector as a strip; returns the line that
     * says what they are; {@code picture}: {@code a} is the model's input (an Input's), whose maps are its channels.
     * {@code padding} gives the padding steps of a text of that many steps: in front of it, or after it
     * when {@code trailing} (a text padded on the right).
     */
    static String activation(FlowPane activations, TensorSnapshot a, String sampleName, boolean channels, boolean picture,
                             java.util.function.IntUnaryOperator padding, boolean trailing) {
        int[] s = a.shape();
        // A loss reduced to one number (an autoencoder's MSELoss reads only data Inputs, so its value is there): nothing to draw.
        if (s.length == 0) return "one value for the whole batch: " + Numbers.compact(a.data()[0]);
        int n = s[0];
        int per = a.data().length / Math.max(1, n);
        if (s.length == 4) {
            int c = s[1], h = s[2], w = s[3];
            String note = mapsNote(c, h, w, picture, sampleName);
            for (int ch = 0; ch < Math.min(c, 64); ch++) {
                ImageView v = new ImageView(Pictures.image(a.data(), ch * h * w, 1, h, w, 0, 0));
                v.setFitWidth(Math.max(28, Math.min(56, w * 2)));
                v.setPreserveRatio(true);
                v.setSmooth(false);
                activations.getChildren().add(v);
            }
            return note;
        } else if (s.length == 3) {
            // A sequence [N, steps, features] (a row per step) or channels first [N, channels, length] (a row per
            // channel, its places left to right, as a Conv1d's output): a heatmap that fits the column.
            int steps = s[1], feats = s[2];
            String note = HeatmapNote.of(steps, feats, channels, sampleName, padding.applyAsInt(channels ? feats : steps), trailing);
            double lim = 1e-12;
            for (int j = 0; j < per; j++) lim = Math.max(lim, Math.abs(a.data()[j]));
            double cw = Math.min(14, ACTIVATION_WIDTH / feats), ch = Math.min(14, ACTIVATION_HEIGHT / steps);
            Canvas map = new Canvas(cw * feats, ch * steps);
            map.setId("inspectSequence");
            GraphicsContext g = map.getGraphicsContext2D();
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < feats; j++) {
                    g.setFill(Pictures.diverging(a.data()[t * feats + j] / lim));
                    g.fillRect(j * cw, t * ch, cw, ch);
                }
            }
            activations.getChildren().add(map);
            return note;
        } else {
            int shown = Math.min(per, 512);
            String note = vectorNote(per, Arrays.copyOfRange(s, 1, s.length), sampleName, shown);
            double lim = 1e-12;
            for (int j = 0; j < per; j++) lim = Math.max(lim, Math.abs(a.data()[j]));
            // Cells as wide as the column allows (thinner than a pixel for long vectors), never wider than the column.
            double cell = Math.min(14, ACTIVATION_WIDTH / shown);
            Canvas strip = new Canvas(cell * shown, 22);
            strip.setId("inspectStrip");
            GraphicsContext g = strip.getGraphicsContext2D();
            for (int j = 0; j < shown; j++) {
                g.setFill(Pictures.diverging(a.data()[j] / lim));
                g.fillRect(j * cell, 0, cell, 22);
            }
            activations.getChildren().add(strip);
            return note;
        }
    }
}
