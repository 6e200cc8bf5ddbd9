package layerlab.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.graph.json.ProjectJson;

/**
 * A project's training object read as far as it goes: {@code config} from every setting the engine accepts, the settings
 * it refuses ({@code refused}, the object's keys: {@code "epochs"}, {@code "scheduler"}) left out of it, and why, a line
 * per refusal ({@code error}, null when all is well). The form shows a refused setting as written and the rest as read;
 * a run refused at Start is kept with its settings read so, so that the next run differs from it by what was mended
 * ("scheduler.lr_lambda …"), not by every default the refused object did not write out.
 */
public record SettingsReading(TrainingConfig config, Set<String> refused, String error) {
    public static SettingsReading of(Map<String, ?> m) {
        Map<String, Object> rest = new LinkedHashMap<>(m);
        Set<String> refused = new LinkedHashSet<>();
        List<String> why = new ArrayList<>();
        while (true) {
            try {
                return new SettingsReading(TrainingConfig.fromMap(rest), refused, why.isEmpty() ? null : String.join("\n", why));
            } catch (RuntimeException e) {
                why.add(e.getMessage());
                String key = settingKey(e.getMessage());
                if (key == null || rest.remove(key) == null) return new SettingsReading(TrainingConfig.defaults(), Set.copyOf(m.keySet()), String.join("\n", why));
                refused.add(key);
            }
        }
    }

    /**
     * The settings as read, every default written out ({@link TrainingConfig#toMap}), a refused one as written in
     * {@code m}.
     */
    public Map<String, Object> asWritten(Map<String, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>(config.toMap());
        for (String k : refused) {
            if (m.containsKey(k)) out.put(k, m.get(k));
        }
        return out;
    }

    /** The key of the training object a refusal names ({@code "epochs"} for {@code training.epochs}), or null. */
    private static String settingKey(String message) {
        String p = ProjectJson.settingPath(message);
        String[] path = p == null ? new String[0] : p.split("\\.");
        return path.length >= 2 && path[0].equals("training") ? path[1] : null;
    }
}
