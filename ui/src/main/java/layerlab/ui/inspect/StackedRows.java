package layerlab.ui.inspect;

import java.util.List;

/**
 * The line under the inspector's table that says how a layer stacks several weights in one tensor, as PyTorch does: an
 * LSTM's four gates and a GRU's three in each {@code weight_ih_l0}, an attention's query, key and value projections in its
 * {@code in_proj_weight}; a student sees [512, 64] and wonders where 512 comes from (no JavaFX here: tests read it without
 * a toolkit).
 */
final class StackedRows {
    private StackedRows() {
    }

    /**
     * What {@code kind}'s stacked tensors hold, row range by row range, for a first stacked tensor of {@code rows} rows
     * ({@code weight_ih_l0}'s, {@code in_proj_weight}'s); empty for kinds that stack nothing.
     */
    static String note(String kind, int rows) {
        return switch (kind) {
            case "LSTM" -> ranges("weight_ih_l0, weight_hh_l0 and their biases (each layer's and direction's alike) hold the 4 gates one under the"
                    + " other, as PyTorch does", rows, List.of("input gate i", "forget gate f", "cell candidate g", "output gate o"));
            case "GRU" -> ranges("weight_ih_l0, weight_hh_l0 and their biases (each layer's and direction's alike) hold the 3 gates one under the"
                    + " other, as PyTorch does", rows, List.of("reset gate r", "update gate z", "new candidate n"));
            case "MultiheadAttention" -> ranges("in_proj_weight and in_proj_bias hold the query, key and value projections one under the other,"
                    + " as PyTorch does", rows, List.of("query", "key", "value")) + " out_proj mixes the heads' outputs back together.";
            default -> "";
        };
    }

    /** "{@code what}: rows 0–127 input gate i, 128–255 forget gate f, …." for {@code rows} rows shared out in order. */
    private static String ranges(String what, int rows, List<String> parts) {
        int each = rows / parts.size();
        StringBuilder s = new StringBuilder(what).append(": rows ");
        for (int i = 0; i < parts.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(i * each).append('–').append((i + 1) * each - 1).append(' ').append(parts.get(i));
        }
        return s.append('.').toString();
    }
}
