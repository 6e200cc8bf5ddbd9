package layerlab.graph.analysis;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import layerlab.graph.Block;
import layerlab.graph.spec.TensorType;

/**
 * Analyses of block definitions by input types, shared along a chain of incremental analyses, so ten
 * placements of one ResBlock are inferred once. An entry counts only for the very same definition and
 * library (identity: the document shares unchanged values between versions).
 */
final class BlockCache {
    private static final int LIMIT = 256;

    private record Entry(Block block, List<Block> library, Analysis analysis) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    Analysis get(Block block, List<Block> library, Map<String, TensorType> inputs) {
        Entry e = entries.get(key(block, inputs));
        return e != null && e.block == block && e.library == library ? e.analysis : null;
    }

    void put(Block block, List<Block> library, Map<String, TensorType> inputs, Analysis a) {
        if (entries.size() >= LIMIT) entries.clear();
        entries.put(key(block, inputs), new Entry(block, library, a));
    }

    private static String key(Block block, Map<String, TensorType> inputs) {
        StringBuilder sb = new StringBuilder(block.name());
        inputs.forEach((k, v) -> sb.append('|').append(k).append('=').append(v.describe()));
        return sb.toString();
    }
}
