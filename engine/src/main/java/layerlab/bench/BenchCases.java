package layerlab.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * Every case of {@code layerlab bench}, in the order they run; later issues add theirs here. Modules above the
 * engine (the editor's {@code editor_1000} needs JavaFX) register theirs as {@link BenchCase} services.
 */
public final class BenchCases {
    private static final Map<String, Supplier<BenchCase>> CASES = new LinkedHashMap<>();

    static {
        for (int n : new int[] {256, 512, 1024, 2048}) CASES.put("gemm_" + n, () -> new GemmCase(n));
        CASES.put("mlp_train", () -> new MlpCase(true));
        CASES.put("mlp_infer", () -> new MlpCase(false));
        CASES.put("cnn_train", CnnCase::cnnTrain);
        CASES.put("cnn_finetune", CnnCase::cnnFinetune);
        CASES.put("resnet_train", CnnCase::resnetTrain);
        CASES.put("resnet18_train", CnnCase::resnet18Train);
        CASES.put("convnext_train", CnnCase::convnextTrain);
        CASES.put("vit_train", CnnCase::vitTrain);
        CASES.put("cnn_infer", CnnCase::cnnInfer);
        CASES.put("lstm_text_train", LstmTextTrainCase::new);
        CASES.put("gru_train", GruTrainCase::new);
        CASES.put("textcnn_train", TextCnnTrainCase::new);
        CASES.put("transformer_train", TransformerTrainCase::new);
        CASES.put("data_csv", () -> new DataCase(false));
        CASES.put("data_images", () -> new DataCase(true));
        // A provider must not load anything heavy when constructed: --list builds every case to describe it.
        for (ServiceLoader.Provider<BenchCase> p : ServiceLoader.load(BenchCase.class).stream().toList()) {
            CASES.putIfAbsent(p.get().name(), p::get);
        }
    }

    private BenchCases() {}

    public static List<String> names() {
        return new ArrayList<>(CASES.keySet());
    }

    public static BenchCase get(String name) {
        Supplier<BenchCase> s = CASES.get(name);
        if (s == null) throw new IllegalArgumentException("unknown bench case '" + name + "' (known: " + String.join(", ", CASES.keySet()) + ")");
        return s.get();
    }
}
