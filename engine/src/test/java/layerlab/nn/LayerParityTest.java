package layerlab.nn;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import layerlab.testing.ModuleParity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every dense layer and activation against PyTorch: printed form, output, input and parameter gradients. */
class LayerParityTest {
    static List<String> cases() {
        return ModuleParity.cases("layers");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name) {
        ModuleParity.check(name, (fx, state) -> build(fx.json().get("kind").asText(), fx.json().get("args")));
    }

    /** The layer PyTorch built, from the same constructor arguments. */
    private static int[] ints(JsonNode list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = list.get(i).asInt();
        return out;
    }

    static Module build(String kind, JsonNode a) {
        return switch (kind) {
            case "Linear" -> new Linear(a.get("in_features").asInt(), a.get("out_features").asInt(), a.get("bias").asBoolean());
            case "Bilinear" -> new Bilinear(a.get("in1_features").asInt(), a.get("in2_features").asInt(),
                    a.get("out_features").asInt(), a.get("bias").asBoolean());
            case "Identity" -> new Identity();
            case "Flatten" -> new Flatten(a.get("start_dim").asInt(), a.get("end_dim").asInt());
            case "Unflatten" -> new Unflatten(a.get("dim").asInt(), ints(a.get("unflattened_size")));
            case "Transpose" -> new Transpose(a.get("dim0").asInt(), a.get("dim1").asInt());
            case "Permute" -> new Permute(ints(a.get("dims")));
            case "Narrow" -> new Narrow(a.get("dim").asInt(), a.get("start").asInt(), a.get("length").asInt());
            case "Select" -> new Select(a.get("dim").asInt(), a.get("index").asInt());
            case "ClassToken" -> new ClassToken(a.get("embed_dim").asInt());
            case "PositionEmbedding" -> new PositionEmbedding(a.get("num_positions").asInt(), a.get("embed_dim").asInt());
            case "Add" -> new Add();
            case "Multiply" -> new Multiply();
            case "Concat" -> new Concat(a.get("dim").asInt());
            case "Reshape" -> new Reshape(ints(a.get("shape")));
            case "View" -> new View(ints(a.get("shape")));
            case "ReLU" -> new ReLU();
            case "LeakyReLU" -> new LeakyReLU((float) a.get("negative_slope").asDouble());
            case "ReLU6" -> new ReLU6();
            case "Hardswish" -> new Hardswish();
            case "Hardsigmoid" -> new Hardsigmoid();
            case "SiLU" -> new SiLU();
            case "Hardtanh" -> new Hardtanh((float) a.get("min_val").asDouble(), (float) a.get("max_val").asDouble());
            case "ELU" -> new ELU((float) a.get("alpha").asDouble());
            case "GELU" -> new GELU(a.get("approximate").asText());
            case "Sigmoid" -> new Sigmoid();
            case "Tanh" -> new Tanh();
            case "Softmax" -> new Softmax(a.get("dim").asInt());
            case "LogSoftmax" -> new LogSoftmax(a.get("dim").asInt());
            default -> throw new IllegalArgumentException("no layer " + kind);
        };
    }
}
