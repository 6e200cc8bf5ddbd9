package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** Training settings written as a project file's {@code "training"} object, for tests of what they accept and refuse. */
final class SettingsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SettingsJson() {
    }

    /** The settings {@code json} reads as. */
    @SuppressWarnings("unchecked")
    static TrainingConfig read(String json) throws Exception {
        return TrainingConfig.fromMap(JSON.readValue(json, Map.class));
    }

    /** The message {@code json}'s settings are refused with (the test fails when they are not). */
    static String refusal(String json) {
        return assertThrows(ConfigException.class, () -> read(json)).getMessage();
    }
}
