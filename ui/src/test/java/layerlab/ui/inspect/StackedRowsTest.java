package layerlab.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The line that says which rows of an LSTM's, a GRU's or an attention's stacked weights are which, in PyTorch's order. */
class StackedRowsTest {
    @Test
    void anLstmsFourGatesAreInputForgetCellOutput() {
        assertEquals("weight_ih_l0, weight_hh_l0 and their biases (each layer's and direction's alike) hold the 4 gates one under the other,"
                + " as PyTorch does: rows 0–127 input gate i, 128–255 forget gate f, 256–383 cell candidate g, 384–511 output gate o.",
                StackedRows.note("LSTM", 512));
    }

    @Test
    void anAttentionsInProjectionIsQueryKeyValue() {
        assertEquals("in_proj_weight and in_proj_bias hold the query, key and value projections one under the other, as PyTorch does:"
                + " rows 0–31 query, 32–63 key, 64–95 value. out_proj mixes the heads' outputs back together.", StackedRows.note("MultiheadAttention", 96));
    }

    @Test
    void otherKindsStackNothing() {
        assertEquals("", StackedRows.note("RNN", 20), "one weight, no gates");
        assertEquals("", StackedRows.note("Linear", 10));
    }
}
