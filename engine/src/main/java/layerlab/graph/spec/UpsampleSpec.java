package layerlab.graph.spec;

import java.util.List;
import layerlab.nn.Upsample;

/**
 * {@code nn.Upsample} on images: nearest or bilinear, to a size or by a scale factor. It sits with the pools (a
 * resampling without weights); its ONNX form is a {@code Resize} with PyTorch's coordinate rules.
 */
final class UpsampleSpec {
    private UpsampleSpec() {
    }

    static LayerSpec spec() {
        return LayerSpec.builder("Upsample", Category.POOLING)
                .keywords("upsample", "upsampling", "interpolate", "resize", "nearest", "bilinear", "decoder", "u-net", "unet")
                .doc("Grows each image without weights: [N, C, H, W] → [N, C, H_out, W_out], to size, or by scale_factor "
                        + "with H_out = ⌊H·scale_factor⌋ (one number, or (H, W) for each its own; set exactly one of them). mode 'nearest' copies pixels; 'bilinear' "
                        + "interpolates (align_corners: the corner pixels line up). A U-Net's decoder uses it, often followed "
                        + "by a Conv2d, where ConvTranspose2d would learn the upsampling. No parameters.")
                .param(ParamSpec.size("size", null, 2, 1, "the output's H and W (None: use scale_factor)").orNone())
                .param(ParamSpec.real("scale_factor", 0, 0.0, null, "multiplier for H and W, or (H, W) (None: use size)").orNone().orPerDim(2))
                .param(ParamSpec.choice("mode", "nearest", List.of("nearest", "bilinear"), "copy the nearest pixel, or interpolate"))
                .param(ParamSpec.bool("align_corners", false, "bilinear only: align the corner pixels of input and output"))
                // Neither set is PyTorch's default, and a layer that cannot run: one added from the palette doubles H and W.
                .addedWith("scale_factor", 2.0)
                .in("in", PortType.FLOAT)
                .out("out", PortType.FLOAT)
                .rule(UpsampleSpec::infer)
                .factory(c -> {
                    Object size = c.value("size");
                    boolean bilinear = c.s("mode").equals("bilinear");
                    return new Upsample(size == null ? null : c.size("size", 2), size == null ? scales(c.value("scale_factor")) : null,
                            c.s("mode"), bilinear ? c.b("align_corners") : null);
                })
                .onnx(UpsampleSpec::onnx)
                .build();
    }

    private static void infer(ShapeContext ctx) {
        TensorType t = Rules.rank(ctx, "in", "[N, C, H, W]", 4);
        boolean hasSize = ctx.value("size") != null, hasScale = ctx.value("scale_factor") != null;
        if (hasSize == hasScale) {
            throw ctx.fail(hasSize ? "set only one of size and scale_factor, not both" : "set size or scale_factor: it needs one of them");
        }
        if (ctx.b("align_corners") && !ctx.s("mode").equals("bilinear")) {
            throw ctx.failParam("align_corners", "align_corners can only be set with an interpolating mode (bilinear), not with 'nearest'");
        }
        int[] out = new int[2];
        if (hasSize) {
            out = ctx.size("size", 2);
        } else {
            double[] s = scales(ctx.value("scale_factor"));
            for (int i = 0; i < 2; i++) {
                if (!(s[i] > 0)) throw ctx.failParam("scale_factor", "scale_factor must be positive, got " + Py.num(s[i]));
                out[i] = (int) Math.floor(t.dim(2 + i) * s[i]);
                if (out[i] < 1) {
                    throw ctx.failParam("scale_factor", "scale_factor " + Py.num(s[i]) + " shrinks the input's " + (i == 0 ? "H" : "W") + " of "
                            + t.dim(2 + i) + " to " + out[i] + "; use a larger factor");
                }
            }
        }
        TensorType ot = t.withDim(2, out[0]).withDim(3, out[1]);
        ctx.out("out", ot);
        ctx.flops(ot.perSample() * (ctx.s("mode").equals("bilinear") ? 8L : 0L));
        if (hasSize) ctx.explain("out = " + ot + ": each " + t.dim(2) + "×" + t.dim(3) + " image resized to " + out[0] + "×" + out[1]);
        else {
            double[] s = scales(ctx.value("scale_factor"));
            ctx.explain("out = " + ot + ": H_out = ⌊" + t.dim(2) + "·" + Py.num(s[0]) + "⌋ = " + out[0] + ", W_out = ⌊" + t.dim(3) + "·"
                    + Py.num(s[1]) + "⌋ = " + out[1]);
        }
    }

    /** scale_factor's H and W factors: one number for both, or a list (H, W). */
    static double[] scales(Object v) {
        if (v instanceof java.util.List<?> l) return new double[] {((Number) l.get(0)).doubleValue(), ((Number) l.get(1)).doubleValue()};
        double s = ((Number) v).doubleValue();
        return new double[] {s, s};
    }

    /**
     * A {@code Resize}: with scale_factor its {@code scales} input (ONNX then maps back with 1/scale, as PyTorch does),
     * with size its {@code sizes}. Nearest is {@code asymmetric} with {@code floor}; bilinear is {@code linear} with
     * {@code half_pixel} or {@code align_corners}.
     */
    private static void onnx(OnnxEmitter e) {
        boolean bilinear = e.s("mode").equals("bilinear");
        // Inputs X, roi, scales, sizes; the unused last one left off, as onnx's shape inference (1.12) reads the output's
        // dims from the scales only then.
        List<String> inputs;
        if (e.value("size") != null) {
            // sizes names all four dims, and the batch is only known at run time: read N and C from the input.
            int[] sz = e.size("size", 2);
            String shape = e.temp("shape"), nc = e.temp("nc");
            String sizes = e.temp("sizes");
            e.op("Shape", List.of(e.input("in")), shape);
            e.op("Slice", List.of(shape, e.longs("from", 0), e.longs("to", 2), e.longs("axis", 0)), nc);
            e.op("Concat", List.of(nc, e.longs("hw", sz[0], sz[1])), sizes).i("axis", 0);
            inputs = List.of(e.input("in"), "", "", sizes);
        } else {
            double[] s = scales(e.value("scale_factor"));
            inputs = List.of(e.input("in"), "", e.float32("scales", new int[] {4}, 1f, 1f, (float) s[0], (float) s[1]));
        }
        OnnxEmitter.Op op = e.op("Resize", inputs, e.output("out"));
        if (bilinear) {
            op.s("mode", "linear").s("coordinate_transformation_mode", e.b("align_corners") ? "align_corners" : "half_pixel");
        } else {
            op.s("mode", "nearest").s("coordinate_transformation_mode", "asymmetric").s("nearest_mode", "floor");
        }
    }
}
