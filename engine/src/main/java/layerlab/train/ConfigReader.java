package layerlab.train;

import java.util.List;
import java.util.Map;
import layerlab.graph.json.SettingsReader;

/** The trainer's settings reader: {@link SettingsReader}'s typed reads, each refusal a {@link ConfigException}. */
final class ConfigReader extends SettingsReader {
    ConfigReader(Map<String, ?> map, String path) {
        super(map, path, ConfigException::new);
    }

    static String choose(String what, String value, List<String> allowed) {
        return SettingsReader.choose(what, value, allowed, ConfigException::new);
    }
}
