package layerlab.nn.spatial;

import com.fasterxml.jackson.databind.JsonNode;
import layerlab.nn.AdaptiveAvgPool2d;
import layerlab.nn.AdaptiveMaxPool2d;
import layerlab.nn.AvgPool1d;
import layerlab.nn.AvgPool2d;
import layerlab.nn.BatchNorm1d;
import layerlab.nn.BatchNorm2d;
import layerlab.nn.Conv1d;
import layerlab.nn.Conv2d;
import layerlab.nn.Conv3d;
import layerlab.nn.ConvTranspose2d;
import layerlab.nn.LayerNorm;
import layerlab.nn.MaxPool1d;
import layerlab.nn.MaxPool2d;
import layerlab.nn.Module;
import layerlab.nn.Upsample;

/** Builds a spatial layer from a fixture's PyTorch class name and constructor arguments. */
final class SpatialModules {
    private SpatialModules() {}

    /** An int or a list (None → -1), as int[]; {@code def} when absent. */
    static int[] ints(JsonNode args, String key, int[] def) {
        JsonNode n = args.get(key);
        if (n == null) return def;
        if (n.isArray()) {
            int[] r = new int[n.size()];
            for (int i = 0; i < r.length; i++) r[i] = n.get(i).isNull() ? -1 : n.get(i).asInt();
            return r;
        }
        return new int[] {n.asInt()};
    }

    static Module build(String kind, JsonNode a) {
        int[] one = {1}, zero = {0};
        return switch (kind) {
            case "Conv1d", "Conv2d", "Conv3d" -> {
                int in = a.get("in_channels").asInt(), out = a.get("out_channels").asInt();
                int[] k = ints(a, "kernel_size", null), s = ints(a, "stride", one), d = ints(a, "dilation", one);
                int groups = a.path("groups").asInt(1);
                boolean bias = a.path("bias").asBoolean(true);
                String mode = a.path("padding_mode").asText("zeros");
                JsonNode p = a.get("padding");
                if (p != null && p.isTextual()) {
                    String ps = p.asText();
                    yield switch (kind) {
                        case "Conv1d" -> new Conv1d(in, out, k, s, ps, d, groups, bias, mode);
                        case "Conv2d" -> new Conv2d(in, out, k, s, ps, d, groups, bias, mode);
                        default -> new Conv3d(in, out, k, s, ps, d, groups, bias, mode);
                    };
                }
                int[] pad = ints(a, "padding", zero);
                yield switch (kind) {
                    case "Conv1d" -> new Conv1d(in, out, k, s, pad, d, groups, bias, mode);
                    case "Conv2d" -> new Conv2d(in, out, k, s, pad, d, groups, bias, mode);
                    default -> new Conv3d(in, out, k, s, pad, d, groups, bias, mode);
                };
            }
            case "ConvTranspose2d" -> new ConvTranspose2d(a.get("in_channels").asInt(), a.get("out_channels").asInt(),
                    ints(a, "kernel_size", null), ints(a, "stride", one), ints(a, "padding", zero), ints(a, "output_padding", zero),
                    a.path("groups").asInt(1), a.path("bias").asBoolean(true), ints(a, "dilation", one));
            case "MaxPool1d" -> new MaxPool1d(ints(a, "kernel_size", null), ints(a, "stride", null), ints(a, "padding", zero),
                    ints(a, "dilation", one), a.path("ceil_mode").asBoolean(false));
            case "MaxPool2d" -> new MaxPool2d(ints(a, "kernel_size", null), ints(a, "stride", null), ints(a, "padding", zero),
                    ints(a, "dilation", one), a.path("ceil_mode").asBoolean(false));
            case "AvgPool1d" -> {
                int k = a.get("kernel_size").asInt();
                yield new AvgPool1d(k, a.path("stride").asInt(k), a.path("padding").asInt(0), a.path("ceil_mode").asBoolean(false),
                        a.path("count_include_pad").asBoolean(true));
            }
            case "AvgPool2d" -> new AvgPool2d(ints(a, "kernel_size", null), ints(a, "stride", null), ints(a, "padding", zero),
                    a.path("ceil_mode").asBoolean(false), a.path("count_include_pad").asBoolean(true),
                    a.has("divisor_override") ? a.get("divisor_override").asInt() : null);
            case "AdaptiveAvgPool2d" -> new AdaptiveAvgPool2d(ints(a, "output_size", null));
            case "AdaptiveMaxPool2d" -> new AdaptiveMaxPool2d(ints(a, "output_size", null));
            case "LayerNorm" -> new LayerNorm(ints(a, "normalized_shape", null), a.path("eps").asDouble(1e-5),
                    a.path("elementwise_affine").asBoolean(true));
            case "BatchNorm1d", "BatchNorm2d" -> {
                int c = a.get("num_features").asInt();
                double eps = a.path("eps").asDouble(1e-5);
                Double momentum = !a.has("momentum") ? Double.valueOf(0.1) : a.get("momentum").isNull() ? null : a.get("momentum").asDouble();
                boolean affine = a.path("affine").asBoolean(true), track = a.path("track_running_stats").asBoolean(true);
                yield kind.equals("BatchNorm1d") ? new BatchNorm1d(c, eps, momentum, affine, track) : new BatchNorm2d(c, eps, momentum, affine, track);
            }
            case "Upsample" -> {
                JsonNode sf = a.get("scale_factor");
                double[] scale = null;
                if (sf != null) {
                    scale = new double[sf.isArray() ? sf.size() : 1];
                    for (int i = 0; i < scale.length; i++) scale[i] = (sf.isArray() ? sf.get(i) : sf).asDouble();
                }
                yield new Upsample(ints(a, "size", null), scale, a.path("mode").asText("nearest"),
                        a.has("align_corners") ? a.get("align_corners").asBoolean() : null);
            }
            default -> throw new IllegalArgumentException("no spatial layer " + kind);
        };
    }
}
